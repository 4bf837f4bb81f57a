/* target.c: the target: its filters, its start (fork, NO_NEW_PRIVS,
 * filters, the listener passed to the supervisor), and what it runs: the
 * demo's mkdir calls or PROG. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "bpf.h"
#include "fdpass.h"
#include "output.h"
#include "target.h"

static pid_t running_target;	/* ended if unotify exits while it runs */

/* The filters.  The architecture comes first: a syscall number means
 * nothing without it.  An x86-64 task can also enter through the x32 ABI
 * (bit 30 set), whose numbers would slip past ours: killed.  i386 calls
 * (int 0x80, even from a 64-bit program) have numbers of their own.
 * 'action' is what mkdir and mkdirat get; everything else is allowed. */
int
install_filter(unsigned action, unsigned flags)
{
	struct sock_filter insns[] = {
		LOAD_ARCH,
		JEQ(AUDIT_ARCH_X86_64, 0, 4),	/* else to i386 */
		LOAD_NR,
		JGE(X32_SYSCALL_BIT, 8, 0),	/* to kill */
		JEQ(X86_64_mkdir, 5, 0),	/* to action */
		JEQ(X86_64_mkdirat, 4, 5),	/* to action, else allow */
		JEQ(AUDIT_ARCH_I386, 0, 5),	/* else to kill */
		LOAD_NR,
		JEQ(I386_mkdir, 1, 0),		/* to action */
		JEQ(I386_mkdirat, 0, 1),	/* to action, else allow */
		RET(action),
		ALLOW,
		KILL,
	};
	struct sock_fprog prog = { sizeof(insns) / sizeof(insns[0]), insns };

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
	plan->prepare = catch_sigint;
	plan->body = make_dirs;
	plan->arg = dirs;
}

static int
run_prog(void *arg)
{
	char **argv = arg;

	execvp(argv[0], argv);
	complain("execvp %s:", argv[0]);
	return errno == ENOENT || errno == ENOTDIR ? 127 : 126;
}

void
plan_prog(struct target_plan *plan, char **argv)
{
	plan->body = run_prog;
	plan->arg = argv;
}

static void
close_from(int first)
{
	struct rlimit lim;
	rlim_t fd;

	if (close_range(first, ~0U, 0) == 0)
		return;
	if (getrlimit(RLIMIT_NOFILE, &lim) == 0)
		for (fd = first; fd < lim.rlim_cur && fd < 1 << 20; fd++)
			close(fd);
}

static _Noreturn void
become_target(const struct target_plan *plan, int sock)
{
	int listener;

	sigprocmask(SIG_SETMASK, &plan->mask, NULL);
	if (plan->prepare)
		plan->prepare();
	/* Unprivileged tasks may install a filter only with NO_NEW_PRIVS set,
	 * so that a filter cannot fool a set-user-ID program. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		die("prctl(PR_SET_NO_NEW_PRIVS):");
	listener = install_filter(SECCOMP_RET_USER_NOTIF,
	    SECCOMP_FILTER_FLAG_NEW_LISTENER | plan->listen_flags);
	if (listener == -1 && errno == EBUSY)
		die("seccomp: a notify listener above us already watches this process:");
	if (listener == -1)
		die("seccomp: cannot install the notify filter "
		    "(needs Linux 5.0+ with CONFIG_SECCOMP_FILTER):");
	if (plan->second && install_filter(plan->second, 0) == -1)
		die("seccomp: cannot install the second filter:");
	if (send_fd(sock, listener) == -1)
		die("sending the listener fd:");
	close_from(3);
	_exit(plan->body(plan->arg));
}

/* On die(), a target we started and have not reaped is killed.  While it
 * is unreaped its PID cannot be reused, so the kill cannot miss. */
static void
end_running_target(void)
{
	siginfo_t info = { 0 };

	if (running_target > 0 && waitid(P_PID, running_target, &info,
	    WEXITED | WNOHANG | WNOWAIT) == 0) {
		kill(running_target, SIGKILL);
		waitpid(running_target, NULL, 0);
	}
}

/* Forks the target; returns 0 with its listener in t, or -1 (t->pid > 0
 * if the target was started: the caller reaps it). */
int
spawn_target(const struct target_plan *plan, struct target *t)
{
	pid_t parent = getpid();
	int sock[2], e;

	t->pid = -1;
	t->listener = t->pidfd = -1;
	before_die = end_running_target;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sock) == -1)
		return -1;
	t->pid = fork();
	if (t->pid == 0) {
		running_target = 0;
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
	close(sock[0]);
	if (t->listener == -1)
		goto failed;
	t->pidfd = pidfd_open(t->pid, 0);
	if (t->pidfd >= 0 || errno == ENOSYS)
		return 0;
	e = errno;
	close(t->listener);
	t->listener = -1;
failed:
	/* Never leave a target running unsupervised.  One that exited on its
	 * own (status 125: it has said why) is a zombie; the kill is moot. */
	if (t->pid > 0)
		kill(t->pid, SIGKILL);
	errno = e;
	return -1;
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
