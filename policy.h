/* policy.h: what the supervisor answers for one mkdir or mkdirat. */
#ifndef POLICY_H
#define POLICY_H

#include <limits.h>
#include <stdint.h>
#include <sys/types.h>

#include "bpf.h"
#include "caller.h"

#define SERVED_DIR	"/tmp"	/* the one place the supervisor creates in */

struct call {
	const char *name;	/* "mkdir" or "mkdirat", for the lines */
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

extern int openat2_missing;	/* set: walk without openat2(2), as before 5.6 */

int apply_policy(const struct call *c, const struct rules *r, struct seccomp_notif_resp *resp);

#endif
