/* selftest.c: unotify -t, this kernel's user notification checked, in TAP.
 *
 * One check for each of the kernel's own user-notification selftests
 * (tools/testing/selftests/seccomp/seccomp_bpf.c), named after it, then
 * unotify's own.  A check makes one TAP line per assertion that can fail
 * on its own.  Each runs in a forked process of its own (its own process
 * group, killed after CHECK_MS), which installs the filters itself or
 * starts a target, and answers with raw ioctls, so that what is asserted
 * is the kernel's behaviour.  Nothing waits on /proc: a call is known to
 * wait when the listener polls readable.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "bpf.h"
#include "notif.h"
#include "output.h"
#include "procfs.h"
#include "readpath.h"
#include "selftest.h"
#include "target.h"

#define CHECK_MS	10000
#define SPOOF_PATH	"/unotify-selftest"
#define MAGIC		4242	/* a value no mkdir returns */
#define USER_NOTIF	SECCOMP_RET_USER_NOTIF
#define LISTEN		SECCOMP_FILTER_FLAG_NEW_LISTENER
#define KILLABLE	SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV

/* What the callers saw, in memory shared with the check. */
static struct seen {
	long ret;
	int err;
	int signals;
	uint64_t ptr;
	long ino;	/* addfd: the file the supervisor installs */
	int fd[3];	/* addfd: where it installed it */
	int same;	/* addfd: how many of those the caller found to be it */
} *seen;

static struct notif_buffers nb;
static int proc;	/* a procfs of our PID namespace, or -1 */
static const char *no_proc;	/* why there is none */
static char why[256];
static int verdicts = -1, steps_left;	/* a check's pipe, and its steps to go */

static const char *
fail(const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	vfmt(why, sizeof(why), f, ap);
	va_end(ap);
	return why;
}

static const char *
err_is(int ret, int want)
{
	if (ret != -1 || errno != want)
		return fail("got %d (%s), expected %s", ret, ret == -1 ? strerror(errno) : "no error",
		    strerror(want));
	return NULL;
}

/* One assertion's verdict: NULL for ok, "SKIP why", "NOTE what" for ok
 * with a remark, or why it failed; a line each on the check's pipe. */
static void
step(const char *v)
{
	char line[sizeof(why) + 2];

	write(verdicts, line, format(line, sizeof(line), "%s\n", v ? v : ""));
	steps_left--;
}

/* The remaining assertions all get verdict v. */
static void
rest(const char *v)
{
	while (steps_left > 0)
		step(v);
}

/* callers */
static void
count_signal(int sig)
{
	(void)sig;
	seen->signals++;
}

static void
record(long ret)
{
	seen->err = ret == -1 ? errno : 0;
	seen->ret = ret;
}

static int
do_mkdir(void *path)
{
	seen->ptr = (uintptr_t)(path ? path : SPOOF_PATH);
	record(mkdir(path ? path : SPOOF_PATH, 0700));
	return 0;
}

/* SIGUSR1 is counted; with restart, the interrupted call restarts. */
static int
do_mkdir_counting(void *restart)
{
	struct sigaction sa = { .sa_handler = count_signal, .sa_flags = restart ? SA_RESTART : 0 };

	sigaction(SIGUSR1, &sa, NULL);
	return do_mkdir(NULL);
}

static int
do_nothing(void *unused)
{
	(void)unused;
	return 0;
}

static int
do_mkdirat(void *path)
{
	seen->ptr = (uintptr_t)path;
	record(mkdirat(AT_FDCWD, path, 0751));
	return 0;
}

/* the supervisor's side */

/* Installs the notify filter in this (the check's) process, so that the
 * callers it forks are watched. */
static int
listen_here(unsigned flags)
{
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	return install_filter(USER_NOTIF, LISTEN | flags, SECCOMP_RET_ALLOW);
}

static pid_t
caller(int (*body)(void *), void *arg)
{
	pid_t pid = _Fork();

	if (pid == 0)
		_exit(body(arg));
	return pid;
}

static int
readable(int fd, int ms)
{
	struct pollfd p = { fd, POLLIN, 0 };

	return poll(&p, 1, ms) > 0 && (p.revents & POLLIN);
}

/* Receives the next notification into nb.req; NULL or why not. */
static const char *
receive(int listener)
{
	do {
		if (!readable(listener, CHECK_MS / 2))
			return fail("no notification came");
		memset(nb.req, 0, nb.req_size);
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, nb.req) == 0)
			return NULL;
	} while (errno == ENOENT);	/* a signal took it back; it comes again */
	return fail("SECCOMP_IOCTL_NOTIF_RECV: %s", strerror(errno));
}

static int
reply(int listener, uint64_t id, int64_t val, int error, unsigned flags)
{
	memset(nb.resp, 0, nb.resp_size);
	nb.resp->id = id;
	nb.resp->val = val;
	nb.resp->error = error;
	nb.resp->flags = flags;
	return ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, nb.resp);
}

static int
answer(int listener, int64_t val, int error)
{
	return reply(listener, nb.req->id, val, error, 0);
}

static int
reap(pid_t pid)
{
	int status = -1;

	waitpid(pid, &status, 0);
	return status;
}

static int
start(struct target *t, unsigned listen_flags, int (*body)(void *), void *arg)
{
	struct target_plan plan = { .listen_flags = listen_flags, .uring = SECCOMP_RET_ALLOW,
	    .body = body, .arg = arg };

	return spawn_target(&plan, t);
}

