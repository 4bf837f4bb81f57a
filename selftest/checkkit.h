/* checkkit.h: what -t's checks are made of: the verdict of one assertion,
 * callers to notify about, and the supervisor's side done by hand. */
#ifndef CHECKKIT_H
#define CHECKKIT_H

#include <stdint.h>
#include <sys/types.h>

#include "bpf.h"
#include "supervisor/notif.h"
#include "supervisor/output.h"

#define CHECK_MS	10000	/* the longest a check may take */
#define SPOOF_PATH	"/unotify-selftest"
#define MAGIC		4242	/* a value no mkdir returns */
#define USER_NOTIF	SECCOMP_RET_USER_NOTIF
#define LISTEN		SECCOMP_FILTER_FLAG_NEW_LISTENER
#define KILLABLE	SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV

/* A check: it runs in a process of its own, and says ok() for each of
 * its assertions. */
struct check {
	void (*fn)(void);
	const char *name;	/* the kernel selftest it mirrors, or "unotify" */
};

/* What the callers saw, in memory shared with the check. */
struct seen {
	long ret;
	int err;
	int signals;
	uint64_t ptr;
	uint64_t ino;	/* addfd: the file the supervisor installs */
	int fd[3];	/* addfd: where it installed it */
	int same;	/* addfd: how many of those the caller found to be it */
};

extern struct seen *seen;
extern struct notif_buffers nb;
extern int proc;		/* a procfs of our PID namespace, or -1 */
extern const char *no_proc;	/* why there is none */
extern int verdicts;		/* where a check's verdicts go */
extern char why[256];

void ok(const char *bad, const char *what);
const char *fail(const char *f, ...) PRINTF(1, 2);
const char *err_is(int ret, int want);
const char *expect(long ret, int err);
long now_ms(void);

void record(long ret);
int do_mkdir(void *path);
int do_mkdir_counting(void *restart);
int do_nothing(void *unused);
int do_mkdirat(void *path);

int listen_here(unsigned flags);
pid_t caller(int (*body)(void *), void *arg);
int readable(int fd, int ms);
const char *receive(int listener);
int reply(int listener, uint64_t id, int64_t val, int error, unsigned flags);
int answer(int listener, int64_t val, int error);
int reap(pid_t pid);
int in_child(int (*fn)(void));
int listening(unsigned flags, const char *what);
int listen_and_receive(unsigned flags, int (*body)(void *), void *arg, int *listener, pid_t *pid,
    const char *what);

#endif
