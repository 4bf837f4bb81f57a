/* target.c: the target: its filters, its start: fork, NO_NEW_PRIVS,
 * filters, the listener passed to the supervisor; and what it runs: the
 * demo's mkdir calls or PROG. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "bpf.h"
#include "fdpass.h"
#include "supervisor/output.h"
#include "supervisor/caller/procfs.h"
#include "supervisor/target.h"

/* EPERM from seccomp(2), which the kernel itself never says there */
const char seccomp_refused[] = "seccomp: refused by a seccomp filter above us (a container's profile?)";

static pid_t running_target;	/* ended if unotify dies while it runs */
static int ending_subtree;	/* -x: and every process PROG left */

/* The filters.  The architecture comes first: a syscall number means
 * nothing without it.  A native task can also reach another ABI's table
 * by the number alone (x86-64's x32, mips64's o32 and n32), whose numbers
 * would slip past ours: killed.  A compat ABI
 * (i386's int 0x80, even from a 64-bit program) has numbers of its own;
 * one that is not served, and any other architecture, is killed (bpf.h
 * says which per architecture).  'action' is what mkdir and mkdirat get,
 * 'uring' what io_uring's three calls get (IORING_OP_MKDIRAT would make
 * directories unseen); everything else is allowed.  Writes the program
 * into insns (FILTER_LEN of them). */
void
filter_program(struct sock_filter *insns, unsigned action, unsigned uring)
{
	enum {
		ARCH, NATIVE, NR, OTHER, OTHER_END, OTHER2, OTHER2_END, MKDIR, MKDIRAT, COMPAT, COMPAT_NR,
		COMPAT_MKDIR, COMPAT_MKDIRAT, URING_FROM, URING_TO, URING, ACTION, ALLOWED, KILLED
	};
	const struct sock_filter program[FILTER_LEN] = {
		AT(ARCH, LOAD_ARCH),
		IF_EQ(NATIVE, AUDIT_ARCH_NATIVE, NR, COMPAT),
		AT(NR, LOAD_NR),
		/* an empty range, FROM = TO, kills nothing */
		IF_GE(OTHER, OTHER_ABI_FROM, OTHER_END, OTHER2),
		IF_GE(OTHER_END, OTHER_ABI_TO, OTHER2, KILLED),
		IF_GE(OTHER2, OTHER_ABI2_FROM, OTHER2_END, MKDIR),
		IF_GE(OTHER2_END, OTHER_ABI2_TO, MKDIR, KILLED),
		/* without a mkdir (arm64, riscv64), its place asks for mkdirat
		 * again: bpf.h's "none", -1, is a number a task may call */
		IF_EQ(MKDIR, NATIVE_mkdir >= 0 ? NATIVE_mkdir : NATIVE_mkdirat, ACTION, MKDIRAT),
		IF_EQ(MKDIRAT, NATIVE_mkdirat, ACTION, URING_FROM),
		IF_EQ(COMPAT, AUDIT_ARCH_COMPAT, HAS_COMPAT ? COMPAT_NR : KILLED, KILLED),
		AT(COMPAT_NR, LOAD_NR),
		IF_EQ(COMPAT_MKDIR, COMPAT_mkdir, ACTION, COMPAT_MKDIRAT),
		IF_EQ(COMPAT_MKDIRAT, COMPAT_mkdirat, ACTION, URING_FROM),
		IF_GE(URING_FROM, IO_URING_SETUP, URING_TO, ALLOWED),
		IF_GE(URING_TO, IO_URING_REGISTER + 1, ALLOWED, URING),
		AT(URING, RET(uring)),
		AT(ACTION, RET(action)),
		AT(ALLOWED, RET(SECCOMP_RET_ALLOW)),
		AT(KILLED, RET(SECCOMP_RET_KILL_PROCESS)),
	};

	_Static_assert(KILLED + 1 == FILTER_LEN, "every instruction has its label");
	memcpy(insns, program, sizeof(program));
}

