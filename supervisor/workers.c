/* workers.c: a serve loop's workers.  A caller whose directory cannot be
 * made in the serve loop's own process (other IDs, another user
 * namespace) is served by a worker that has become its identity: kept
 * and reused for the next call of that identity, so that any identity
 * costs about what our own does.  A worker takes one request at a time:
 * a call that hangs in its filesystem holds its worker alone, and the
 * next call of that identity gets another.  Workers are forked by the
 * main process, whose memory holds nothing of any caller's, asked for
 * over our channel to it. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include "bpf.h"
#include "fdpass.h"
#include "supervisor/caller/box.h"
#include "supervisor/caller/procfs.h"
#include "supervisor/caller/proctext.h"
#include "supervisor/output.h"
#include "supervisor/workers.h"

static struct worker {
	int sock;	/* -1: a free place */
	int pidfd;	/* -1 before Linux 5.3 */
	int busy;
	unsigned long used;	/* when it was last asked: the oldest idle one goes first */
	struct box *box;	/* shared with it alone, or NULL */
	unsigned unwatched;	/* asks left before its answer is watched for again */
	int running;	/* it was watching for its request when asked */
	struct identity id;	/* its groups: few, or memory of their own */
	gid_t few[FEW_GROUPS];
	char userns[64];
} crew[MAX_WORKERS];

#define UNWATCHED	16
#define WATCH_CHECK	16	/* asks between looks at how busy the CPUs are */

static int chan = -1;	/* to the main process */
static unsigned long clock_ticks;

void
workers_use(int to_main)
{
	int i;

	chan = to_main;
	for (i = 0; i < MAX_WORKERS; i++)
		crew[i].sock = crew[i].pidfd = -1;
}

int
worker_sock(int i)
{
	return crew[i].sock;
}

static int
is_for(const struct worker *w, const struct caller *c)
{
	return w->sock >= 0 && same_identity(&w->id, c->id) && strcmp(w->userns, c->userns_name) == 0;
}

/* Closes it: an idle worker reads the end and exits; one at work is
 * killed, for its call is gone (a FUSE request its daemon has read is
 * still waited for: it exits once answered). */
void
worker_drop(int i)
{
	struct worker *w = &crew[i];

	if (w->busy && w->pidfd >= 0)
		pidfd_send_signal(w->pidfd, SIGKILL, NULL, 0);
	close(w->sock);
	if (w->pidfd >= 0)
		close(w->pidfd);
	if (w->id.groups != w->few)
		munmap(w->id.groups, w->id.ngroups * sizeof(gid_t));
	box_unmap(w->box);
	w->box = NULL;
	w->sock = w->pidfd = -1;
	w->busy = 0;
}

/* Its identity: the worker's first message, with the caller's user
 * namespace where it has one of its own. */
static int
hello(struct worker *w, const struct caller *c)
{
	const struct identity *id = c->id;
	struct worker_hello h = { .ngroups = id->ngroups, .umask = id->umask,
	    .userns = c->userns >= 0, .cap_eff = id->cap_eff };
	const char *p = (const char *)id->groups;
	size_t left = id->ngroups * sizeof(gid_t);
	ssize_t n;
	int i;

	for (i = 0; i < 4; i++) {
		h.uid[i] = id->uid[i];
		h.gid[i] = id->gid[i];
	}
	if (send_fd_with2(w->sock, c->userns, &h, sizeof(h), NULL, 0, 0) == -1)
		return -1;
	/* it reads them all before it becomes the caller: no caller can
	 * hold us here */
	for (; left > 0; p += n, left -= n)
		if ((n = send(w->sock, p, left, MSG_NOSIGNAL)) == -1 && errno != EINTR)
			return -1;
		else if (n == -1)
			n = 0;
	w->id = *id;
	w->id.groups = w->few;
	if (id->ngroups > FEW_GROUPS && (w->id.groups = sys_mmap_anon(id->ngroups * sizeof(gid_t),
	    MAP_PRIVATE)) == MAP_FAILED) {
		w->id.groups = w->few;
		w->id.ngroups = 0;
		return -1;
	}
	memcpy(w->id.groups, id->groups, id->ngroups * sizeof(gid_t));
	memcpy(w->userns, c->userns_name, sizeof(w->userns));
	return 0;
}

