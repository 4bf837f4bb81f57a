/* test/mkdir-raw.c: a test helper; makes one mkdir(2) call the way the
 * suite needs it, and says what it got.
 *   mkdir-raw PATH        x86-64 mkdir
 *   mkdir-raw -at PATH    x86-64 mkdirat(AT_FDCWD, ...)
 *   mkdir-raw -32 PATH    i386 mkdir through int 0x80, path below 4 GiB
 *   mkdir-raw -fault      mkdir with an unmapped path pointer
 *   mkdir-raw -addr A     mkdir with the path pointer A (strtoull: 0x...)
 *   mkdir-raw -probe32    exit 0 if int 0x80 works here (IA32 emulation)
 *   mkdir-raw -threads DIR  four threads mkdir DIR1..DIR4 at once
 *   mkdir-raw -loop N DIR   mkdir DIR/0..DIR/N-1; prints ns per call
 *   mkdir-raw -storm N DIR  the same under a storm of SIGUSR1 (SA_RESTART)
 *   mkdir-raw -stopstorm N DIR  the same, stopped and continued meanwhile
 *   mkdir-raw -atfd DIR NAME  mkdirat(open(DIR), NAME)
 *   mkdir-raw -nodump PATH  mkdir after PR_SET_DUMPABLE 0
 *   mkdir-raw -uring PATH   mkdirat through io_uring (IORING_OP_MKDIRAT)
 *   mkdir-raw -uffd PATH    PATH in a page that userfaultfd fills only a
 *                           second later; "resolved" said then; sleeps 3 s
 *   mkdir-raw -fsuid UID PATH  as root: setfsuid(UID), then the filesystem
 *                           capabilities that drops raised again
 *   mkdir-raw -dumptoggle N PREFIX  in a user and mount namespace of its own
 *                           (no exec since) with a tmpfs on /tmp, mkdir
 *                           PREFIX0..PREFIXN-1 while a thread turns
 *                           PR_SET_DUMPABLE off and on; counts outcomes
 *   mkdir-raw -landlock PATH  mkdir under a Landlock domain that forbids it
 *   mkdir-raw -prot w|x|none PATH  PATH in a page made PROT_WRITE, PROT_EXEC
 *                           or PROT_NONE
 *   mkdir-raw -zleader MARK  a child whose main thread ends while another
 *                           lives on, and writes MARK a second later
 *   mkdir-raw -chain N MARK  a chain of N processes, each the child of the
 *                           one before; the last writes MARK a second after
 *                           it is made; this one returns once it is
 *   mkdir-raw -procs N      N processes that wait, in a process group of
 *                           their own; "ready" said; SIGTERM ends them all
 *   mkdir-raw -mode M PATH  mkdirat with mode M whole (strtoull: bits above
 *                           the 16 a mode has too)
 *   mkdir-raw -nr N         system call number N (strtoul: -1, 0x...), its
 *                           arguments 0 (riscv64 answers -1 with its first)
 *   mkdir-raw -nrpath N PATH  system call number N (PATH, 0700), PATH in
 *                           the low 2 GiB: mkdir by another ABI's number
 *                           (mips64: o32's 4039)
 * Exit status: 0 if the call returned >= 0, else its errno. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/fsuid.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include "bpf.h"

static pthread_barrier_t together;

static void *
make_one(void *path)
{
	pthread_barrier_wait(&together);
	return (void *)(long)(mkdir(path, 0700) == 0 ? 0 : errno);
}

/* Four calls pending at once, from four threads (TIDs) of one process. */
static int
four_threads(const char *dir)
{
	char path[4][4096];
	pthread_t t[4];
	void *err;
	int i, failed = 0;

	pthread_barrier_init(&together, NULL, 4);
	for (i = 0; i < 4; i++) {
		snprintf(path[i], sizeof(path[i]), "%s%d", dir, i + 1);
		pthread_create(&t[i], NULL, make_one, path[i]);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], &err);
		failed += err != NULL;
	}
	printf("mkdir-raw: %d of 4 threads failed\n", failed);
	return failed;
}