int
install_filter(unsigned action, unsigned flags, unsigned uring)
{
	struct sock_filter insns[FILTER_LEN];
	struct sock_fprog prog = { FILTER_LEN, insns };

	filter_program(insns, action, uring);
	return seccomp(SECCOMP_SET_MODE_FILTER, flags, &prog);
}

int
exit_code(int status)
{
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

/* The demo: its SIGINT handler, then its calls, word for word as the
 * original. */
static void
report_sigint(int sig)
{
	static const char msg[] = "T: received signal\n";

	(void)sig;
	write(STDOUT_FILENO, msg, sizeof(msg) - 1);
}

static void
catch_sigint(void)
{
	struct sigaction sa = { .sa_handler = report_sigint };	/* no SA_RESTART: the call fails with EINTR */

	sigaction(SIGINT, &sa, NULL);
}

static int
make_dirs(void *arg)
{
	char **dir;
	int r;

	say("T: PID = %d\n", (int)getpid());
	for (dir = arg; *dir; dir++) {
		say("\nT: about to mkdir(\"%s\")\n", *dir);
		r = mkdir(*dir, 0700);
		if (r == -1)
			say_err("T: ERROR: mkdir(2): %s\n", err_text(errno));
		else
			say("T: SUCCESS: mkdir(2) returned %d\n", r);
	}
	say("\nT: terminating\n");
	return 0;
}

void
plan_demo(struct target_plan *plan, char **dirs)
{
	plan->uring = SECCOMP_RET_ALLOW;
	plan->prepare = catch_sigint;
	plan->body = make_dirs;
	plan->arg = dirs;
}

static int exec_news = -1;	/* in the target: the socket to the supervisor, closed on exec */

static int
run_prog(void *arg)
{
	char **argv = arg;
	int e;

	execvp(argv[0], argv);
	e = errno;
	complain("execvp %s:", argv[0]);
	write(exec_news, "x", 1);
	return e == ENOENT || e == ENOTDIR ? 127 : 126;
}

/* -x: PROG is a real program.  Once its call is received, only a fatal
 * signal may interrupt it: otherwise a handled signal (a profiling timer,
 * SIGCHLD, Ctrl-Z) loses our answer, the call restarts, and a directory
 * we made reports EEXIST.  io_uring could make directories unseen. */
void
plan_prog(struct target_plan *plan, char **argv)
{
	plan->listen_flags |= SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
	plan->uring = SECCOMP_RET_ERRNO | ENOSYS;
	plan->subreaper = 1;
	plan->execs = 1;
	plan->body = run_prog;
	plan->arg = argv;
}

static _Noreturn void
become_target(const struct target_plan *plan, int sock)
{
	static const int passed[] = { SIGCHLD, SIGPIPE };	/* as unotify was given them */
	struct sigaction sa = { 0 };
	int listener;
	size_t i;

	sigprocmask(SIG_SETMASK, &plan->mask, NULL);
	for (i = 0; i < 2; i++) {
		sa.sa_handler = sigismember(&plan->ignored, passed[i]) ? SIG_IGN : SIG_DFL;
		sigaction(passed[i], &sa, NULL);
	}
	if (plan->prepare)
		plan->prepare();
	/* Unprivileged tasks may install a filter only with NO_NEW_PRIVS set,
	 * so that a filter cannot fool a set-user-ID program. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		die("prctl(PR_SET_NO_NEW_PRIVS):");
	listener = install_filter(SECCOMP_RET_USER_NOTIF,
	    SECCOMP_FILTER_FLAG_NEW_LISTENER | plan->listen_flags, plan->uring);
	if (listener == -1 && errno == EINVAL && (plan->listen_flags & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)) {
		complain("this kernel lacks SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (Linux 5.19): "
		    "a signal while a call is answered can make it fail with EEXIST");
		listener = install_filter(SECCOMP_RET_USER_NOTIF, SECCOMP_FILTER_FLAG_NEW_LISTENER
		    | (plan->listen_flags & ~SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV), plan->uring);
	}
	if (listener == -1 && errno == EBUSY)
		die("seccomp: a notify listener above us already watches this process:");
	if (listener == -1 && errno == EPERM)
		die("%s:", seccomp_refused);
	if (listener == -1)
		die("seccomp: cannot install the notify filter "
		    "(needs Linux 5.0+ with CONFIG_SECCOMP_FILTER):");
	if (plan->second && install_filter(plan->second, 0, SECCOMP_RET_ALLOW) == -1)
		die("seccomp: cannot install the second filter:");
	if (send_fd(sock, listener) == -1)
		die("sending the listener fd:");
	/* PROG gets every fd unotify inherited, as from env or strace; of
	 * unotify's own, these two are open here, the rest close on exec. */
	close(listener);
	if (plan->execs)
		exec_news = sock;
	else
		close(sock);
	_exit(plan->body(plan->arg));
}

/* The decimal number at p, up to the first non-digit. */
static pid_t
decimal(const char *p)
{
	pid_t n = 0;

	while (*p >= '0' && *p <= '9')
		n = n * 10 + (*p++ - '0');
	return n;
}

/* Sends SIGKILL to every child of ours: every process of our PID
 * namespace (getdents64(2) by hand: opendir(3) would bring in musl's
 * malloc), however many, whose stat names us as parent.  A zombie too:
 * its threads may live on (a leader that called pthread_exit), and for a
 * true zombie the signal is nothing.  A child's PID stays its own until
 * we reap it, which we do not do meanwhile: no other task can be
 * signalled.  Returns how many were signalled that are not ours (our
 * own processes, for which ours says yes), or -1. */
static int
kill_children(int proc, pid_t me, int (*ours)(pid_t))
{
	char names[4096], path[64], stat[512], *p, *name;
	ssize_t len, got;
	int n = 0, dir, fd;
	pid_t pid;
	long at;

	if ((dir = openat(proc, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	while ((got = syscall(SYS_getdents64, dir, names, sizeof(names))) > 0) {
		for (at = 0; at < got; at += *(unsigned short *)(names + at + 16)) {
			name = names + at + 19;	/* after d_ino, d_off, d_reclen, d_type */
			if (*name < '1' || *name > '9')
				continue;
			format(path, sizeof(path), "%s/stat", name);
			if ((fd = openat(dir, path, O_RDONLY | O_CLOEXEC)) == -1)
				continue;
			len = read(fd, stat, sizeof(stat) - 1);
			close(fd);
			/* "pid (comm) S ppid ...": comm may hold anything, ')' too */
			if (len <= 0)
				continue;
			stat[len] = '\0';
			if (!(p = strrchr(stat, ')')) || p[1] != ' ' || !p[2] || p[3] != ' '
			    || decimal(p + 4) != me)
				continue;
			pid = decimal(stat);
			if ((fd = pidfd_open(pid, 0)) >= 0) {
				pidfd_send_signal(fd, SIGKILL, NULL, 0);
				close(fd);
			} else if (unavailable(errno)) {
				kill(pid, SIGKILL);	/* Linux < 5.3, or refused */
			}
			n += !ours || !ours(pid);
		}
	}
	close(dir);
	return n;
}

/* -x: unotify is a child subreaper, so every process PROG leaves behind
 * stays in our subtree.  Kills our children, a round at a time (a killed
 * parent hands its own up to us, and the next round finds them), and
 * reaps them, until we have no child at all: then no descendant is left,
 * however deep the tree was.  They are found in a procfs of our PID
 * namespace (another's numbers other tasks); without one only PROG was
 * ended.  Children that stay unkillable (a wait the kernel will not
 * break, as for a FUSE daemon's answer) make it give up, after 10 s in
 * which none ended, and say so; our own processes (ours says which) are
 * killed but not waited for: one the kernel holds so ends when it lets
 * go, and runs none of our code before.  Does nothing for a target that
 * leaves nothing behind (the demo). */
void
end_descendants(int (*ours)(pid_t))
{
	struct timespec tick = { 0, 10000000 };
	pid_t me = getpid(), pid;
	const char *why;
	int idle, proc = -1, alive;
	sigset_t child;

	sigemptyset(&child);
	sigaddset(&child, SIGCHLD);	/* blocked: the supervisor takes it from a signalfd */
	for (idle = 0; ending_subtree; idle++) {
		while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
			idle = 0;
		if (pid == -1 && errno == ECHILD)
			break;
		/* opened once, when a child is left: a private one is a mount */
		if (proc == -1 && (proc = procfs_open(&why)) == -1)
			return;
		if ((alive = kill_children(proc, me, ours)) <= 0)
			break;
		if (idle == 1000) {
			complain("%d processes left by PROG could not be ended", alive);
			break;
		}
		sigtimedwait(&child, NULL, &tick);	/* until one of them ends */
	}
	if (proc >= 0)
		close(proc);
}

/* On die(), a target we started and have not reaped is killed, and with
 * -x its descendants.  While it is unreaped its PID cannot be reused, so
 * the kill cannot miss. */
static void
end_running_target(void)
{
	siginfo_t info = { 0 };

	if (running_target > 0 && waitid(P_PID, running_target, &info,
	    WEXITED | WNOHANG | WNOWAIT) == 0) {
		kill(running_target, SIGKILL);
		waitpid(running_target, NULL, 0);
	}
	end_descendants(NULL);
}

/* Forks the target; returns 0 with its listener in t, or -1 (t->pid > 0
 * if the target was started: the caller reaps it). */
int
spawn_target(const struct target_plan *plan, struct target *t)
{
	pid_t parent = getpid();
	int sock[2], e;

	t->pid = -1;
	t->listener = t->pidfd = t->exec_news = -1;
	before_die = end_running_target;
	if (plan->subreaper) {
		prctl(PR_SET_CHILD_SUBREAPER, 1);
		ending_subtree = 1;
	}
	if (sys_socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sock) == -1)
		return -1;
	/* _Fork: unotify has no threads and no atfork handlers, and musl's
	 * fork() would bring its locking and the vDSO along (1.5 KB). */
	t->pid = _Fork();
	if (t->pid == 0) {
		running_target = ending_subtree = 0;
		close(sock[0]);
		/* Nobody would answer a target that outlives unotify. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 || getppid() != parent)
			_exit(125);
		become_target(plan, sock[1]);
	}
	e = errno;
	close(sock[1]);
	if (t->pid > 0) {
		running_target = t->pid;
		t->listener = recv_fd(sock[0]);
		e = errno;
	}
	if (plan->execs && t->listener >= 0)
		t->exec_news = sock[0];
	else
		close(sock[0]);
	if (t->listener == -1)
		goto failed;
	t->pidfd = pidfd_open(t->pid, 0);
	if (t->pidfd >= 0 || unavailable(errno))
		return 0;	/* without one, SIGCHLD says when it ends */
	e = errno;
	close(t->listener);
	t->listener = -1;
failed:
	if (t->exec_news >= 0)
		close(t->exec_news);
	t->exec_news = -1;
	/* Never leave a target running unsupervised.  One that exited on its
	 * own (status 125: it has said why) is a zombie; the kill is moot. */
	if (t->pid > 0)
		kill(t->pid, SIGKILL);
	errno = e;
	return -1;
}

/* Once the target has ended: whether it said that PROG could not be
 * executed (it has said why).  Closes what told it. */
int
prog_not_executed(struct target *t)
{
	char x;
	int said;

	if (t->exec_news < 0)
		return 0;
	said = recv(t->exec_news, &x, 1, MSG_DONTWAIT) == 1;
	close(t->exec_news);
	t->exec_news = -1;
	return said;
}

/* spawn_target, or exit 125 with the reason. */
void
start_target(const struct target_plan *plan, struct target *t)
{
	int status, e;

	if (spawn_target(plan, t) == 0)
		return;
	e = errno;
	if (t->pid > 0) {
		waitpid(t->pid, &status, 0);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 125)
			exit(125);	/* the target has said why */
	}
	errno = e;
	die("starting the target:");
}
