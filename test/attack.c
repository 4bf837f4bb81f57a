/* test/attack.c: a test helper; a caller that turns on the processes that
 * serve it.  Run under unotify -x, it makes directories while children of
 * its own, the hunters, look through /proc over and over for processes
 * that hold its user ID (as its user namespace shows them) and attack
 * each new one they find:
 *   attack -memwrite DIR N  stop it, open its /proc/PID/mem for writing
 *                           (nothing is written), continue it; again
 *                           each time it is seen
 *   attack -segv DIR N      send it SIGSEGV
 *   attack -stop DIR N      stop it, and once it is stopped, hold it for
 *                           200 ms; then continue it
 *   attack -time DIR N      no hunters: a caller that attacks nothing,
 *                           one call every 5 ms, each timed; the calls
 *                           that took 150 ms or more are counted
 *   attack -flood DIR N     no hunters: N processes that keep the serve
 *                           loop busy, each making DIR/f by a relative name
 *                           (the kernel's business: answered at once),
 *                           over and over, until DIR/done exists (30 s at
 *                           most); the calls are counted
 * DIR/0..DIR/N-1 are made with mkdir(2); then one line,
 *   attack: M made, E failed, S seen, O opened
 * (S: processes attacked, for -stop those held stopped; O: opens of
 * their memory that reached it, a byte read to be sure), or for -time
 * "attack: M made, E failed, slowest T ms, H over 150 ms", for -flood
 * "attack: N flooders, C calls".
 *
 * Only the supervisor's descendants are hunted, never the suite's other
 * processes or a user's: the supervisor is the nearest ancestor under
 * fewer seccomp filters than ours.  Spared: the hunter itself, its parent
 * and its parent's other children (the hunters).  A process that serves
 * one call may live some microseconds: each round looks at those of the
 * supervisor's descendants that are not under our filter, all of /proc
 * only now and then; with two CPUs or more there are two hunters, one on
 * each of two CPUs, so that one runs beside a process pinned to the
 * other's.
 * A hunter never leaves a process stopped: it ends between attacks, once
 * the directories are made (or its parent is gone).
 * Exit status: 0, or 2 when it cannot run. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define SLOTS		16384	/* processes attacked at most (a power of two) */
#define HUNTERS		2
#define STOP_MS		200	/* how long -stop holds a process */
#define STOPPING_MS	5	/* the longest a process may take to stop */
#define PACE_MS		5	/* -time: the pause between two calls */
#define HELD_MS		150	/* -time: a call held up (by a stop of 200 ms) */
#define SCAN_MS		100	/* all of /proc after this long without a find */
#define READY_MS	5000	/* the longest the hunters get to start */
#define REAP_MS		10000	/* the longest the hunters get to end */
#define FLOOD_MS	30000	/* the longest -flood floods */

/* Shared by the hunters and their parent. */
struct shared {
	volatile int done;
	int ready;		/* hunters that have looked at all of /proc */
	pid_t hunters[HUNTERS];
	long seen, opened;
	pid_t claimed[SLOTS];	/* the processes attacked, hashed */
};

struct proc_info {
	char state;	/* R, S, D, T, Z, ... */
	pid_t ppid;
	long uid;	/* real, as our user namespace maps it */
	long filters;	/* seccomp filters (Seccomp_filters:, else mode 2 = 1) */
};

/* What a hunter knows: who it is, whom it spares, whom it hunts. */
struct hunter {
	const char *mode;
	pid_t me, parent, supervisor;
	long uid;
	long filters;	/* our seccomp filters */
	struct shared *sh;
	long quiet;	/* since when nothing was attacked or scanned (us) */
};

static void
sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, ms % 1000 * 1000000L };

	while (nanosleep(&t, &t) == -1 && errno == EINTR)
		;
}

static long
now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000L + t.tv_nsec / 1000;
}

/* A /proc file, whole (up to size - 1 bytes), NUL-terminated. */
static ssize_t
read_proc(pid_t pid, const char *name, char *buf, size_t size)
{
	char path[64];
	ssize_t len = 0, r;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	while ((size_t)len < size - 1 && (r = read(fd, buf + len, size - 1 - len)) > 0)
		len += r;
	close(fd);
	buf[len] = 0;
	return len;
}