/* N creates in a row, timed: what one served mkdir costs end to end. */
static int
loop(long n, const char *dir)
{
	struct timespec a, b;
	char path[4096];
	long i, failed = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%ld", dir, i);
		failed += mkdir(path, 0700) != 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("mkdir-raw: %ld ns per call, %ld failed\n",
	    ((b.tv_sec - a.tv_sec) * 1000000000L + b.tv_nsec - a.tv_nsec) / n, failed);
	return failed != 0;
}

static void
count_signal(int sig)
{
	(void)sig;
}

/* N creates while a child of ours signals us without pause: each signal
 * lands in some call, and a restarted call must not see EEXIST. */
static int
storm(long n, const char *dir, int stop)
{
	struct sigaction sa = { .sa_handler = count_signal, .sa_flags = SA_RESTART };
	struct timespec pause = { 0, 20000 };
	char path[4096];
	long i, failed = 0;
	int first = 0;
	pid_t me = getpid(), kid;
	volatile int *done = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	sigaction(SIGUSR1, &sa, NULL);
	if (done == MAP_FAILED)
		return 2;
	/* The storm ends on its own, after a SIGCONT: killed, it could
	 * leave us stopped for good. */
	if ((kid = fork()) == 0) {
		while (!*done) {
			if (stop) {
				kill(me, SIGSTOP);
				nanosleep(&pause, NULL);
				kill(me, SIGCONT);
			} else {
				kill(me, SIGUSR1);
			}
			nanosleep(&pause, NULL);
		}
		_exit(0);
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%ld", dir, i);
		if (mkdir(path, 0700) != 0 && failed++ == 0)
			first = errno;
	}
	*done = 1;
	waitpid(kid, NULL, 0);
	printf("mkdir-raw: %ld calls%s, %ld failed%s%s\n", n,
	    stop ? " stopped and continued" : " under a signal storm", failed,
	    failed ? ", first: " : "", failed ? strerror(first) : "");
	return failed != 0;
}

/* io_uring by hand: one ring, one IORING_OP_MKDIRAT. */
struct uring_params {
	uint32_t sq_entries, cq_entries, flags, sq_thread_cpu, sq_thread_idle, features, wq_fd, resv[3];
	uint32_t sq_head, sq_tail, sq_mask, sq_ring_entries, sq_flags, sq_dropped, sq_array, sq_resv;
	uint64_t sq_user_addr;
	uint32_t cq_head, cq_tail, cq_mask, cq_ring_entries, cq_overflow, cq_cqes, cq_flags, cq_resv;
	uint64_t cq_user_addr;
};

