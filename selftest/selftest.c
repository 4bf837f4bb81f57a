/* selftest.c: unotify -t, this kernel's user notification checked, in
 * TAP.  The runner: each check (those that mirror the kernel's own
 * selftests, check_kernel.c, then unotify's own, check_unotify.c) runs in
 * a forked process of its own, in its own process group, until it ends or
 * CHECK_MS of time have passed; its verdicts come back on a pipe, a line
 * each, and become numbered TAP lines.  The plan comes last: a check that
 * hangs or crashes ends before all its assertions were made. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "selftest/check_kernel.h"
#include "selftest/check_unotify.h"
#include "selftest/checkkit.h"
#include "supervisor/caller/procfs.h"
#include "selftest/selftest.h"
#include "supervisor/target.h"

static int numbered, failed;	/* TAP lines so far, and how many not ok */

/* One TAP line: kind '+' ok, 'n' ok with a note, 's' skipped, else not
 * ok, with the reason below. */
static void
tap(const char *name, char kind, const char *what, const char *reason)
{
	numbered++;
	if (kind == '+')
		say("ok %d - %s: %s\n", numbered, name, what);
	else if (kind == 'n')
		say("ok %d - %s: %s (%s)\n", numbered, name, what, reason);
	else if (kind == 's')
		say("ok %d - %s: %s # SKIP %s\n", numbered, name, what, reason);
	else
		failed++, say("not ok %d - %s: %s\n# %s\n", numbered, name, what, reason);
}

/* Runs check c, each verdict line "<kind><what>\t<reason>" a TAP line; a
 * check that hangs, dies or says nothing is one line more, not ok. */
static void
run_check(const struct check *c)
{
	static const char done[] = ".\n";	/* the check's last line */
	char v[8192], *line, *tab, *nl;
	struct pollfd pfd;
	long end = now_ms() + CHECK_MS, left;
	int p[2], status, said = 0, closed = 0, finished = 0;
	size_t len = 0;
	ssize_t r;
	pid_t pid;

	if (sys_pipe2(p, O_CLOEXEC) == -1 || (pid = _Fork()) == -1)
		die("starting a check:");
	if (pid == 0) {
		setpgid(0, 0);
		close(p[0]);
		verdicts = p[1];
		c->fn();
		write(verdicts, done, 2);
		_exit(0);
	}
	setpgid(pid, pid);
	close(p[1]);
	pfd = (struct pollfd){ p[0], POLLIN, 0 };
	/* Until the check says it is done: a check that hangs, or dies,
	 * after some verdicts must not pass on those alone. */
	while (!finished && !closed && len < sizeof(v) - 1 && (left = end - now_ms()) > 0
	    && poll(&pfd, 1, left) > 0) {
		r = read(p[0], v + len, sizeof(v) - 1 - len);
		closed = r <= 0;
		len += r > 0 ? r : 0;
		finished = len >= 2 && !memcmp(v + len - 2, done, 2) && (len == 2 || v[len - 3] == '\n');
	}
	close(p[0]);
	kill(-pid, SIGKILL);	/* the check and any caller it left */
	waitpid(pid, &status, 0);
	v[len] = '\0';
	for (line = v; (nl = strchr(line, '\n')) && (tab = strchr(line, '\t')) && tab < nl;
	    line = nl + 1, said++) {
		*tab = *nl = '\0';
		tap(c->name, line[0], line + 1, tab + 1);
	}
	if (finished && strcmp(line, done))
		tap(c->name, '-', "the check", "wrote a line without a verdict");
	else if (finished && !said)
		tap(c->name, '-', "the check", "said nothing");
	else if (closed)
		tap(c->name, '-', "the check", fail("ended with status %d before it was done, having said %d",
		    exit_code(status), said));
	else if (!finished)
		tap(c->name, '-', "the check", len < sizeof(v) - 1 ? "timed out after 10 s"
		    : "said more than 8 KiB");
}

/* Whether a seccomp filter above us, a container runtime's profile,
 * refuses seccomp(2) or its listener (EPERM: the kernel itself never
 * says it), asked in a child (a filter stays for good).  Then no check
 * can run, and none is the kernel's failure. */
static int
listener_refused(void)
{
	struct seccomp_notif_sizes s;

	return (seccomp(SECCOMP_GET_NOTIF_SIZES, 0, &s) == -1 && errno == EPERM)
	    || (listen_here(0) == -1 && errno == EPERM);
}

int
selftest(const char *version)
{
	static const struct check *const lists[] = { kernel_checks, unotify_checks };
	const struct check *c;
	struct utsname u;
	const char *absent = NULL;	/* why no check runs */
	int before;
	size_t i;

	seen = sys_mmap_anon(sizeof(*seen), MAP_SHARED);
	if (seen == MAP_FAILED)
		die("mmap:");
	proc = procfs_open(&no_proc);
	if (in_child(listener_refused))
		absent = seccomp_refused;
	uname(&u);
	say("TAP version 13\n# unotify %s -t on Linux %s (%s)\n", version, u.release, u.machine);
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		for (c = lists[i]; c->fn; c++) {
			memset(seen, 0, sizeof(*seen));
			if (absent) {
				tap(c->name, 's', "all", absent);
				continue;
			}
			before = failed;
			run_check(c);
			/* The first check asks for the sizes: without them, no
			 * other can run. */
			if (c == kernel_checks && failed > before)
				absent = "no user notification in this kernel";
			else if (c == kernel_checks)
				notif_buffers(&nb);
		}
	say("1..%d\n", numbered);
	return failed ? 1 : 0;
}