static int
read_status(pid_t pid, struct proc_info *p)
{
	static char buf[16384];
	char *s;

	if (read_proc(pid, "status", buf, sizeof(buf)) <= 0)
		return -1;
	p->state = (s = strstr(buf, "\nState:\t")) ? s[8] : '?';
	p->ppid = (s = strstr(buf, "\nPPid:")) ? atoi(s + 6) : -1;
	p->uid = (s = strstr(buf, "\nUid:")) ? strtol(s + 5, NULL, 10) : -1;
	if ((s = strstr(buf, "\nSeccomp_filters:")))
		p->filters = strtol(s + 17, NULL, 10);
	else
		p->filters = (s = strstr(buf, "\nSeccomp:")) && atoi(s + 9) == 2;
	return p->ppid >= 0 && p->uid >= 0 ? 0 : -1;
}

/* The supervisor: the nearest ancestor of PID under fewer seccomp
 * filters than PID, or -1. */
static pid_t
supervisor_of(pid_t pid)
{
	struct proc_info me, p;
	int depth;

	if (read_status(pid, &me) == -1)
		return -1;
	pid = me.ppid;
	for (depth = 0; depth < 64 && pid > 0; depth++) {
		if (read_status(pid, &p) == -1)
			return -1;
		if (p.filters < me.filters)
			return pid;
		pid = p.ppid;
	}
	return -1;
}

/* Whether a process whose parent is PPID descends from ANCESTOR. */
static int
descends(pid_t ppid, pid_t ancestor)
{
	struct proc_info p;
	int depth;

	for (depth = 0; depth < 64 && ppid > 0; depth++) {
		if (ppid == ancestor)
			return 1;
		if (read_status(ppid, &p) == -1)
			return 0;
		ppid = p.ppid;
	}
	return 0;
}

