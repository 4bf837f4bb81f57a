/* selftest.c: unotify -t, this kernel's user notification checked, in TAP.
 *
 * Each check runs in a forked process of its own (its own process group,
 * killed after CHECK_MS), which starts a target and supervises it by hand
 * with raw ioctls, so that what is asserted is the kernel's behaviour.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "bpf.h"
#include "notif.h"
#include "output.h"
#include "readpath.h"
#include "selftest.h"
#include "supervisor.h"
#include "target.h"

#define CHECK_MS	10000
#define SPOOF_PATH	"/unotify-selftest"

/* What the target saw, in memory shared with the check. */
struct seen {
	long ret;
	int err;
	int signals;
	uint64_t ptr;
};

static struct seen *seen;
static struct notif_buffers nb;
static char why[256];

static const char *
fail(const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	vfmt(why, sizeof(why), f, ap);
	va_end(ap);
	return why;
}

/* target bodies */
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
	struct sigaction sa = { .sa_handler = count_signal };	/* no SA_RESTART */

	sigaction(SIGUSR1, &sa, NULL);
	seen->ptr = (uintptr_t)path;
	record(mkdir(path, 0700));
	return 0;
}

static int
do_mkdirat(void *path)
{
	seen->ptr = (uintptr_t)path;
	record(mkdirat(AT_FDCWD, path, 0751));
	return 0;
}

static int
do_int80_mkdir(void *unused)
{
	char *low = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

	(void)unused;
	if (low == MAP_FAILED)
		return 2;
	memcpy(low, SPOOF_PATH, sizeof(SPOOF_PATH));
	seen->ptr = (uintptr_t)low;
	seen->ret = int80(I386_mkdir, (long)low, 0700);
	return 0;
}

/* Two calls with paths at the very end of a page whose next page is
 * unmapped: one ends in its NUL on the last byte, one runs off the end. */
static int
do_page_end_mkdirs(void *unused)
{
	char *page = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *end = page + PAGE;

	(void)unused;
	if (page == MAP_FAILED || munmap(end, PAGE) == -1)
		return 2;
	memcpy(end - sizeof(SPOOF_PATH), SPOOF_PATH, sizeof(SPOOF_PATH));
	seen->ptr = (uintptr_t)(end - sizeof(SPOOF_PATH));
	record(mkdir(end - sizeof(SPOOF_PATH), 0700));
	end[-1] = 'x';
	record(mkdir(end - sizeof(SPOOF_PATH), 0700));
	return 0;
}

/* supervisor side */
static int
start(struct target *t, unsigned listen_flags, unsigned second, int (*body)(void *), void *arg)
{
	struct target_plan plan = {
		.listen_flags = listen_flags,
		.second = second,	/* SYNC_WAKE_UP stays off: check_sync_wake_up sets it */
		.body = body,
		.arg = arg,
	};

	return spawn_target(&plan, t);
}

enum { GOT_NOTIF = 1, GOT_EXIT, GOT_NOTHING };

/* Has pid exited?  Leaves it unreaped, for finish(). */
static int
exited(pid_t pid)
{
	siginfo_t info = { 0 };

	return waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid;
}

/* Waits for a notification or for the target to exit. */
static int
wait_event(struct target *t, int ms)
{
	struct pollfd fds[2] = { { t->listener, POLLIN, 0 }, { t->pidfd, POLLIN, 0 } };

	for (; ms > 0; ms -= 10) {
		if (poll(fds, 2, 10) > 0 && (fds[0].revents & POLLIN))
			return GOT_NOTIF;
		if (fds[0].revents)
			fds[0].fd = -1;	/* hung up: no task uses the filter */
		if (fds[1].revents || (t->pidfd < 0 && exited(t->pid)))
			return GOT_EXIT;
	}
	return GOT_NOTHING;
}

