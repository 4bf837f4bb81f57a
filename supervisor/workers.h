/* workers.h: a serve loop's workers, one identity each, a request at a
 * time. */
#ifndef WORKERS_H
#define WORKERS_H

#include <sys/types.h>

#include "supervisor/caller/caller.h"
#include "supervisor/caller/worker.h"

#define MAX_WORKERS	16	/* per serve loop; README and man page say the bounds */
#define USER_WORKERS	4	/* of them at work for one caller user at once */

void workers_use(int chan);
int worker_for(const struct self *me, const struct caller *c, const char **why);
int worker_ask(const struct self *me, int i, int root, const char *path, mode_t mode);
int worker_handed(int i, struct worker_answer *a);
int worker_sock(int i);
int worker_answered(int i, struct worker_answer *a);
void worker_drop(int i);
void worker_kill(int i);

#endif
