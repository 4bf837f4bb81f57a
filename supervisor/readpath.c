/* readpath.c: copies a NUL-terminated path out of the target's memory. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/uio.h>

#include "bpf.h"
#include "supervisor/output.h"
#include "supervisor/caller/procfs.h"
#include "supervisor/caller/proctext.h"
#include "supervisor/readpath.h"

static int vm_readv_missing;	/* missing or refused: use /proc/PID/mem */

/* The kernel's page size: 4K on x86-64; 4K, 16K or 64K on arm64. */
size_t
page_size(void)
{
	static size_t page;

	if (!page)
		page = getauxval(AT_PAGESZ);
	return page;
}

static ssize_t
read_by_vm(pid_t pid, uint64_t addr, char *buf, size_t len)
{
	struct iovec local = { buf, len }, remote = { (void *)(uintptr_t)addr, len };

	return process_vm_readv(pid, &local, 1, &remote, 1, 0);
}

/* Whether process_vm_readv(2) is to be had here: 0, or ENOSYS
 * (CONFIG_CROSS_MEMORY_ATTACH=n) or EPERM (a seccomp filter above us
 * refuses it).  Asked of our own memory, which nothing else refuses. */
int
vm_readv_refused(void)
{
	char byte = 0;

	return read_by_vm(getpid(), (uintptr_t)&byte, &byte, 1) == 1 ? 0 : errno;
}

/* Whether this kernel reads, for a task, a page that task may only
 * execute: arm64 and riscv64 may enforce execute-only pages, as x86 does
 * with protection keys, or not; the kernel itself is asked, once, by a
 * write(2) from such a page of ours. */
static int
exec_readable(void)
{
	static int known = -1;
	char *page;
	int p[2];

	if (known >= 0)
		return known;
	known = 0;
	page = sys_mmap_anon(page_size(), MAP_PRIVATE);
	if (page == MAP_FAILED)
		return known;
	if (mprotect(page, page_size(), PROT_EXEC) == 0 && sys_pipe2(p, O_CLOEXEC) == 0) {
		known = write(p[1], page, 1) == 1;
		close(p[0]);
		close(p[1]);
	}
	munmap(page, page_size());
	return known;
}

/* /proc/PID/mem reads through page protections, as a debugger does: the
 * task's map says which pages the kernel would read for the task. */
static int
open_proc_mem(int proc, pid_t pid, char **maps)
{
	char name[32];

	format(name, sizeof(name), "%d/maps", (int)pid);
	if (!(*maps = proc_read_at(proc, name)))
		return -1;
	format(name, sizeof(name), "%d/mem", (int)pid);
	return openat(proc, name, O_RDONLY | O_CLOEXEC);
}

/* Copies the NUL-terminated string at addr in task pid into buf (PATH_MAX
 * bytes), a page at a time, so that a string ending just before an
 * unmapped page is read without touching that page.  Returns 0, or what
 * the kernel itself answers for such a path: EFAULT when it cannot be
 * read, ENAMETOOLONG when no NUL comes within PATH_MAX bytes; or another
 * errno when we may not read it (EPERM, ESRCH).  Needs no procfs
 * (initramfs) unless process_vm_readv(2) is missing or refused; proc is
 * one of our PID namespace, or -1. */
int
read_path(int proc, pid_t pid, uint64_t addr, char *buf, enum reader how)
{
	int memfd = -1, err = ENAMETOOLONG, e;
	size_t got = 0, want, page = page_size();
	char *maps = NULL;
	ssize_t n;

	if (how == READ_PROC_MEM || vm_readv_missing)
		if ((memfd = open_proc_mem(proc, pid, &maps)) == -1)
			return errno;
	while (got < PATH_MAX) {
		want = page - (addr + got) % page;
		if (want > PATH_MAX - got)
			want = PATH_MAX - got;
		if (memfd >= 0) {
			/* an address past the offsets of a file (x86-64's
			 * vsyscall page, executable, so "readable") is in no
			 * page a caller's call may name */
			errno = EFAULT;
			n = (off_t)(addr + got) < 0 || maps_readable(maps, addr + got, exec_readable()) != 1 ? -1
			    : pread(memfd, buf + got, want, (off_t)(addr + got));
		} else {
			n = read_by_vm(pid, addr + got, buf + got, want);
			/* ENOSYS, EPERM: the call is missing or refused (or,
			 * EPERM, the task may not be read: then neither way
			 * reads it).  EFAULT: also a page the kernel reads
			 * though it is not PROT_READ (PROT_WRITE; PROT_EXEC on
			 * x86): /proc/PID/mem and the map tell. */
			if (n == -1 && (unavailable(errno) || errno == EFAULT) && proc >= 0) {
				e = errno;
				vm_readv_missing |= e != EFAULT && vm_readv_refused();
				if ((memfd = open_proc_mem(proc, pid, &maps)) >= 0)
					continue;
				errno = e;
			}
		}
		if (n <= 0) {
			/* EFAULT for the pointer; anything else (EPERM for a
			 * non-dumpable target) is ours, not the caller's. */
			err = n == 0 || errno == EFAULT || errno == EIO ? EFAULT : errno;
			break;
		}
		if (memchr(buf + got, 0, n)) {
			err = 0;
			break;
		}
		got += n;
	}
	if (memfd >= 0)
		close(memfd);
	return err;
}
