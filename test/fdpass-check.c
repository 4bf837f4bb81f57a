/* test/fdpass-check.c: a test helper; feeds recv_fd() good and bad
 * messages and prints what came back, and whether any descriptor was
 * left open in the receiver (the lowest free fd must not move). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "fdpass.h"

/* Sends one byte with n descriptors (n may be 0). */
static int
send_fds(int sock, const int *fds, int n)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(4 * sizeof(int))];
	} control;
	char byte = 0;
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;

	memset(&control, 0, sizeof(control));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (n > 0) {
		msg.msg_control = control.buf;
		msg.msg_controllen = CMSG_SPACE(n * sizeof(int));
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(n * sizeof(int));
		memcpy(CMSG_DATA(cmsg), fds, n * sizeof(int));
	}
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int
lowest_free_fd(void)
{
	int fd = open("/dev/null", O_RDONLY);

	close(fd);
	return fd;
}

/* One message of n fds; prints what recv_fd said and what it leaked. */
static void
try(int n)
{
	int sock[2], fds[4], i, got, e, before, after;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sock);
	for (i = 0; i < n; i++)
		fds[i] = open("/dev/null", O_RDONLY);
	if (n >= 0)
		send_fds(sock[0], fds, n);
	for (i = 0; i < n; i++)
		close(fds[i]);
	close(sock[0]);
	before = lowest_free_fd();
	got = recv_fd(sock[1]);
	e = errno;
	if (got >= 0)
		close(got);
	after = lowest_free_fd();
	close(sock[1]);
	if (n < 0)
		printf("no message: ");
	else
		printf("%d fds: ", n);
	printf("%s, %s\n", got >= 0 ? "received" : strerror(e),
	    after == before ? "nothing left open" : "a descriptor left open");
}

int
main(void)
{
	try(1);
	try(0);
	try(2);
	try(4);
	try(-1);
	return 0;
}
