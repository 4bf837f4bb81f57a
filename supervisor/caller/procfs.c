/* procfs.c: a procfs of unotify's own PID namespace.  Notification PIDs
 * are numbers in our PID namespace, but the /proc mounted here may show
 * another one (unshare -p without --mount-proc), where the same number is
 * another task: its identity would be taken on.  A private instance, made
 * with the mount API and never attached to the tree, is ours by
 * construction and out of any caller's reach (a caller with CAP_SYS_ADMIN
 * in our mount namespace could mount over /proc).  Where we may not make
 * one, the mounted /proc serves once it has shown that it is a procfs that
 * numbers us as we number ourselves, at the top of its namespace list. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/vfs.h>

#include "bpf.h"
#include "supervisor/caller/poison.h"
#include "supervisor/caller/procfs.h"
#include "supervisor/caller/proctext.h"

/* The whole of the /proc file open on fd, from its start to its end,
 * NUL-terminated, in a buffer that grows as needed and is reused by the
 * next call.  A seq_file hands out at most a page a read where it has
 * many records (maps): it is read until read(2) says 0.  A file of one
 * record, as status, is rendered once, on the first read, and the reads
 * after it come from that rendering, so its fields agree (each read
 * starts where the last ended, so the seq_file goes on from it; the first,
 * at 0, renders anew: no lseek).  NULL with
 * errno.  Under ASan (make sanitize) the buffer past the text is out of
 * bounds: a parser that reads on is reported, where it would otherwise
 * find an earlier file's leftovers. */
char *
proc_read(int fd)
{
	static char first[4096], *buf = first;
	static size_t size = sizeof(first);
	size_t got = 0;
	ssize_t n;
	char *bigger;

	ASAN_UNPOISON_MEMORY_REGION(buf, size);
	for (;;) {
		if (got == size - 1) {
			if ((bigger = sys_mmap_anon(4 * size, MAP_PRIVATE)) == MAP_FAILED)
				return NULL;
			memcpy(bigger, buf, got);
			if (buf != first)
				munmap(buf, size);
			buf = bigger;
			size *= 4;
		}
		n = pread(fd, buf + got, size - 1 - got, got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return NULL;
		if (n == 0)
			break;
		got += n;
	}
	buf[got] = '\0';
	ASAN_POISON_MEMORY_REGION(buf + got + 1, size - got - 1);
	return buf;
}

/* The whole of the file name under dir, as proc_read reads it. */
char *
proc_read_at(int dir, const char *name)
{
	int fd = openat(dir, name, O_RDONLY | O_CLOEXEC);
	char *text = fd >= 0 ? proc_read(fd) : NULL;

	if (fd >= 0)
		close(fd);
	return text;
}

static int
private_procfs(void)
{
	int fs = fsopen("proc", FSOPEN_CLOEXEC), mnt = -1;

	if (fs == -1)
		return -1;
	if (fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == 0)
		mnt = fsmount(fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
	close(fs);
	return mnt;
}

/* The mounted /proc, or -1 and why not. */
static int
mounted_procfs(const char **why)
{
	static struct status self;
	struct statfs fs;
	char *text;
	int dir = openat(AT_FDCWD, "/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (dir == -1) {
		*why = "no /proc";
		return -1;
	}
	if (fstatfs(dir, &fs) == -1 || fs.f_type != PROC_SUPER_MAGIC) {
		*why = "no procfs on /proc";
	} else if (!(text = proc_read_at(dir, "self/status")) || parse_status(text, &self) == -1
	    || self.nspids != 1 || self.nspid != getpid()) {
		*why = "/proc is another PID namespace's";
	} else {
		return dir;
	}
	close(dir);
	return -1;
}

/* A procfs of our PID namespace: a private one where we may make it
 * (CAP_SYS_ADMIN, Linux 5.2), else the mounted one if it is ours; or -1,
 * and *why says what stood in the way. */
int
procfs_open(const char **why)
{
	int dir = private_procfs();

	return dir >= 0 ? dir : mounted_procfs(why);
}
