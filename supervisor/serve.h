/* serve.h: a serve loop, the process that receives the target's
 * notifications and answers them, and what it shares with the main
 * process that watches it. */
#ifndef SERVE_H
#define SERVE_H

#include <stdint.h>

#include "supervisor/policy.h"

#define MAX_LOOPS	8	/* serve loops at once, all but one held by a hung call */

struct supervision {
	unsigned delay;		/* -d: seconds between the two ID checks */
	struct rules rules;	/* the policy's */
	int async_wakeup;	/* -b's baseline: leave SYNC_WAKE_UP off */
};

/* Memory shared by the main process and its serve loops (all ours): a
 * loop marks the call it is serving, and the main process, which sees the
 * same call still served a tick later, starts another loop and retires
 * this one.  Marking costs a loop no system call: the main process ticks
 * while calls come, and sleeps when none did for a tick, saying so in
 * asleep; the loop that then sees a call wakes it. */
struct watch {
	volatile uint32_t asleep;
	struct {
		volatile uint32_t seq;	/* calls received */
		volatile uint32_t busy;	/* the seq of the call being served, or 0 */
		volatile uint32_t retired;	/* serve no new call; end when the last is answered */
	} loop[MAX_LOOPS];
};

/* A loop's exit status where it did not fail (125) */
enum { LOOP_RETIRED = 0, LOOP_STOPPED = 3, LOOP_UNUSED = 4 };

struct serving {
	int listener;
	int target;	/* its pidfd, or -1: a -d countdown ends with it */
	const struct supervision *how;
	struct watch *watch;
	int slot;	/* its place in watch */
	int chan;	/* to the main process: workers are asked for there */
	int wake;	/* written to wake the main process */
};

_Noreturn void serve(const struct serving *s);

#endif