static const char *
receive(struct target *t)
{
	if (wait_event(t, CHECK_MS / 2) != GOT_NOTIF)
		return fail("no notification came");
	memset(nb.req, 0, nb.req_size);
	if (ioctl(t->listener, SECCOMP_IOCTL_NOTIF_RECV, nb.req) == -1)
		return fail("SECCOMP_IOCTL_NOTIF_RECV: %s", strerror(errno));
	return NULL;
}

static int
answer(struct target *t, int64_t val, int error, unsigned flags)
{
	memset(nb.resp, 0, nb.resp_size);
	nb.resp->id = nb.req->id;
	nb.resp->val = val;
	nb.resp->error = error;
	nb.resp->flags = flags;
	return ioctl(t->listener, SECCOMP_IOCTL_NOTIF_SEND, nb.resp);
}

static int
finish(struct target *t)
{
	int status = -1;

	waitpid(t->pid, &status, 0);
	close(t->listener);
	if (t->pidfd >= 0)
		close(t->pidfd);
	return status;
}

/* Runs fn in a child with NO_NEW_PRIVS set; returns its wait status. */
static int
in_child(int (*fn)(void))
{
	pid_t pid = fork();
	int status = -1;

	if (pid == 0) {
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		_exit(fn());
	}
	waitpid(pid, &status, 0);
	return status;
}

static const char *
expect(long ret, int err)
{
	if (seen->ret != ret || (ret == -1 && seen->err != err))
		return fail("target got %ld (errno %d), expected %ld (errno %d)",
		    seen->ret, seen->err, ret, ret == -1 ? err : 0);
	return NULL;
}

/* Runs fn in a child that must exit 0 having recorded -1 with err. */
static const char *
child_fails_with(int (*fn)(void), int err)
{
	int status = in_child(fn);

	if (status != 0)
		return fail("child status %#x", status);
	return expect(-1, err);
}

/* A call with a spoofed answer, past an optional second filter: the
 * common shape of several checks. */
static const char *
spoofed_round_trip(unsigned second, int64_t val, int error)
{
	struct target t;
	const char *bad;

	if (start(&t, 0, second, do_mkdir, SPOOF_PATH) == -1)
		return fail("starting the target: %s", strerror(errno));
	if (!(bad = receive(&t)) && answer(&t, val, error, 0) == -1)
		bad = fail("SECCOMP_IOCTL_NOTIF_SEND: %s", strerror(errno));
	if (bad)
		kill(t.pid, SIGKILL);
	finish(&t);
	return bad ? bad : expect(error ? -1 : val, -error);
}

/* the checks */
static const char *
check_available(void)
{
	uint32_t action = SECCOMP_RET_USER_NOTIF;
	struct seccomp_notif_sizes sizes;

	if (seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &action) == -1)
		return fail("SECCOMP_GET_ACTION_AVAIL: %s (needs Linux 5.0+, CONFIG_SECCOMP_FILTER)",
		    strerror(errno));
	if (seccomp(SECCOMP_GET_NOTIF_SIZES, 0, &sizes) == -1)
		return fail("SECCOMP_GET_NOTIF_SIZES: %s", strerror(errno));
	if (sizes.seccomp_data != sizeof(struct seccomp_data))
		return fail("seccomp_data is %d bytes, not %d", sizes.seccomp_data,
		    (int)sizeof(struct seccomp_data));
	return NULL;
}

static const char *
check_fields(void)
{
	struct target t;
	struct seccomp_data *d = &nb.req->data;
	const char *bad;

	if (start(&t, 0, 0, do_mkdirat, SPOOF_PATH) == -1)
		return fail("starting the target: %s", strerror(errno));
	if (!(bad = receive(&t))) {
		if (d->nr != X86_64_mkdirat || d->arch != AUDIT_ARCH_X86_64)
			bad = fail("nr %d arch %#x, expected %d %#x", d->nr, d->arch,
			    X86_64_mkdirat, AUDIT_ARCH_X86_64);
		else if (nb.req->pid != (uint32_t)t.pid)
			bad = fail("pid %u, expected %d", nb.req->pid, (int)t.pid);
		else if (d->args[0] != (uint64_t)(int64_t)AT_FDCWD || d->args[1] != seen->ptr
		    || d->args[2] != 0751)
			bad = fail("args %#llx %#llx %#llo, expected AT_FDCWD %#llx 0751",
			    (unsigned long long)d->args[0], (unsigned long long)d->args[1],
			    (unsigned long long)d->args[2], (unsigned long long)seen->ptr);
		answer(&t, 0, -EPERM, 0);
	}
	finish(&t);
	return bad;
}

