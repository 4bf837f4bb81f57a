/* bench.c: unotify -b COUNT, what a notified mkdir(2) costs.
 *
 * The target times COUNT calls, REPS times over; the median per call goes
 * back through shared memory.  The notify cases run the real supervisor
 * loop (path read, ID check, policy) with its lines turned off; the
 * create cases make their directories as -x does, as the caller.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "bench/bench.h"
#include "bpf.h"
#include "supervisor/output.h"
#include "supervisor/supervisor.h"
#include "supervisor/target.h"

#define REPS	5

static long count;
static const sigset_t *start_mask;	/* the signal mask unotify was started with */
static struct self me;
static long *per_call;	/* REPS results, shared with the target */
static char made_in[64];	/* a directory of /tmp for the create cases, or "" */

static long
now_ns(void)
{
	struct timespec ts;

	monotonic_now(&ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

/* The name of create i of repetition rep. */
static void
create_name(char *name, size_t size, int rep, long i)
{
	format(name, size, "%s/%d.%ld", made_in, rep, i);
}

/* The measured loop: no allocation, no stdio.  With a path, the same
 * call COUNT times; with none, COUNT new directories in made_in. */
static int
time_mkdirs(void *path)
{
	char name[sizeof(made_in) + 32];
	long i, start;
	int rep;

	for (rep = 0; rep < REPS; rep++) {
		start = now_ns();
		for (i = 0; i < count; i++) {
			if (!path)
				create_name(name, sizeof(name), rep, i);
			mkdir(path ? path : name, 0700);
		}
		per_call[rep] = (now_ns() - start) / count;
	}
	return 0;
}

/* As nobody: the create case for another identity. */
static void
become_nobody(void)
{
	gid_t nogroup = 65534;

	if (sys_setgroups(1, &nogroup) == -1 || sys_setresgid(65534, 65534, 65534) == -1
	    || sys_setresuid(65534, 65534, 65534) == -1)
		_exit(125);
}

/* A fresh directory of /tmp that anyone may create in; its creates are
 * removed after each case. */
static void
fresh_dir(void)
{
	format(made_in, sizeof(made_in), "/tmp/unotify-bench.%d", (int)getpid());
	if (mkdir(made_in, 0700) == -1 || chmod(made_in, 01777) == -1)
		die("mkdir %s:", made_in);
}

static void
remove_creates(void)
{
	char name[sizeof(made_in) + 32];
	long i;
	int rep;

	for (rep = 0; rep < REPS; rep++)
		for (i = 0; i < count; i++) {
			create_name(name, sizeof(name), rep, i);
			rmdir(name);
		}
}

/* A case ended by a signal (Ctrl-C, a kill passed on: exit code 128+N)
 * ends the benchmark with it, its directories removed. */
static void
end_if_signalled(int code)
{
	if (code < 128)
		return;
	if (*made_in) {
		remove_creates();
		rmdir(made_in);
	}
	exit(code);
}

static long
median(void)
{
	long v[REPS], x;
	int i, j;

	memcpy(v, per_call, sizeof(v));
	for (i = 1; i < REPS; i++)
		for (j = i; j > 0 && v[j - 1] > v[j]; j--)
			x = v[j], v[j] = v[j - 1], v[j - 1] = x;
	return v[REPS / 2];
}

/* The unsupervised cases: the plain call, and one past a filter that
 * allows it; path NULL: the kernel's own creates. */
static long
time_unsupervised(int filtered, const char *path)
{
	pid_t pid = _Fork();
	int status;

	if (pid == 0) {
		sigprocmask(SIG_SETMASK, start_mask, NULL);
		if (filtered && (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1
		    || install_filter(SECCOMP_RET_ALLOW, 0, SECCOMP_RET_ALLOW) == -1))
			_exit(125);
		_exit(time_mkdirs((void *)path));
	}
	if (pid == -1)
		die("fork:");
	if ((status = wait_passing_signals(pid)) == -1)
		die("waiting for the benchmark's child:");
	end_if_signalled(exit_code(status));
	if (status != 0)
		die("benchmark child failed");
	if (!path)
		remove_creates();
	return median();
}

/* A notify case, with SYNC_WAKE_UP (sync_wakeup 1: 0 where this kernel
 * cannot wake synchronously), without it (0), or where the kernel has it,
 * as -x does (2).  path NULL: creates in /tmp, served as -x serves them,
 * by a target that is prepare()d (as another identity). */
static long
time_supervised(const char *path, int sync_wakeup, void (*prepare)(void))
{
	struct target_plan plan = { .mask = *start_mask, .body = time_mkdirs, .arg = (void *)path,
	    .prepare = prepare };
	struct supervision how = { .async_wakeup = !sync_wakeup, .rules.self = &me,
	    .rules.prog = !path };
	struct target t;
	long ns;
	int status;

	if (spawn_target(&plan, &t) == -1)
		die("starting the benchmark target:");
	if (sync_wakeup == 1 && sys_ioctl(t.listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
	    SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) == -1) {
		kill(t.pid, SIGKILL);
		status = supervise(&t, &how);
		ns = 0;
	} else {
		status = supervise(&t, &how);
		ns = median();
	}
	if (t.listener >= 0)
		close(t.listener);
	if (ns)
		end_if_signalled(status);	/* not the target killed above */
	if (ns && status != 0)
		die("benchmark target failed");
	if (!path)
		remove_creates();
	return ns;
}

/* time_supervised with the supervisor's lines off */
static long
quietly(const char *path, int sync_wakeup, void (*prepare)(void))
{
	long ns;

	quiet = 1;
	ns = time_supervised(path, sync_wakeup, prepare);
	quiet = 0;
	return ns;
}

static void
report(const char *what, long ns, long bare, const char *na)
{
	long pct = bare ? ns * 100 / bare : 0;

	if (ns)
		say("%-38s %8ld %6ld.%02ldx\n", what, ns, pct / 100, pct % 100);
	else
		say("%-38s      n/a: %s\n", what, na);
}

int
bench(long n, const sigset_t *mask)
{
	static const struct {
		const char *what, *path;
		int sync;
	} notified[] = {
		{ "notify, CONTINUE", "./", 0 },
		{ "notify, CONTINUE, SYNC_WAKE_UP", "./", 1 },
		{ "notify, spoofed error", "/", 0 },
		{ "notify, spoofed error, SYNC_WAKE_UP", "/", 1 },
	};
	struct utsname u;
	long bare, ns;
	size_t i;

	count = n;
	start_mask = mask;
	know_self(&me);
	per_call = sys_mmap_anon(REPS * sizeof(long), MAP_SHARED);
	if (per_call == MAP_FAILED)
		die("mmap:");
	uname(&u);
	say("unotify -b %ld on Linux %s: ns per mkdir(2), median of %d runs\n",
	    n, u.release, REPS);
	say("%-38s %8s %8s\n", "case", "ns/call", "vs bare");
	bare = time_unsupervised(0, "./");
	report("no filter", bare, bare, "");
	report("allow-all filter", time_unsupervised(1, "./"), bare, "");
	for (i = 0; i < sizeof(notified) / sizeof(notified[0]); i++) {
		ns = quietly(notified[i].path, notified[i].sync, NULL);
		report(notified[i].what, ns, bare, "needs Linux 6.6+ (SYNC_WAKE_UP)");
	}
	/* Made as the caller: against the kernel's own create in /tmp. */
	fresh_dir();
	bare = time_unsupervised(0, NULL);
	report("create in /tmp, no filter", bare, bare, "");
	report("create in /tmp, same identity", quietly(NULL, 2, NULL), bare, "");
	ns = me.id.uid[EFFECTIVE] == 0 ? quietly(NULL, 2, become_nobody) : 0;
	report("create in /tmp, another identity", ns, bare, "needs root");
	rmdir(made_in);
	return 0;
}
