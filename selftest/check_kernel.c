/* check_kernel.c: -t's checks that mirror the kernel's own user
 * notification selftests (tools/testing/selftests/seccomp/seccomp_bpf.c),
 * one each, named after it, an ok() for each of its assertions. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "selftest/check_kernel.h"
#include "selftest/checkkit.h"
#include "supervisor/target.h"

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

/* fn, in a child, must exit 0 having recorded -1 with err. */
static const char *
child_fails_with(int (*fn)(void), int err)
{
	int status = in_child(fn);

	if (status != 0)
		return fail("child status %#x", status);
	return expect(-1, err);
}

static int
start(struct target *t, unsigned listen_flags, int (*body)(void *), void *arg)
{
	struct target_plan plan = { .listen_flags = listen_flags, .uring = SECCOMP_RET_ALLOW,
	    .body = body, .arg = arg };

	return spawn_target(&plan, t);
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
	ok(flag_known(LISTEN, NULL), "NEW_LISTENER known");
	ok(flag_known(SECCOMP_FILTER_FLAG_TSYNC_ESRCH, "5.7+"), "TSYNC_ESRCH known");
	ok(flag_known(KILLABLE | LISTEN, "5.19+"), "WAIT_KILLABLE_RECV known");
	ok(err_is(seccomp(SECCOMP_SET_MODE_FILTER, KILLABLE, NULL), EINVAL),
	    "WAIT_KILLABLE_RECV alone: EINVAL");
	ok(err_is(seccomp(SECCOMP_SET_MODE_FILTER, 1U << 31, NULL), EINVAL), "unknown flag: EINVAL");
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

	ok(child_fails_with(notify_without_listener, ENOSYS), "no listener: ENOSYS");
	if ((listener = listening(0, "the listener")) == -1)
		return;
	ok(err_is(install_filter(USER_NOTIF, LISTEN, SECCOMP_RET_ALLOW), EBUSY), "second listener: EBUSY");
	pid = caller(do_mkdir, NULL);
	ok(poll_gives(listener, POLLIN), "POLLIN while a call waits");
	memset(nb.req, 0, nb.req_size);
	nb.req->pid = -1;
	ok(err_is(sys_ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, nb.req), EINVAL), "RECV buffer not zeroed: EINVAL");
	memset(nb.req, 0, nb.req_size);
	if (sys_ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, nb.req) == -1)
		return ok(fail("SECCOMP_IOCTL_NOTIF_RECV: %s", err_text(errno)), "RECV");
	ok(poll_gives(listener, POLLOUT), "POLLOUT once received");
	ok(err_is(reply(listener, nb.req->id, MAGIC, 0, 0x80), EINVAL), "unknown SEND flag: EINVAL");
	bad = answer(listener, MAGIC, 0) == -1 ? fail("SEND: %s", err_text(errno)) : NULL;
	reap(pid);
	ok(bad ? bad : expect(MAGIC, 0), "spoofed value returned");
}

static void
check_tsync(void)
{
	int r;

	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	ok(err_is(install_filter(USER_NOTIF, LISTEN | SECCOMP_FILTER_FLAG_TSYNC, SECCOMP_RET_ALLOW),
	    EINVAL), "TSYNC: EINVAL");
	r = install_filter(USER_NOTIF, LISTEN | SECCOMP_FILTER_FLAG_TSYNC
	    | SECCOMP_FILTER_FLAG_TSYNC_ESRCH, SECCOMP_RET_ALLOW);
	ok(r >= 0 ? NULL : errno == EINVAL ? "SKIP needs Linux 5.7+ (TSYNC_ESRCH)"
	    : fail("%s", err_text(errno)), "TSYNC with TSYNC_ESRCH: accepted");
}

