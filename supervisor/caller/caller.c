/* caller.c: acting as the caller.  The supervisor never lets a caller do
 * more than the caller's own mkdir(2) could have done: it takes on the
 * caller's filesystem IDs, supplementary groups and umask, keeps only the
 * capabilities the caller has, in the caller's user namespace, and
 * resolves the path from the caller's root, so that the kernel's own
 * checks decide.  What cannot be learned is refused, never guessed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>	/* setns */
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/fsuid.h>
#include <sys/stat.h>

#include "supervisor/caller/caller.h"
#include "supervisor/output.h"
#include "supervisor/caller/procfs.h"

/* The initial user namespace, as ns/user reads (PROC_USER_INIT_INO) */
#define INITIAL_USER_NS	"user:[4026531837]"

static struct cap_header cap_self = { _LINUX_CAPABILITY_VERSION_3, 0 };

static uint64_t
effective(const struct cap_data d[2])
{
	return d[0].effective | (uint64_t)d[1].effective << 32;
}

static uint64_t
permitted(const struct cap_data d[2])
{
	return d[0].permitted | (uint64_t)d[1].permitted << 32;
}

static int
set_caps(uint64_t eff, uint64_t perm, uint64_t inh)
{
	struct cap_data d[2] = {
		{ (uint32_t)eff, (uint32_t)perm, (uint32_t)inh },
		{ eff >> 32, perm >> 32, inh >> 32 },
	};

	return capset(&cap_self, d);
}

static int
same_groups(const struct identity *a, const struct identity *b)
{
	return a->ngroups == b->ngroups
	    && memcmp(a->groups, b->groups, a->ngroups * sizeof(gid_t)) == 0;
}

static uint32_t
overflow_id(int proc, const char *sysctl)
{
	char *text = proc_read_at(proc, sysctl);
	uint32_t id = 65534;

	if (text)
		parse_sysctl_id(text, &id);
	return id;
}

/* Whether the overflow ID is one our user namespace maps (-1: unknown). */
static int
overflow_mapped(int proc, const char *map, uint32_t overflow)
{
	char *text = proc_read_at(proc, map);

	return text ? id_mapped(text, overflow) : -1;
}

static int
holds(const uint32_t *ids, int n, uint32_t id)
{
	while (n-- > 0)
		if (ids[n] == id)
			return 1;
	return 0;
}

static int
same_ids(const struct identity *a, const struct identity *b)
{
	return memcmp(a->uid, b->uid, sizeof(a->uid)) == 0 && memcmp(a->gid, b->gid, sizeof(a->gid)) == 0
	    && same_groups(a, b);
}

/* Reads who we are, once: no /proc needed for that.  Then finds a procfs
 * of our PID namespace, and what it says of our user namespace.  Outside
 * the initial one, an ID read as the overflow ID may stand for one the
 * namespace does not map: it is surely the overflow ID itself only where
 * the namespace maps that and we hold no ID that reads so (a caller's
 * unmapped IDs can only be ones it inherited from us). */
