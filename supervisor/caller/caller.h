/* caller.h: acting as the caller.  Who made the call (filesystem IDs,
 * groups, capabilities, umask, root, user namespace), learned from a
 * procfs of our PID namespace, and worn for the one directory made on its
 * behalf; and the supervisor's own identity, read once at start. */
#ifndef CALLER_H
#define CALLER_H

#include <sys/types.h>

#include "bpf.h"
#include "supervisor/caller/proctext.h"

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
	gid_t few[FEW_GROUPS];	/* our groups, where they are few */
};

struct caller {
	const struct identity *id;
	int root;	/* its root directory (O_PATH), in its mount namespace */
	int userns;	/* its user namespace where that is not ours, else -1 */
	char userns_name[64];	/* that namespace as ns/user reads, or "" */
};

/* What assume() changed, for restore() to put back. */
struct worn {
	int caps, umask;
};

void know_self(struct self *me);
int learn_caller(const struct self *me, pid_t pid, int known_as_self, struct caller *c,
    const char **why);
void forget_caller(struct caller *c);
int served_here(const struct self *me, const struct caller *c);
int assume(const struct self *me, const struct identity *id, struct worn *w);
void restore(const struct self *me, const struct worn *w);
int become(const struct self *me, const struct identity *id, int userns);
int same_identity(const struct identity *a, const struct identity *b);
int traceable_joining(const struct self *me, const struct caller *c);

#endif