static void
check_kill_in_middle(void)
{
	int listener;
	pid_t pid;

	if (listen_and_receive(0, do_mkdir, NULL, &listener, &pid, "a call notified") == -1)
		return;
	ok(id_valid(listener, nb.req->id) ? NULL : fail("ID not valid while the call waits"),
	    "ID_VALID while waiting");
	kill(pid, SIGKILL);
	reap(pid);
	ok(id_valid(listener, nb.req->id) ? fail("ID still valid after the kill")
	    : errno == ENOENT ? NULL : fail("ID_VALID: %s, expected ENOENT", err_text(errno)),
	    "ID_VALID: ENOENT after kill");
	ok(err_is(answer(listener, MAGIC, 0), ENOENT), "SEND: ENOENT after kill");
}

/* A call a signal interrupted while its notification waited is not
 * restarted on MIPS: the kernel skips a call seccomp held without saving
 * its number for a restart (arch/mips/kernel/scall64-n64.S sets PT_R0
 * only on the error path of a call that ran).  A skip there, with the
 * reason; a failure anywhere else. */
static const char *
not_restarted(const char *why)
{
#if defined(__mips__)
	(void)why;
	return "SKIP MIPS: the kernel restarts no call a signal interrupted in seccomp";
#else
	return why;
#endif
}

static void
check_signal(void)
{
	const char *bad;
	int listener;
	pid_t pid;

	if (listen_and_receive(0, do_mkdir_counting, "restart", &listener, &pid, "a call notified") == -1)
		return;
	kill(pid, SIGUSR1);
	if (!signalled(1))
		return ok(fail("the handler did not run"), "the signal handled");
	ok(err_is(answer(listener, 0, -EPERM), ENOENT), "SEND: ENOENT after a signal");
	bad = receive(listener);
	ok(bad ? not_restarted(bad) : NULL, "restarted call notified anew");
	answer(listener, 0, -512);
	reap(pid);
	ok(expect(-1, 512), "-ERESTARTSYS (512) passed through");
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
	ok(child_fails_with(closed_listener_gives_enosys, ENOSYS), "listener closed: ENOSYS");
}

static void
check_child_pid_ns(void)
{
	int listener;
	pid_t pid;

	if (unshare(CLONE_NEWUSER | CLONE_NEWPID) == -1 && unshare(CLONE_NEWPID) == -1)
		return ok(fail("SKIP needs root or user namespaces (CLONE_NEWPID: %s)", err_text(errno)),
		    "PID in our namespace");
	if (listen_and_receive(0, do_mkdir, NULL, &listener, &pid, "PID in our namespace") == -1)
		return;
	ok(nb.req->pid == (uint32_t)pid ? NULL : fail("PID %u, expected %d", nb.req->pid, (int)pid),
	    "PID in our namespace");
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
	const char *what = "PID 0 from a sibling namespace";
	int listener = listening(0, what), a, b;
	pid_t pid;

	if (listener == -1)
		return;
	pid = caller(in_own_pid_ns, NULL);
	seen->ptr = -1;
	if (unshare(CLONE_NEWPID) == -1) {
		kill(pid, SIGKILL);
		reap(pid);
		return ok("SKIP needs root (CLONE_NEWPID)", what);
	}
	b = reap(caller(receive_pid, &listener));
	a = reap(pid);
	if (a == 2 << 8)
		return ok("SKIP needs root (CLONE_NEWPID)", what);
	ok(a || b ? fail("status %#x, %#x", a, b)
	    : seen->ptr ? fail("PID %d, expected 0", (int)seen->ptr) : NULL, what);
}

static void
check_fault_recv(void)
{
	int listener = listening(0, "a call notified");
	pid_t pid;

	if (listener == -1)
		return;
	pid = caller(do_mkdir, NULL);
	if (!readable(listener, CHECK_MS / 2))
		return ok("no notification came", "a call notified");
	ok(err_is(sys_ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, NULL), EFAULT), "bad RECV buffer: EFAULT");
	ok(receive(listener) ? why : nb.req->pid != (uint32_t)pid
	    ? fail("PID %u, expected %d", nb.req->pid, (int)pid) : NULL,
	    "notification kept, with its PID");
	answer(listener, MAGIC, 0);
	reap(pid);
}

