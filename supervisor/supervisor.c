/* supervisor.c: the main process.  It serves no call itself, so its
 * memory holds nothing of any caller's: from it are forked the serve
 * loops and the workers (which wear a caller's identity).  It passes
 * signals on to the target, reaps it, and watches the serve loop: one
 * that stays on a call for a tick (a hung filesystem, a path in memory
 * nobody faults in) is retired, and a new loop serves the other callers
 * meanwhile, as the kernel would, where one caller's hang is its own. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>

#include "fdpass.h"
#include "supervisor/output.h"
#include "supervisor/supervisor.h"
#include "supervisor/caller/worker.h"
#include "supervisor/workers.h"

#define TICK_MS		20	/* a loop held on one call this long is replaced */
#define MAX_OWN		(2 * MAX_LOOPS * (MAX_WORKERS + 1))	/* and some ending */

static int sigfd = -1;	/* signals for the supervisor, where it takes them */
static pid_t own[MAX_OWN];	/* our loops and workers, until reaped */

struct supervisor {
	struct target *t;
	const struct supervision *how;
	struct watch *watch;
	struct { pid_t pid; int chan; } loop[MAX_LOOPS];	/* pid 0: a free place */
	int active;	/* the loop that polls the listener, or -1 */
	int listener;	/* ours, to start loops with; -1 where no loop is started after the first */
	int wake[2];
	int ticking;
	uint32_t seen_seq, seen_busy;
	int reaped, status, stopped;
};

/* Signals for the supervisor arrive on a signalfd, read in its poll
 * loop: no handler, no exit from one.  SIGCHLD comes too, for the
 * orphans a subreaper inherits.  SIGCHLD ignored (inherited across exec)
 * would let the kernel reap the target before us, and a closed output
 * must not kill us (SIGPIPE): the target gets both back as they were.
 * *mask and *ignored get what the caller had. */
void
catch_signals(sigset_t *mask, sigset_t *ignored)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL }, ign = { .sa_handler = SIG_IGN }, was;
	sigset_t set;

	sigemptyset(ignored);
	sigaction(SIGCHLD, &dfl, &was);
	if (was.sa_handler == SIG_IGN)
		sigaddset(ignored, SIGCHLD);
	sigaction(SIGPIPE, &ign, &was);
	if (was.sa_handler == SIG_IGN)
		sigaddset(ignored, SIGPIPE);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGQUIT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, mask);
	if ((sigfd = sys_signalfd(&set, SFD_NONBLOCK | SFD_CLOEXEC)) == -1)
		die("signalfd:");
}

/* Waits for child pid, which has nothing to be served, and passes on
 * the signals sent to unotify alone, as supervise does.  Returns its
 * wait status, or -1. */
int
wait_passing_signals(pid_t pid)
{
	struct pollfd p = { .fd = sigfd, .events = POLLIN };
	struct signalfd_siginfo si;
	int status;
	pid_t w;

	for (;;) {
		if ((w = waitpid(pid, &status, WNOHANG)) == pid)
			return status;
		if (w == -1 && errno != EINTR)
			return -1;
		if (poll(&p, 1, -1) == -1 && errno != EINTR)
			return -1;
		while (read(sigfd, &si, sizeof(si)) == sizeof(si))
			if (si.ssi_signo != SIGCHLD && si.ssi_code != SI_KERNEL)
				kill(pid, si.ssi_signo);
	}
}

static void
own_add(pid_t pid)
{
	int i;

	for (i = 0; i < MAX_OWN; i++)
		if (!own[i]) {
			own[i] = pid;
			return;
		}
}

/* Whether pid is one of our loops or workers. */
int
our_own(pid_t pid)
{
	int i;

	for (i = 0; i < MAX_OWN; i++)
		if (own[i] == pid)
			return 1;
	return 0;
}

static void
own_gone(pid_t pid)
{
	int i;

	for (i = 0; i < MAX_OWN; i++)
		if (own[i] == pid)
			own[i] = 0;
}

/* A child that wears no caller's identity (or not yet) and that must not
 * outlive us: its signal mask is ours (the keys of the terminal are not
 * for it), it takes no signal of ours, holds none of our fds but those
 * it is given. */