/* Whether PID is ours to attack: the first hunter to claim it. */
static int
claim(struct shared *sh, pid_t pid)
{
	unsigned i, slot;
	pid_t was;

	for (i = 0; i < SLOTS; i++) {
		slot = ((unsigned)pid * 2654435761U + i) & (SLOTS - 1);
		was = 0;
		if (__atomic_compare_exchange_n(&sh->claimed[slot], &was, pid, 0,
		    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			return 1;
		if (was == pid)
			return 0;
	}
	return 0;
}

/* Whether an open /proc/PID/mem reaches the memory: one byte read at the
 * start of its first mapping.  (An open of a process without memory, a
 * zombie, succeeds on some kernels and reaches nothing.) */
static int
reaches_memory(pid_t pid, int fd)
{
	char maps[256], byte;
	unsigned long start;

	if (read_proc(pid, "maps", maps, sizeof(maps)) <= 0
	    || sscanf(maps, "%lx-", &start) != 1)
		return 0;
	return pread(fd, &byte, 1, (off_t)start) == 1;
}

/* Whether PID stops (within STOPPING_MS) after SIGSTOP: one that is on
 * its way out never does. */
static int
stops(pid_t pid)
{
	struct proc_info p;
	long end = now_us() + STOPPING_MS * 1000L;

	while (read_status(pid, &p) == 0 && p.state != 'Z' && p.state != 'X') {
		if (p.state == 'T' || p.state == 't')
			return 1;
		if (now_us() > end)
			break;
	}
	return 0;
}

/* Attacks PID; whether it was there to be attacked (for -stop: whether
 * it was held stopped). */
static int
attack(const char *mode, pid_t pid, struct shared *sh)
{
	char path[64];
	int fd, hit = 1;

	if (strcmp(mode, "-segv") == 0)
		return kill(pid, SIGSEGV) == 0;
	if (kill(pid, SIGSTOP) == -1)
		return 0;
	if (strcmp(mode, "-memwrite") == 0) {
		snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
		if ((fd = open(path, O_RDWR | O_CLOEXEC)) >= 0) {
			if (reaches_memory(pid, fd))
				__atomic_fetch_add(&sh->opened, 1, __ATOMIC_SEQ_CST);
			close(fd);
		}
	} else if ((hit = stops(pid))) {
		sleep_ms(STOP_MS);
	}
	kill(pid, SIGCONT);
	return hit;
}

/* Attacks PID if it is a new process of our user below the supervisor,
 * and neither us, our parent nor a child of either; -memwrite tries a
 * process again each time it is seen (one that serves many calls may be
 * open to it between two of them).  One that is not ours yet (it has not
 * taken on our IDs) is left for the next look; a zombie is past
 * attacking.  Returns whether PID is a process outside our
 * seccomp filter (it or its descendants may serve us). */
static int
consider(struct hunter *h, pid_t pid)
{
	struct proc_info p;
	int i, first;

	if (pid <= 0 || pid == h->me || pid == h->parent)
		return 0;
	for (i = 0; i < HUNTERS; i++)
		if (pid == h->sh->hunters[i])
			return 0;
	if (read_status(pid, &p) == -1)
		return 0;
	if (p.uid != h->uid || p.ppid == h->me || p.ppid == h->parent || p.state == 'Z' || p.state == 'X'
	    || !descends(p.ppid, h->supervisor))
		return p.filters < h->filters;
	first = claim(h->sh, pid);
	if (first || strcmp(h->mode, "-memwrite") == 0) {
		if (attack(h->mode, pid, h->sh) && first)
			__atomic_fetch_add(&h->sh->seen, 1, __ATOMIC_SEQ_CST);
		if (first)
			h->quiet = now_us();
	}
	return p.filters < h->filters;
}

/* One pass over all of /proc. */
static void
scan(struct hunter *h)
{
	struct dirent *e;
	DIR *d;

	if (!(d = opendir("/proc")))
		return;
	while (!h->sh->done && (e = readdir(d)))
		consider(h, atoi(e->d_name));
	closedir(d);
}

/* The supervisor's descendants outside our filter (the callers' own are
 * left out), a few levels down, through the children files (Linux 3.5+,
 * CONFIG_PROC_CHILDREN): found however many processes the rest of the
 * system makes.  Returns -1 where the supervisor's is missing. */
static int
walk(struct hunter *h, pid_t pid, int depth)
{
	char name[64], list[4096], *s, *end;
	pid_t kid;

	snprintf(name, sizeof(name), "task/%d/children", (int)pid);
	if (read_proc(pid, name, list, sizeof(list)) == -1)
		return -1;
	for (s = list; !h->sh->done && (kid = strtol(s, &end, 10)) > 0; s = end)
		if (consider(h, kid) && depth < 3)
			walk(h, kid, depth + 1);
	return 0;
}

/* The PID most recently handed out (the last field of /proc/loadavg),
 * or 0. */
static pid_t
last_pid(void)
{
	char buf[128], *s;
	int fd;
	ssize_t len;

	if ((fd = open("/proc/loadavg", O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return 0;
	buf[len] = 0;
	return (s = strrchr(buf, ' ')) ? atoi(s + 1) : 0;
}

/* Runs this process on the nth CPU it may run on. */
static void
pin(int nth)
{
	cpu_set_t all, one;
	int cpu;

	if (sched_getaffinity(0, sizeof(all), &all) == -1)
		return;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (CPU_ISSET(cpu, &all) && nth-- == 0) {
			CPU_ZERO(&one);
			CPU_SET(cpu, &one);
			sched_setaffinity(0, sizeof(one), &one);
			return;
		}
	}
}

/* A hunter: a round looks at the supervisor's descendants (or where
 * their list is missing, at the newest PIDs): a process is caught the
 * moment it takes on our IDs.  After SCAN_MS without a find, it looks at
 * all of /proc (processes made before us, or moved away). */
static void
hunt(const char *mode, int nth, pid_t parent, pid_t supervisor, struct shared *sh)
{
	struct hunter h = { mode, getpid(), parent, supervisor, getuid(), 0, sh, 0 };
	struct proc_info me;
	pid_t last, pid;
	int ready = 0;

	if (read_status(h.me, &me) == -1)
		_exit(2);
	h.filters = me.filters;
	if (nth >= 0)
		pin(nth);
	while (!sh->done && getppid() == parent) {
		if (!ready || now_us() - h.quiet >= SCAN_MS * 1000L) {
			scan(&h);
			h.quiet = now_us();
			if (!ready++)
				__atomic_fetch_add(&sh->ready, 1, __ATOMIC_SEQ_CST);
		}
		if (walk(&h, supervisor, 0) == -1 && (last = last_pid()) > 0)
			for (pid = last - 4; pid <= last + 1 && !sh->done; pid++)
				consider(&h, pid);
	}
	_exit(0);
}

/* Starts the hunters, and waits (a while) until each has looked once;
 * returns how many were started. */
static int
start_hunters(const char *mode, pid_t kids[HUNTERS], struct shared *sh)
{
	pid_t supervisor, me = getpid();
	cpu_set_t all;
	int n = 1, i;
	long waited;

	if ((supervisor = supervisor_of(me)) == -1) {
		fprintf(stderr, "attack: no supervisor (no ancestor under fewer seccomp filters)\n");
		exit(2);
	}
	if (sched_getaffinity(0, sizeof(all), &all) == 0 && CPU_COUNT(&all) >= HUNTERS)
		n = HUNTERS;
	for (i = 0; i < n; i++) {
		if ((kids[i] = fork()) == -1)
			break;
		if (kids[i] == 0)
			hunt(mode, n > 1 ? i : -1, me, supervisor, sh);
		sh->hunters[i] = kids[i];
	}
	for (waited = 0; __atomic_load_n(&sh->ready, __ATOMIC_SEQ_CST) < i && waited < READY_MS; waited++)
		sleep_ms(1);
	return i;
}

/* Asks the hunters to end, waits for them a while, then kills them. */
static void
end_hunters(pid_t kids[HUNTERS], int n, struct shared *sh)
{
	long waited;
	int i, left = n;

	sh->done = 1;
	for (waited = 0; left > 0 && waited < REAP_MS; waited += 10) {
		for (i = 0; i < n; i++)
			if (kids[i] > 0 && waitpid(kids[i], NULL, WNOHANG) == kids[i]) {
				kids[i] = 0;
				left--;
			}
		if (left > 0)
			sleep_ms(10);
	}
	for (i = 0; i < n; i++)
		if (kids[i] > 0) {
			kill(kids[i], SIGKILL);
			waitpid(kids[i], NULL, 0);
		}
}

/* -flood: n processes making dir/f by a relative name until dir/done
 * exists; returns how many calls they made. */
static long
flood(const char *dir, long n)
{
	long *calls = mmap(NULL, sizeof(*calls), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	long i, k, start;

	if (calls == MAP_FAILED || chdir(dir) == -1)
		exit(2);
	for (i = 0; i < n; i++)
		if (fork() == 0) {
			for (start = now_us(), k = 1; ; k++) {
				mkdir("f", 0700);
				if (k % 256 == 0 && (access("done", F_OK) == 0 || now_us() - start > FLOOD_MS * 1000L))
					break;
			}
			__atomic_add_fetch(calls, k, __ATOMIC_SEQ_CST);
			_exit(0);
		}
	while (wait(NULL) > 0)
		;
	return *calls;
}

int
main(int argc, char **argv)
{
	struct shared *sh;
	char path[4096];
	long n, i, made = 0, failed = 0, t, slowest = 0, held = 0;
	pid_t kids[HUNTERS];
	int timed, hunters = 0;

	if (argc != 4 || (strcmp(argv[1], "-memwrite") != 0 && strcmp(argv[1], "-segv") != 0
	    && strcmp(argv[1], "-stop") != 0 && strcmp(argv[1], "-time") != 0 && strcmp(argv[1], "-flood") != 0)) {
		fprintf(stderr, "usage: attack -memwrite|-segv|-stop|-time|-flood DIR N\n");
		return 2;
	}
	n = atol(argv[3]);
	if (strcmp(argv[1], "-flood") == 0) {
		printf("attack: %ld flooders, %ld calls\n", n, flood(argv[2], n));
		return 0;
	}
	timed = strcmp(argv[1], "-time") == 0;
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 2;
	if (!timed)
		hunters = start_hunters(argv[1], kids, sh);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%ld", argv[2], i);
		t = now_us();
		if (mkdir(path, 0700) == 0)
			made++;
		else
			failed++;
		if (timed) {
			if ((t = now_us() - t) > slowest)
				slowest = t;
			held += t >= HELD_MS * 1000L;
			sleep_ms(PACE_MS);
		}
	}
	if (timed) {
		printf("attack: %ld made, %ld failed, slowest %ld ms, %ld over %d ms\n", made, failed,
		    slowest / 1000, held, HELD_MS);
		return 0;
	}
	end_hunters(kids, hunters, sh);
	printf("attack: %ld made, %ld failed, %ld seen, %ld opened\n", made, failed, sh->seen, sh->opened);
	return 0;
}
