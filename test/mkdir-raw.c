/* test/mkdir-raw.c: a test helper; makes one mkdir(2) call the way the
 * suite needs it, and says what it got.
 *   mkdir-raw PATH        x86-64 mkdir
 *   mkdir-raw -at PATH    x86-64 mkdirat(AT_FDCWD, ...)
 *   mkdir-raw -32 PATH    i386 mkdir through int 0x80, path below 4 GiB
 *   mkdir-raw -fault      mkdir with an unmapped path pointer
 *   mkdir-raw -probe32    exit 0 if int 0x80 works here (IA32 emulation)
 *   mkdir-raw -threads DIR  four threads mkdir DIR1..DIR4 at once
 *   mkdir-raw -loop N DIR   mkdir DIR/0..DIR/N-1; prints ns per call
 * Exit status: 0 if the call returned >= 0, else its errno. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>

#include "../bpf.h"

static pthread_barrier_t together;

static void *
make_one(void *path)
{
	pthread_barrier_wait(&together);
	return (void *)(long)(syscall(SYS_mkdir, path, 0700) == 0 ? 0 : errno);
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
		failed += syscall(SYS_mkdir, path, 0700) != 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("mkdir-raw: %ld ns per call, %ld failed\n",
	    ((b.tv_sec - a.tv_sec) * 1000000000L + b.tv_nsec - a.tv_nsec) / n, failed);
	return failed != 0;
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
		return int80(I386_getpid, 0, 0) == getpid() ? 0 : 1;
	if (strcmp(how, "-threads") == 0)
		return four_threads(path);
	if (argc == 4 && strcmp(argv[1], "-loop") == 0)
		return loop(atol(argv[2]), path);
	if (strcmp(path, "-fault") == 0) {
		r = syscall(SYS_mkdir, (char *)8, 0700);
	} else if (strcmp(how, "-at") == 0) {
		r = syscall(SYS_mkdirat, AT_FDCWD, path, 0700);
	} else if (strcmp(how, "-32") == 0) {
		low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
		if (low == MAP_FAILED || strlen(path) >= 4096)
			return 2;
		strcpy(low, path);
		r = int80(I386_mkdir, (long)low, 0700);
		if (r < 0) {
			errno = -r;
			r = -1;
		}
	} else {
		r = syscall(SYS_mkdir, path, 0700);
	}
	if (r < 0) {
		printf("mkdir-raw: %s\n", strerror(errno));
		return errno;
	}
	printf("mkdir-raw: returned %ld\n", r);
	return 0;
}