static pid_t
fork_own(struct supervisor *sv)
{
	pid_t parent = getpid(), pid = _Fork();
	int i;

	if (pid == 0) {
		before_die = NULL;	/* the main process ends the target */
		close(sigfd);
		close(sv->wake[0]);
		if (sv->t->exec_news >= 0)
			close(sv->t->exec_news);
		for (i = 0; i < MAX_LOOPS; i++)
			if (sv->loop[i].pid)
				close(sv->loop[i].chan);
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 || getppid() != parent)
			_exit(125);
	} else if (pid > 0) {
		own_add(pid);
	}
	return pid;
}

/* Starts a serve loop, which polls the listener from now on. */
static int
start_loop(struct supervisor *sv)
{
	struct serving s = { sv->listener, sv->t->pidfd, sv->how, sv->watch, 0, -1, sv->wake[1] };
	int chan[2], i;

	for (i = 0; i < MAX_LOOPS && sv->loop[i].pid; i++)
		;
	if (i == MAX_LOOPS)
		return -1;
	if (sys_socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, chan) == -1)
		die("socketpair:");
	memset((void *)&sv->watch->loop[i], 0, sizeof(sv->watch->loop[i]));
	s.slot = i;
	s.chan = chan[1];
	switch (sv->loop[i].pid = fork_own(sv)) {
	case -1:
		die("starting a serve loop:");
	case 0:
		close(chan[0]);
		serve(&s);
	}
	close(chan[1]);
	sv->loop[i].chan = chan[0];
	sv->active = i;
	sv->seen_busy = 0;
	sv->ticking = sv->how->rules.prog;	/* watched from its start */
	return 0;
}

/* "/bye" stopped the loop: the listener closes (the loop's copy is the
 * only one), and nothing more is said. */
static void
stopped(struct supervisor *sv)
{
	sv->stopped = 1;
	if (sv->listener >= 0)
		close(sv->listener);
	sv->listener = -1;
}

/* A loop asks for a worker ('w'): forked from us, it gets its socket and
 * PID; the worker keeps only its end of the socket (worker.c).  Or it
 * says "/bye" stopped it ('b'). */
static void
loop_asks(struct supervisor *sv, int chan)
{
	char ask;
	int pair[2];
	pid_t pid = -1;

	if (read(chan, &ask, 1) != 1)
		return;
	if (ask == 'b') {
		stopped(sv);
		return;
	}
	if (sys_socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == -1) {
		send_fd_with(chan, -1, &pid, sizeof(pid));	/* no fd: the loop refuses the call */
		return;
	}
	if ((pid = fork_own(sv)) == 0) {
		close(pair[0]);
		/* the one memory we share with our loops: never a worker's */
		munmap(sv->watch, sizeof(*sv->watch));
		worker(pair[1], sv->how->rules.self, getppid());
	}
	close(pair[1]);
	send_fd_with(chan, pid > 0 ? pair[0] : -1, &pid, sizeof(pid));
	close(pair[0]);
}

/* A loop ended: retired and done, stopped by "/bye", with no task left
 * to serve, or failed (it said why; we end with its status). */
static void
loop_ended(struct supervisor *sv, int i, int status)
{
	close(sv->loop[i].chan);
	sv->loop[i].pid = 0;
	if (sv->active == i)
		sv->active = -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == LOOP_STOPPED) {
		stopped(sv);
	} else if (sv->reaped) {
		return;		/* ended by us, with the target gone */
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == LOOP_RETIRED) {
		/* all were held when the last was: one takes the listener now */
		if (sv->active == -1 && sv->listener >= 0)
			start_loop(sv);
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != LOOP_UNUSED) {
		if (WIFSIGNALED(status))
			complain("a serve loop was killed by signal %d", WTERMSIG(status));
		if (before_die)
			before_die();
		exit(125);
	}
}

/* Whether pid is one of our workers. */
static int
is_worker(const struct supervisor *sv, pid_t pid)
{
	int i;

	for (i = 0; i < MAX_LOOPS; i++)
		if (sv->loop[i].pid == pid)
			return 0;
	return our_own(pid);
}

/* Reaps the target (its status kept), our loops and workers, and any
 * orphan we inherited.  A worker that is stopped is killed: it blocks
 * every signal that stops by default, so only its caller can have
 * stopped it, with SIGSTOP, to hold it and what it serves; that costs
 * the caller its own call (EPERM), nothing more. */
