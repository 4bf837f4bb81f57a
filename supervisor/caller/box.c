/* box.c: the page a serve loop shares with one worker (box.h says why),
 * and the watch on one of its words. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>
#include <sys/mman.h>

#include "bpf.h"
#include "supervisor/caller/box.h"

/* The CPUs we may run on.  Watching a word pays only where the other
 * side may run on another meanwhile: on one CPU the watcher would only
 * keep the other from running until its time slice ends. */
int
usable_cpus(void)
{
	static int cpus;
	cpu_set_t set;

	if (!cpus)
		cpus = sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : 1;
	return cpus;
}

/* A box, shared through a memfd sealed at one page: the worker, which may
 * become its caller's to command, can neither shrink it (a SIGBUS in the
 * loop) nor grow it.  Returns it and the fd to send, or NULL where the
 * kernel or a profile refuses (the socket alone serves then). */
struct box *
box_new(int *fd)
{
	struct box *b;

	/* never executable, as vm.memfd_noexec=2 (6.3+) asks of every memfd;
	 * a kernel older than the flag refuses it (EINVAL) */
	if ((*fd = memfd_create("unotify-box", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_NOEXEC_SEAL)) == -1
	    && (errno != EINVAL || (*fd = memfd_create("unotify-box", MFD_CLOEXEC | MFD_ALLOW_SEALING)) == -1))
		return NULL;
	if (ftruncate(*fd, sizeof(*b)) == -1
	    || sys_fcntl(*fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) == -1
	    || (b = box_map(*fd)) == NULL) {
		close(*fd);
		*fd = -1;
		return NULL;
	}
	return b;
}

struct box *
box_map(int fd)
{
	void *b = sys_mmap_shared(sizeof(struct box), fd);

	return b == MAP_FAILED ? NULL : b;
}

void
box_unmap(struct box *b)
{
	if (b)
		munmap(b, sizeof(*b));
}

static int64_t
ns_since(const struct timespec *t0)
{
	struct timespec t;

	monotonic_now(&t);
	return (int64_t)(t.tv_sec - t0->tv_sec) * 1000000000 + t.tv_nsec - t0->tv_nsec;
}

/* Watches *word while it holds value, ns at most.  Returns 1
 * once it changed, 0 when the time ran out.  Now and then the clock is
 * read, and the CPU offered to whoever waits for it here: the other side,
 * put on this CPU after all, or the caller it answers. */
int
watch_while(const uint32_t *word, uint32_t value, long ns)
{
	struct timespec t0;
	unsigned n;

	monotonic_now(&t0);
	for (n = 1; __atomic_load_n(word, __ATOMIC_ACQUIRE) == value; n++) {
		cpu_relax();
		if (n % 128)
			continue;
		if (ns_since(&t0) >= ns)
			return 0;
		sched_yield();
	}
	return 1;
}
