/* serve.c: a serve loop.  Receives each notification, reads the path
 * from the target's memory, applies the policy and sends the answer; a
 * directory for another identity is made by a worker, and answered when
 * the worker is done, while the loop serves on.  What may still hold
 * this process (a path in memory nobody faults in, a directory made here
 * below a hung filesystem) the main process sees in the watch: it starts
 * another loop, which serves the other callers meanwhile. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "supervisor/notif.h"
#include "supervisor/output.h"
#include "supervisor/readpath.h"
#include "supervisor/serve.h"
#include "supervisor/workers.h"

#define CHECK_MS	100	/* how often calls that wait for a worker are asked whether they still wait */
#define MAX_QUEUED	64	/* calls waiting for a worker to be free, per loop */

/* Calls a worker makes a directory for, by the worker's index, and calls
 * that wait for one (its user's workers all at work, or every worker):
 * each mapped when first met, for few callers need them. */
static struct loop {
	const struct serving *s;
	struct notif_buffers nb;
	int listener;	/* -1 while retired or full, or once no task uses the filter */
	int unused;	/* no task uses the filter any more */
	int full;	/* every worker at work: no call taken, the loop marked held */
	struct call *jobs;
	char held[MAX_WORKERS];	/* jobs[i] waits for worker i */
	char cancelled[MAX_WORKERS];	/* its call is gone, its worker killed */
	int pending;	/* how many are held */
	struct call *queue;
	int queued;	/* the first of them wait, oldest first */
} lp;

static struct call *
mapped(struct call **calls, int n)
{
	if (!*calls && (*calls = sys_mmap_anon(n * sizeof(**calls), MAP_PRIVATE)) == MAP_FAILED)
		die("mmap:");
	return *calls;
}

/* Sleeps a second, or until the target is gone (where its pidfd tells:
 * returns 0 then).  The main process passes signals on meanwhile. */
static int
pause_second(void)
{
	struct pollfd target = { lp.s->target, POLLIN, 0 };
	struct timespec now, end;
	long ms;

	monotonic_now(&end);
	end.tv_sec++;
	for (;;) {
		monotonic_now(&now);
		ms = (end.tv_sec - now.tv_sec) * 1000 + (end.tv_nsec - now.tv_nsec + 999999) / 1000000;
		if (ms <= 0)
			return 1;
		if (poll(&target, 1, ms) > 0)
			return 0;
	}
}

/* -d: the target may take a signal meanwhile (its call then fails with
 * EINTR) or die; the ID checks around the pause tell. */
static int
delay_still_valid(uint64_t id)
{
	unsigned s;

	if (!id_valid(lp.listener, id))
		return 0;
	say("\tS: delaying for %u seconds:", lp.s->how->delay);
	for (s = lp.s->how->delay; s > 0; s--) {
		say(" %u", s);
		if (!pause_second())
			break;
	}
	say("\n");
	return id_valid(lp.listener, id);
}

/* Which call, and where its path and mode are: mkdirat(dirfd, path, mode)
 * shifts them by one.  dirfd needs no look: /tmp/ paths are absolute, and
 * "./" ones are left to the kernel.  Returns the index of the path. */
static int
which_call(const struct seccomp_data *d, struct call *c)
{
	int compat = d->arch == AUDIT_ARCH_COMPAT;

	c->dirfd = AT_FDCWD;
	c->name = NULL;
	if (d->nr == (compat ? COMPAT_mkdir : NATIVE_mkdir)) {
		c->name = "mkdir";
		return 0;
	}
	if (d->nr == (compat ? COMPAT_mkdirat : NATIVE_mkdirat)) {
		c->name = "mkdirat";
		c->dirfd = (int)d->args[0];
		return 1;
	}
	return -1;
}

static void
id_gone(void)
{
	say_err("\tS: notification ID check failed!!!: %s\n", err_text(ENOENT));
}

/* Sends resp, with its line; after "/bye", the line that says so, before
 * the answer wakes the target (a fixed order), and nothing of ENOENT.
 * ENOENT: a signal interrupted the call after our last check (or killed
 * the task); the target has moved on, so do we. */