static const char *
expect(long ret, int err)
{
	if (seen->ret != ret || (ret == -1 && seen->err != err))
		return fail("the caller got %ld (errno %d), expected %ld (errno %d)",
		    seen->ret, seen->err, ret, ret == -1 ? err : 0);
	return NULL;
}

/* Waits (a bounded while) until the caller's handler has run n times. */
static int
signalled(int n)
{
	struct timespec tick = { 0, 1000000 };
	int ms;

	for (ms = 0; seen->signals < n && ms < CHECK_MS / 2; ms++)
		nanosleep(&tick, NULL);
	return seen->signals >= n;
}

/* Runs fn in a child with NO_NEW_PRIVS set; returns its wait status. */
static int
in_child(int (*fn)(void))
{
	pid_t pid = _Fork();

	if (pid == 0) {
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		_exit(fn());
	}
	return reap(pid);
}

/* fn, in a child, must exit 0 having recorded -1 with err. */
static const char *
child_fails_with(int (*fn)(void), int err)
{
	int status = in_child(fn);

	if (status != 0)
		return fail("child status %#x", status);
	return expect(-1, err);
}

/* listen_here, or -1 with every remaining step failed (or skipped,
 * where the kernel lacks the flag). */
static int
listening(unsigned flags)
{
	int listener = listen_here(flags);

	if (listener == -1)
		rest(errno == EINVAL && flags ? "SKIP needs Linux 5.19+ (WAIT_KILLABLE_RECV)"
		    : fail("installing the listener: %s", strerror(errno)));
	return listener;
}

/* A listener, a caller, its notification received: the start of most
 * checks.  On failure every remaining step fails, and -1. */
static int
listen_and_receive(unsigned flags, int (*body)(void *), void *arg, int *listener, pid_t *pid)
{
	const char *bad;

	if ((*listener = listening(flags)) == -1)
		return -1;
	*pid = caller(body, arg);
	if ((bad = receive(*listener))) {
		rest(bad);
		return -1;
	}
	return 0;
}

/* detect_seccomp_filter_flags: a known flag with no program is EFAULT. */
static const char *
flag_known(unsigned flags, const char *since)
{
	int r = seccomp(SECCOMP_SET_MODE_FILTER, flags, NULL);

	if (r == -1 && errno == EINVAL && since)
		return fail("SKIP needs Linux %s", since);
	return err_is(r, EFAULT);
}

static void
check_flags(void)
{
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	step(flag_known(LISTEN, NULL));
	step(flag_known(SECCOMP_FILTER_FLAG_TSYNC_ESRCH, "5.7+"));
	step(flag_known(KILLABLE | LISTEN, "5.19+"));
	step(err_is(seccomp(SECCOMP_SET_MODE_FILTER, KILLABLE, NULL), EINVAL));
	step(err_is(seccomp(SECCOMP_SET_MODE_FILTER, 1U << 31, NULL), EINVAL));
}

static int
notify_without_listener(void)
{
	if (install_filter(USER_NOTIF, 0, SECCOMP_RET_ALLOW) == -1)
		return 2;
	record(mkdir(SPOOF_PATH, 0700));
	return 0;
}

static const char *
poll_gives(int listener, short want)
{
	struct pollfd p = { listener, POLLIN | POLLOUT, 0 };

	if (poll(&p, 1, CHECK_MS / 2) <= 0 || p.revents != want)
		return fail("revents %#x, expected %#x", p.revents, want);
	return NULL;
}

static void
check_basic(void)
{
	const char *bad;
	int listener;
	pid_t pid;

	step(child_fails_with(notify_without_listener, ENOSYS));
	if ((listener = listening(0)) == -1)
		return;
	step(err_is(install_filter(USER_NOTIF, LISTEN, SECCOMP_RET_ALLOW), EBUSY));
	pid = caller(do_mkdir, NULL);
	step(poll_gives(listener, POLLIN));
	memset(nb.req, 0, nb.req_size);
	nb.req->pid = -1;
	step(err_is(ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, nb.req), EINVAL));
	memset(nb.req, 0, nb.req_size);
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, nb.req) == -1)
		return rest(fail("SECCOMP_IOCTL_NOTIF_RECV: %s", strerror(errno)));
	step(poll_gives(listener, POLLOUT));
	step(err_is(reply(listener, nb.req->id, MAGIC, 0, 0x80), EINVAL));
	bad = answer(listener, MAGIC, 0) == -1 ? fail("SEND: %s", strerror(errno)) : NULL;
	reap(pid);
	step(bad ? bad : expect(MAGIC, 0));
}

static void
check_tsync(void)
{
	int r;

	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	step(err_is(install_filter(USER_NOTIF, LISTEN | SECCOMP_FILTER_FLAG_TSYNC, SECCOMP_RET_ALLOW), EINVAL));
	r = install_filter(USER_NOTIF, LISTEN | SECCOMP_FILTER_FLAG_TSYNC
	    | SECCOMP_FILTER_FLAG_TSYNC_ESRCH, SECCOMP_RET_ALLOW);
	step(r >= 0 ? NULL : errno == EINVAL ? "SKIP needs Linux 5.7+ (TSYNC_ESRCH)"
	    : fail("%s", strerror(errno)));
}

static void
check_kill_in_middle(void)
{
	int listener;
	pid_t pid;

	if (listen_and_receive(0, do_mkdir, NULL, &listener, &pid) == -1)
		return;
	step(id_valid(listener, nb.req->id) ? NULL : fail("ID not valid while the call waits"));
	kill(pid, SIGKILL);
	reap(pid);
	step(id_valid(listener, nb.req->id) ? fail("ID still valid after the kill")
	    : errno == ENOENT ? NULL : fail("ID_VALID: %s, expected ENOENT", strerror(errno)));
	step(err_is(answer(listener, MAGIC, 0), ENOENT));
}