static const char *
check_spoofed_value(void)
{
	return spoofed_round_trip(0, 4242, 0);
}

static const char *
check_spoofed_error(void)
{
	return spoofed_round_trip(0, 0, -EXDEV);
}

static const char *
check_continue(void)
{
	struct target t;
	const char *bad;

	if (start(&t, 0, 0, do_mkdir, "/") == -1)
		return fail("starting the target: %s", strerror(errno));
	if (!(bad = receive(&t)) && answer(&t, 0, 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE) == -1) {
		bad = errno == EINVAL ? "SKIP needs Linux 5.5+ (SECCOMP_USER_NOTIF_FLAG_CONTINUE)"
		    : fail("SECCOMP_IOCTL_NOTIF_SEND: %s", strerror(errno));
		answer(&t, 0, -EPERM, 0);
	}
	finish(&t);
	return bad ? bad : expect(-1, EEXIST);	/* the kernel ran mkdir("/") */
}

static const char *
check_errno_outranks(void)
{
	struct target t;
	int ev;

	if (start(&t, 0, SECCOMP_RET_ERRNO | ENOTSUP, do_mkdir, SPOOF_PATH) == -1)
		return fail("starting the target: %s", strerror(errno));
	ev = wait_event(&t, CHECK_MS / 2);
	if (ev == GOT_NOTIF)
		kill(t.pid, SIGKILL);
	finish(&t);
	if (ev != GOT_EXIT)
		return fail(ev == GOT_NOTIF ? "notified" : "target hangs");
	return expect(-1, ENOTSUP);
}

static const char *
check_trace_outranked(void)
{
	return spoofed_round_trip(SECCOMP_RET_TRACE, 7, 0);
}

static const char *
check_id_valid_after_kill(void)
{
	struct target t;
	const char *bad;

	if (start(&t, 0, 0, do_mkdir, SPOOF_PATH) == -1)
		return fail("starting the target: %s", strerror(errno));
	if (!(bad = receive(&t)) && !id_valid(t.listener, nb.req->id))
		bad = fail("ID not valid while the target waits");
	kill(t.pid, SIGKILL);
	waitpid(t.pid, NULL, 0);
	if (!bad && id_valid(t.listener, nb.req->id))
		bad = fail("ID still valid after the target was killed");
	else if (!bad && errno != ENOENT)
		bad = fail("SECCOMP_IOCTL_NOTIF_ID_VALID: %s, expected ENOENT", strerror(errno));
	close(t.listener);
	return bad;
}

/* Waits until the signalled target has left its call. */
static int
wait_id_gone(struct target *t, int ms)
{
	struct timespec tick = { 0, 1000000 };

	for (; ms > 0 && id_valid(t->listener, nb.req->id); ms--)
		nanosleep(&tick, NULL);
	return ms > 0;
}

static const char *
check_send_after_signal(void)
{
	struct target t;
	const char *bad;

	if (start(&t, 0, 0, do_mkdir, SPOOF_PATH) == -1)
		return fail("starting the target: %s", strerror(errno));
	if (!(bad = receive(&t))) {
		kill(t.pid, SIGUSR1);
		if (!wait_id_gone(&t, CHECK_MS / 2))
			bad = fail("ID still valid after SIGUSR1");
		else if (answer(&t, 1, 0, 0) != -1 || errno != ENOENT)
			bad = fail("SEND gave %s, expected ENOENT", strerror(errno));
	}
	if (bad)
		kill(t.pid, SIGKILL);
	finish(&t);
	if (!bad && seen->signals != 1)
		bad = fail("handler ran %d times", seen->signals);
	return bad ? bad : expect(-1, EINTR);
}