static void
send_answer(struct seccomp_notif_resp *resp, int bye)
{
	say("\tS: sending response (flags = %#x; val = %lld; error = %d)\n",
	    (unsigned)resp->flags, (long long)resp->val, (int)resp->error);
	if (bye)
		say("\tS: terminating **********\n");
	if (sys_ioctl(lp.s->listener, SECCOMP_IOCTL_NOTIF_SEND, resp) == -1) {
		if (errno != ENOENT)
			complain("ioctl(SECCOMP_IOCTL_NOTIF_SEND):");
		else if (!bye)
			say("\tS: response failed with ENOENT; perhaps target "
			    "process's syscall was interrupted by a signal?\n");
	}
}

/* Worker i has answered (a), or ended: the call it made the directory
 * for gets its answer, unless it is gone. */
static void
conclude(int i, int answered, const struct worker_answer *a)
{
	struct call *c = &lp.jobs[i];
	struct seccomp_notif_resp *resp = lp.nb.resp;

	lp.held[i] = 0;
	lp.pending--;
	if (lp.cancelled[i]) {	/* said when it was found gone */
		lp.cancelled[i] = 0;
		if (answered)
			worker_drop(i);
		return;
	}
	memset(resp, 0, lp.nb.resp_size);
	resp->id = c->id;
	if (!answered) {
		cannot_act(c, &lp.s->how->rules, "its worker ended", resp);
	} else {
		policy_made(c, &lp.s->how->rules, a, resp);
	}
	send_answer(resp, 0);
}

/* Worker i's socket is readable: its answer, or its end. */
static void
finish(int i)
{
	struct worker_answer a;

	conclude(i, worker_answered(i, &a) == 0, &a);
}

static void
hold(int i, const struct call *c)
{
	mapped(&lp.jobs, MAX_WORKERS)[i] = *c;
	lp.held[i] = 1;
	lp.pending++;
}

/* Applies the policy to call c, whose path was read: answered, given to a
 * worker, or (NO_WORKER) left to the caller to keep. */
static int
place(struct call *c)
{
	struct seccomp_notif_resp *resp = lp.nb.resp;
	struct worker_answer a;
	int done;

	memset(resp, 0, lp.nb.resp_size);
	resp->id = c->id;
	done = apply_policy(c, &lp.s->how->rules, resp);
	if (done == GONE)
		id_gone();
	else if (done == ANSWERED)
		send_answer(resp, 0);
	else if (done >= 0)
		hold(done, c);
	if (done >= 0 && worker_handed(done, &a))
		conclude(done, 1, &a);
	return done;
}

/* The calls that wait for a worker, once one may be free: in order, each
 * placed or left waiting. */
static void
run_queue(void)
{
	struct call c;
	int i, n = lp.queued, done;

	lp.queued = 0;
	for (i = 0; i < n; i++) {
		c = lp.queue[i];
		if ((done = place(&c)) == USER_WAITS || done == NO_WORKER)
			lp.queue[lp.queued++] = c;
	}
}

static void
enqueue(const struct call *c)
{
	mapped(&lp.queue, MAX_QUEUED)[lp.queued++] = *c;
}

/* Calls that no longer wait (a signal, the task killed): one a worker
 * makes has its worker killed, which ends what it did (counted until it
 * ends, for the kernel may hold it); one that waits for a worker leaves
 * the queue. */
static void
check_calls(void)
{
	int i, n = lp.queued;

	for (i = 0; i < MAX_WORKERS; i++)
		if (lp.held[i] && !lp.cancelled[i] && !id_valid(lp.s->listener, lp.jobs[i].id)) {
			worker_kill(i);
			lp.cancelled[i] = 1;
			id_gone();
		}
	lp.queued = 0;
	for (i = 0; i < n; i++)
		if (id_valid(lp.s->listener, lp.queue[i].id))
			lp.queue[lp.queued++] = lp.queue[i];
		else
			id_gone();
}

/* Adds the sockets of the workers that make a directory to fds, after
 * the n there, their indexes to at; returns the new n. */
static int
poll_workers(struct pollfd *fds, int *at, int n)
{
	int i;

	for (i = 0; i < MAX_WORKERS && lp.pending; i++)
		if (lp.held[i]) {
			fds[n].fd = worker_sock(i);
			fds[n].events = POLLIN;
			at[n++] = i;
		}
	return n;
}

/* The answers of the workers poll found ready (at: a worker's index, or
 * -1 for another fd), sent. */
static void
finish_ready(const struct pollfd *fds, const int *at, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (at[i] >= 0 && fds[i].revents)
			finish(at[i]);
}