void
know_self(struct self *me)
{
	int initial;
	ssize_t n;

	me->id.uid[FS] = setfsuid(-1);	/* an invalid ID changes nothing, returns the current one */
	me->id.gid[FS] = setfsgid(-1);
	me->id.ngroups = getgroups(0, NULL);
	me->id.groups = me->few;
	if (me->id.ngroups > FEW_GROUPS && (me->id.groups = sys_mmap_anon(me->id.ngroups * sizeof(gid_t),
	    MAP_PRIVATE)) == MAP_FAILED)
		die("mmap:");
	if (me->id.ngroups == -1 || getgroups(me->id.ngroups, me->id.groups) != me->id.ngroups
	    || capget(&cap_self, me->caps) == -1
	    || getresuid(&me->id.uid[REAL], &me->id.uid[EFFECTIVE], &me->id.uid[SAVED]) == -1
	    || getresgid(&me->id.gid[REAL], &me->id.gid[EFFECTIVE], &me->id.gid[SAVED]) == -1)
		die("reading our own identity:");
	me->id.cap_eff = effective(me->caps);
	me->id.umask = umask(0);
	umask(me->id.umask);
	me->userns[0] = '\0';
	if ((me->proc = procfs_open(&me->no_proc)) == -1)
		return;
	if ((n = readlinkat(me->proc, "self/ns/user", me->userns, sizeof(me->userns) - 1)) > 0)
		me->userns[n] = '\0';
	initial = strcmp(me->userns, INITIAL_USER_NS) == 0;
	me->overflowuid = overflow_id(me->proc, "sys/kernel/overflowuid");
	me->overflowgid = overflow_id(me->proc, "sys/kernel/overflowgid");
	me->uid_unsure = !initial && (holds(me->id.uid, 4, me->overflowuid)
	    || overflow_mapped(me->proc, "self/uid_map", me->overflowuid) != 1);
	me->gid_unsure = !initial && (holds(me->id.gid, 4, me->overflowgid)
	    || holds(me->id.groups, me->id.ngroups, me->overflowgid)
	    || overflow_mapped(me->proc, "self/gid_map", me->overflowgid) != 1);
}

/* An ID that may be unmapped is never switched to: a caller holding one
 * is served only with IDs all ours already. */
static int
unmapped(const struct self *me, const struct identity *id)
{
	return !same_ids(&me->id, id) && ((me->uid_unsure && holds(id->uid, 4, me->overflowuid))
	    || (me->gid_unsure && (holds(id->gid, 4, me->overflowgid)
	    || holds(id->groups, id->ngroups, me->overflowgid))));
}

/* The last caller's /proc/PID directory and status file, kept open: a
 * served program makes its calls from few tasks, and the kernel renders
 * a kept status file without a path lookup.  They are bound to that
 * task, not to its number: once it is gone they fail with ESRCH, never
 * showing another task that was given the same PID. */
static struct { pid_t pid; int dir, status; } proc = { 0, -1, -1 };

static void
forget_proc(void)
{
	if (proc.dir >= 0)
		close(proc.dir);
	if (proc.status >= 0)
		close(proc.status);
	proc.pid = 0;
	proc.dir = proc.status = -1;
}

