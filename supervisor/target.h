/* target.h: the target, the process that runs under the filters: the
 * demo's mkdir calls, PROG (-x), or a check's or the benchmark's body. */
#ifndef TARGET_H
#define TARGET_H

#include <signal.h>
#include <sys/types.h>

#include "bpf.h"

struct target_plan {
	unsigned listen_flags;	/* more SECCOMP_FILTER_FLAG_* for the notify filter */
	unsigned second;	/* action of a second filter for mkdir and mkdirat, or 0 */
	unsigned uring;		/* action for io_uring's calls (SECCOMP_RET_ALLOW, or ENOSYS) */
	sigset_t mask;		/* the signal mask the target starts with */
	sigset_t ignored;	/* SIGCHLD, SIGPIPE: ignored in the target, as in unotify's caller */
	int subreaper;		/* -x: PROG's orphans stay ours, and end with it */
	int execs;		/* -x: the body execs PROG, and says so if it cannot */
	void (*prepare)(void);	/* first thing in the child, before the filters */
	int (*body)(void *);	/* runs under the filters; returns the exit status */
	void *arg;
};

struct target {
	pid_t pid;
	int listener;	/* the supervisor's copy */
	int pidfd;	/* -1 where pidfd_open(2) is missing */
	int exec_news;	/* with plan->execs: a byte here if PROG was not executed, else -1 */
};

extern const char seccomp_refused[];

void plan_demo(struct target_plan *plan, char **dirs);
void plan_prog(struct target_plan *plan, char **argv);
#define FILTER_LEN	19	/* the notify filter's instructions */

void filter_program(struct sock_filter *insns, unsigned action, unsigned uring);
int install_filter(unsigned action, unsigned flags, unsigned uring);
int spawn_target(const struct target_plan *plan, struct target *t);
void start_target(const struct target_plan *plan, struct target *t);
int exit_code(int wait_status);
int prog_not_executed(struct target *t);
void end_descendants(int (*ours)(pid_t));

#endif
