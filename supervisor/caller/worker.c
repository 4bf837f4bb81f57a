/* worker.c: a worker, the process that makes directories as one caller
 * identity.  The main process forks it, and its memory holds nothing of
 * any caller's; it keeps no fd of ours but its socket to the serve loop,
 * takes on the identity it is sent, for good, and then makes each
 * directory it is asked for, below the root that comes with the request.
 * The caller may stop or kill a process that holds its user IDs: that
 * holds up or fails only the calls of its own identity, which it could
 * stop or kill itself.  It cannot trace one (caller.c: become). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "bpf.h"
#include "fdpass.h"
#include "supervisor/caller/box.h"
#include "supervisor/caller/worker.h"

/* Reads exactly n bytes, and with them one fd at most, into *fd (or -1)
 * where fd is not NULL, else none; an fd that came more is closed. */
static int
read_exactly(int sock, void *buf, size_t n, int *fd)
{
	ssize_t got;
	int passed, none;

	if (!fd)
		fd = &none;
	*fd = -1;
	for (; n > 0; n -= got, buf = (char *)buf + got) {
		if ((got = recv_some(sock, buf, n, &passed)) <= 0)
			return -1;
		if (passed >= 0 && (fd == &none || *fd >= 0))
			close(passed);
		else if (passed >= 0)
			*fd = passed;
	}
	return 0;
}

/* A request, its path and its root: sent in one message, read in one
 * call where it all came (it does, to an idle worker). */
static int
read_request(struct worker_request *req, char *path, int *root)
{
	struct {
		struct worker_request req;
		char path[PATH_MAX];
	} msg;
	ssize_t got;

	if ((got = recv_some(0, &msg, sizeof(msg), root)) < (ssize_t)sizeof(msg.req)
	    || msg.req.len == 0 || msg.req.len > PATH_MAX)
		return -1;
	got -= sizeof(msg.req);
	*req = msg.req;
	memcpy(path, msg.path, got < (ssize_t)req->len ? (size_t)got : req->len);
	if (got < (ssize_t)req->len && read_exactly(0, path + got, req->len - got, NULL) == -1)
		return -1;
	return 0;
}

static void
answer_loop(int sock, const struct worker_answer *a)
{
	while (write(sock, a, sizeof(*a)) == -1 && errno == EINTR)
		;
}

/* The answer: in the box while the loop watches it, else (or with no
 * box) on the socket, where the loop sleeps on it.  The exchange decides
 * which, once: the loop gives up its watch by the same word. */
static void
hand_over(struct box *b, const struct worker_answer *a)
{
	if (b) {
		b->a = *a;
		if (__atomic_exchange_n(&b->state, BOX_ANSWERED, __ATOMIC_SEQ_CST) != BOX_SLEEPS)
			return;
	}
	answer_loop(0, a);
}

/* After an answer, a moment's watch for the next request, which is then
 * read without a wake-up: a program that makes one directory makes more,
 * and the next comes a round trip later.  Said in the box, for the loop
 * then watches for the answer.  asked: the count read before the answer
 * was handed over (the loop may ask again at once after it). */
static void
watch_for_request(struct box *b, uint32_t asked)
{
	__atomic_store_n(&b->watching, 1, __ATOMIC_SEQ_CST);
	watch_while(&b->asked, asked, BOX_REQUEST_NS);
	__atomic_store_n(&b->watching, 0, __ATOMIC_SEQ_CST);
}

/* The box the loop sends first, mapped (or NULL: none came, or it cannot
 * be mapped); its fd is not kept. */
static struct box *
take_box(void)
{
	struct box *b = NULL;
	char byte;
	int fd;

	if (read_exactly(0, &byte, 1, &fd) == -1)
		_exit(1);
	if (fd >= 0) {
		b = box_map(fd);
		close(fd);
	}
	return b;
}

/* Nothing of ours but the socket, which becomes fd 0: not the listener
 * (a caller holding it could answer other callers' calls), not our
 * output, not what unotify inherited for PROG. */