static int
uring_mkdir(const char *path)
{
	struct uring_params p = { 0 };
	unsigned char *sq, *cq, *sqe;
	uint32_t tail;
	int fd, res;

	if ((fd = syscall(IO_URING_SETUP, 4, &p)) == -1) {
		printf("mkdir-raw: io_uring_setup: %s\n", strerror(errno));
		return errno;
	}
	sq = mmap(NULL, p.sq_array + p.sq_entries * 4, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	cq = mmap(NULL, p.cq_cqes + p.cq_entries * 16, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0x8000000);
	sqe = mmap(NULL, p.sq_entries * 64, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0x10000000);
	if (sq == MAP_FAILED || cq == MAP_FAILED || sqe == MAP_FAILED)
		return 2;
	memset(sqe, 0, 64);
	sqe[0] = 37;				/* IORING_OP_MKDIRAT */
	*(int32_t *)(sqe + 4) = AT_FDCWD;	/* fd */
	*(uint64_t *)(sqe + 16) = (uintptr_t)path;	/* addr */
	*(uint32_t *)(sqe + 24) = 0700;	/* len: the mode */
	tail = *(uint32_t *)(sq + p.sq_tail);
	((uint32_t *)(sq + p.sq_array))[tail & *(uint32_t *)(sq + p.sq_mask)] = 0;
	__atomic_store_n((uint32_t *)(sq + p.sq_tail), tail + 1, __ATOMIC_RELEASE);
	if (syscall(IO_URING_SETUP + 1, fd, 1, 1, 1, NULL, 0) == -1) {
		printf("mkdir-raw: io_uring_enter: %s\n", strerror(errno));
		return errno;
	}
	res = *(int32_t *)(cq + p.cq_cqes + 8);
	if (res < 0) {
		printf("mkdir-raw: io_uring mkdirat: %s\n", strerror(-res));
		return -res;
	}
	printf("mkdir-raw: io_uring mkdirat returned %d\n", res);
	return 0;
}

/* userfaultfd by hand (linux/userfaultfd.h): the API handshake, a
 * missing-page registration, and the copy that resolves the fault. */
#define UFFDIO(nr, size)	((3UL << 30) | ((unsigned long)(size) << 16) | (0xAA << 8) | (nr))
struct uffd_range { uint64_t start, len; };
struct uffd_api { uint64_t api, features, ioctls; };
struct uffd_register { struct uffd_range range; uint64_t mode, ioctls; };
struct uffd_copy { uint64_t dst, src, len, mode; int64_t copy; };

static int uffd;
static char *late_page, late_path[4096];

static void *
resolve_later(void *unused)
{
	struct uffd_copy copy = { (uintptr_t)late_page, (uintptr_t)late_path, 4096, 0, 0 };

	(void)unused;
	sleep(1);
	printf("mkdir-raw: resolved\n");
	fflush(stdout);
	ioctl(uffd, UFFDIO(3, sizeof(copy)), &copy);
	return NULL;
}

static int
uffd_mkdir(const char *path)
{
	struct uffd_api api = { 0xAA, 0, 0 };
	struct uffd_register reg = { { 0, 4096 }, 1, 0 };
	pthread_t t;
	long r;

	late_page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	reg.range.start = (uintptr_t)late_page;
	snprintf(late_path, sizeof(late_path), "%s", path);
	if ((uffd = syscall(SYS_userfaultfd, 0)) == -1 || ioctl(uffd, UFFDIO(0x3f, sizeof(api)), &api) == -1
	    || ioctl(uffd, UFFDIO(0, sizeof(reg)), &reg) == -1) {
		printf("mkdir-raw: userfaultfd: %s\n", strerror(errno));
		return 2;
	}
	pthread_create(&t, NULL, resolve_later, NULL);
	r = mkdir(late_page, 0700);
	printf("mkdir-raw: returned %ld\n", r);
	fflush(stdout);
	sleep(3);
	return 0;
}

/* N idle processes, cheap to make (no exec), ended together. */
static int
idle_processes(long n)
{
	sigset_t term;
	long i;

	setpgid(0, 0);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigprocmask(SIG_BLOCK, &term, NULL);
	for (i = 0; i < n; i++)
		if (fork() == 0)
			for (;;)
				pause();
	printf("mkdir-raw: ready\n");
	fflush(stdout);
	sigwaitinfo(&term, NULL);
	kill(0, SIGKILL);
	return 0;
}

static void *
mark_later(void *mark)
{
	sleep(1);
	close(open(mark, O_CREAT | O_WRONLY, 0644));
	return NULL;
}

/* Processes that outlive what made them, in two shapes a leftover killer
 * can miss: a zombie leader whose other thread lives on, and a chain
 * deeper than one round of killing reaches. */
static int
leftover(const char *shape, long n, const char *mark)
{
	pthread_t t;
	int ready[2];
	char byte;

	if (pipe(ready) == -1)
		return 2;
	if (strcmp(shape, "-zleader") == 0) {
		if (fork() == 0) {
			pthread_create(&t, NULL, mark_later, (void *)mark);
			write(ready[1], "", 1);
			pthread_exit(NULL);
		}
	} else if (fork() == 0) {
		while (--n > 0 && fork() == 0)
			;
		if (n <= 0) {
			write(ready[1], "", 1);
			mark_later((void *)mark);
		}
		for (;;)
			pause();
	}
	return read(ready[0], &byte, 1) == 1 ? 0 : 2;
}

static volatile int toggling = 1;

static void *
toggle_dumpable(void *unused)
{
	(void)unused;
	while (toggling) {
		prctl(PR_SET_DUMPABLE, 0);
		prctl(PR_SET_DUMPABLE, 1);
	}
	return NULL;
}

static void
write_self(const char *name, const char *text)
{
	int fd = open(name, O_WRONLY);

	if (fd == -1 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		printf("mkdir-raw: %s: %s\n", name, strerror(errno));
		exit(2);
	}
	close(fd);
}

/* A caller whose memory, root and namespaces a supervisor of its own user
 * may or may not read, from one moment to the next.  Its namespaces are
 * made without an exec after them, so its memory still belongs to the
 * supervisor's user namespace, where the supervisor has no privilege. */
static int
dump_toggle(long n, const char *prefix)
{
	char path[4096], map[64];
	long i, made = 0, refused = 0, other = 0;
	unsigned uid = geteuid(), gid = getegid();
	pthread_t t;

	if (unshare(CLONE_NEWUSER | CLONE_NEWNS) == -1) {
		printf("mkdir-raw: unshare: %s\n", strerror(errno));
		return 2;
	}
	write_self("/proc/self/setgroups", "deny");
	snprintf(map, sizeof(map), "0 %u 1\n", uid);
	write_self("/proc/self/uid_map", map);
	snprintf(map, sizeof(map), "0 %u 1\n", gid);
	write_self("/proc/self/gid_map", map);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1
	    || mount("tmpfs", "/tmp", "tmpfs", 0, "mode=1777") == -1) {
		printf("mkdir-raw: mount: %s\n", strerror(errno));
		return 2;
	}
	pthread_create(&t, NULL, toggle_dumpable, NULL);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s%ld", prefix, i);
		if (mkdir(path, 0700) == 0)
			made++;
		else if (errno == EPERM)
			refused++;
		else
			other++;
	}
	toggling = 0;
	pthread_join(t, NULL);
	printf("mkdir-raw: %ld made, %ld refused, %ld other\n", made, refused, other);
	return 0;
}

