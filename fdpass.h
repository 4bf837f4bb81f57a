/* fdpass.h: one file descriptor over a UNIX socket (SCM_RIGHTS), with a
 * byte or a few bytes of data. */
#ifndef FDPASS_H
#define FDPASS_H

#include <stddef.h>
#include <sys/types.h>

int send_fd(int sock, int fd);
int send_fd_with(int sock, int fd, const void *data, size_t len);
int send_fd_with2(int sock, int fd, const void *data, size_t len, const void *data2, size_t len2,
    int flags);
int recv_fd(int sock);
int recv_fd_with(int sock, void *data, size_t len);
ssize_t recv_some(int sock, void *data, size_t len, int *fd);

#endif
