/* caller.h: acting as the caller.  Who made the call (filesystem IDs,
 * groups, capabilities, umask, root, user namespace), learned from a
 * procfs of our PID namespace, and worn for the one directory made on its
 * behalf; and the supervisor's own identity, read once at start. */
#ifndef CALLER_H
#define CALLER_H

#include <sched.h>
#include <sys/types.h>

#include "bpf.h"
#include "proctext.h"

struct self {
	struct identity id;
	struct cap_data caps[2];
	int proc;		/* a procfs of our PID namespace, or -1 */
	const char *no_proc;	/* why there is none */
	char userns[64];	/* our user namespace, as ns/user reads: "user:[N]" */
	/* An ID that reads as the overflow ID may stand for one that our user
	 * namespace does not map: never switched to where that can be. */
	uint32_t overflowuid, overflowgid;
	int uid_unsure, gid_unsure;
	int dumpable;
	cpu_set_t cpus;		/* where we may run, given back after each helper */
};

struct caller {
	const struct identity *id;
	int root;	/* its root directory (O_PATH), in its mount namespace */
	int userns;	/* its user namespace where that is not ours, else -1 */
};

void know_self(struct self *me);
int learn_caller(const struct self *me, pid_t pid, int known_as_self, struct caller *c,
    const char **why);
int as_caller(const struct self *me, const struct caller *c, void (*act)(void *), void *arg,
    const char **why);
void forget_caller(struct caller *c);
int stuck_helpers(void);

#endif
