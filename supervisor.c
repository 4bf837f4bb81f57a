/* supervisor.c: the serve loop.  Receives each notification, reads the
 * path from the target's memory, checks the ID, applies the policy and
 * sends the answer, until the target has exited; passes signals on. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>

#include "notif.h"
#include "output.h"
#include "policy.h"
#include "readpath.h"
#include "supervisor.h"

static int sigfd = -1;	/* signals for the supervisor, where it takes them */

struct supervisor {
	struct target *t;
	struct notif_buffers nb;
	const struct supervision *how;
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

/* Reaps the target (its status kept) and any orphan we inherited. */
static void
reap_children(struct supervisor *sv)
{
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		if (pid == sv->t->pid && !sv->reaped) {
			sv->status = status;
			sv->reaped = 1;
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

/* Sleeps a second, still passing signals on to the target. */
static void
pause_second(struct supervisor *sv)
{
	struct pollfd pfd = { sigfd, POLLIN, 0 };
	struct timespec now, end;
	long ms;

	monotonic_now(&end);
	end.tv_sec++;
	for (;;) {
		monotonic_now(&now);
		ms = (end.tv_sec - now.tv_sec) * 1000 + (end.tv_nsec - now.tv_nsec + 999999) / 1000000;
		if (ms <= 0)
			return;
		if (poll(&pfd, 1, ms) > 0)
			take_signals(sv);
	}
}

/* -d: the target may take a signal meanwhile (its call then fails with
 * EINTR) or die; the ID checks around the pause tell. */
static int
delay_still_valid(struct supervisor *sv, uint64_t id)
{
	unsigned s;

	if (!id_valid(sv->t->listener, id))
		return 0;
	say("\tS: delaying for %u seconds:", sv->how->delay);
	for (s = sv->how->delay; s > 0; s--) {
		say(" %u", s);
		pause_second(sv);
	}
	say("\n");
	return id_valid(sv->t->listener, id);
}

/* Which call, and where its path and mode are: mkdirat(dirfd, path, mode)
 * shifts them by one.  dirfd needs no look: /tmp/ paths are absolute, and
 * "./" ones are left to the kernel.  Returns the index of the path. */
static int
which_call(const struct seccomp_data *d, struct call *c)
{
	int compat = d->arch == AUDIT_ARCH_COMPAT;

	if (d->nr == (compat ? COMPAT_mkdir : NATIVE_mkdir)) {
		c->name = "mkdir";
		return 0;
	}
	if (d->nr == (compat ? COMPAT_mkdirat : NATIVE_mkdirat)) {
		c->name = "mkdirat";
		return 1;
	}
	return -1;
}

/* Serves one notification; returns 1 after "/bye". */
static int
serve_one(struct supervisor *sv)
{
	struct seccomp_notif *req = sv->nb.req;
	struct seccomp_notif_resp *resp = sv->nb.resp;
	int listener = sv->t->listener, arg, err = 0, bye;
	struct call c;
	uint64_t addr;

	memset(req, 0, sv->nb.req_size);
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, req) == -1) {
		/* ENOENT: the call was interrupted, or its task killed,
		 * between poll and here.  Nothing to answer. */
		if (errno == EINTR || errno == ENOENT)
			return 0;
		die("ioctl(SECCOMP_IOCTL_NOTIF_RECV):");
	}
	say("\tS: got notification (ID %#llx) for PID %d\n",
	    (unsigned long long)req->id, (int)req->pid);
	if (sv->how->delay && !delay_still_valid(sv, req->id))
		goto gone;
	memset(resp, 0, sv->nb.resp_size);
	resp->id = req->id;
	c.path[0] = '\0';
	arg = which_call(&req->data, &c);
	/* The demo's target calls mkdir(3), word for word as the original
	 * says, even where the kernel has only mkdirat (aarch64). */
	if (!sv->how->rules.prog)
		c.name = "mkdir";
	if (arg >= 0) {
		c.listener = listener;
		c.id = req->id;
		c.pid = req->pid;
		addr = req->data.args[arg];
		c.mode = req->data.args[arg + 1];
		if (req->data.arch == AUDIT_ARCH_COMPAT) {
			addr &= 0xffffffff;	/* as the kernel reads a 32-bit argument */
			c.mode &= 0xffffffff;
		}
		/* No ID check here: an answer that only continues or spoofs an
		 * error is bound to the ID, and SEND fails with ENOENT for a
		 * stale one.  The policy checks before it makes anything. */
		err = read_path(sv->how->rules.self->proc, req->pid, addr, c.path, READ_ANY);
		if (err == EFAULT || err == ENAMETOOLONG) {
			resp->error = -err;
			say("\tS: spoofing error for invalid pathname (%s)\n", err_text(err));
		} else if (err) {
			resp->error = -EPERM;
			say("\tS: cannot read the path from the target's memory (%s): refusing\n",
			    err_text(err));
		} else if (apply_policy(&c, &sv->how->rules, resp) == -1) {
			goto gone;
		}
	} else {
		resp->error = -ENOSYS;
		say("\tS: spoofing error response (%s)\n", err_text(ENOSYS));
	}
	bye = !sv->how->rules.prog && arg >= 0 && !err && strcmp(c.path, "/bye") == 0;
	/* Stopping is a side effect: only for a call that still waits (the
	 * bytes may have been read from memory reused after a signal). */
	if (bye && !id_valid(listener, req->id))
		goto gone;
	say("\tS: sending response (flags = %#x; val = %lld; error = %d)\n",
	    (unsigned)resp->flags, (long long)resp->val, (int)resp->error);
	if (bye)	/* before the answer wakes the target: a fixed order */
		say("\tS: terminating **********\n");
	/* ENOENT: a signal interrupted the call after our last check (or
	 * killed the task).  The target has moved on; so do we. */
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, resp) == -1) {
		if (errno == ENOENT)
			say("\tS: response failed with ENOENT; perhaps target "
			    "process's syscall was interrupted by a signal?\n");
		else
			complain("ioctl(SECCOMP_IOCTL_NOTIF_SEND):");
	}
	return bye;