/* A root caller that leaves filesystem UID 0 (the kernel drops its
 * filesystem capabilities) and raises them again. */
static long
fsuid_mkdir(int fsuid, const char *path)
{
	struct cap_header h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct cap_data d[2];

	setfsuid(fsuid);	/* musl's: the call of 32-bit IDs on arm and i686 */
	if (capget(&h, d) == -1)
		return -1;
	d[0].effective = d[0].permitted;
	d[1].effective = d[1].permitted;
	if (capset(&h, d) == -1)
		return -1;
	return mkdir(path, 0700);
}

/* linux/landlock.h, Linux 5.13 */
#define LANDLOCK_ACCESS_FS_MAKE_DIR	(1ULL << 7)

static long
landlocked_mkdir(const char *path)
{
	uint64_t handled = LANDLOCK_ACCESS_FS_MAKE_DIR;
	int ruleset = syscall(SYSCALL_BASE + 444, &handled, sizeof(handled), 0);	/* landlock_create_ruleset */

	if (ruleset == -1) {
		printf("mkdir-raw: landlock: %s\n", strerror(errno));
		exit(100);
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 || syscall(SYSCALL_BASE + 446, ruleset, 0) == -1)
		return -1;	/* landlock_restrict_self */
	return mkdir(path, 0700);
}