static void
check_signal(void)
{
	int listener;
	pid_t pid;

	if (listen_and_receive(0, do_mkdir_counting, "restart", &listener, &pid) == -1)
		return;
	kill(pid, SIGUSR1);
	if (!signalled(1))
		return rest(fail("the handler did not run"));
	step(err_is(answer(listener, 0, -EPERM), ENOENT));
	step(receive(listener));
	answer(listener, 0, -512);
	reap(pid);
	step(expect(-1, 512));
}

static int
closed_listener_gives_enosys(void)
{
	int fd = install_filter(USER_NOTIF, LISTEN, SECCOMP_RET_ALLOW);

	if (fd == -1)
		return 2;
	close(fd);
	record(mkdir(SPOOF_PATH, 0700));
	return 0;
}

static void
check_closed_listener(void)
{
	step(child_fails_with(closed_listener_gives_enosys, ENOSYS));
}

static void
check_child_pid_ns(void)
{
	int listener;
	pid_t pid;

	if (unshare(CLONE_NEWUSER | CLONE_NEWPID) == -1 && unshare(CLONE_NEWPID) == -1)
		return rest(fail("SKIP needs root or user namespaces (CLONE_NEWPID: %s)", strerror(errno)));
	if (listen_and_receive(0, do_mkdir, NULL, &listener, &pid) == -1)
		return;
	step(nb.req->pid == (uint32_t)pid ? NULL : fail("PID %u, expected %d", nb.req->pid, (int)pid));
	answer(listener, MAGIC, 0);
	reap(pid);
}

static int
in_own_pid_ns(void *unused)
{
	(void)unused;
	if (unshare(CLONE_NEWPID) == -1)
		return 2;
	return reap(caller(do_mkdir, NULL)) == 0 ? 0 : 1;
}

/* The receiver, in a sibling namespace, sees PID 0. */
static int
receive_pid(void *listener)
{
	if (receive(*(int *)listener) || answer(*(int *)listener, MAGIC, 0) == -1)
		return 1;
	seen->ptr = nb.req->pid;
	return 0;
}

static void
check_sibling_pid_ns(void)
{
	int listener = listening(0), a, b;
	pid_t pid;

	if (listener == -1)
		return;
	pid = caller(in_own_pid_ns, NULL);
	seen->ptr = -1;
	if (unshare(CLONE_NEWPID) == -1) {
		kill(pid, SIGKILL);
		reap(pid);
		return rest("SKIP needs root (CLONE_NEWPID)");
	}
	b = reap(caller(receive_pid, &listener));
	a = reap(pid);
	if (a == 2 << 8)
		return rest("SKIP needs root (CLONE_NEWPID)");
	step(a || b ? fail("status %#x, %#x", a, b)
	    : seen->ptr ? fail("PID %d, expected 0", (int)seen->ptr) : NULL);
}

static void
check_fault_recv(void)
{
	int listener = listening(0);
	pid_t pid;

	if (listener == -1)
		return;
	pid = caller(do_mkdir, NULL);
	if (!readable(listener, CHECK_MS / 2))
		return rest("no notification came");
	step(err_is(ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, NULL), EFAULT));
	step(receive(listener) ? why : nb.req->pid != (uint32_t)pid
	    ? fail("PID %u, expected %d", nb.req->pid, (int)pid) : NULL);
	answer(listener, MAGIC, 0);
	reap(pid);
}

static void
check_sizes(void)
{
	struct seccomp_notif_sizes s;

	if (seccomp(SECCOMP_GET_NOTIF_SIZES, 0, &s) == -1)
		return step(fail("SECCOMP_GET_NOTIF_SIZES: %s", strerror(errno)));
	step(s.seccomp_notif != sizeof(struct seccomp_notif)
	    || s.seccomp_notif_resp != sizeof(struct seccomp_notif_resp)
	    || s.seccomp_data != sizeof(struct seccomp_data)
	    ? fail("%d %d %d bytes", s.seccomp_notif, s.seccomp_notif_resp, s.seccomp_data) : NULL);
}

static void
check_continue(void)
{
	int listener;
	pid_t pid;

	if (listen_and_receive(0, do_mkdir, "/", &listener, &pid) == -1)
		return;
	step(err_is(reply(listener, nb.req->id, 1, 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE), EINVAL));
	step(err_is(reply(listener, nb.req->id, 0, -EPERM, SECCOMP_USER_NOTIF_FLAG_CONTINUE), EINVAL));
	if (reply(listener, nb.req->id, 0, 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE) == -1) {
		step(errno == EINVAL ? "SKIP needs Linux 5.5+ (CONTINUE)" : fail("%s", strerror(errno)));
		answer(listener, 0, -EPERM);
		reap(pid);
		return;
	}
	reap(pid);
	step(expect(-1, EEXIST));	/* the kernel ran mkdir("/") */
}

/* The target exits at once: its listener hangs up when the kernel has
 * let go of its filter. */
static int
start_and_end(struct target *t, int (*body)(void *))
{
	struct pollfd p;

	if (start(t, 0, body, NULL) == -1)
		return -1;
	reap(t->pid);
	p = (struct pollfd){ t->listener, POLLIN, 0 };
	return poll(&p, 1, 2000) > 0 && (p.revents & POLLHUP) ? 0 : -2;
}

