/* unotify: see, test and use seccomp user-space notification.
 *
 * main: the options, and the choice of mode.  A target child installs a
 * filter that sends its mkdir(2) and mkdirat(2) calls to the supervisor
 * (this process) over the listener fd: target.c starts it, supervisor.c
 * serves it, policy.c decides each answer.  -t is selftest.c, -b bench.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpf.h"
#include "bench/bench.h"
#include "supervisor/notif.h"
#include "supervisor/policy.h"
#include "supervisor/caller/walk.h"
#include "supervisor/output.h"
#include "image/pid1.h"
#include "selftest/selftest.h"
#include "supervisor/supervisor.h"
#include "supervisor/target.h"

static const char usage_text[] =
	"usage: unotify [-d SECS] [-f e|t] DIR...\n"
	"       unotify [-d SECS] [-f e|t] [-o FILE | -q] -x PROG [ARG...]\n"
	"       unotify -t\n"
	"       unotify -b COUNT\n"
	"       unotify -h | --help\n"
	"       unotify -V | --version\n"
	"  -d SECS   wait SECS (0..86400) before answering each notification\n"
	"  -f e|t    add a second filter: mkdir/mkdirat get ENOTSUP (e) or TRACE (t)\n"
	"  -x PROG   supervise PROG and its children instead of the demo target\n"
	"  -o FILE   with -x: the supervisor's lines go to FILE, not stderr\n"
	"  -q        with -x: no supervisor lines\n"
	"  -t        self-test this kernel's user notification (TAP output)\n"
	"  -b COUNT  benchmark COUNT notified round trips per case\n"
	"  -h        show this help\n"
	"  -V        show the version and the architecture\n";

static long
number(const char *s, long min, long max, int opt)
{
	long n = 0;
	const char *p;

	for (p = s; *p >= '0' && *p <= '9' && n <= max; p++)
		n = n * 10 + (*p - '0');
	if (p == s || *p || n < min || n > max)
		usage_error("-%c: '%s' is not a whole number from %ld to %ld", opt, s, min, max);
	return n;
}

static int
show(const char *text)
{
	if (write_all(STDOUT_FILENO, text, strlen(text)) == 0)
		return 0;
	complain("writing to stdout:");
	return 125;
}

#ifndef UNOTIFY_VERSION
#define UNOTIFY_VERSION	"unknown"	/* built without the Makefile */
#endif

#define VERSION_LINE	UNOTIFY_VERSION " (" ARCH_NAME ")"

/* With 0, 1 or 2 closed, the socketpair or the listener would take its
 * number, and our output would go into it. */
static int
open_std_fds(void)
{
	int fd;

	for (fd = 0; fd < 3; fd++)
		if (lseek(fd, 0, SEEK_CUR) == -1 && errno == EBADF && openat(AT_FDCWD, "/dev/null", O_RDWR) != fd)
			return -1;
	return 0;
}

int
main(int argc, char **argv)
{
	static struct self me;
	struct target_plan plan = { 0 };
	struct supervision how = { 0 };
	struct target t;
	char **prog = NULL, **dir, **arg, *p, *value, *out = NULL;
	long count = 0;
	int seen_demo = 0, seen_t = 0, seen_q = 0, status;

	(void)argc;
	argv = as_init(argv);
	if (open_std_fds() == -1)
		return 125;
	/* For the tests: the paths unotify takes on kernels before 5.9. */
	if (getenv("UNOTIFY_PRETEND_OLD_KERNEL"))
		id_valid_wrong_dir = openat2_missing = 1;
	/* POSIX-style: clusters (-tb 5), a value attached or next, "--"
	 * ends the options, and so do the first operand and -x PROG.
	 * (musl's getopt would bring its stdio error path: 2 KB.) */
	for (arg = argv + 1; !prog && *arg && (*arg)[0] == '-' && (*arg)[1]; arg++) {
		if (strcmp(*arg, "--") == 0) {
			arg++;
			break;
		}
		if (strcmp(*arg, "--help") == 0)
			return show(usage_text);
		if (strcmp(*arg, "--version") == 0)
			return show("unotify " VERSION_LINE "\n");
		if ((*arg)[1] == '-')
			usage_error("unknown option %s", *arg);
		for (p = *arg + 1; *p && !prog; p++) {
			value = NULL;
			if (strchr("dfxbo", *p)) {
				value = p[1] ? p + 1 : arg[1];
				if (!value)
					usage_error("option -%c needs an argument", *p);
				if (!p[1])
					arg++;
			}
			switch (*p) {
			case 'd':
				how.delay = number(value, 0, 86400, 'd');
				seen_demo = 1;
				break;
			case 'f':
				if (strcmp(value, "e") == 0)
					plan.second = SECCOMP_RET_ERRNO | ENOTSUP;
				else if (strcmp(value, "t") == 0)
					plan.second = SECCOMP_RET_TRACE;
				else
					usage_error("-f: '%s' is not e or t", value);
				seen_demo = 1;
				break;
			case 'x':
				*arg = value;
				prog = arg;
				break;
			case 'o':
				out = value;
				break;
			case 'q':
				seen_q = 1;
				break;
			case 't':
				seen_t = 1;
				break;
			case 'b':
				count = number(value, 1, 100000000, 'b');
				break;
			case 'h':
				return show(usage_text);
			case 'V':
				return show("unotify " VERSION_LINE "\n");
			default:
				usage_error("unknown option -%c", *p);
			}
			if (value)
				break;
		}
	}
	if ((out || seen_q) && !prog)
		usage_error("-%c goes with -x", out ? 'o' : 'q');
	if (out && seen_q)
		usage_error("-o and -q exclude each other");
	if (seen_t || count) {
		if (seen_t + !!count + !!prog + seen_demo > 1 || *arg)
			usage_error("-%c takes no other options or operands",
			    seen_t ? 't' : 'b');
		if (seen_t)
			return selftest(VERSION_LINE);
		catch_signals(&plan.mask, &plan.ignored);
		return bench(count, &plan.mask);
	}
	if (!prog) {
		if (!*arg)
			usage_error("missing DIR (or -x PROG)");
		for (dir = arg; *dir; dir++)
			if (**dir == '\0')
				usage_error("DIR must not be empty");
	}
	/* -x: PROG's stdout is its own; the lines go to stderr (as strace's) */
	if (prog) {
		say_fd = say_err_fd = STDERR_FILENO;
		quiet = seen_q;
		if (out && (say_fd = say_err_fd = openat(AT_FDCWD, out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    0666)) == -1)
			die("-o %s:", out);
	}
	catch_signals(&plan.mask, &plan.ignored);
	if (prog)
		plan_prog(&plan, prog);
	else
		plan_demo(&plan, arg);
	start_target(&plan, &t);
	know_self(&me);	/* after the fork: the target gets none of our fds */
	how.rules.self = &me;
	how.rules.prog = prog != NULL;
	status = supervise(&t, &how);
	end_descendants(our_own);	/* PROG's descendants do not outlive it */
	if (t.listener >= 0)
		close(t.listener);
	return status;
}