int
main(int argc, char **argv)
{
	const char *how = argc > 2 ? argv[1] : "", *path = argv[argc - 1];
	char *low;
	long r;

	if (argc < 2)
		return 2;
	if (strcmp(path, "-probe32") == 0)
		return int80(COMPAT_getpid, 0, 0) == getpid() ? 0 : 1;
	if (strcmp(how, "-threads") == 0)
		return four_threads(path);
	if (argc == 4 && strcmp(argv[1], "-loop") == 0)
		return loop(atol(argv[2]), path);
	if (argc == 4 && strcmp(argv[1], "-storm") == 0)
		return storm(atol(argv[2]), path, 0);
	if (argc == 4 && strcmp(argv[1], "-stopstorm") == 0)
		return storm(atol(argv[2]), path, 1);
	if (strcmp(how, "-zleader") == 0)
		return leftover(how, 0, path);
	if (argc == 4 && strcmp(argv[1], "-chain") == 0)
		return leftover(argv[1], atol(argv[2]), path);
	if (strcmp(how, "-procs") == 0)
		return idle_processes(atol(path));
	if (argc == 4 && strcmp(argv[1], "-dumptoggle") == 0)
		return dump_toggle(atol(argv[2]), path);
	if (strcmp(how, "-uring") == 0)
		return uring_mkdir(path);
	if (strcmp(how, "-uffd") == 0)
		return uffd_mkdir(path);
	if (strcmp(how, "-nodump") == 0)
		prctl(PR_SET_DUMPABLE, 0);
	if (strcmp(path, "-fault") == 0) {
		r = mkdir((char *)8, 0700);
	} else if (argc == 3 && strcmp(argv[1], "-addr") == 0) {
		r = mkdir((char *)(uintptr_t)strtoull(path, NULL, 0), 0700);
	} else if (strcmp(how, "-at") == 0) {
		r = syscall(SYS_mkdirat, AT_FDCWD, path, 0700);
	} else if (argc == 4 && strcmp(argv[1], "-prot") == 0) {
		low = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (low == MAP_FAILED || strlen(path) >= 4096)
			return 2;
		strcpy(low, path);
		mprotect(low, 4096, *argv[2] == 'w' ? PROT_WRITE : *argv[2] == 'x' ? PROT_EXEC : PROT_NONE);
		r = mkdir(low, 0700);
	} else if (argc == 4 && strcmp(argv[1], "-fsuid") == 0) {
		r = fsuid_mkdir(atoi(argv[2]), path);
	} else if (strcmp(how, "-landlock") == 0) {
		r = landlocked_mkdir(path);
	} else if (argc == 4 && strcmp(argv[1], "-atfd") == 0) {
		r = syscall(SYS_mkdirat, open(argv[2], O_PATH | O_DIRECTORY), path, 0700);
	} else if (argc == 4 && strcmp(argv[1], "-mode") == 0) {
		r = syscall(SYS_mkdirat, AT_FDCWD, path, (long)strtoull(argv[2], NULL, 0));
	} else if (argc == 4 && strcmp(argv[1], "-nrpath") == 0) {
		/* in the low 2 GiB, where a 32-bit ABI's table reads it whole */
		low = mmap((void *)0x10000000, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		if (low != (char *)0x10000000 || strlen(path) >= 4096)	/* (before 4.17: anywhere) */
			return 2;
		strcpy(low, path);
		r = syscall((long)(int)strtoul(argv[2], NULL, 0), low, 0700L);
	} else if (argc == 3 && strcmp(argv[1], "-nr") == 0) {
		r = syscall((long)(int)strtoul(path, NULL, 0), 0L, 0L, 0L, 0L, 0L, 0L);
	} else if (strcmp(how, "-32") == 0) {
		low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
		if (low == MAP_FAILED || strlen(path) >= 4096)
			return 2;
		strcpy(low, path);
		r = int80(COMPAT_mkdir, (long)low, 0700);
		if (r < 0) {
			errno = -r;
			r = -1;
		}
	} else {
		r = mkdir(path, 0700);
	}
	if (r < 0) {
		printf("mkdir-raw: %s\n", strerror(errno));
		return errno;
	}
	printf("mkdir-raw: returned %ld\n", r);
	return 0;
}
