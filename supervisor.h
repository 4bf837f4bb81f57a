/* supervisor.h: serving the target's notifications. */
#ifndef SUPERVISOR_H
#define SUPERVISOR_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "bpf.h"
#include "target.h"

struct notif_buffers {
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	size_t req_size, resp_size;
};

struct supervision {
	unsigned delay;		/* -d: seconds between the two ID checks */
	int prog;		/* -x: answer real programs as their mkdir(2) expects */
	int async_wakeup;	/* -b's baseline: leave SYNC_WAKE_UP off */
};

void notif_buffers(struct notif_buffers *nb);
int id_valid(int listener, uint64_t id);
void catch_signals(sigset_t *before);
int supervise(struct target *t, const struct supervision *how);

#endif