static int
closed_listener_gives_enosys(void)
{
	int fd = install_filter(SECCOMP_RET_USER_NOTIF, SECCOMP_FILTER_FLAG_NEW_LISTENER, SECCOMP_RET_ALLOW);

	if (fd == -1)
		return 2;
	close(fd);
	record(mkdir(SPOOF_PATH, 0700));
	return 0;
}

static const char *
check_enosys_after_close(void)
{
	return child_fails_with(closed_listener_gives_enosys, ENOSYS);
}

static int
second_listener(void)
{
	if (install_filter(SECCOMP_RET_USER_NOTIF, SECCOMP_FILTER_FLAG_NEW_LISTENER, SECCOMP_RET_ALLOW) == -1)
		return 2;
	record(install_filter(SECCOMP_RET_USER_NOTIF, SECCOMP_FILTER_FLAG_NEW_LISTENER, SECCOMP_RET_ALLOW));
	return 0;
}

static const char *
check_second_listener(void)
{
	return child_fails_with(second_listener, EBUSY);
}

static int
listener_with_tsync(void)
{
	record(install_filter(SECCOMP_RET_USER_NOTIF,
	    SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_TSYNC, SECCOMP_RET_ALLOW));
	return 0;
}

static const char *
check_tsync_needs_esrch(void)
{
	return child_fails_with(listener_with_tsync, EINVAL);
}

static int
x32_call(void)
{
	if (install_filter(SECCOMP_RET_ALLOW, 0, SECCOMP_RET_ALLOW) == -1)
		return 2;
	record(syscall(X32_SYSCALL_BIT | X86_64_getpid));
	return 0;
}

static const char *
check_x32_killed(void)
{
	int status = in_child(x32_call);

	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGSYS)
		return fail("child status %#x, call returned %ld: not killed by SIGSYS",
		    status, seen->ret);
	return NULL;
}

static int
int80_getpid(void)
{
	seen->ret = int80(I386_getpid, 0, 0);
	return seen->ret == getpid() ? 0 : 1;
}

static const char *
check_i386_notified(void)
{
	struct seccomp_data *d = &nb.req->data;
	char path[PATH_MAX];
	struct target t;
	const char *bad;
	int err;

	if (in_child(int80_getpid) != 0)
		return "SKIP int 0x80 faults here: no IA32 emulation (CONFIG_IA32_EMULATION, ia32_emulation=)";
	if (start(&t, 0, 0, do_int80_mkdir, NULL) == -1)
		return fail("starting the target: %s", strerror(errno));
	if (!(bad = receive(&t))) {
		err = read_path(nb.req->pid, d->args[0], path, READ_ANY);
		if (d->arch != AUDIT_ARCH_I386 || d->nr != I386_mkdir)
			bad = fail("nr %d arch %#x, expected %d %#x", d->nr, d->arch,
			    I386_mkdir, AUDIT_ARCH_I386);
		else if (d->args[0] != seen->ptr || d->args[1] != 0700)
			bad = fail("args %#llx %#llo", (unsigned long long)d->args[0],
			    (unsigned long long)d->args[1]);
		else if (err || strcmp(path, SPOOF_PATH) != 0)
			bad = fail("path read: %s", err ? strerror(err) : path);
		answer(&t, 9, 0, 0);
	}
	finish(&t);
	return bad ? bad : expect(9, 0);
}