/* The step of both filter_empty checks: the listener hangs up. */
static void
hangs_up(int (*body)(void *))
{
	struct target t;
	int r = start_and_end(&t, body);

	step(r == -1 ? fail("starting the target: %s", strerror(errno))
	    : r ? "no POLLHUP within 2 s" : NULL);
}

static void
check_filter_empty(void)
{
	hangs_up(do_nothing);
}

static void
check_ioctl_filter_empty(void)
{
	struct target t;
	pid_t pid;
	int status;

	if (start_and_end(&t, do_nothing) == -1)
		return step(fail("starting the target: %s", strerror(errno)));
	if ((pid = _Fork()) == 0) {
		alarm(1);
		_exit(err_is(ioctl(t.listener, SECCOMP_IOCTL_NOTIF_RECV, nb.req), ENOENT) ? 1 : 0);
	}
	status = reap(pid);
	step(WIFSIGNALED(status) ? "SKIP RECV waits on an unused filter before Linux 6.11"
	    : status ? "RECV did not give ENOENT" : NULL);
}

static int
thread_ends(void *done)
{
	*(volatile int *)done = 1;
	return 0;
}

/* Two threads and two children, all gone before the target ends. */
static int
do_threads_and_children(void *unused)
{
	static char stacks[2][16384] __attribute__((aligned(16)));
	volatile int done[2] = { 0, 0 };
	int i;

	(void)unused;
	for (i = 0; i < 2; i++) {
		if (clone(thread_ends, stacks[i] + sizeof(stacks[i]), CLONE_VM | CLONE_FS | CLONE_FILES
		    | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM, (void *)&done[i]) == -1)
			return 1;
		while (!done[i])
			sched_yield();
		if (reap(caller(do_nothing, NULL)) != 0)
			return 1;
	}
	return 0;
}

static void
check_filter_empty_threaded(void)
{
	hangs_up(do_threads_and_children);
}

/* ADDFD, of several sizes.  The kernel takes a larger struct whose tail
 * is zero, and refuses a smaller one. */
static int
addfd(int listener, uint64_t id, unsigned flags, int newfd, unsigned newfd_flags, size_t size, int tail)
{
	struct { struct seccomp_notif_addfd a; uint64_t more; } big = {
		{ id, flags, seen->fd[2], newfd, newfd_flags }, tail };
	unsigned long nr = SECCOMP_IOCTL_NOTIF_ADDFD & ~(0x3fffUL << 16);

	return ioctl(listener, nr | size << 16, &big);
}

static int
addfd_supported(int listener)
{
	return addfd(listener, 0, 0, 0, 0, sizeof(struct seccomp_notif_addfd), 0) == -1 && errno == ENOENT;
}

/* The caller looks at what the supervisor installed in it. */
static int
is_the_file(int fd)
{
	struct stat st;

	return sys_fstat(fd, &st) == 0 && (long)st.st_ino == seen->ino;
}

static int
do_mkdir_twice(void *unused)
{
	(void)unused;
	record(mkdir(SPOOF_PATH, 0700));
	seen->same = is_the_file(seen->fd[0]) + is_the_file(seen->fd[1]) + is_the_file(42);
	record(mkdir(SPOOF_PATH, 0700));
	seen->same += seen->ret >= 0 && is_the_file(seen->ret);
	return 0;
}

static void
check_addfd(void)
{
	const size_t size = sizeof(struct seccomp_notif_addfd);
	struct stat st;
	int listener, r;
	uint64_t id;
	pid_t pid;

	seen->fd[2] = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);	/* the file to install */
	sys_fstat(seen->fd[2], &st);
	seen->ino = st.st_ino;
	if (listen_and_receive(0, do_mkdir_twice, NULL, &listener, &pid) == -1)
		return;
	if (!addfd_supported(listener)) {
		rest("SKIP needs Linux 5.9+ (SECCOMP_IOCTL_NOTIF_ADDFD)");
		answer(listener, 0, -EPERM);
		return;
	}
	id = nb.req->id;
	step(err_is(addfd(listener, id, 0, 0, ~O_CLOEXEC, size, 0), EINVAL));
	step(err_is(addfd(listener, id, 0xff, 0, 0, size, 0), EINVAL));
	step(err_is(addfd(listener, id, 0, 1, 0, size, 0), EINVAL));
	step(err_is(addfd(listener, id, 0, 0, 0, size - 8, 0), EINVAL));
	step(err_is(addfd(listener, id, 0, 0, 0, size + 8, -1), E2BIG));
	seen->fd[0] = addfd(listener, id, 0, 0, O_CLOEXEC, size, 0);
	seen->fd[1] = addfd(listener, id, 0, 0, O_CLOEXEC, size + 8, 0);
	r = addfd(listener, id, SECCOMP_ADDFD_FLAG_SETFD, 42, O_CLOEXEC, size, 0);
	answer(listener, MAGIC, 0);
	/* IDs count up by one: the second call's is the next, and until it
	 * is received ADDFD says EINPROGRESS. */
	while (addfd(listener, id + 1, 0, 0, 0, size, 0) == -1 && errno == ENOENT)
		sched_yield();
	step(err_is(addfd(listener, id + 1, 0, 0, 0, size, 0), EINPROGRESS));
	if (receive(listener))
		return rest(why);
	if (addfd(listener, nb.req->id, SECCOMP_ADDFD_FLAG_SEND, 0, 0, size, 0) == -1) {
		answer(listener, -1, 0);
		seen->same++;	/* not counted against the others */
		r = errno == EINVAL ? -2 : r;
	}
	reap(pid);
	step(seen->fd[0] < 0 ? fail("ADDFD: %s", strerror(errno)) : NULL);
	step(seen->fd[1] < 0 ? "a larger struct with a zero tail was refused" : NULL);
	step(r != 42 && r != -2 ? fail("SETFD gave %d", r) : NULL);
	step(seen->same != 4 ? fail("%d of 4 installed files are the one sent", seen->same)
	    : r == -2 ? "SKIP needs Linux 5.14+ (SECCOMP_ADDFD_FLAG_SEND)" : NULL);
}

