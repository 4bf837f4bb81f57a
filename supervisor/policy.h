/* policy.h: what the supervisor answers for one mkdir or mkdirat. */
#ifndef POLICY_H
#define POLICY_H

#include <limits.h>
#include <stdint.h>
#include <sys/types.h>

#include "bpf.h"
#include "supervisor/caller/caller.h"
#include "supervisor/caller/worker.h"

struct call {
	const char *name;	/* "mkdir" or "mkdirat", for the lines */
	int dirfd;	/* mkdirat's, as the kernel reads it */
	int unread;	/* the path could not be read: addr stands for it */
	uint64_t addr;
	int listener;
	uint64_t id;
	pid_t pid;
	uint64_t mode;
	char path[PATH_MAX];	/* as read from the target */
};

struct rules {
	int prog;	/* -x: answer real programs as their mkdir(2) expects */
	const struct self *self;	/* who acts for the callers */
};

/* What apply_policy did: answered in resp; or nothing to send, the call
 * is gone; or no worker is free for it, ask again once one answered (its
 * user has all it may have at work, or every worker is); or (0 and up)
 * that worker makes the directory: policy_made answers. */
enum { ANSWERED = -1, GONE = -2, USER_WAITS = -3, NO_WORKER = -4 };

const char *call_text(const struct call *c, const struct rules *r);
void cannot_act(const struct call *c, const struct rules *r, const char *why, struct seccomp_notif_resp *resp);
int apply_policy(const struct call *c, const struct rules *r, struct seccomp_notif_resp *resp);
void policy_made(const struct call *c, const struct rules *r, const struct worker_answer *a,
    struct seccomp_notif_resp *resp);

#endif