static const char *
page_end_read(enum reader how)
{
	char path[PATH_MAX];
	struct target t;
	const char *bad;
	int err;

	if (how == READ_PROC_MEM && access("/proc/self/mem", R_OK) == -1)
		return "SKIP no /proc mounted";
	if (start(&t, 0, 0, do_page_end_mkdirs, NULL) == -1)
		return fail("starting the target: %s", strerror(errno));
	if (!(bad = receive(&t))) {
		err = read_path(nb.req->pid, nb.req->data.args[0], path, how);
		if (err || strcmp(path, SPOOF_PATH) != 0)
			bad = fail("path ending at the page end: %s", err ? strerror(err) : path);
		answer(&t, 0, -EPERM, 0);
	}
	if (!bad && !(bad = receive(&t))) {
		err = read_path(nb.req->pid, nb.req->data.args[0], path, how);
		if (err != EFAULT)
			bad = fail("unterminated path into the unmapped page: %s, expected EFAULT",
			    strerror(err));
		answer(&t, 0, -EPERM, 0);
	}
	if (bad)
		kill(t.pid, SIGKILL);
	finish(&t);
	return bad;
}

static const char *
check_page_end(void)
{
	return page_end_read(READ_ANY);
}

static const char *
check_page_end_proc(void)
{
	return page_end_read(READ_PROC_MEM);
}

static const char *
check_sync_wake_up(void)
{
	struct target t;
	const char *bad = NULL;

	if (start(&t, 0, 0, do_mkdir, SPOOF_PATH) == -1)
		return fail("starting the target: %s", strerror(errno));
	if (ioctl(t.listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) == -1)
		bad = errno == EINVAL ? "SKIP needs Linux 6.6+ (SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP)"
		    : fail("SECCOMP_IOCTL_NOTIF_SET_FLAGS: %s", strerror(errno));
	else if (ioctl(t.listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, 2UL) != -1 || errno != EINVAL)
		bad = fail("an unknown flag was not refused with EINVAL");
	else if (!(bad = receive(&t)) && answer(&t, 3, 0, 0) == -1)
		bad = fail("SECCOMP_IOCTL_NOTIF_SEND: %s", strerror(errno));
	if (bad)
		kill(t.pid, SIGKILL);
	finish(&t);
	return bad ? bad : expect(3, 0);
}

static int
killable_listener(void)
{
	return install_filter(SECCOMP_RET_USER_NOTIF, SECCOMP_FILTER_FLAG_NEW_LISTENER
	    | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, SECCOMP_RET_ALLOW) == -1 ? errno : 0;
}

static const char *
check_wait_killable(void)
{
	struct timespec pause = { 0, 200000000 };
	struct target t;
	const char *bad;
	int status = in_child(killable_listener);

	if (WIFEXITED(status) && WEXITSTATUS(status) == EINVAL)
		return "SKIP needs Linux 5.19+ (SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)";
	if (start(&t, SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, 0, do_mkdir, SPOOF_PATH) == -1)
		return fail("starting the target: %s", strerror(errno));
	if (!(bad = receive(&t))) {
		/* Once received, the call must wait out a non-fatal signal. */
		kill(t.pid, SIGUSR1);
		nanosleep(&pause, NULL);
		if (!id_valid(t.listener, nb.req->id))
			bad = fail("a received call was interrupted by SIGUSR1");
		else if (answer(&t, 5, 0, 0) == -1)
			bad = fail("SECCOMP_IOCTL_NOTIF_SEND: %s", strerror(errno));
	}
	if (bad)
		kill(t.pid, SIGKILL);
	finish(&t);
	if (!bad && seen->signals != 1)
		bad = fail("handler ran %d times, expected once after the call", seen->signals);
	return bad ? bad : expect(5, 0);
}

