/* worker.h: a worker, the process that makes directories as one caller
 * identity, and what the serve loop and it say to each other over their
 * socket: once the identity, then a request and its answer at a time. */
#ifndef WORKER_H
#define WORKER_H

#include <stdint.h>
#include <sys/types.h>

#include "supervisor/caller/caller.h"
#include "supervisor/caller/walk.h"

/* The identity, then ngroups gid_t; an fd of the caller's user namespace
 * comes with it where userns is 1. */
struct worker_hello {
	uint32_t uid[4], gid[4];
	uint32_t ngroups, umask, userns;
	uint64_t cap_eff;
};

/* The path (len bytes, its NUL included) follows; the caller's root comes
 * with it, as an fd. */
struct worker_request {
	uint32_t mode, len;
	uint32_t watch;	/* 1: the CPUs have room for a watch of the box after the answer */
};

struct worker_answer {
	int32_t unbecome;	/* the errno that kept the worker from becoming the caller, or 0 */
	struct made m;
};

_Noreturn void worker(int sock, const struct self *me, pid_t parent);

#endif