static int
open_proc(int procfs, pid_t pid)
{
	char name[16];

	format(name, sizeof(name), "%d", (int)pid);
	if ((proc.dir = openat(procfs, name, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1
	    || (proc.status = openat(proc.dir, "status", O_RDONLY | O_CLOEXEC)) == -1) {
		forget_proc();
		return -1;
	}
	proc.pid = pid;
	return 0;
}

/* The text of task pid's status file. */
static char *
read_status(int procfs, pid_t pid)
{
	char *text;

	if (proc.pid == pid && (text = proc_read(proc.status)))
		return text;
	forget_proc();	/* that task is gone, or was another; this one has its PID */
	return open_proc(procfs, pid) == 0 ? proc_read(proc.status) : NULL;
}

/* Learns who task pid is: identity, user namespace, root.  known_as_self:
 * the caller is unotify's own child that changes nothing (the demo's
 * target), known without /proc.  Any other caller whose identity, user
 * namespace or root cannot be read is refused: -1, and *why says what
 * stood in the way. */
int
learn_caller(const struct self *me, pid_t pid, int known_as_self, struct caller *c,
    const char **why)
{
	static struct status st;
	char ns[sizeof(c->userns_name)];
	char *text;
	ssize_t n;

	c->root = c->userns = -1;
	c->userns_name[0] = '\0';
	c->id = &me->id;
	if (known_as_self) {
		*why = "our root cannot be opened";
		c->root = openat(AT_FDCWD, "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
		return c->root >= 0 ? 0 : -1;
	}
	if (me->proc == -1) {
		*why = me->no_proc;
		return -1;
	}
	if (!(text = read_status(me->proc, pid))) {
		*why = errno == ENOENT || errno == ESRCH ? "the PID is gone" : "its status cannot be read";
		return -1;
	}
	if (parse_status(text, &st) == -1) {
		*why = "unexpected /proc/PID/status";
		return -1;
	}
	c->id = &st.id;
	if (unmapped(me, c->id)) {
		*why = "it holds an ID our user namespace does not map";
		return -1;
	}
	/* Its user namespace scopes only its capabilities: without any, the
	 * kernel decides by IDs alone, the same in every namespace. */
	if (c->id->cap_eff) {
		*why = "its user namespace cannot be read";
		if ((n = readlinkat(proc.dir, "ns/user", ns, sizeof(ns) - 1)) <= 0)
			return -1;
		ns[n] = '\0';
		if (strcmp(ns, me->userns) && (c->userns = openat(proc.dir, "ns/user",
		    O_RDONLY | O_CLOEXEC)) == -1)
			return -1;
		if (c->userns >= 0)
			memcpy(c->userns_name, ns, n + 1);
	}
	*why = "its root cannot be opened";
	if ((c->root = openat(proc.dir, "root", O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1) {
		forget_caller(c);
		return -1;
	}
	return 0;
}

void
forget_caller(struct caller *c)
{
	if (c->root >= 0)
		close(c->root);
	if (c->userns >= 0)
		close(c->userns);
	c->root = c->userns = -1;
}

/* Whether c may be served in this process: it holds all our IDs, in
 * our user namespace (or without capabilities, which alone a namespace
 * scopes), so that only capabilities and umask need change, and no user
 * ID of ours ever changes (a caller could then signal or trace us). */
int
served_here(const struct self *me, const struct caller *c)
{
	return c->userns == -1 && same_ids(&me->id, c->id);
}

/* Back to our own capabilities and umask.  Failing here would leave the
 * supervisor with the caller's: it dies instead. */
void
restore(const struct self *me, const struct worn *w)
{
	if (w->umask)
		umask(me->id.umask);
	if (w->caps && capset(&cap_self, me->caps) == -1)
		die("restoring our capabilities:");
}

/* Takes on, in this process, a caller that is served_here: as effective
 * capabilities its own within our permitted set (a caller may have
 * raised some that its setfsuid dropped), and its umask.  Returns 0, or
 * -1 with errno and our own back. */
int
assume(const struct self *me, const struct identity *id, struct worn *w)
{
	uint64_t eff = id->cap_eff & permitted(me->caps);
	int e;

	w->caps = w->umask = 0;
	if (eff != effective(me->caps)) {
		if (set_caps(eff, permitted(me->caps),
		    me->caps[0].inheritable | (uint64_t)me->caps[1].inheritable << 32) == -1) {
			e = errno;
			restore(me, w);
			errno = e;
			return -1;
		}
		w->caps = 1;
	}
	if (id->umask != me->id.umask) {
		umask(id->umask);
		w->umask = 1;
	}
	return 0;
}

static int
take_ids(const struct identity *id, const struct identity *ours)
{
	if ((!same_groups(ours, id) && sys_setgroups(id->ngroups, id->groups) == -1)
	    || sys_setresgid(id->gid[REAL], id->gid[EFFECTIVE], id->gid[SAVED]) == -1
	    || sys_setresuid(id->uid[REAL], id->uid[EFFECTIVE], id->uid[SAVED]) == -1)
		return -1;
	setfsgid(id->gid[FS]);
	setfsuid(id->uid[FS]);
	if ((gid_t)setfsgid(-1) != id->gid[FS] || (uid_t)setfsuid(-1) != id->uid[FS]) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

/* Becomes, for good, the caller of identity id (in user namespace userns,
 * or -1 for ours): a worker process does this once.  The caller may
 * signal a process holding its user IDs, and would trace it if it could:
 * the order keeps that door shut, but for one case.  A credential change
 * resets the dumpable flag to fs.suid_dumpable (1 makes it traceable by
 * its user), but while the user and group IDs change we still hold our
 * permitted capabilities (SECBIT_NO_SETUID_FIXUP), which no caller holds,
 * so the kernel's ptrace check fails on them.  Not dumpable again before
 * we join the caller's user namespace, where it may hold CAP_SYS_PTRACE:
 * not dumpable sends the check to our memory's namespace, ours, where the
 * caller holds nothing.  Joining resets the flag too, unless our
 * effective user (by then the caller's) owns that namespace, as it does
 * one the caller made itself: for one made for it by another (root, a
 * container runtime), with fs.suid_dumpable 1, the caller could attach
 * to us until the flag is set again, and is refused before we are asked
 * (traceable_joining).  Then only the caller's capabilities are kept
 * (fewer: no reset), and the flag is checked, not trusted.  Returns 0,
 * or -1 and errno. */
int
become(const struct self *me, const struct identity *id, int userns)
{
	/* the caller's capabilities alone, permitted too: in its own user
	 * namespace all it holds there, in ours those it holds of ours */
	uint64_t perm = id->cap_eff & (userns >= 0 ? ~0ULL : permitted(me->caps));

	prctl(PR_SET_DUMPABLE, 0);
	prctl(PR_SET_SECUREBITS, SECBIT_NO_SETUID_FIXUP);
	if (take_ids(id, &me->id) == -1)
		return -1;
	prctl(PR_SET_DUMPABLE, 0);
	if ((userns >= 0 && setns(userns, CLONE_NEWUSER) == -1)
	    || prctl(PR_SET_DUMPABLE, 0) == -1
	    || set_caps(perm, perm, 0) == -1)
		return -1;
	if (prctl(PR_GET_DUMPABLE) != 0) {
		errno = EPERM;
		return -1;
	}
	umask(id->umask);
	return 0;
}

/* Whether a and b are one identity, everything a worker takes on. */
int
same_identity(const struct identity *a, const struct identity *b)
{
	return same_ids(a, b) && a->cap_eff == b->cap_eff && a->umask == b->umask;
}

/* The inode of our user namespace, from its name ("user:[N]"). */
static unsigned long long
userns_inode(const struct self *me)
{
	unsigned long long ino = 0;
	const char *p;

	for (p = me->userns; *p && (*p < '0' || *p > '9'); p++)
		;
	while (*p >= '0' && *p <= '9')
		ino = ino * 10 + (*p++ - '0');
	return ino;
}

/* Whether a worker becoming c would, for a moment, be traceable by it
 * (asked before a worker is started; one kept is past that moment):
 * joining c's user namespace resets the dumpable flag to fs.suid_dumpable
 * unless the caller's effective user owns the namespace below ours that
 * leads to it (the kernel's cred_cap_issubset walks up to that one, not
 * c's own: a namespace c made inside one that root made for it counts as
 * root's).  With fs.suid_dumpable 1 (unknown counts as 1) such a caller
 * is refused: the kernel documents that setting as insecure.  What cannot
 * be followed up counts as traceable. */
int
traceable_joining(const struct self *me, const struct caller *c)
{
	unsigned long long ours = userns_inode(me);
	uint32_t owner, dumpable = 1;
	int ns, parent, owned = 0;
	char *text;

	if (c->userns == -1)
		return 0;
	for (ns = sys_fcntl(c->userns, F_DUPFD_CLOEXEC, 0); ns >= 0; ns = parent) {
		if ((parent = sys_ioctl(ns, NS_GET_PARENT, 0)) == -1)
			break;
		if (inode_of(parent) == ours) {
			close(parent);
			owned = sys_ioctl(ns, NS_GET_OWNER_UID, &owner) == 0 && owner == c->id->uid[EFFECTIVE];
			break;
		}
		close(ns);
	}
	if (ns >= 0)
		close(ns);
	if (owned)
		return 0;
	if ((text = proc_read_at(me->proc, "sys/fs/suid_dumpable")))
		parse_sysctl_id(text, &dumpable);
	return dumpable == 1;
}