static const struct check {
	const char *(*fn)(void);
	const char *what;
} checks[] = {
	{ check_available, "user_notif is available (SECCOMP_GET_ACTION_AVAIL, GET_NOTIF_SIZES)" },
	{ check_fields, "notification has nr, arch, pid and args of mkdirat" },
	{ check_spoofed_value, "spoofed success value is returned" },
	{ check_spoofed_error, "spoofed error is returned" },
	{ check_continue, "CONTINUE lets the kernel run the call (5.5+)" },
	{ check_errno_outranks, "ERRNO outranks USER_NOTIF: no notification" },
	{ check_trace_outranked, "USER_NOTIF outranks TRACE: notified" },
	{ check_id_valid_after_kill, "ID_VALID fails with ENOENT after the target is killed" },
	{ check_send_after_signal, "SEND fails with ENOENT after a signal interrupts the call" },
	{ check_enosys_after_close, "call fails with ENOSYS after the listener is closed" },
	{ check_second_listener, "a second listener gives EBUSY" },
	{ check_tsync_needs_esrch, "NEW_LISTENER with TSYNC but without TSYNC_ESRCH gives EINVAL" },
	{ check_x32_killed, "x32 syscall is killed (SIGSYS)" },
	{ check_i386_notified, "i386 int 0x80 mkdir is notified with arch I386" },
	{ check_page_end, "path ending just before an unmapped page is read (process_vm_readv)" },
	{ check_page_end_proc, "path ending just before an unmapped page is read (/proc/PID/mem)" },
	{ check_sync_wake_up, "SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP can be set (6.6+)" },
	{ check_wait_killable, "WAIT_KILLABLE_RECV: a received call waits out a signal (5.19+)" },
};

/* Runs one check in its own process group; its verdict comes back on a
 * pipe: "" for ok, "SKIP reason", or why it failed. */
static int
run_check(int n, const struct check *c)
{
	struct pollfd pfd;
	char verdict[sizeof(why)] = "";
	size_t len = 0;
	ssize_t r;
	int p[2], status, left = CHECK_MS, timed_out;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) == -1 || (pid = fork()) == -1)
		die("starting check %d:", n);
	if (pid == 0) {
		const char *v;

		setpgid(0, 0);
		close(p[0]);
		v = c->fn();
		write(p[1], v ? v : "", v ? strlen(v) : 0);
		_exit(0);
	}
	setpgid(pid, pid);
	close(p[1]);
	pfd = (struct pollfd){ p[0], POLLIN, 0 };
	while (left > 0 && poll(&pfd, 1, 100) >= 0) {
		r = read(p[0], verdict + len, sizeof(verdict) - 1 - len);
		if (r == 0)
			break;
		if (r > 0)
			len += r;
		left -= 100;
	}
	timed_out = left <= 0;
	close(p[0]);
	kill(-pid, SIGKILL);	/* the check and any target it left */
	waitpid(pid, &status, 0);
	verdict[len] = '\0';
	if (timed_out) {
		say("not ok %d - %s\n# timed out after %d s\n", n, c->what, CHECK_MS / 1000);
		return 1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		say("not ok %d - %s\n# check process ended with status %d\n", n, c->what,
		    exit_code(status));
		return 1;
	}
	if (strncmp(verdict, "SKIP ", 5) == 0) {
		say("ok %d - %s # SKIP %s\n", n, c->what, verdict + 5);
		return 0;
	}
	if (len > 0) {
		say("not ok %d - %s\n# %s\n", n, c->what, verdict);
		return 1;
	}
	say("ok %d - %s\n", n, c->what);
	return 0;
}

int
selftest(void)
{
	int i, n = sizeof(checks) / sizeof(checks[0]), failed = 0;

	seen = mmap(NULL, sizeof(*seen), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (seen == MAP_FAILED)
		die("mmap:");
	say("TAP version 13\n1..%d\n", n);
	if (run_check(1, &checks[0])) {
		for (i = 1; i < n; i++)
			say("ok %d - %s # SKIP no user notification in this kernel\n",
			    i + 1, checks[i].what);
		return 1;
	}
	notif_buffers(&nb);
	for (i = 1; i < n; i++) {
		memset(seen, 0, sizeof(*seen));
		failed += run_check(i + 1, &checks[i]);
	}
	return failed ? 1 : 0;
}