/* Waits for the workers' answers (at most ms) and sends them. */
static void
take_answers(int ms)
{
	struct pollfd fds[MAX_WORKERS];
	int n, at[MAX_WORKERS];

	n = poll_workers(fds, at, 0);
	if (poll(fds, n, ms) > 0)
		finish_ready(fds, at, n);
}

/* Waits for a worker to be free for call c: every worker is at work, or
 * its user's are and the queue is full.  The main process sees this loop
 * held, and retires it if that lasts; calls are checked meanwhile, and
 * older ones that wait go first. */
static void
park(struct call *c)
{
	int done;

	for (;;) {
		take_answers(CHECK_MS);
		check_calls();
		run_queue();
		done = place(c);
		if (done == NO_WORKER || (done == USER_WAITS && lp.queued == MAX_QUEUED))
			continue;
		if (done == USER_WAITS)
			enqueue(c);
		return;
	}
}

/* The mark the main process watches: a call is being served.  Its first
 * after a quiet spell wakes the main process, asleep then. */
static void
begin_call(void)
{
	typeof(lp.s->watch->loop[0]) *me = &lp.s->watch->loop[lp.s->slot];
	char byte = 0;

	if (++me->seq == 0)
		++me->seq;
	me->busy = me->seq;
	__sync_synchronize();	/* the busy mark before asleep is read: the main process reads them the other way */
	if (lp.s->watch->asleep && __sync_lock_test_and_set(&lp.s->watch->asleep, 0))
		write(lp.s->wake, &byte, 1);
}

static void
end_call(void)
{
	lp.s->watch->loop[lp.s->slot].busy = 0;
}

/* Serves one notification; returns 1 after "/bye". */
static int
serve_one(void)
{
	struct seccomp_notif *req = lp.nb.req;
	struct seccomp_notif_resp *resp = lp.nb.resp;
	const struct rules *rules = &lp.s->how->rules;
	int listener = lp.listener, arg, err = 0, bye;
	struct call c;
	uint64_t addr;

	memset(req, 0, lp.nb.req_size);
	if (sys_ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, req) == -1) {
		/* ENOENT: the call was interrupted, or its task killed,
		 * between its coming and here.  Nothing to answer. */
		if (errno == EINTR || errno == ENOENT)
			return 0;
		die("ioctl(SECCOMP_IOCTL_NOTIF_RECV):");
	}
	begin_call();
	say("\tS: got notification (ID %#llx) for PID %d\n",
	    (unsigned long long)req->id, (int)req->pid);
	if (lp.s->how->delay && !delay_still_valid(req->id))
		goto gone;
	memset(resp, 0, lp.nb.resp_size);
	resp->id = req->id;
	c.path[0] = '\0';
	arg = which_call(&req->data, &c);
	/* The demo's target calls mkdir(3), word for word as the original
	 * says, even where the kernel has only mkdirat (aarch64). */
	if (!rules->prog)
		c.name = "mkdir";
	if (arg >= 0) {
		c.listener = lp.s->listener;	/* a call may outlive our turn at it */
		c.id = req->id;
		c.pid = req->pid;
		addr = req->data.args[arg];
		c.mode = req->data.args[arg + 1];
		/* A 32-bit ABI's task (i386 on x86-64, or an i686 or arm build
		 * on a 64-bit kernel) may have set the registers' upper halves,
		 * from 64-bit code: the kernel reads 32 bits.  (s390's 31-bit
		 * and mips's o32 tasks, read otherwise, are killed.) */
		_Static_assert(!HAS_COMPAT || AUDIT_ARCH_COMPAT == AUDIT_ARCH_I386,
		    "a served compat ABI reads its arguments as i386's do");
		if (!(req->data.arch & AUDIT_ARCH_64BIT)) {
			addr &= 0xffffffff;
			c.mode &= 0xffffffff;
		}
		/* No ID check here: an answer that only continues or spoofs an
		 * error is bound to the ID, and SEND fails with ENOENT for a
		 * stale one.  The policy checks before it makes anything. */
		err = read_path(rules->self->proc, req->pid, addr, c.path, READ_ANY);
		c.unread = err != 0;
		c.addr = addr;
		if (err == EFAULT || err == ENAMETOOLONG) {
			resp->error = -err;
			say("\tS: spoofing error for invalid pathname (%s)%s\n", err_text(err), call_text(&c, rules));
		} else if (err) {
			resp->error = -EPERM;
			say("\tS: cannot read the path from the target's memory (%s): refusing%s\n",
			    err_text(err), call_text(&c, rules));
		} else if (strcmp(c.path, "/bye") || rules->prog) {
			/* its user's workers all at work: it waits in the
			 * queue, and the loop serves on */
			switch (place(&c)) {
			case USER_WAITS:
				if (lp.queued < MAX_QUEUED) {
					enqueue(&c);
					break;
				}
				/* fall through */
			case NO_WORKER:
				park(&c);
			}
			return 0;
		} else if (apply_policy(&c, rules, resp) == GONE) {
			goto gone;
		}
	} else {
		resp->error = -ENOSYS;
		say("\tS: spoofing error response (%s)\n", err_text(ENOSYS));
	}
	bye = !rules->prog && arg >= 0 && !err && strcmp(c.path, "/bye") == 0;
	/* Stopping is a side effect: only for a call that still waits (the
	 * bytes may have been read from memory reused after a signal). */
	if (bye && !id_valid(listener, req->id))
		goto gone;
	send_answer(resp, bye);
	return bye;