/* The first check: without it nothing else can run. */
static void
check_sizes(void)
{
	struct seccomp_notif_sizes s;

	if (seccomp(SECCOMP_GET_NOTIF_SIZES, 0, &s) == -1)
		return ok(fail("SECCOMP_GET_NOTIF_SIZES: %s", err_text(errno)), "the sizes are the UAPI's");
	ok(s.seccomp_notif != sizeof(struct seccomp_notif)
	    || s.seccomp_notif_resp != sizeof(struct seccomp_notif_resp)
	    || s.seccomp_data != sizeof(struct seccomp_data)
	    ? fail("%d %d %d bytes", s.seccomp_notif, s.seccomp_notif_resp, s.seccomp_data) : NULL,
	    "the sizes are the UAPI's");
}

static void
check_continue(void)
{
	int listener;
	pid_t pid;

	if (listen_and_receive(0, do_mkdir, "/", &listener, &pid, "a call notified") == -1)
		return;
	ok(err_is(reply(listener, nb.req->id, 1, 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE), EINVAL),
	    "CONTINUE with a value: EINVAL");
	ok(err_is(reply(listener, nb.req->id, 0, -EPERM, SECCOMP_USER_NOTIF_FLAG_CONTINUE), EINVAL),
	    "CONTINUE with an error: EINVAL");
	if (reply(listener, nb.req->id, 0, 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE) == -1) {
		ok(errno == EINVAL ? "SKIP needs Linux 5.5+ (CONTINUE)" : fail("%s", err_text(errno)),
		    "CONTINUE runs the call");
		answer(listener, 0, -EPERM);
		reap(pid);
		return;
	}
	reap(pid);
	ok(expect(-1, EEXIST), "CONTINUE runs the call");	/* the kernel ran mkdir("/") */
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

/* The assertion of both filter_empty checks: the listener hangs up. */
static void
hangs_up(int (*body)(void *), const char *what)
{
	struct target t;
	int r = start_and_end(&t, body);

	ok(r == -1 ? fail("starting the target: %s", err_text(errno))
	    : r ? "no POLLHUP within 2 s" : NULL, what);
}

static void
check_filter_empty(void)
{
	hangs_up(do_nothing, "POLLHUP once the filter is unused");
}

/* Whether this kernel is release major.minor or later, for what has no
 * flag to probe: FIFO order, and RECV's ENOENT on an unused filter (a
 * hang on a kernel that should have it is a failure, not a skip). */
static int
at_least(int major, int minor)
{
	struct utsname u;
	int v[2] = { 0, 0 }, i = 0;
	const char *p;

	if (uname(&u) == -1)
		return 1;
	for (p = u.release; i < 2 && *p; p++)
		if (*p >= '0' && *p <= '9')
			v[i] = v[i] * 10 + *p - '0';
		else
			i++;
	return v[0] > major || (v[0] == major && v[1] >= minor);
}

static void
check_ioctl_filter_empty(void)
{
	struct itimerval second = { { 0, 0 }, { 1, 0 } };	/* SIGALRM ends a RECV that waits */
	struct target t;
	pid_t pid;
	int status;

	if (start_and_end(&t, do_nothing) == -1)
		return ok(fail("starting the target: %s", err_text(errno)), "RECV: ENOENT once unused");
	if ((pid = _Fork()) == 0) {
		setitimer(ITIMER_REAL, &second, NULL);
		_exit(err_is(sys_ioctl(t.listener, SECCOMP_IOCTL_NOTIF_RECV, nb.req), ENOENT) ? 1 : 0);
	}
	status = reap(pid);
	ok(!WIFSIGNALED(status) ? status ? "RECV did not give ENOENT" : NULL
	    : at_least(6, 11) ? "RECV waited on an unused filter"
	    : "SKIP RECV waits on an unused filter before Linux 6.11", "RECV: ENOENT once unused");
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
	char *stacks = sys_mmap_anon(2 * 16384, MAP_PRIVATE);	/* mapped here: no other mode pays for them */
	volatile int done[2] = { 0, 0 };
	int i;

	(void)unused;
	if (stacks == MAP_FAILED)
		return 1;
	for (i = 0; i < 2; i++) {
		if (clone(thread_ends, stacks + (i + 1) * 16384, CLONE_VM | CLONE_FS | CLONE_FILES
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
	hangs_up(do_threads_and_children, "POLLHUP after threads and children");
}

/* ADDFD, of several sizes.  The kernel takes a larger struct whose tail
 * is zero, and refuses a smaller one. */
static int
addfd(int listener, uint64_t id, unsigned flags, int newfd, unsigned newfd_flags, size_t size, int tail)
{
	struct { struct seccomp_notif_addfd a; uint64_t more; } big = {
		{ id, flags, seen->fd[2], newfd, newfd_flags }, tail };
	unsigned long nr = SECCOMP_IOCTL_NOTIF_ADDFD & ~IOC_SIZE_MASK;

	return sys_ioctl(listener, nr | size << 16, &big);
}

static int
addfd_supported(int listener)
{
	return addfd(listener, 0, 0, 0, 0, sizeof(struct seccomp_notif_addfd), 0) == -1 && errno == ENOENT;
}

/* Before 5.9: the ADDFD checks skip, and the waiting call is refused. */
static int
skipped_without_addfd(int listener)
{
	if (addfd_supported(listener))
		return 0;
	ok("SKIP needs Linux 5.9+ (SECCOMP_IOCTL_NOTIF_ADDFD)", "ADDFD");
	answer(listener, 0, -EPERM);
	return 1;
}

/* The caller looks at what the supervisor installed in it. */
static int
is_the_file(int fd)
{
	uint64_t ino = inode_of(fd);

	return ino && ino == seen->ino;
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
	int listener, r, send_err = 0;
	uint64_t id;
	pid_t pid;

	seen->fd[2] = openat(AT_FDCWD, "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);	/* the file to install */
	seen->ino = inode_of(seen->fd[2]);
	if (listen_and_receive(0, do_mkdir_twice, NULL, &listener, &pid, "a call notified") == -1)
		return;
	if (skipped_without_addfd(listener))
		return;
	id = nb.req->id;
	ok(err_is(addfd(listener, id, 0, 0, ~O_CLOEXEC, size, 0), EINVAL), "bad newfd_flags: EINVAL");
	ok(err_is(addfd(listener, id, 0xff, 0, 0, size, 0), EINVAL), "unknown flags: EINVAL");
	ok(err_is(addfd(listener, id, 0, 1, 0, size, 0), EINVAL), "newfd without SETFD: EINVAL");
	ok(err_is(addfd(listener, id, 0, 0, 0, size - 8, 0), EINVAL), "small struct: EINVAL");
	ok(err_is(addfd(listener, id, 0, 0, 0, size + 8, -1), E2BIG), "big struct, tail set: E2BIG");
	seen->fd[0] = addfd(listener, id, 0, 0, O_CLOEXEC, size, 0);
	seen->fd[1] = addfd(listener, id, 0, 0, O_CLOEXEC, size + 8, 0);
	r = addfd(listener, id, SECCOMP_ADDFD_FLAG_SETFD, 42, O_CLOEXEC, size, 0);
	answer(listener, MAGIC, 0);
	/* IDs count up by one: the second call's is the next, and until it
	 * is received ADDFD says EINPROGRESS. */
	while (addfd(listener, id + 1, 0, 0, 0, size, 0) == -1 && errno == ENOENT)
		sched_yield();
	ok(err_is(addfd(listener, id + 1, 0, 0, 0, size, 0), EINPROGRESS), "not yet received: EINPROGRESS");
	if (receive(listener))
		return ok(why, "the second call notified");
	if (addfd(listener, nb.req->id, SECCOMP_ADDFD_FLAG_SEND, 0, 0, size, 0) == -1) {
		send_err = errno;
		seen->same++;	/* not counted against the others; before the caller counts */
		answer(listener, -1, 0);
	}
	reap(pid);
	ok(seen->fd[0] < 0 ? fail("ADDFD: %s", err_text(errno)) : NULL, "lowest free fd");
	ok(seen->fd[1] < 0 ? "a larger struct with a zero tail was refused" : NULL, "big struct, zero tail");
	ok(r != 42 ? fail("SETFD gave %d", r) : NULL, "SETFD at fd 42");
	ok(seen->same != 4 ? fail("%d of 4 installed files are the one sent", seen->same)
	    : send_err == EINVAL ? "SKIP needs Linux 5.14+ (SECCOMP_ADDFD_FLAG_SEND)"
	    : send_err ? fail("SEND: %s", err_text(send_err)) : NULL, "the files arrive; SEND answers");
}

static void
check_addfd_rlimit(void)
{
	const size_t size = sizeof(struct seccomp_notif_addfd);
	struct rlimit none = { 0, 0 };
	int listener, r;
	pid_t pid;

	seen->fd[2] = 0;
	if ((listener = listening(0, "a call notified")) == -1)
		return;
	pid = caller(do_mkdir, NULL);
	prlimit(pid, RLIMIT_NOFILE, &none, NULL);
	if (receive(listener))
		return ok(why, "a call notified");
	if (skipped_without_addfd(listener))
		return;
	ok(err_is(addfd(listener, nb.req->id, 0, 0, 0, size, 0), EMFILE), "past RLIMIT_NOFILE: EMFILE");
	r = addfd(listener, nb.req->id, SECCOMP_ADDFD_FLAG_SEND, 0, 0, size, 0);
	ok(r == -1 && errno == EINVAL ? "SKIP needs Linux 5.14+ (SECCOMP_ADDFD_FLAG_SEND)"
	    : err_is(r, EMFILE), "with SEND: EMFILE");
	ok(err_is(addfd(listener, nb.req->id, SECCOMP_ADDFD_FLAG_SETFD, 100, 0, size, 0), EBADF),
	    "SETFD: EBADF");
	answer(listener, MAGIC, 0);
	reap(pid);
}

static void
check_sync(void)
{
	int listener;
	pid_t pid;

	if ((listener = listening(0, "a listener")) == -1)
		return;
	ok(err_is(sys_ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, 0xffffffffUL), EINVAL),
	    "unknown flags: EINVAL");
	if (sys_ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) == -1)
		return ok(errno == EINVAL ? "SKIP needs Linux 6.6+ (SYNC_WAKE_UP)"
		    : fail("SET_FLAGS: %s", err_text(errno)), "SYNC_WAKE_UP set, call answered");
	pid = caller(do_mkdir, NULL);
	if (receive(listener))
		return ok(why, "SYNC_WAKE_UP set, call answered");
	answer(listener, MAGIC, 0);
	reap(pid);
	ok(expect(MAGIC, 0), "SYNC_WAKE_UP set, call answered");
}

/* Waits until call id is made and waits to be received (ADDFD says
 * EINPROGRESS for it; ENOENT while it is not made yet). */
static int
call_waits(int listener, uint64_t id)
{
	struct timespec tick = { 0, 1000000 };
	int ms;

	for (ms = 0; ms < CHECK_MS / 2; ms++) {
		if (addfd(listener, id, 0, 0, 0, sizeof(struct seccomp_notif_addfd), 0) == -1
		    && errno == EINPROGRESS)
			return 1;
		nanosleep(&tick, NULL);
	}
	return 0;
}

static void
check_fifo(void)
{
	const char *what = "received in the order made";
	pid_t pid[3];
	uint64_t id;
	int listener, i;
	const char *bad = NULL;

	seen->fd[2] = 0;
	if (listen_and_receive(0, do_mkdir, NULL, &listener, &pid[0], what) == -1)
		return;
	id = nb.req->id;
	if (!addfd_supported(listener)) {
		answer(listener, MAGIC, 0);
		return ok("SKIP needs Linux 5.9+ (ADDFD, to see the calls wait without /proc)", what);
	}
	for (i = 1; i < 3; i++) {
		pid[i] = caller(do_mkdir, NULL);
		if (!call_waits(listener, id + i))
			bad = fail("call %d did not come", i + 1);
	}
	for (i = 1; i < 3 && !bad; i++)
		if (!(bad = receive(listener)) && nb.req->pid != (uint32_t)pid[i])
			bad = at_least(5, 19) ? fail("received the call of PID %u before that of %d",
			    nb.req->pid, (int)pid[i]) : "SKIP needs Linux 5.19+ (FIFO order, known by"
			    " the version: there is no flag to probe)";
	for (i = 0; i < 3; i++) {
		reply(listener, id + i, MAGIC, 0, 0);
		kill(pid[i], SIGKILL);
		reap(pid[i]);
	}
	ok(bad, what);
}

static void
check_wait_killable_pre(void)
{
	int listener = listening(KILLABLE, "WAIT_KILLABLE_RECV");
	pid_t pid;

	if (listener == -1)
		return;
	pid = caller(do_mkdir_counting, "restart");
	if (!readable(listener, CHECK_MS / 2))
		return ok("no notification came", "a call notified");
	kill(pid, SIGUSR1);
	ok(signalled(1) ? NULL : "a signal before RECV did not interrupt the call",
	    "signal before RECV interrupts");
	if (receive(listener)) {
		kill(pid, SIGKILL);
		reap(pid);
		return ok(not_restarted(why), "restarted call served");
	}
	answer(listener, MAGIC, 0);
	reap(pid);
	ok(expect(MAGIC, 0), "restarted call served");
}

static void
check_wait_killable(void)
{
	struct timespec pause = { 0, 200000000 };
	int listener;
	pid_t pid;

	if (listen_and_receive(KILLABLE, do_mkdir_counting, NULL, &listener, &pid,
	    "WAIT_KILLABLE_RECV") == -1)
		return;
	kill(pid, SIGUSR1);
	nanosleep(&pause, NULL);
	ok(!id_valid(listener, nb.req->id) || seen->signals ? "a received call was interrupted" : NULL,
	    "signal after RECV waits");
	answer(listener, MAGIC, 0);
	reap(pid);
	ok(seen->signals != 1 ? fail("the handler ran %d times", seen->signals) : expect(MAGIC, 0),
	    "signal comes after the answer");
}

static void
check_wait_killable_fatal(void)
{
	int listener, status;
	pid_t pid;

	if (listen_and_receive(KILLABLE, do_mkdir, NULL, &listener, &pid, "WAIT_KILLABLE_RECV") == -1)
		return;
	kill(pid, SIGTERM);
	status = reap(pid);
	ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM ? NULL : fail("status %#x", status),
	    "fatal signal after RECV kills");
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
	const char *what = "no call made again, 1 ms timer";
	int listener = listening(KILLABLE, what), pipefd[2], calls = 0;
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
	ok(bad ? bad : fail("NOTE %d calls in 1 s", calls), what);
}

const struct check kernel_checks[] = {
	{ check_sizes, "seccomp_get_notif_sizes" },
	{ check_flags, "detect_seccomp_filter_flags" },
	{ check_basic, "user_notification_basic" },
	{ check_tsync, "user_notification_with_tsync" },
	{ check_kill_in_middle, "user_notification_kill_in_middle" },
	{ check_signal, "user_notification_signal" },
	{ check_closed_listener, "user_notification_closed_listener" },
	{ check_child_pid_ns, "user_notification_child_pid_ns" },
	{ check_sibling_pid_ns, "user_notification_sibling_pid_ns" },
	{ check_fault_recv, "user_notification_fault_recv" },
	{ check_continue, "user_notification_continue" },
	{ check_filter_empty, "user_notification_filter_empty" },
	{ check_ioctl_filter_empty, "user_ioctl_notification_filter_empty" },
	{ check_filter_empty_threaded, "user_notification_filter_empty_threaded" },
	{ check_addfd, "user_notification_addfd" },
	{ check_addfd_rlimit, "user_notification_addfd_rlimit" },
	{ check_sync, "user_notification_sync" },
	{ check_fifo, "user_notification_fifo" },
	{ check_wait_killable_pre, "user_notification_wait_killable_pre_notification" },
	{ check_wait_killable, "user_notification_wait_killable" },
	{ check_wait_killable_fatal, "user_notification_wait_killable_fatal" },
	{ check_wait_killable_after_reply, "user_notification_wait_killable_after_reply" },
	{ NULL, NULL },
};