static void
keep_only(int sock)
{
	struct rlimit nofile;
	unsigned fd;

	if (sock != 0 && (dup3(sock, 0, O_CLOEXEC) == -1))
		_exit(125);
	if (sys_close_range(1, ~0U, 0) == 0)
		return;
	/* Linux < 5.9 */
	if (prlimit(0, RLIMIT_NOFILE, NULL, &nofile) == -1 || nofile.rlim_cur > 65536)
		nofile.rlim_cur = 65536;
	for (fd = 1; fd < nofile.rlim_cur; fd++)
		close(fd);
}

static int
hello(const struct self *me, int *userns)
{
	struct worker_hello h;
	struct identity id;
	gid_t few[FEW_GROUPS];
	int e, i;

	if (read_exactly(0, &h, sizeof(h), userns) == -1 || h.ngroups > NGROUPS_MAX_KERNEL
	    || h.userns != (*userns >= 0))
		return EPROTO;
	id.groups = few;
	if (h.ngroups > FEW_GROUPS && (id.groups = sys_mmap_anon(h.ngroups * sizeof(gid_t),
	    MAP_PRIVATE)) == MAP_FAILED)
		return ENOMEM;
	if (read_exactly(0, id.groups, h.ngroups * sizeof(gid_t), NULL) == -1)
		return EPROTO;
	for (i = 0; i < 4; i++) {
		id.uid[i] = h.uid[i];
		id.gid[i] = h.gid[i];
	}
	id.ngroups = h.ngroups;
	id.cap_eff = h.cap_eff;
	id.umask = h.umask;
	e = become(me, &id, *userns) == -1 ? errno : 0;
	if (id.groups != few)
		munmap(id.groups, h.ngroups * sizeof(gid_t));
	return e;
}

/* Less to find in us, should anything of ours ever be seen by the
 * caller we become (caller.c, become, says why it is not): no signal of
 * its stops us short or dumps our memory (SIGSTOP and SIGKILL alone reach
 * us, and end only its own calls), no core is written, our environment is
 * gone, and we hold no directory but the root each request brings. */
static void
hide(void)
{
	struct rlimit none = { 0, 0 };
	extern char **environ;
	sigset_t all;
	char **e;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	sys_setrlimit(RLIMIT_CORE, &none);
	for (e = environ; *e; e++)
		memset(*e, 0, strlen(*e));
	if (chdir("/") == -1)
		_exit(125);
}

/* The worker: serves its socket until the serve loop closes it.  parent:
 * the main process. */
_Noreturn void
worker(int sock, const struct self *me, pid_t parent)
{
	/* mapped here: in the program's memory every process of ours would
	 * hold them, and on the stack they would ask 24 KB more of it */
	struct { char path[PATH_MAX]; struct walk w; } *job;
	struct worker_answer a = { 0 };
	struct worker_request req;
	struct box *box;
	int userns = -1, root;
	uint32_t asked;

	keep_only(sock);
	hide();
	box = take_box();
	job = sys_mmap_anon(sizeof(*job), MAP_PRIVATE);
	a.unbecome = job == MAP_FAILED ? ENOMEM : hello(me, &userns);
	if (userns >= 0)
		close(userns);
	/* after the change of IDs, which clears it; and the main process
	 * may have ended before */
	if (!a.unbecome && (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 || getppid() != parent))
		a.unbecome = ESRCH;
	if (a.unbecome) {
		answer_loop(0, &a);
		_exit(1);
	}
	while (read_request(&req, job->path, &root) == 0) {
		if (root == -1 || job->path[req.len - 1] || job->path[0] != '/')
			_exit(1);
		read_walk(job->path, &job->w);
		make_below(root, &job->w, req.mode, &a.m);
		close(root);
		asked = box ? __atomic_load_n(&box->asked, __ATOMIC_ACQUIRE) : 0;
		hand_over(box, &a);
		if (box && req.watch)	/* the loop found a CPU to spare */
			watch_for_request(box, asked);
	}
	_exit(0);
}