gone:
	say_err("\tS: notification ID check failed!!!: %s\n", err_text(ENOENT));
	return 0;
}

/* Serves notifications until the target has exited; returns its exit
 * status.  Polls the listener, the target's pidfd and our signals: no
 * exit from a signal handler, and the target is always reaped. */
int
supervise(struct target *t, const struct supervision *how)
{
	struct supervisor sv = { .t = t, .how = how };
	struct pollfd fds[3] = {
		{ t->listener, POLLIN, 0 },
		{ t->pidfd, POLLIN, 0 },
		{ sigfd, POLLIN, 0 },
	};

	notif_buffers(&sv.nb);
	/* Linux 6.6+: the target's wake-up and ours happen on the CPU that
	 * answers, instead of a round trip through the scheduler that costs
	 * 60-200 us when it picks different CPUs.  Older kernels say EINVAL. */
	if (!how->async_wakeup)
		ioctl(t->listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
	while (!sv.reaped) {
		if (poll(fds, 3, -1) == -1) {
			if (errno == EINTR)
				continue;
			die("poll:");
		}
		if (fds[0].revents & POLLIN) {
			if (serve_one(&sv)) {
				close(t->listener);
				fds[0].fd = t->listener = -1;
				sv.stopped = 1;
			}
		} else if (fds[0].revents) {
			fds[0].fd = -1;		/* no task uses the filter any more */
		}
		if (fds[2].revents)
			take_signals(&sv);
		if (fds[1].revents && !sv.reaped) {
			while (waitpid(t->pid, &sv.status, 0) == -1)
				if (errno != EINTR)
					die("waitpid:");
			sv.reaped = 1;
		}
	}
	if (!sv.stopped)
		say("\tS: target has terminated; bye\n");
	if (t->listener >= 0)
		close(t->listener);
	if (t->pidfd >= 0)
		close(t->pidfd);
	return exit_code(sv.status);
}