static void
reap_children(struct supervisor *sv)
{
	siginfo_t stopped = { 0 };
	pid_t pid;
	int status, i;

	while (waitid(P_ALL, 0, &stopped, WSTOPPED | WNOHANG) == 0 && stopped.si_pid) {
		if (is_worker(sv, stopped.si_pid))
			kill(stopped.si_pid, SIGKILL);	/* unreaped: the PID is still its own */
		stopped.si_pid = 0;
	}

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid == sv->t->pid && !sv->reaped) {
			sv->status = status;
			sv->reaped = 1;
		}
		for (i = 0; i < MAX_LOOPS; i++)
			if (sv->loop[i].pid == pid)
				loop_ended(sv, i, status);
		own_gone(pid);
	}
}

static void
take_signals(struct supervisor *sv)
{
	struct signalfd_siginfo si;

	while (read(sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGCHLD) {
			reap_children(sv);
		} else if (si.ssi_code != SI_KERNEL && !sv->reaped) {
			/* Keys typed at the terminal (SI_KERNEL) reach the
			 * whole process group, the target already included;
			 * a signal sent to unotify alone is passed on. */
			kill(sv->t->pid, si.ssi_signo);
		}
	}
}

/* A tick: the active loop still on the call it was on a tick ago is
 * held, by the caller or its filesystem: it is retired (it ends once it
 * is free and its workers have answered), and a new loop takes the
 * listener.  At most MAX_LOOPS: with all of them held, calls wait until
 * one is free.  A tick with no call at all puts us to sleep until a loop
 * wakes us. */
static void
tick(struct supervisor *sv)
{
	typeof(sv->watch->loop[0]) *l;
	uint32_t busy, seq;
	int i;

	if (sv->stopped) {
		sv->ticking = 0;
		return;
	}
	if (sv->active == -1) {
		/* all were held: a retired one that is free now (its hung
		 * calls wait for workers) takes the listener back */
		for (i = 0; i < MAX_LOOPS; i++)
			if (sv->loop[i].pid && !sv->watch->loop[i].busy) {
				sv->watch->loop[i].retired = 0;
				sv->active = i;
				sv->seen_busy = 0;
				return;
			}
		return;
	}
	l = &sv->watch->loop[sv->active];
	busy = l->busy;
	seq = l->seq;
	if (busy && busy == sv->seen_busy) {
		l->retired = 1;
		if (start_loop(sv) == -1)
			sv->active = -1;	/* until one is free again */
		return;
	}
	if (!busy && seq == sv->seen_seq) {
		sv->watch->asleep = 1;
		__sync_synchronize();	/* asleep before busy is read: a loop reads them the other way */
		if (!l->busy && l->seq == seq)
			sv->ticking = 0;
		else
			sv->watch->asleep = 0;
	}
	sv->seen_busy = busy;
	sv->seen_seq = seq;
}

/* Ends our loops and workers: killed, and reaped where they end at once.
 * A loop in the middle of a call first has two ticks to finish it, and
 * say what came of it (the target's death ends a -d countdown).  One that
 * a hung filesystem holds in the kernel ends when it lets go (a SIGKILL
 * waits for it), and is reaped by whoever inherits it. */
static void
end_own(struct supervisor *sv)
{
	struct timespec tick = { 0, 10000000 };
	sigset_t child;
	int i, left, rounds;

	for (rounds = 0; rounds < 2 * TICK_MS / 10; rounds++) {
		for (i = left = 0; i < MAX_LOOPS; i++)
			left += sv->loop[i].pid && sv->watch->loop[i].busy;
		if (!left)
			break;
		nanosleep(&tick, NULL);
	}

	for (i = 0; i < MAX_OWN; i++)
		if (own[i])
			kill(own[i], SIGKILL);	/* unreaped: the PID is still theirs */
	sigemptyset(&child);
	sigaddset(&child, SIGCHLD);
	for (rounds = 0; rounds < 100; rounds++) {
		reap_children(sv);
		for (i = left = 0; i < MAX_OWN; i++)
			left += own[i] != 0;
		if (!left)
			break;
		sigtimedwait(&child, NULL, &tick);
	}
}

