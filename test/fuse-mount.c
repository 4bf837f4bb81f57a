/* test/fuse-mount.c: a test helper; a FUSE filesystem of one empty
 * directory (mode 0777), mounted for user UID alone (no allow_other: the
 * kernel lets in only tasks whose real, effective and saved IDs are all
 * UID), where a mkdir succeeds, or is never answered with -hang.  In a
 * mount namespace of its own; runs CMD there, then ends the mount.
 *   fuse-mount [-hang] UID DIR CMD [ARG...]
 * Exit status: CMD's; 100 when FUSE is not to be had here. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* linux/fuse.h, the part spoken here */
struct in_header { uint32_t len, opcode; uint64_t unique, nodeid; uint32_t uid, gid, pid, pad; };
struct out_header { uint32_t len; int32_t error; uint64_t unique; };
struct attr { uint64_t ino, size, blocks, atime, mtime, ctime; uint32_t atimensec, mtimensec,
    ctimensec, mode, nlink, uid, gid, rdev, blksize, flags; };
struct entry_out { uint64_t nodeid, generation, entry_valid, attr_valid; uint32_t entry_valid_nsec,
    attr_valid_nsec; struct attr attr; };
struct attr_out { uint64_t attr_valid; uint32_t attr_valid_nsec, dummy; struct attr attr; };
struct init_out { uint32_t major, minor, max_readahead, flags; uint16_t max_background,
    congestion_threshold; uint32_t max_write, time_gran; uint16_t max_pages, map_alignment;
    uint32_t flags2, unused[7]; };
enum { LOOKUP = 1, FORGET = 2, GETATTR = 3, MKDIR = 9, INIT = 26, BATCH_FORGET = 42 };

static int dev;

static void
reply(uint64_t unique, int error, const void *body, size_t len)
{
	char out[4096];
	struct out_header h = { sizeof(h) + (error ? 0 : len), error, unique };

	memcpy(out, &h, sizeof(h));
	if (!error)
		memcpy(out + sizeof(h), body, len);
	write(dev, out, h.len);
}

static void
dir_attr(struct attr *a, uint64_t ino, uint32_t mode, uint32_t uid)
{
	memset(a, 0, sizeof(*a));
	a->ino = ino;
	a->mode = S_IFDIR | mode;
	a->nlink = 2;
	a->uid = a->gid = uid;
	a->blksize = 4096;
}

static _Noreturn void
serve(int hang)
{
	static char buf[1 << 17];
	struct in_header *in = (void *)buf;
	struct init_out init = { 7, 31, 0, 0, 0, 0, 4096, 0, 0, 0, 0, { 0 } };
	struct attr_out attr = { 0 };
	struct entry_out made = { 0 };
	uint64_t next = 2;
	ssize_t n;

	for (;;) {
		if ((n = read(dev, buf, sizeof(buf))) <= 0) {
			if (n == -1 && (errno == EINTR || errno == ENOENT))
				continue;
			_exit(0);
		}
		switch (in->opcode) {
		case INIT:
			reply(in->unique, 0, &init, sizeof(init));
			break;
		case GETATTR:
			dir_attr(&attr.attr, in->nodeid, 0777, 0);
			reply(in->unique, 0, &attr, sizeof(attr));
			break;
		case LOOKUP:
			reply(in->unique, -ENOENT, NULL, 0);
			break;
		case MKDIR:
			if (hang)
				break;
			made.nodeid = next++;
			dir_attr(&made.attr, made.nodeid, 0755, in->uid);
			reply(in->unique, 0, &made, sizeof(made));
			break;
		case FORGET:
		case BATCH_FORGET:
			break;
		default:
			reply(in->unique, -ENOSYS, NULL, 0);
		}
	}
}

int
main(int argc, char **argv)
{
	int hang = argc > 1 && strcmp(argv[1], "-hang") == 0, status;
	char opts[128];
	pid_t daemon, cmd;

	argv += hang;
	if (argc - hang < 4)
		return 2;
	if (unshare(CLONE_NEWNS) == -1 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1
	    || (dev = open("/dev/fuse", O_RDWR | O_CLOEXEC)) == -1) {
		fprintf(stderr, "fuse-mount: %s\n", strerror(errno));
		return 100;
	}
	snprintf(opts, sizeof(opts), "fd=%d,rootmode=40777,user_id=%s,group_id=%s", dev, argv[1], argv[1]);
	if (mount("fuse-mount", argv[2], "fuse", 0, opts) == -1) {
		fprintf(stderr, "fuse-mount: mount: %s\n", strerror(errno));
		return 100;
	}
	if ((daemon = fork()) == 0)
		serve(hang);
	if ((cmd = fork()) == 0) {
		execvp(argv[3], argv + 3);
		_exit(127);
	}
	waitpid(cmd, &status, 0);
	umount2(argv[2], MNT_DETACH);
	kill(daemon, SIGKILL);
	waitpid(daemon, NULL, 0);
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}
