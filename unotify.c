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

/* -d's and -b's value: a whole number from min to max, or -1 once bad
 * was told it is none. */
static long
number(const char *s, long min, long max, int opt, void (*bad)(const char *fmt, ...) PRINTF(1, 2))
{
	long n = 0;
	const char *p;

	for (p = s; *p >= '0' && *p <= '9' && n <= max; p++)
		n = n * 10 + (*p - '0');
	if (p == s || *p || n < min || n > max)
		return bad("-%c: '%s' is not a whole number from %ld to %ld", opt, s, min, max), -1;
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

/* What the command line asks for. */
struct options {
	const char *show;	/* -h or -V: the text to show, and nothing more to do */
	int selftest;		/* -t */
	long count;		/* -b */
	long delay;		/* -d */
	unsigned second;	/* -f: the second filter's action, or 0 */
	char **prog;		/* -x: PROG and its arguments */
	char *out;		/* -o */
	int quiet;		/* -q */
	char **dirs;		/* the demo's */
};

/* POSIX-style: clusters (-tb 5), a value attached or next, "--" ends the
 * options, and so do the first operand and -x PROG.  (musl's getopt would
 * bring its stdio error path: 2 KB.)  -xPROG becomes PROG in argv.
 * Returns 0; or, at the first usage error, tells bad and returns -1 (bad
 * is usage_error, which never returns, but for test/fuzz/options.c). */
static int
read_options(char **argv, struct options *o, void (*bad)(const char *fmt, ...) PRINTF(1, 2))
{
	char **arg, *p, *value;
	int seen_demo = 0;

	memset(o, 0, sizeof(*o));
	for (arg = argv + 1; !o->prog && *arg && (*arg)[0] == '-' && (*arg)[1]; arg++) {
		if (strcmp(*arg, "--") == 0) {
			arg++;
			break;
		}
		if (strcmp(*arg, "--help") == 0) {
			o->show = usage_text;
			return 0;
		}
		if (strcmp(*arg, "--version") == 0) {
			o->show = "unotify " VERSION_LINE "\n";
			return 0;
		}
		if ((*arg)[1] == '-')
			return bad("unknown option %s", *arg), -1;
		for (p = *arg + 1; *p && !o->prog; p++) {
			value = NULL;
			if (strchr("dfxbo", *p)) {
				value = p[1] ? p + 1 : arg[1];
				if (!value)
					return bad("option -%c needs an argument", *p), -1;
				if (!p[1])
					arg++;
			}
			switch (*p) {
			case 'd':
				if ((o->delay = number(value, 0, 86400, 'd', bad)) < 0)
					return -1;
				seen_demo = 1;
				break;
			case 'f':
				if (strcmp(value, "e") == 0)
					o->second = SECCOMP_RET_ERRNO | ENOTSUP;
				else if (strcmp(value, "t") == 0)
					o->second = SECCOMP_RET_TRACE;
				else
					return bad("-f: '%s' is not e or t", value), -1;
				seen_demo = 1;
				break;
			case 'x':
				*arg = value;
				o->prog = arg;
				break;
			case 'o':
				o->out = value;
				break;
			case 'q':
				o->quiet = 1;
				break;
			case 't':
				o->selftest = 1;
				break;
			case 'b':
				if ((o->count = number(value, 1, 100000000, 'b', bad)) < 0)
					return -1;
				break;
			case 'h':
				o->show = usage_text;
				return 0;
			case 'V':
				o->show = "unotify " VERSION_LINE "\n";
				return 0;
			default:
				return bad("unknown option -%c", *p), -1;
			}
			if (value)
				break;
		}
	}
	if ((o->out || o->quiet) && !o->prog)
		return bad("-%c goes with -x", o->out ? 'o' : 'q'), -1;
	if (o->out && o->quiet)
		return bad("-o and -q exclude each other"), -1;
	if ((o->selftest || o->count)
	    && (o->selftest + !!o->count + !!o->prog + seen_demo > 1 || *arg))
		return bad("-%c takes no other options or operands", o->selftest ? 't' : 'b'), -1;
	if (!o->prog && !o->selftest && !o->count) {
		if (!*arg)
			return bad("missing DIR (or -x PROG)"), -1;
		for (o->dirs = arg; *arg; arg++)
			if (**arg == '\0')
				return bad("DIR must not be empty"), -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static struct self me;
	struct target_plan plan = { 0 };
	struct supervision how = { 0 };
	struct options o;
	struct target t;
	int status;

	(void)argc;
	argv = as_init(argv);
	if (open_std_fds() == -1)
		return 125;
	/* For the tests: the paths unotify takes on kernels before 5.9. */
	if (getenv("UNOTIFY_PRETEND_OLD_KERNEL"))
		id_valid_wrong_dir = openat2_missing = 1;
	read_options(argv, &o, usage_error);
	if (o.show)
		return show(o.show);
	if (o.selftest)
		return selftest(VERSION_LINE);
	if (o.count) {
		catch_signals(&plan.mask, &plan.ignored);
		return bench(o.count, &plan.mask);
	}
	how.delay = o.delay;
	plan.second = o.second;
	/* -x: PROG's stdout is its own; the lines go to stderr (as strace's) */
	if (o.prog) {
		say_fd = say_err_fd = STDERR_FILENO;
		quiet = o.quiet;
		if (o.out && (say_fd = say_err_fd = openat(AT_FDCWD, o.out, O_WRONLY | O_CREAT | O_TRUNC
		    | O_CLOEXEC, 0666)) == -1)
			die("-o %s:", o.out);
	}
	catch_signals(&plan.mask, &plan.ignored);
	if (o.prog)
		plan_prog(&plan, o.prog);
	else
		plan_demo(&plan, o.dirs);
	start_target(&plan, &t);
	know_self(&me);	/* after the fork: the target gets none of our fds */
	how.rules.self = &me;
	how.rules.prog = o.prog != NULL;
	status = supervise(&t, &how);
	end_descendants(our_own);	/* PROG's descendants do not outlive it */
	if (t.listener >= 0)
		close(t.listener);
	return status;
}