/* A new worker for c from the main process, in place i. */
static int
start(int i, const struct caller *c)
{
	struct worker *w = &crew[i];
	char ask = 'w';
	int box, sent;
	pid_t pid;

	while (write(chan, &ask, 1) == -1)
		if (errno != EINTR)
			return -1;
	if ((w->sock = recv_fd_with(chan, &pid, sizeof(pid))) == -1)
		return -1;
	/* unreaped by the main process, and ours until it has read its
	 * identity: it is still that worker */
	w->pidfd = pidfd_open(pid, 0);
	w->id.groups = w->few;
	w->id.ngroups = 0;
	w->box = box_new(&box);
	w->unwatched = 0;
	sent = send_fd_with(w->sock, box, "b", 1);
	if (box >= 0)
		close(box);
	if (sent == -1 || hello(w, c) == -1) {
		worker_drop(i);
		return -1;
	}
	return 0;
}

/* Ends worker i's work: its call is gone.  It stays at work (and counted)
 * until it ends: the kernel may hold it a while (a FUSE request its daemon
 * has read is waited for even then), and one caller must not pile such
 * workers up.  Before Linux 5.3 (no pidfd) it is left to finish. */
void
worker_kill(int i)
{
	if (crew[i].pidfd >= 0)
		pidfd_send_signal(crew[i].pidfd, SIGKILL, NULL, 0);
}

/* A worker of c's identity with no request: one kept, or a new one (in
 * place of the idle worker asked longest ago, if there is no room).
 * Returns its index; -1 and EAGAIN when USER_WORKERS are at work for c's
 * user (its call waits, not the others'), -1 and EBUSY when every worker
 * is, or -1 and *why (a new worker that would be traceable as it becomes
 * c is never started: caller.c, traceable_joining). */
int
worker_for(const struct self *me, const struct caller *c, const char **why)
{
	int i, at = -1, users = 0;

	for (i = 0; i < MAX_WORKERS; i++)
		users += crew[i].sock >= 0 && crew[i].busy && crew[i].id.uid[REAL] == c->id->uid[REAL];
	if (users >= USER_WORKERS) {
		errno = EAGAIN;
		return -1;
	}
	for (i = 0; i < MAX_WORKERS; i++) {
		if (is_for(&crew[i], c) && !crew[i].busy)
			return i;
		if (crew[i].sock == -1 || crew[i].busy)
			continue;
		if (at == -1 || crew[i].used < crew[at].used)
			at = i;
	}
	for (i = 0; i < MAX_WORKERS; i++)
		if (crew[i].sock == -1)
			at = i;
	if (at == -1) {
		errno = EBUSY;
		return -1;
	}
	/* a new worker becomes the caller: refused where it would be
	 * traceable meanwhile (a kept one is past that) */
	if (traceable_joining(me, c)) {
		*why = "its user namespace is another user's, and fs.suid_dumpable is 1";
		errno = EPERM;
		return -1;
	}
	if (crew[at].sock >= 0)
		worker_drop(at);
	if (start(at, c) == -1) {
		*why = "no worker could be started";
		return -1;
	}
	return at;
}

/* Whether a watch of worker i's box pays now: with a CPU to spare, no
 * other of our workers at work or watching, and no more tasks running
 * than this loop, one watcher and one more (/proc/loadavg, looked at every
 * WATCH_CHECK asks).  Where tasks wait for a CPU, a watch takes one from
 * them: from this loop, from callers, from other workers.  (With four busy
 * callers of one identity, a caller of another waited 127-155 ms at worst
 * with every worker watching, 12-22 ms with the load looked at alone, 4-6
 * ms with none watching, measured.) */
