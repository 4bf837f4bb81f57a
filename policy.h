/* policy.h: what the supervisor answers for one mkdir or mkdirat. */
#ifndef POLICY_H
#define POLICY_H

#include <limits.h>
#include <stdint.h>
#include <sys/types.h>

#include "bpf.h"

#define SERVED_DIR	"/tmp"	/* the one place the supervisor creates in */

struct call {
	const char *name;	/* "mkdir" or "mkdirat", for the lines */
	pid_t pid;
	uint64_t mode;
	char path[PATH_MAX];	/* as read from the target */
};

void apply_policy(const struct call *c, int prog, struct seccomp_notif_resp *resp);

#endif