/* Milliseconds until *t (monotonic), 0 if it has come. */
static int
ms_to(const struct timespec *t)
{
	struct timespec now;
	long ms;

	monotonic_now(&now);
	ms = (t->tv_sec - now.tv_sec) * 1000 + (t->tv_nsec - now.tv_nsec) / 1000000;
	return ms > 0 ? ms : 0;
}

/* Wakes from a sleep: a loop began a call. */
static void
woken(struct supervisor *sv)
{
	char bytes[16];

	while (read(sv->wake[0], bytes, sizeof(bytes)) > 0)
		;
	sv->ticking = 1;
	sv->seen_busy = sv->seen_seq = 0;
}

/* Serves notifications until the target has exited; returns its exit
 * status, and t->listener still open where a copy was kept (-x), for the
 * caller to close.  Polls the loops' channels, the watch's wake-up, the
 * target's pidfd and our signals: no exit from a signal handler, and the
 * target is always reaped. */
int
supervise(struct target *t, const struct supervision *how)
{
	struct supervisor sv = { .t = t, .how = how, .listener = t->listener, .active = -1 };
	struct pollfd fds[3 + MAX_LOOPS];
	struct timespec next_tick = { 0, 0 };
	int i, n, at[3 + MAX_LOOPS];

	sv.watch = sys_mmap_anon(sizeof(*sv.watch), MAP_SHARED);
	if (sv.watch == MAP_FAILED || sys_pipe2(sv.wake, O_CLOEXEC | O_NONBLOCK) == -1)
		die("starting the supervisor:");
	/* Linux 6.6+: the target's wake-up and ours happen on the CPU that
	 * answers, instead of a round trip through the scheduler that costs
	 * 60-200 us when it picks different CPUs.  Older kernels say EINVAL. */
	if (!how->async_wakeup)
		sys_ioctl(t->listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
	/* A real program's calls may hang in its filesystems: then another
	 * loop takes over.  The demo's and the benchmark's own target makes
	 * one call at a time, and "/bye" closes the listener for good: the
	 * loop holds the only copy. */
	sv.watch->asleep = how->rules.prog;
	start_loop(&sv);
	if (!how->rules.prog) {
		close(sv.listener);
		sv.listener = -1;
	}
	t->listener = -1;
	while (!sv.reaped) {
		n = 0;
		for (i = 0; i < MAX_LOOPS; i++)
			if (sv.loop[i].pid) {
				fds[n].fd = sv.loop[i].chan;
				at[n++] = i;
			}
		fds[n].fd = sv.wake[0], at[n++] = -1;
		fds[n].fd = t->pidfd, at[n++] = -2;
		fds[n].fd = sigfd, at[n++] = -3;	/* last: a loop it reaps closes its channel */
		for (i = 0; i < n; i++)
			fds[i].events = POLLIN;
		if (poll(fds, n, sv.ticking ? ms_to(&next_tick) : -1) == -1) {
			if (errno == EINTR)
				continue;
			die("poll:");
		}
		/* by the clock: a stream of events (orphans ending, say)
		 * must not keep the watch from ticking */
		if (sv.ticking && ms_to(&next_tick) == 0) {
			tick(&sv);
			monotonic_now(&next_tick);
			next_tick.tv_nsec += TICK_MS * 1000000L;
		}
		for (i = 0; i < n; i++) {
			if (!fds[i].revents)
				continue;
			if (at[i] >= 0 && (fds[i].revents & POLLIN))
				loop_asks(&sv, fds[i].fd);
			else if (at[i] >= 0)
				reap_children(&sv);	/* it is ending */
			else if (at[i] == -1)
				woken(&sv);
			else if (at[i] == -3)
				take_signals(&sv);
			else if (!sv.reaped) {
				while (waitpid(t->pid, &sv.status, 0) == -1)
					if (errno != EINTR)
						die("waitpid:");
				sv.reaped = 1;
			}
		}
	}
	end_own(&sv);
	if (!sv.stopped && !prog_not_executed(t))
		say("\tS: target has terminated; bye\n");
	/* ours is the last copy: kept until the caller has ended PROG's
	 * leftovers, whose calls would get ENOSYS once it closes */
	t->listener = sv.listener;
	if (t->pidfd >= 0)
		close(t->pidfd);
	close(sv.wake[0]);
	close(sv.wake[1]);
	munmap(sv.watch, sizeof(*sv.watch));
	return exit_code(sv.status);
}
