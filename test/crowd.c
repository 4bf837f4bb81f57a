/* test/crowd.c: a test helper for the load cases (test/load.sh): many
 * creates, timed; a caller with a crowded memory map; a watch for the
 * processes a command leaves behind.
 *   crowd -make N PREFIX [GATE]  mkdir PREFIX0..PREFIX<N-1>, mode 0700 |
 *                          (i & 077), once the file GATE exists (10 s at
 *                          most); prints "crowd: N made, F failed[, first:
 *                          ERROR], in MS ms" (wall time of the N calls)
 *   crowd -maps N PATH     N mappings of alternating protections (N times
 *                          the page size / 4K, so that /proc/PID/maps is
 *                          always several pages long), then mkdir(PATH,
 *                          0700) with PATH in a PROT_WRITE page just above
 *                          them: its line in /proc/PID/maps comes after
 *                          theirs.  Says what it got as mkdir-raw does.
 *   crowd -reap [-k MS] CMD [ARG...]  runs CMD as a child subreaper, and
 *                          kills it after MS milliseconds ("crowd: CMD did
 *                          not end within MS ms: killed"); once CMD has
 *                          ended, every process it left (reparented here)
 *                          is named, "crowd: left behind: PID (COMM) STATE",
 *                          then killed and reaped (10 s at most)
 *   crowd -kids PID        PID's children, "PID STATE" one a line
 * Exit status: -make 0 if every call succeeded, else 1; -maps 0 if the call
 * returned >= 0, else its errno; -reap CMD's (128+N for signal N). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

static long
elapsed_ms(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

static int
make(long n, const char *prefix, const char *gate)
{
	struct timespec a, tick = { 0, 1000000 };
	struct stat st;
	char path[4096];
	long i, failed = 0;
	int first = 0;

	for (i = 0; gate && i < 10000 && stat(gate, &st) == -1; i++)
		nanosleep(&tick, NULL);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s%ld", prefix, i);
		if (mkdir(path, 0700 | (i & 077)) != 0 && failed++ == 0)
			first = errno;
	}
	printf("crowd: %ld made, %ld failed%s%s, in %ld ms\n", n - failed, failed,
	    failed ? ", first: " : "", failed ? strerror(first) : "", elapsed_ms(&a));
	return failed != 0;
}

/* One region, split into a VMA a page by protections that alternate, so
 * that no two merge; the path in its last page, the highest. */