static void
check_addfd_rlimit(void)
{
	const size_t size = sizeof(struct seccomp_notif_addfd);
	struct rlimit none = { 0, 0 };
	int listener, r;
	pid_t pid;

	seen->fd[2] = 0;
	if ((listener = listening(0)) == -1)
		return;
	pid = caller(do_mkdir, NULL);
	prlimit(pid, RLIMIT_NOFILE, &none, NULL);
	if (receive(listener))
		return rest(why);
	if (!addfd_supported(listener)) {
		rest("SKIP needs Linux 5.9+ (SECCOMP_IOCTL_NOTIF_ADDFD)");
		answer(listener, 0, -EPERM);
		return;
	}
	step(err_is(addfd(listener, nb.req->id, 0, 0, 0, size, 0), EMFILE));
	r = addfd(listener, nb.req->id, SECCOMP_ADDFD_FLAG_SEND, 0, 0, size, 0);
	step(r == -1 && errno == EINVAL ? "SKIP needs Linux 5.14+ (SECCOMP_ADDFD_FLAG_SEND)"
	    : err_is(r, EMFILE));
	step(err_is(addfd(listener, nb.req->id, SECCOMP_ADDFD_FLAG_SETFD, 100, 0, size, 0), EBADF));
	answer(listener, MAGIC, 0);
	reap(pid);
}

static void
check_sync(void)
{
	int listener;
	pid_t pid;

	if ((listener = listening(0)) == -1)
		return;
	step(err_is(ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, 0xffffffffUL), EINVAL));
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) == -1)
		return step(errno == EINVAL ? "SKIP needs Linux 6.6+ (SYNC_WAKE_UP)"
		    : fail("SET_FLAGS: %s", strerror(errno)));
	pid = caller(do_mkdir, NULL);
	if (receive(listener))
		return step(why);
	answer(listener, MAGIC, 0);
	reap(pid);
	step(expect(MAGIC, 0));
}

/* Waits until call id is made and waits to be received (ADDFD says
 * EINPROGRESS for it; ENOENT while it is not made yet). */
static int
call_waits(int listener, uint64_t id)
{
	int ms;

	for (ms = 0; ms < CHECK_MS / 2; ms++) {
		if (addfd(listener, id, 0, 0, 0, sizeof(struct seccomp_notif_addfd), 0) == -1
		    && errno == EINPROGRESS)
			return 1;
		usleep(1000);
	}
	return 0;
}

static void
check_fifo(void)
{
	pid_t pid[3];
	uint64_t id;
	int listener, i;
	const char *bad = NULL;

	seen->fd[2] = 0;
	if (listen_and_receive(0, do_mkdir, NULL, &listener, &pid[0]) == -1)
		return;
	id = nb.req->id;
	if (!addfd_supported(listener)) {
		answer(listener, MAGIC, 0);
		return step("SKIP needs Linux 5.9+ (ADDFD, to see the calls wait without /proc)");
	}
	for (i = 1; i < 3; i++) {
		pid[i] = caller(do_mkdir, NULL);
		if (!call_waits(listener, id + i))
			bad = fail("call %d did not come", i + 1);
	}
	for (i = 1; i < 3 && !bad; i++)
		if (!(bad = receive(listener)) && nb.req->pid != (uint32_t)pid[i])
			bad = fail("received the call of PID %u before that of %d", nb.req->pid, (int)pid[i]);
	for (i = 0; i < 3; i++) {
		reply(listener, id + i, MAGIC, 0, 0);
		kill(pid[i], SIGKILL);
		reap(pid[i]);
	}
	step(bad);
}

static void
check_wait_killable_pre(void)
{
	int listener = listening(KILLABLE);
	pid_t pid;

	if (listener == -1)
		return;
	pid = caller(do_mkdir_counting, "restart");
	if (!readable(listener, CHECK_MS / 2))
		return rest("no notification came");
	kill(pid, SIGUSR1);
	step(signalled(1) ? NULL : "a signal before RECV did not interrupt the call");
	if (receive(listener))
		return step(why);
	answer(listener, MAGIC, 0);
	reap(pid);
	step(expect(MAGIC, 0));
}

static void
check_wait_killable(void)
{
	struct timespec pause = { 0, 200000000 };
	int listener;
	pid_t pid;

	if (listen_and_receive(KILLABLE, do_mkdir_counting, NULL, &listener, &pid) == -1)
		return;
	kill(pid, SIGUSR1);
	nanosleep(&pause, NULL);
	step(!id_valid(listener, nb.req->id) || seen->signals ? "a received call was interrupted" : NULL);
	answer(listener, MAGIC, 0);
	reap(pid);
	step(seen->signals != 1 ? fail("the handler ran %d times", seen->signals) : expect(MAGIC, 0));
}

static void
check_wait_killable_fatal(void)
{
	int listener, status;
	pid_t pid;

	if (listen_and_receive(KILLABLE, do_mkdir, NULL, &listener, &pid) == -1)
		return;
	kill(pid, SIGTERM);
	status = reap(pid);
	step(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM ? NULL : fail("status %#x", status));
}

