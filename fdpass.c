/* fdpass.c: pass one file descriptor over a UNIX socket (SCM_RIGHTS).
 * Never prints, never exits: -1 with errno on failure. */
#include <errno.h>
#include <unistd.h>
#include <string.h>
#include <sys/socket.h>

#include "bpf.h"
#include "fdpass.h"

union cmsg_space {
	struct cmsghdr align;
	char buf[CMSG_SPACE(sizeof(int))];
};

int
send_fd(int sock, int fd)
{
	char byte = 0;
	struct iovec iov = { &byte, 1 };
	union cmsg_space control;
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;

	memset(&control, 0, sizeof(control));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.buf;
	msg.msg_controllen = sizeof(control.buf);
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	while (sys_sendmsg(sock, &msg, MSG_NOSIGNAL) == -1)
		if (errno != EINTR)
			return -1;
	return 0;
}

/* Closes every descriptor that a message's SCM_RIGHTS parts brought. */
static void
close_received(struct msghdr *msg)
{
	struct cmsghdr *cmsg;
	size_t i, n;
	int fd;

	for (cmsg = CMSG_FIRSTHDR(msg); cmsg; cmsg = CMSG_NXTHDR(msg, cmsg)) {
		if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS)
			continue;
		n = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < n; i++) {
			memcpy(&fd, CMSG_DATA(cmsg) + i * sizeof(int), sizeof(int));
			close(fd);
		}
	}
}

/* Returns the received fd (close-on-exec), or -1: errno EPIPE when the
 * peer closed without sending, EPROTO when the message is not exactly one
 * SCM_RIGHTS fd (any fds that did arrive are closed, not leaked). */
int
recv_fd(int sock)
{
	char byte;
	struct iovec iov = { &byte, 1 };
	union cmsg_space control;
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;
	ssize_t n;
	int fd;

	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.buf;
	msg.msg_controllen = sizeof(control.buf);
	while ((n = sys_recvmsg(sock, &msg, MSG_CMSG_CLOEXEC)) == -1)
		if (errno != EINTR)
			return -1;
	if (n == 0) {
		errno = EPIPE;
		return -1;
	}
	cmsg = CMSG_FIRSTHDR(&msg);
	if (!cmsg || cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS
	    || cmsg->cmsg_len != CMSG_LEN(sizeof(int))
	    || (msg.msg_flags & MSG_CTRUNC)) {
		close_received(&msg);
		errno = EPROTO;
		return -1;
	}
	memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
	return fd;
}