gone:
	id_gone();
	return 0;
}

/* Receives a call (waiting for one) and serves it, marked as on it from
 * the moment it came; ends the loop after "/bye". */
static void
take_call(void)
{
	int bye = serve_one();

	end_call();
	if (bye) {
		/* said before the listener closes, which lets the target
		 * end: the main process may then end us */
		while (write(lp.s->chan, "b", 1) == -1 && errno == EINTR)
			;
		close(lp.listener);
		_exit(LOOP_STOPPED);
	}
}

/* Serves notifications until retired (then until the calls its workers
 * make are answered), or until no task uses the filter, or stopped by
 * "/bye"; the main process ends it when the target is gone.  A retired
 * loop that is free may be given the listener back (no other serves). */
_Noreturn void
serve(const struct serving *s)
{
	struct pollfd fds[1 + MAX_WORKERS];
	unsigned rounds = 0;
	int n, polled, at[1 + MAX_WORKERS];

	lp.s = s;
	notif_buffers(&lp.nb);
	workers_use(s->chan);
	for (;;) {
		/* With every worker at work, a call taken here could only
		 * wait for one: none is taken, and the loop stays marked as
		 * on a call, so that the main process gives the listener to a
		 * new loop; the calls wait in the kernel meanwhile. */
		if ((lp.pending >= MAX_WORKERS) != lp.full) {
			lp.full = !lp.full;
			lp.full ? begin_call() : end_call();
		}
		lp.listener = s->watch->loop[s->slot].retired || lp.unused || lp.full ? -1 : s->listener;
		if (lp.listener == -1 && !lp.pending && !lp.queued)
			_exit(lp.unused ? LOOP_UNUSED : LOOP_RETIRED);
		/* Nothing else to wait for: RECV waits itself, a system call
		 * less than a poll first (1.8 us of a CONTINUE round trip's 16,
		 * measured).  An idle loop is never retired, and the main
		 * process ends it with the target, used or not. */
		if (lp.listener >= 0 && !lp.pending && !lp.queued) {
			take_call();
			continue;
		}
		n = 0;
		if (lp.listener >= 0) {
			fds[n].fd = lp.listener;
			fds[n].events = POLLIN;
			at[n++] = -1;
		}
		n = poll_workers(fds, at, n);
		if ((polled = poll(fds, n, lp.pending || lp.queued ? CHECK_MS : -1)) == -1) {
			if (errno == EINTR)
				continue;
			die("poll:");
		}
		/* CHECK_MS with nothing to do, or a fair share of the rounds */
		if ((lp.pending || lp.queued) && (!polled || ++rounds % 256 == 0)) {
			check_calls();
			if (lp.queued)
				run_queue();
			continue;	/* the jobs polled may be gone */
		}
		/* the answers ready first: a caller that keeps the listener
		 * full must not hold up those of the others */
		finish_ready(fds, at, n);
		if (at[0] == -1 && (fds[0].revents & POLLIN)) {
			take_call();
			continue;	/* answers it took meanwhile: polled anew */
		}
		if (at[0] == -1 && fds[0].revents)
			lp.unused = 1;	/* no task uses the filter any more */
		if (lp.queued)
			run_queue();
	}
}
