/* checkkit.c: what -t's checks are made of.  A check runs in a process of
 * its own, installs the filters itself (or starts a target) and answers
 * with raw ioctls, so that what is asserted is the kernel's behaviour;
 * each assertion's verdict goes to the runner as a line.  Nothing waits on
 * /proc: a call is known to wait when the listener polls readable. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "selftest/checkkit.h"
#include "supervisor/target.h"

struct seen *seen;
struct notif_buffers nb;
int proc = -1;
const char *no_proc;
int verdicts = -1;
char why[256];

/* One assertion's verdict, a line on the check's pipe: bad is NULL for
 * ok, "SKIP why" where the kernel lacks what is checked, "NOTE what" for
 * ok with a remark, else why it failed. */
void
ok(const char *bad, const char *what)
{
	char line[sizeof(why) + 128];
	char kind = !bad ? '+' : strncmp(bad, "SKIP ", 5) == 0 ? 's'
	    : strncmp(bad, "NOTE ", 5) == 0 ? 'n' : '-';
	size_t n = format(line, sizeof(line), "%c%s\t%s\n", kind, what,
	    kind == 's' || kind == 'n' ? bad + 5 : bad ? bad : ""), i;

	/* One verdict, one line, one tab, however long or odd the reason:
	 * a line of its own could read as the runner's end mark. */
	for (i = 0; i < n - 1; i++)
		if (line[i] == '\n' || (line[i] == '\t' && i != 1 + strlen(what)))
			line[i] = ' ';
	line[n - 1] = '\n';
	write(verdicts, line, n);
}

const char *
fail(const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	vfmt(why, sizeof(why), f, ap);
	va_end(ap);
	return why;
}

const char *
err_is(int ret, int want)
{
	if (ret != -1 || errno != want)
		return fail("got %d (%s), expected %s", ret, ret == -1 ? err_text(errno) : "no error",
		    err_text(want));
	return NULL;
}

const char *
expect(long ret, int err)
{
	if (seen->ret != ret || (ret == -1 && seen->err != err))
		return fail("the caller got %ld (errno %d), expected %ld (errno %d)",
		    seen->ret, seen->err, ret, ret == -1 ? err : 0);
	return NULL;
}

long
now_ms(void)
{
	struct timespec ts;

	monotonic_now(&ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* callers */
void
record(long ret)
{
	seen->err = ret == -1 ? errno : 0;
	seen->ret = ret;
}

int
do_mkdir(void *path)
{
	seen->ptr = (uintptr_t)(path ? path : SPOOF_PATH);
	record(mkdir(path ? path : SPOOF_PATH, 0700));
	return 0;
}

static void
count_signal(int sig)
{
	(void)sig;
	seen->signals++;
}

/* SIGUSR1 is counted; with restart, the interrupted call restarts. */
int
do_mkdir_counting(void *restart)
{
	struct sigaction sa = { .sa_handler = count_signal, .sa_flags = restart ? SA_RESTART : 0 };

	sigaction(SIGUSR1, &sa, NULL);
	return do_mkdir(NULL);
}

int
do_nothing(void *unused)
{
	(void)unused;
	return 0;
}

int
do_mkdirat(void *path)
{
	seen->ptr = (uintptr_t)path;
	record(mkdirat(AT_FDCWD, path, 0751));
	return 0;
}

/* the supervisor's side */

/* Installs the notify filter in this (the check's) process, so that the
 * callers it forks are watched. */
int
listen_here(unsigned flags)
{
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	return install_filter(USER_NOTIF, LISTEN | flags, SECCOMP_RET_ALLOW);
}

pid_t
caller(int (*body)(void *), void *arg)
{
	pid_t pid = _Fork();

	if (pid == 0)
		_exit(body(arg));
	return pid;
}

int
readable(int fd, int ms)
{
	struct pollfd p = { fd, POLLIN, 0 };

	return poll(&p, 1, ms) > 0 && (p.revents & POLLIN);
}

/* Receives the next notification into nb.req; NULL or why not. */
const char *
receive(int listener)
{
	do {
		if (!readable(listener, CHECK_MS / 2))
			return fail("no notification came");
		memset(nb.req, 0, nb.req_size);
		if (sys_ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, nb.req) == 0)
			return NULL;
	} while (errno == ENOENT);	/* a signal took it back; it comes again */
	return fail("SECCOMP_IOCTL_NOTIF_RECV: %s", err_text(errno));
}

int
reply(int listener, uint64_t id, int64_t val, int error, unsigned flags)
{
	memset(nb.resp, 0, nb.resp_size);
	nb.resp->id = id;
	nb.resp->val = val;
	nb.resp->error = error;
	nb.resp->flags = flags;
	return sys_ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, nb.resp);
}

int
answer(int listener, int64_t val, int error)
{
	return reply(listener, nb.req->id, val, error, 0);
}

int
reap(pid_t pid)
{
	int status = -1;

	waitpid(pid, &status, 0);
	return status;
}

/* Runs fn in a child with NO_NEW_PRIVS set; returns its wait status. */
int
in_child(int (*fn)(void))
{
	pid_t pid = _Fork();

	if (pid == 0) {
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		_exit(fn());
	}
	return reap(pid);
}

/* listen_here, or -1 with the assertion 'what' failed (skipped where the
 * kernel lacks the flag). */
int
listening(unsigned flags, const char *what)
{
	int listener = listen_here(flags);

	if (listener == -1)
		ok(errno == EINVAL && flags ? "SKIP needs Linux 5.19+ (WAIT_KILLABLE_RECV)"
		    : fail("installing the listener: %s", err_text(errno)), what);
	return listener;
}

/* A listener, a caller, its notification received: the start of most
 * checks.  On failure the assertion 'what' fails, and -1. */
int
listen_and_receive(unsigned flags, int (*body)(void *), void *arg, int *listener, pid_t *pid,
    const char *what)
{
	const char *bad;

	if ((*listener = listening(flags, what)) == -1)
		return -1;
	*pid = caller(body, arg);
	if ((bad = receive(*listener))) {
		ok(bad, what);
		return -1;
	}
	return 0;
}
