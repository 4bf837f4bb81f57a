/* unotify.h: what the parts of unotify share.  unotify.c owns the target,
 * the supervisor and the output; selftest.c (-t) and bench.c (-b) drive
 * them; fdpass.c moves the listener fd. */
#ifndef UNOTIFY_H
#define UNOTIFY_H

#include <limits.h>
#include <sys/types.h>

#include "bpf.h"

#define PAGE	4096	/* x86-64 */

/* fdpass.c */
int send_fd(int sock, int fd);
int recv_fd(int sock);

/* unotify.c: output; each line is one write(2) */
#include <stdarg.h>
#include <stddef.h>

extern int quiet;	/* the benchmark turns the supervisor's lines off */
size_t vfmt(char *out, size_t size, const char *fmt, va_list ap);
size_t format(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void say_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* unotify.c: the target */
struct target_plan {
	unsigned listen_flags;	/* more SECCOMP_FILTER_FLAG_* for the notify filter */
	unsigned second;	/* action of a second filter for mkdir and mkdirat, or 0 */
	int catch_sigint;	/* the demo's "T: received signal" handler */
	int async_wakeup;	/* leave SYNC_WAKE_UP off (the benchmark's baseline) */
	int (*body)(void *);	/* runs under the filters; returns the exit status */
	void *arg;
};

struct target {
	pid_t pid;
	int listener;	/* the supervisor's copy */
	int pidfd;	/* -1 where pidfd_open(2) is missing */
};

int install_filter(unsigned action, unsigned flags);
int spawn_target(const struct target_plan *plan, struct target *t);
int exit_code(int wait_status);

/* unotify.c: the supervisor */
struct notif_buffers {
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	size_t req_size, resp_size;
};

void notif_buffers(struct notif_buffers *nb);
int id_valid(int listener, uint64_t id);
int read_string(pid_t pid, uint64_t addr, char *buf, int via_proc_mem);
struct policy {
	unsigned delay;		/* -d */
	int zero_success;	/* -x: spoof 0, as mkdir(2) returns; the demo spoofs strlen(path) */
};

int supervise(struct target *t, const struct policy *p);

/* selftest.c, bench.c */
int selftest(void);
int bench(long count);

#endif
