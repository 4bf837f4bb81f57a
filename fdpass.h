/* fdpass.h: one file descriptor over a UNIX socket (SCM_RIGHTS). */
#ifndef FDPASS_H
#define FDPASS_H

int send_fd(int sock, int fd);
int recv_fd(int sock);

#endif
