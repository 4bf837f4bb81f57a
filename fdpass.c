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

/* Sends len bytes of data, then len2 of data2 (none where len2 is 0),
 * with fd (if not -1) as SCM_RIGHTS, in one message; flags as send(2)'s
 * (MSG_NOSIGNAL is added). */
int
send_fd_with2(int sock, int fd, const void *data, size_t len, const void *data2, size_t len2,
    int flags)
{
	struct iovec iov[2] = { { (void *)data, len }, { (void *)data2, len2 } };
	union cmsg_space control;
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;

	memset(&control, 0, sizeof(control));
	msg.msg_iov = iov;
	msg.msg_iovlen = len2 ? 2 : 1;
	if (fd >= 0) {
		msg.msg_control = control.buf;
		msg.msg_controllen = sizeof(control.buf);
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	}
	while (sys_sendmsg(sock, &msg, flags | MSG_NOSIGNAL) == -1)
		if (errno != EINTR)
			return -1;
	return 0;
}

int
send_fd_with(int sock, int fd, const void *data, size_t len)
{
	return send_fd_with2(sock, fd, data, len, NULL, 0, 0);
}

int
send_fd(int sock, int fd)
{
	char byte = 0;

	return send_fd_with(sock, fd, &byte, 1);
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

/* Receives what has come, at most len bytes, into data, and in *fd the
 * one fd sent with them, or -1 where none was.  Returns how many bytes
 * (0: the peer closed), or -1 and errno: EPROTO when more than one fd,
 * or anything else, came with them (all closed, not leaked). */
ssize_t
recv_some(int sock, void *data, size_t len, int *fd)
{
	struct iovec iov = { data, len };
	union cmsg_space control;
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;
	ssize_t n;

	*fd = -1;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.buf;
	msg.msg_controllen = sizeof(control.buf);
	while ((n = sys_recvmsg(sock, &msg, MSG_CMSG_CLOEXEC)) == -1)
		if (errno != EINTR)
			return -1;
	if (!(cmsg = CMSG_FIRSTHDR(&msg)))
		return n;
	if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS
	    || cmsg->cmsg_len != CMSG_LEN(sizeof(int)) || (msg.msg_flags & MSG_CTRUNC)) {
		close_received(&msg);
		errno = EPROTO;
		return -1;
	}
	memcpy(fd, CMSG_DATA(cmsg), sizeof(int));
	return n;
}

/* Receives a message of exactly len bytes of data into data, with one
 * fd.  Returns the fd (close-on-exec), or -1: errno EPIPE when the peer
 * closed without sending, EPROTO when the message is not exactly len
 * bytes and one SCM_RIGHTS fd (any fds that did arrive are closed, not
 * leaked). */
int
recv_fd_with(int sock, void *data, size_t len)
{
	ssize_t n;
	int fd;

	if ((n = recv_some(sock, data, len, &fd)) == -1)
		return -1;
	if (n == 0 && fd == -1) {
		errno = EPIPE;
		return -1;
	}
	if ((size_t)n != len || fd == -1) {
		if (fd >= 0)
			close(fd);
		errno = EPROTO;
		return -1;
	}
	return fd;
}

int
recv_fd(int sock)
{
	char byte;

	return recv_fd_with(sock, &byte, 1);
}
