/* caller.h: acting as the caller.  Who made the call (fsuid, fsgid,
 * groups, capabilities, umask, root), learned from /proc/PID, and worn by
 * the supervisor for the one directory it makes on the caller's behalf. */
#ifndef CALLER_H
#define CALLER_H

#include <stdint.h>
#include <sys/types.h>

#define CALLER_GROUPS	1024	/* more supplementary groups: refused */

struct caller {
	uid_t fsuid;
	gid_t fsgid;
	int ngroups;
	gid_t groups[CALLER_GROUPS];
	uint64_t cap_eff;
	mode_t umask;
	int root;	/* the caller's root directory (O_PATH) */
};

int learn_caller(pid_t pid, int known_as_self, struct caller *c, const char **why);
int become_caller(const struct caller *c);
void return_to_self(void);
void forget_caller(struct caller *c);

#endif
