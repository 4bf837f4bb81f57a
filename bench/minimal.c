/* bench/minimal.c: the least a supervisor can do, as a yardstick for
 * unotify -b: blocking RECV, then SEND CONTINUE, SYNC_WAKE_UP set where
 * the kernel has it.  No poll, no ID check, no policy; with "read", the
 * path is read from the target's memory too, the one cost no policy loop
 * can avoid; with "create", the floor of acting as the caller: each call
 * a new directory below /tmp, made after what any such supervisor must do
 * (the path read; the caller's status read, to its end, and its user
 * namespace, which scopes a root caller's capabilities; its root opened,
 * the ID checked, the parent opened below that root) and answered made.
 * Usage: minimal COUNT [read|create]   (prints ns per call, median of 5
 * runs) */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include "bpf.h"

#define REPS	5

int send_fd(int sock, int fd);
int recv_fd(int sock);

static long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static int
cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	enum { ARCH, NATIVE, KILLED, NR, MKDIR, NOTIFIED, ALLOWED };
	struct sock_filter insns[] = {
		AT(ARCH, LOAD_ARCH),
		IF_EQ(NATIVE, AUDIT_ARCH_NATIVE, NR, KILLED),
		AT(KILLED, RET(SECCOMP_RET_KILL_PROCESS)),
		AT(NR, LOAD_NR),
		IF_EQ(MKDIR, NATIVE_mkdir == -1 ? NATIVE_mkdirat : NATIVE_mkdir, NOTIFIED, ALLOWED),
		AT(NOTIFIED, RET(SECCOMP_RET_USER_NOTIF)),
		AT(ALLOWED, RET(SECCOMP_RET_ALLOW)),
	};
	struct sock_fprog prog = { sizeof(insns) / sizeof(insns[0]), insns };
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	long count = argc > 1 ? atol(argv[1]) : 0, i, start, *per_call;
	int create = argc > 2 && strcmp(argv[2], "create") == 0;
	int sock[2], fd, rep, sync, read_path = create || (argc > 2 && strcmp(argv[2], "read") == 0);
	int status = -1, root, parent;
	char path[4096], name[64], text[4096], ns[64], *leaf;
	ssize_t n;
	struct open_how below = { O_PATH | O_DIRECTORY | O_CLOEXEC, 0, RESOLVE_IN_ROOT };
	struct iovec local = { path, sizeof(path) }, remote;
	pid_t pid;

	if (count < 1) {
		fprintf(stderr, "usage: minimal COUNT [read|create]\n");
		return 2;
	}
	snprintf(name, sizeof(name), "/tmp/minimal-bench.%d", (int)getpid());
	if (create && mkdir(name, 0700) == -1)
		return 1;
	per_call = mmap(NULL, REPS * sizeof(long), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (per_call == MAP_FAILED || socketpair(AF_UNIX, SOCK_STREAM, 0, sock) == -1)
		return 1;
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		fd = seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
		if (fd == -1 || send_fd(sock[0], fd) == -1)
			_exit(1);
		close(fd);
		for (rep = 0; rep < REPS; rep++) {
			start = now_ns();
			for (i = 0; i < count; i++) {
				if (create)
					snprintf(path, sizeof(path), "%s/%d.%ld", name, rep, i);
				mkdir(create ? path : "./", 0700);
			}
			per_call[rep] = (now_ns() - start) / count;
		}
		_exit(0);
	}
	fd = recv_fd(sock[1]);
	if (fd == -1)
		return 1;
	sync = ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) == 0;
	for (i = 0; i < REPS * count; i++) {
		memset(&req, 0, sizeof(req));
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) == -1)
			return 1;
		if (read_path) {
			/* as unotify reads it: up to the end of the page */
			remote.iov_base = (void *)(uintptr_t)req.data.args[0];
			remote.iov_len = 4096 - req.data.args[0] % 4096;
			local.iov_len = remote.iov_len;
			if (process_vm_readv(req.pid, &local, 1, &remote, 1, 0) <= 0)
				return 1;
		}
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		if (create) {
			resp.flags = 0;
			snprintf(text, sizeof(text), "/proc/%d/status", (int)req.pid);
			if (status == -1 && (status = open(text, O_RDONLY | O_CLOEXEC)) == -1)
				return 1;
			if ((n = pread(status, text, sizeof(text), 0)) <= 0 || pread(status, text, sizeof(text), n) != 0)
				return 1;
			snprintf(text, sizeof(text), "/proc/%d/ns/user", (int)req.pid);
			if (readlink(text, ns, sizeof(ns)) <= 0)
				return 1;
			snprintf(text, sizeof(text), "/proc/%d/root", (int)req.pid);
			if ((root = open(text, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1
			    || ioctl(fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &req.id) == -1
			    || !(leaf = strrchr(path, '/')))
				return 1;
			*leaf++ = '\0';
			if ((parent = openat2(root, path, &below)) == -1)
				return 1;
			resp.error = mkdirat(parent, leaf, 0700) == -1 ? -errno : 0;
			close(parent);
			close(root);
		}
		ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
	waitpid(pid, NULL, 0);
	if (create) {
		for (rep = 0; rep < REPS; rep++)
			for (i = 0; i < count; i++) {
				snprintf(path, sizeof(path), "%s/%d.%ld", name, rep, i);
				rmdir(path);
			}
		rmdir(name);
	}
	qsort(per_call, REPS, sizeof(long), cmp);
	printf("minimal supervisor, %s%s%s: %ld ns per call\n", create ? "create in /tmp" : "CONTINUE",
	    sync ? ", SYNC_WAKE_UP" : "", read_path && !create ? ", path read" : "", per_call[REPS / 2]);
	return 0;
}
