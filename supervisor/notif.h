/* notif.h: the listener's requests. */
#ifndef NOTIF_H
#define NOTIF_H

#include <stddef.h>
#include <stdint.h>

#include "bpf.h"

struct notif_buffers {
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	size_t req_size, resp_size;
};

void notif_buffers(struct notif_buffers *nb);
extern int id_valid_wrong_dir;	/* set: the ioctl number of Linux 5.0-5.8 */
int id_valid(int listener, uint64_t id);

#endif
