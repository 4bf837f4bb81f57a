/* supervisor.h: the main process: it starts the serve loops and the
 * workers, watches the loops, passes signals on and reaps the target. */
#ifndef SUPERVISOR_H
#define SUPERVISOR_H

#include <signal.h>
#include <sys/types.h>

#include "supervisor/serve.h"
#include "supervisor/target.h"

void catch_signals(sigset_t *mask, sigset_t *ignored);
int supervise(struct target *t, const struct supervision *how);
int wait_passing_signals(pid_t pid);
int our_own(pid_t pid);

#endif