static int
maps_mkdir(long n, const char *path)
{
	size_t page = sysconf(_SC_PAGESIZE);
	char *region, *last;
	long i, r;

	if (page > 4096)
		n *= page / 4096;
	region = mmap(NULL, (n + 1) * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (region == MAP_FAILED || strlen(path) >= page)
		return 2;
	for (i = 1; i < n; i += 2)
		if (mprotect(region + i * page, page, PROT_READ) == -1)
			return 2;
	last = region + n * page;
	if (mprotect(last, page, PROT_READ | PROT_WRITE) == -1)
		return 2;
	strcpy(last, path);
	if (mprotect(last, page, PROT_WRITE) == -1)
		return 2;
	r = mkdir(last, 0700);
	if (r < 0) {
		printf("crowd: %s\n", strerror(errno));
		return errno;
	}
	printf("crowd: returned %ld\n", r);
	return 0;
}

/* "PID (COMM) S PPID ...": COMM may hold spaces and parentheses, the
 * last ")" ends it.  0, or -1 if it cannot be read. */
static int
stat_of(const char *pid, char *comm, size_t size, char *state, long *ppid)
{
	char name[64], text[1024], *lp, *rp;
	ssize_t n;
	int fd;

	snprintf(name, sizeof(name), "/proc/%s/stat", pid);
	if ((fd = open(name, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	text[n] = '\0';
	if (!(lp = strchr(text, '(')) || !(rp = strrchr(text, ')')) || rp[1] != ' ')
		return -1;
	*rp = '\0';
	snprintf(comm, size, "%s", lp + 1);
	*state = rp[2];
	*ppid = strtol(rp + 4, NULL, 10);
	return 0;
}

/* Calls each(pid, comm, state) for every child of parent; returns how many. */
static int
children(long parent, void (*each)(long, const char *, char))
{
	DIR *proc = opendir("/proc");
	struct dirent *e;
	char comm[64], state;
	long ppid;
	int count = 0;

	if (!proc) {
		perror("crowd: /proc");
		exit(2);
	}
	while ((e = readdir(proc)))
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9'
		    && stat_of(e->d_name, comm, sizeof(comm), &state, &ppid) == 0 && ppid == parent) {
			count++;
			each(atol(e->d_name), comm, state);
		}
	closedir(proc);
	return count;
}

static void
print_kid(long pid, const char *comm, char state)
{
	(void)comm;
	printf("%ld %c\n", pid, state);
}

static void
left_behind(long pid, const char *comm, char state)
{
	printf("crowd: left behind: %ld (%s) %c\n", pid, comm, state);
	kill(pid, SIGKILL);
}

/* Waits for pid (an unreaped child: its PID cannot be reused) at most ms
 * milliseconds (-1: for ever), SIGCHLD blocked; 0 and *status, or -1. */
static int
wait_child(pid_t pid, long ms, int *status)
{
	struct timespec end, now, left;
	sigset_t chld;
	pid_t got;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += ms / 1000;
	end.tv_nsec += ms % 1000 * 1000000;
	if (end.tv_nsec >= 1000000000) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000;
	}
	for (;;) {
		if ((got = waitpid(pid, status, WNOHANG)) != 0)
			return got > 0 ? 0 : -1;
		clock_gettime(CLOCK_MONOTONIC, &now);
		left.tv_sec = end.tv_sec - now.tv_sec;
		left.tv_nsec = end.tv_nsec - now.tv_nsec;
		if (left.tv_nsec < 0) {
			left.tv_sec--;
			left.tv_nsec += 1000000000;
		}
		if (ms >= 0 && left.tv_sec < 0)
			return -1;
		sigtimedwait(&chld, NULL, ms >= 0 ? &left : NULL);
	}
}

static int
reap(long ms, char **argv)
{
	sigset_t chld, old;
	int status, rc;
	pid_t cmd;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1) {
		perror("crowd: PR_SET_CHILD_SUBREAPER");
		return 2;
	}
	if ((cmd = fork()) == 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait_child(cmd, ms, &status) == -1) {
		printf("crowd: %s did not end within %ld ms: killed\n", argv[0], ms);
		kill(cmd, SIGKILL);
		wait_child(cmd, -1, &status);
	}
	rc = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
	fflush(stdout);
	if (children(getpid(), left_behind)) {
		fflush(stdout);
		/* one in an uninterruptible wait may stay: 10 s */
		while (wait_child(-1, 10000, &status) == 0)
			;
	}
	return rc;
}

int
main(int argc, char **argv)
{
	if ((argc == 4 || argc == 5) && strcmp(argv[1], "-make") == 0)
		return make(atol(argv[2]), argv[3], argc == 5 ? argv[4] : NULL);
	if (argc == 4 && strcmp(argv[1], "-maps") == 0)
		return maps_mkdir(atol(argv[2]), argv[3]);
	if (argc >= 5 && strcmp(argv[1], "-reap") == 0 && strcmp(argv[2], "-k") == 0)
		return reap(atol(argv[3]), argv + 4);
	if (argc >= 3 && strcmp(argv[1], "-reap") == 0)
		return reap(-1, argv + 2);
	if (argc == 3 && strcmp(argv[1], "-kids") == 0) {
		children(atol(argv[2]), print_kid);
		return 0;
	}
	fprintf(stderr, "usage: crowd -make N PREFIX [GATE] | -maps N PATH | -reap [-k MS] CMD [ARG...] | -kids PID\n");
	return 2;
}
