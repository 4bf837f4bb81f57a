/* supervisor.h: serving the target's notifications. */
#ifndef SUPERVISOR_H
#define SUPERVISOR_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "bpf.h"
#include "policy.h"
#include "target.h"

struct supervision {
	unsigned delay;		/* -d: seconds between the two ID checks */
	struct rules rules;	/* the policy's */
	int async_wakeup;	/* -b's baseline: leave SYNC_WAKE_UP off */
};

void catch_signals(sigset_t *mask, sigset_t *ignored);
int supervise(struct target *t, const struct supervision *how);

#endif