static long
now_ms(void)
{
	struct timespec ts;

	monotonic_now(&ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
nop(int sig)
{
	(void)sig;
}

/* A token in the pipe for every call made: a call restarted after its
 * answer would come without one. */
static int
calls_under_timer(void *tokens)
{
	struct sigaction sa = { .sa_handler = nop, .sa_flags = SA_RESTART };
	struct itimerval every_ms = { { 0, 1000 }, { 0, 1000 } };

	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &every_ms, NULL);
	for (;;)
		if (write(*(int *)tokens, "t", 1) != 1 || mkdir(SPOOF_PATH, 0700) != -1)
			return 1;
}

static void
check_wait_killable_after_reply(void)
{
	int listener = listening(KILLABLE), pipefd[2], calls = 0;
	long end = now_ms() + 1000;
	const char *bad = NULL;
	char token;
	pid_t pid;

	if (listener == -1)
		return;
	pipe(pipefd);
	pid = caller(calls_under_timer, &pipefd[1]);
	while (!bad && now_ms() < end) {
		if (!readable(pipefd[0], 1000) || read(pipefd[0], &token, 1) != 1)
			bad = fail("a call was made again after its answer (after %d calls)", calls);
		else if (!(bad = receive(listener)) && answer(listener, 0, -EPERM) == 0)
			calls++;
	}
	kill(pid, SIGKILL);
	reap(pid);
	step(bad ? bad : fail("NOTE %d calls in 1 s", calls));
}

/* unotify's own checks */
static void
check_fields(void)
{
	struct seccomp_data *d = &nb.req->data;
	int listener;
	pid_t pid;

	if (listen_and_receive(0, do_mkdirat, SPOOF_PATH, &listener, &pid) == -1)
		return;
	step(d->nr != NATIVE_mkdirat || d->arch != AUDIT_ARCH_NATIVE
	    ? fail("nr %d arch %#x, expected %d %#x", d->nr, d->arch, NATIVE_mkdirat, AUDIT_ARCH_NATIVE)
	    : nb.req->pid != (uint32_t)pid ? fail("pid %u, expected %d", nb.req->pid, (int)pid)
	    : d->args[0] != (uint64_t)(int64_t)AT_FDCWD || d->args[1] != seen->ptr || d->args[2] != 0751
	    ? fail("args %#llx %#llx %#llo", (unsigned long long)d->args[0],
	    (unsigned long long)d->args[1], (unsigned long long)d->args[2]) : NULL);
	answer(listener, 0, -EXDEV);
	reap(pid);
	step(expect(-1, EXDEV));
}

static void
check_errno_outranks(void)
{
	int listener = listen_here(0);
	pid_t pid;

	install_filter(SECCOMP_RET_ERRNO | ENOTSUP, 0, SECCOMP_RET_ALLOW);
	pid = caller(do_mkdir, NULL);
	reap(pid);
	step(readable(listener, 0) ? "notified" : expect(-1, ENOTSUP));
}

static void
check_trace_outranked(void)
{
	int listener;
	pid_t pid;

	if ((listener = listening(0)) == -1)
		return;
	install_filter(SECCOMP_RET_TRACE, 0, SECCOMP_RET_ALLOW);
	pid = caller(do_mkdir, NULL);
	if (receive(listener))
		return step(why);
	answer(listener, 7, 0);
	reap(pid);
	step(expect(7, 0));
}

static int
x32_call(void)
{
	if (install_filter(SECCOMP_RET_ALLOW, 0, SECCOMP_RET_ALLOW) == -1)
		return 2;
	record(syscall(X32_SYSCALL_BIT | NATIVE_getpid));
	return 0;
}

static void
check_x32_killed(void)
{
	int status;

	if (!HAS_X32)
		return step("SKIP x86-64 only: there is no x32 ABI here");
	status = in_child(x32_call);

	step(!WIFSIGNALED(status) || WTERMSIG(status) != SIGSYS
	    ? fail("status %#x, the call returned %ld", status, seen->ret) : NULL);
}

static int
int80_getpid(void)
{
	return int80(COMPAT_getpid, 0, 0) == getpid() ? 0 : 1;
}

static int
do_int80_mkdir(void *unused)
{
	char *low = mmap(NULL, page_size(), PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

	(void)unused;
	if (low == MAP_FAILED)
		return 2;
	memcpy(low, SPOOF_PATH, sizeof(SPOOF_PATH));
	seen->ptr = (uintptr_t)low;
	seen->ret = int80(COMPAT_mkdir, (long)low, 0700);
	return 0;
}

static void
check_i386_notified(void)
{
	struct seccomp_data *d = &nb.req->data;
	char path[PATH_MAX];
	int listener, err;
	pid_t pid;

	if (!HAS_COMPAT)
		return step("SKIP x86-64 only: no compat ABI is served here");
	if (in_child(int80_getpid) != 0)
		return step("SKIP int 0x80 faults here: no IA32 emulation (CONFIG_IA32_EMULATION, ia32_emulation=)");
	if (listen_and_receive(0, do_int80_mkdir, NULL, &listener, &pid) == -1)
		return;
	err = read_path(proc, nb.req->pid, d->args[0], path, READ_ANY);
	step(d->arch != AUDIT_ARCH_COMPAT || d->nr != COMPAT_mkdir
	    ? fail("nr %d arch %#x, expected %d %#x", d->nr, d->arch, COMPAT_mkdir, AUDIT_ARCH_COMPAT)
	    : d->args[0] != seen->ptr || d->args[1] != 0700 ? fail("args %#llx %#llo",
	    (unsigned long long)d->args[0], (unsigned long long)d->args[1])
	    : err || strcmp(path, SPOOF_PATH) ? fail("path read: %s", err ? strerror(err) : path)
	    : NULL);
	answer(listener, 9, 0);
	reap(pid);
}

/* Where a mkdir(3) call's path is: mkdirat(2) has the dirfd first (and
 * is all there is on aarch64). */
static uint64_t
path_arg(const struct seccomp_data *d)
{
	return d->args[d->nr == NATIVE_mkdirat];
}

/* Two calls with paths at the very end of a page whose next page is
 * unmapped: one ends in its NUL on the last byte, one runs off the end;
 * then one in that page made PROT_NONE, which the kernel cannot read. */
static int
do_page_end_mkdirs(void *unused)
{
	size_t size = page_size();
	char *page = mmap(NULL, 2 * size, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *end = page + size;

	(void)unused;
	if (page == MAP_FAILED || munmap(end, size) == -1)
		return 2;
	memcpy(end - sizeof(SPOOF_PATH), SPOOF_PATH, sizeof(SPOOF_PATH));
	mkdir(end - sizeof(SPOOF_PATH), 0700);
	end[-1] = 'x';
	mkdir(end - sizeof(SPOOF_PATH), 0700);
	end[-1] = '\0';
	mprotect(page, size, PROT_NONE);
	mkdir(end - sizeof(SPOOF_PATH), 0700);
	return 0;
}

/* The next call's path, read by how; NULL, or why there is none. */
static const char *
read_next(int listener, enum reader how, char *path, int *err)
{
	if (receive(listener))
		return why;
	*err = read_path(proc, nb.req->pid, path_arg(&nb.req->data), path, how);
	answer(listener, 0, -EPERM);
	return NULL;
}

static void
page_end_read(enum reader how)
{
	char path[PATH_MAX];
	const char *bad;
	int listener, err;
	pid_t pid;

	if (how == READ_PROC_MEM && proc == -1)
		return rest(fail("SKIP no procfs of our PID namespace: %s", no_proc));
	if (listen_and_receive(0, do_page_end_mkdirs, NULL, &listener, &pid) == -1)
		return;
	err = read_path(proc, nb.req->pid, path_arg(&nb.req->data), path, how);
	answer(listener, 0, -EPERM);
	bad = err || strcmp(path, SPOOF_PATH) ? fail("a path ending at the page end: %s",
	    err ? strerror(err) : path) : read_next(listener, how, path, &err);
	if (!bad && err != EFAULT)
		bad = fail("a path running into the unmapped page: %s, expected EFAULT", strerror(err));
	step(bad);
	if (!bad && !(bad = read_next(listener, how, path, &err)) && err != EFAULT)
		bad = fail("got %s, expected EFAULT", err ? strerror(err) : path);
	step(bad);
	kill(pid, SIGKILL);	/* if a call was left unanswered */
	reap(pid);
}

static void
check_page_end(void)
{
	page_end_read(READ_ANY);
}

static void
check_page_end_proc(void)
{
	page_end_read(READ_PROC_MEM);
}

/* Each check: its function; then the kernel selftest it mirrors ("+x"
 * for user_notification_x) and its assertions, '|' between them. */
static const struct check {
	void (*fn)(void);
	const char *steps;
} checks[] = {
	{ check_sizes, "seccomp_get_notif_sizes|the sizes are the UAPI's" },
	{ check_flags, "detect_seccomp_filter_flags|NEW_LISTENER known|TSYNC_ESRCH known"
	    "|WAIT_KILLABLE_RECV known|WAIT_KILLABLE_RECV alone: EINVAL|unknown flag: EINVAL" },
	{ check_basic, "+basic|no listener: ENOSYS|second listener: EBUSY|POLLIN while a call waits"
	    "|RECV buffer not zeroed: EINVAL|POLLOUT once received|unknown SEND flag: EINVAL"
	    "|spoofed value returned" },
	{ check_tsync, "+with_tsync|TSYNC: EINVAL|TSYNC with TSYNC_ESRCH: accepted" },
	{ check_kill_in_middle, "+kill_in_middle|ID_VALID while waiting|ID_VALID: ENOENT after kill"
	    "|SEND: ENOENT after kill" },
	{ check_signal, "+signal|SEND: ENOENT after a signal|restarted call notified anew"
	    "|-ERESTARTSYS (512) passed through" },
	{ check_closed_listener, "+closed_listener|listener closed: ENOSYS" },
	{ check_child_pid_ns, "+child_pid_ns|PID in our namespace" },
	{ check_sibling_pid_ns, "+sibling_pid_ns|PID 0 from a sibling namespace" },
	{ check_fault_recv, "+fault_recv|bad RECV buffer: EFAULT|notification kept, with its PID" },
	{ check_continue, "+continue|CONTINUE with a value: EINVAL|CONTINUE with an error: EINVAL"
	    "|CONTINUE runs the call" },
	{ check_filter_empty, "+filter_empty|POLLHUP once the filter is unused" },
	{ check_ioctl_filter_empty, "user_ioctl_notification_filter_empty|RECV: ENOENT once unused" },
	{ check_filter_empty_threaded, "+filter_empty_threaded|POLLHUP after threads and children" },
	{ check_addfd, "+addfd|bad newfd_flags: EINVAL|unknown flags: EINVAL|newfd without SETFD: EINVAL"
	    "|small struct: EINVAL|big struct, tail set: E2BIG|not yet received: EINPROGRESS"
	    "|lowest free fd|big struct, zero tail|SETFD at fd 42|the files arrive; SEND answers" },
	{ check_addfd_rlimit, "+addfd_rlimit|past RLIMIT_NOFILE: EMFILE|with SEND: EMFILE"
	    "|SETFD: EBADF" },
	{ check_sync, "+sync|unknown flags: EINVAL|SYNC_WAKE_UP set, call answered" },
	{ check_fifo, "+fifo|received in the order made" },
	{ check_wait_killable_pre, "+wait_killable_pre_notification|signal before RECV interrupts"
	    "|restarted call served" },
	{ check_wait_killable, "+wait_killable|signal after RECV waits|signal comes after the answer" },
	{ check_wait_killable_fatal, "+wait_killable_fatal|fatal signal after RECV kills" },
	{ check_wait_killable_after_reply, "+wait_killable_after_reply|no call made again, 1 ms timer" },
	{ check_errno_outranks, "unotify|ERRNO outranks USER_NOTIF" },
	{ check_trace_outranked, "unotify|USER_NOTIF outranks TRACE" },
	{ check_x32_killed, "unotify|x32 call killed" },
	{ check_i386_notified, "unotify|i386 int 0x80 mkdir notified" },
	{ check_page_end, "unotify|path at a page end read (process_vm_readv)"
	    "|path in a PROT_NONE page: EFAULT (process_vm_readv)" },
	{ check_page_end_proc, "unotify|path at a page end read (/proc/PID/mem)"
	    "|path in a PROT_NONE page: EFAULT (/proc/PID/mem)" },
	{ check_fields, "unotify|mkdirat's nr, arch, pid, args|spoofed error returned" },
};

/* The number of assertions of a check: its '|'s (the first follows the
 * test's name). */
static int
count_steps(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '|';
	return n;
}

/* Prints check c's TAP lines, numbered from *n, from its verdicts (one a
 * line); those missing get 'missing'.  Returns how many failed. */
static int
report(const struct check *c, int *n, char *v, const char *missing)
{
	const char *test = c->steps, *s = strchr(test, '|') + 1, *bar;
	int len, note, skip, failed = 0, plus = *test == '+';
	char *eol;

	for (; s; s = bar ? bar + 1 : NULL) {
		bar = strchr(s, '|');
		len = bar ? bar - s : (int)strlen(s);
		if ((eol = strchr(v, '\n')))
			*eol = '\0';
		else
			v = (char *)missing;
		/* ok, ok with a remark, SKIP, or not ok with the reason below */
		note = strncmp(v, "NOTE ", 5) == 0;
		skip = strncmp(v, "SKIP ", 5) == 0;
		failed += *v && !note && !skip;
		say("%sok %d - %s%.*s: %.*s%s%s%s\n", *v && !note && !skip ? "not " : "", ++*n,
		    plus ? "user_notification_" : "", (int)(strchr(test, '|') - test - plus), test + plus,
		    len, s,
		    !*v ? "" : note ? " (" : skip ? " # " : "\n# ", v + 5 * note, note ? ")" : "");
		v = eol ? eol + 1 : v;
	}
	return failed;
}

/* Runs check c in its own process group, bounded by CHECK_MS; its
 * verdicts come back on a pipe.  Returns how many steps failed. */
static int
run_check(const struct check *c, int *n, const char *skip_all)
{
	char v[4096], missing[64];
	struct pollfd pfd;
	size_t len = 0;
	ssize_t r;
	int p[2], status, left = CHECK_MS;
	pid_t pid;

	if (skip_all)
		return report(c, n, "", skip_all);
	if (pipe2(p, O_CLOEXEC) == -1 || (pid = _Fork()) == -1)
		die("starting a check:");
	if (pid == 0) {
		setpgid(0, 0);
		close(p[0]);
		verdicts = p[1];
		steps_left = count_steps(c->steps);
		c->fn();
		rest("the check did not say");
		_exit(0);
	}
	setpgid(pid, pid);
	close(p[1]);
	pfd = (struct pollfd){ p[0], POLLIN, 0 };
	while (left > 0 && poll(&pfd, 1, 100) >= 0) {
		r = read(p[0], v + len, sizeof(v) - 1 - len);
		if (r == 0)
			break;
		if (r > 0)
			len += r;
		left -= 100;
	}
	close(p[0]);
	kill(-pid, SIGKILL);	/* the check and any caller it left */
	waitpid(pid, &status, 0);
	v[len] = '\0';
	if (left <= 0)
		format(missing, sizeof(missing), "timed out after %d s", CHECK_MS / 1000);
	else
		format(missing, sizeof(missing), "the check ended with status %d", exit_code(status));
	return report(c, n, v, missing);
}

int
selftest(void)
{
	int i, n = 0, steps = 0, failed;
	const int count = sizeof(checks) / sizeof(checks[0]);
	const char *skip;

	seen = mmap(NULL, sizeof(*seen), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (seen == MAP_FAILED)
		die("mmap:");
	proc = procfs_open(&no_proc);
	for (i = 0; i < count; i++)
		steps += count_steps(checks[i].steps);
	say("TAP version 13\n1..%d\n", steps);
	failed = run_check(&checks[0], &n, NULL);
	skip = failed ? "SKIP no user notification in this kernel" : NULL;
	if (!skip)
		notif_buffers(&nb);
	for (i = 1; i < count; i++) {
		memset(seen, 0, sizeof(*seen));
		failed += run_check(&checks[i], &n, skip);
	}
	return failed ? 1 : 0;
}