static int
watch_pays(const struct self *me, int i)
{
	static unsigned asks;
	static int idle;
	uint32_t running;
	char *text;
	int j;

	for (j = 0; j < MAX_WORKERS; j++)
		if (j != i && crew[j].sock >= 0 && (crew[j].busy
		    || (crew[j].box && __atomic_load_n(&crew[j].box->watching, __ATOMIC_RELAXED))))
			return 0;
	if (asks++ % WATCH_CHECK == 0)
		idle = usable_cpus() >= 2 && me->proc >= 0 && (text = proc_read_at(me->proc, "loadavg"))
		    && parse_loadavg_running(text, &running) == 0 && running <= (uint32_t)usable_cpus() + 1;
	return idle;
}

/* Asks worker i to make path (absolute) below root, with mode. */
int
worker_ask(const struct self *me, int i, int root, const char *path, mode_t mode)
{
	struct box *b = crew[i].box;
	/* (no box, no watch: the load is not looked at for it) */
	struct worker_request req = { mode, strlen(path) + 1, b && watch_pays(me, i) };

	/* whether it is running, watching for this request: read before the
	 * request is seen, which ends the watch */
	crew[i].running = req.watch && __atomic_load_n(&b->watching, __ATOMIC_SEQ_CST);
	if (b)
		__atomic_store_n(&b->state, BOX_ASKED, __ATOMIC_SEQ_CST);
	/* one message: an idle worker's socket has room for it, and one
	 * that has not read its last is dropped, never waited for */
	if (send_fd_with2(crew[i].sock, root, &req, sizeof(req), path, req.len, MSG_DONTWAIT) == -1) {
		worker_drop(i);
		return -1;
	}
	if (b)
		__atomic_add_fetch(&b->asked, 1, __ATOMIC_RELEASE);
	crew[i].busy = 1;
	crew[i].used = ++clock_ticks;
	return 0;
}

/* Worker i's answer at once, from its box: watched for a moment where the
 * worker was watching for the request (it is running, on another CPU).
 * Returns 1 with *a, or 0: the answer will come on the socket.  A watch
 * in vain (its filesystem is slow, or its caller holds it) is not tried
 * again for its next UNWATCHED asks. */
int
worker_handed(int i, struct worker_answer *a)
{
	struct worker *w = &crew[i];
	uint32_t asked = BOX_ASKED;

	if (!w->box)
		return 0;
	if (w->unwatched)
		w->unwatched--;
	else if (w->running && !watch_while(&w->box->state, BOX_ASKED, BOX_ANSWER_NS))
		w->unwatched = UNWATCHED;
	/* no longer watched: the worker answers on the socket, unless it
	 * has answered here already */
	if (__atomic_compare_exchange_n(&w->box->state, &asked, BOX_SLEEPS, 0, __ATOMIC_SEQ_CST,
	    __ATOMIC_SEQ_CST))
		return 0;
	memcpy(a, (const void *)&w->box->a, sizeof(*a));	/* once: the worker may write it still */
	w->busy = 0;
	if (a->unbecome)
		worker_drop(i);
	return 1;
}

/* Worker i's answer, once its socket is readable.  A worker that could
 * not become the caller, or that ended or said anything else, is
 * dropped.  Returns 0, or -1 when no answer came. */
int
worker_answered(int i, struct worker_answer *a)
{
	ssize_t n;

	while ((n = recv(crew[i].sock, a, sizeof(*a), MSG_DONTWAIT)) == -1 && errno == EINTR)
		;
	crew[i].busy = 0;
	if (n != sizeof(*a) || a->unbecome) {
		worker_drop(i);
		return n == sizeof(*a) ? 0 : -1;
	}
	return 0;
}
