/* caller.c: acting as the caller.  The supervisor never lets a caller do
 * more than the caller's own mkdir(2) could have done: it takes on the
 * caller's fsuid, fsgid, supplementary groups and umask, keeps no
 * capability the caller lacks, and resolves the path in the caller's root
 * and mount namespace, so that the kernel's own checks decide. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "bpf.h"
#include "caller.h"
#include "output.h"

/* The supervisor's own identity, read once (no /proc needed). */
static struct self {
	int ready;
	uid_t fsuid;
	gid_t fsgid;
	int ngroups;
	gid_t groups[CALLER_GROUPS];
	struct cap_data caps[2];
	mode_t umask;
	int privileged;		/* root, or any capability: a caller may have less */
} self;

static struct cap_header cap_self = { _LINUX_CAPABILITY_VERSION_3, 0 };

static void
know_self(void)
{
	if (self.ready)
		return;
	self.fsuid = sys_setfsuid(-1);	/* an invalid ID changes nothing and returns the current one */
	self.fsgid = sys_setfsgid(-1);
	self.ngroups = getgroups(CALLER_GROUPS, self.groups);
	if (self.ngroups == -1 || capget(&cap_self, self.caps) == -1)
		die("reading our own identity:");
	self.umask = umask(0);
	umask(self.umask);
	self.privileged = self.fsuid == 0 || geteuid() == 0 || self.caps[0].effective
	    || self.caps[1].effective || self.caps[0].permitted || self.caps[1].permitted;
	self.ready = 1;
}

static uint64_t
self_cap_eff(void)
{
	return self.caps[0].effective | (uint64_t)self.caps[1].effective << 32;
}

static int
open_own_root(struct caller *c)
{
	c->root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	return c->root >= 0 ? 0 : -1;
}

/* The caller is known without /proc: it is unotify itself, as far as
 * identity, umask and root go. */
static int
caller_is_self(struct caller *c)
{
	c->fsuid = self.fsuid;
	c->fsgid = self.fsgid;
	c->ngroups = self.ngroups;
	memcpy(c->groups, self.groups, self.ngroups * sizeof(gid_t));
	c->cap_eff = self_cap_eff();
	c->umask = self.umask;
	return open_own_root(c);
}

/* The value after "name:\t" in /proc/PID/status, or NULL. */
static char *
field(char *status, const char *name)
{
	char *p = status;
	size_t len = strlen(name);

	for (; p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (strncmp(p, name, len) == 0 && p[len] == ':' && p[len + 1] == '\t')
			return p + len + 2;
	return NULL;
}

/* Reads a number in base 8, 10 or 16 at *p that ends in 'stop' (a tab,
 * a newline, or either of a space and a newline: ' '), and moves *p to
 * that end.  (musl's strtoul would cost 2.5 KB.) */
static int
number(char **p, int base, char stop, uint64_t *v)
{
	char *s = *p;
	int d;

	for (*v = 0; ; s++) {
		d = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : 99;
		if (d >= base)
			break;
		*v = *v * base + d;
	}
	if (s == *p || (*s != stop && !(stop == ' ' && *s == '\n')))
		return -1;
	*p = s;
	return 0;
}

/* The fourth number (the filesystem ID) of a Uid: or Gid: line. */
static int
fourth(char *p, uint64_t *id)
{
	int i;

	for (i = 0; i < 4; i++, p++)
		if (number(&p, 10, i < 3 ? '\t' : '\n', id) == -1)
			return -1;
	return 0;
}

static int
parse_status(char *status, struct caller *c)
{
	char *uid = field(status, "Uid"), *gid = field(status, "Gid");
	char *groups = field(status, "Groups"), *cap = field(status, "CapEff");
	char *mask = field(status, "Umask");
	uint64_t fsuid, fsgid, v;

	if (!uid || !gid || !groups || !cap || !mask || fourth(uid, &fsuid) || fourth(gid, &fsgid)
	    || number(&cap, 16, '\n', &c->cap_eff) || number(&mask, 8, '\n', &v))
		return -1;
	c->fsuid = fsuid;
	c->fsgid = fsgid;
	c->umask = v;
	/* "Groups:\t1 2 3 \n"; "Groups:\t \n" or "Groups:\t\n" for none */
	for (c->ngroups = 0; ; c->ngroups++) {
		while (*groups == ' ')
			groups++;
		if (*groups == '\n')
			return 0;
		if (c->ngroups == CALLER_GROUPS || number(&groups, 10, ' ', &v) == -1)
			return -1;
		c->groups[c->ngroups] = v;
	}
}

/* The last caller's /proc/PID directory and status file, kept open: a
 * served program makes its calls from few tasks, and the kernel renders
 * a kept status file without a path lookup.  They are bound to that
 * task, not to its number: once it is gone they fail (ESRCH), never
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
open_proc(pid_t pid)
{
	char name[32];

	format(name, sizeof(name), "/proc/%d", (int)pid);
	if ((proc.dir = open(name, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1
	    || (proc.status = openat(proc.dir, "status", O_RDONLY | O_CLOEXEC)) == -1) {
		forget_proc();
		return -1;
	}
	proc.pid = pid;
	return 0;
}

/* Reads /proc/PID/status whole into buf. */
static int
read_status(pid_t pid, char *buf, size_t size)
{
	ssize_t n;
	int fresh = 0;

	if (proc.pid != pid) {
		forget_proc();
		if (open_proc(pid) == -1)
			return -1;
		fresh = 1;
	}
	while ((n = pread(proc.status, buf, size, 0)) == -1 && !fresh) {
		forget_proc();		/* that task is gone; this one has its PID */
		if (open_proc(pid) == -1)
			return -1;
		fresh = 1;
	}
	if (n <= 0 || (size_t)n == size) {
		errno = n == -1 ? errno : EFBIG;
		return -1;
	}
	buf[n] = '\0';
	return 0;
}

/* Learns who task pid is, and opens its root.  known_as_self: the caller
 * is unotify's own child that changes nothing (the demo's target), so no
 * /proc is needed.  A supervisor without privileges needs none either:
 * no caller can have gained an identity it lacks.  Otherwise the
 * supervisor fails closed: -1, and *why says what was missing. */
int
learn_caller(pid_t pid, int known_as_self, struct caller *c, const char **why)
{
	static char status[8192];

	know_self();
	c->root = -1;
	if (known_as_self)
		return caller_is_self(c);
	if (read_status(pid, status, sizeof(status)) == 0) {
		if (parse_status(status, c) == -1) {
			*why = "unexpected /proc/PID/status";
			return -1;
		}
		/* An unprivileged supervisor may not open the root of a
		 * non-dumpable caller; such a caller cannot have a root it
		 * could not give us, so ours serves, with its identity. */
		c->root = openat(proc.dir, "root", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (c->root >= 0)
			return 0;
		if (!self.privileged)
			return open_own_root(c);
		*why = "its root cannot be opened";
		return -1;
	}
	if (!self.privileged)
		return caller_is_self(c);
	*why = access("/proc/self", F_OK) == 0 ? "the PID is gone" : "no /proc";
	return -1;
}

void
forget_caller(struct caller *c)
{
	if (c->root >= 0)
		close(c->root);
	c->root = -1;
}

static int
same_groups(const struct caller *c)
{
	return c->ngroups == self.ngroups
	    && memcmp(c->groups, self.groups, c->ngroups * sizeof(gid_t)) == 0;
}

static struct { int groups, ids, caps, umask; } worn;	/* what become_caller changed */

/* Back to our own identity.  Failing here would leave the supervisor
 * someone else: it dies instead. */
void
return_to_self(void)
{
	if (worn.umask)
		umask(self.umask);
	/* First the capabilities, which setting our IDs back needs; again
	 * after them, since a filesystem UID going back to 0 raises some. */
	if ((worn.caps || worn.ids) && capset(&cap_self, self.caps) == -1)
		die("restoring our capabilities:");
	if (worn.ids) {
		sys_setfsuid(self.fsuid);
		sys_setfsgid(self.fsgid);
		if ((uid_t)sys_setfsuid(-1) != self.fsuid || (gid_t)sys_setfsgid(-1) != self.fsgid)
			die("restoring our filesystem IDs failed");
		if (capset(&cap_self, self.caps) == -1)
			die("restoring our capabilities:");
	}
	if (worn.groups && sys_setgroups(self.ngroups, self.groups) == -1)
		die("restoring our groups:");
	worn.groups = worn.ids = worn.caps = worn.umask = 0;
}

/* Takes on the caller's filesystem identity for this thread: groups,
 * fsgid, fsuid (which drops the filesystem capabilities when it leaves
 * 0), then no effective capability the caller lacks, and its umask.
 * Only what differs from ours is changed.  Returns 0, or -1 with errno
 * (EPERM: we cannot become it) and our own identity back. */
int
become_caller(const struct caller *c)
{
	struct cap_data now[2];
	int e;

	know_self();
	if (!same_groups(c)) {
		worn.groups = 1;
		if (sys_setgroups(c->ngroups, c->groups) == -1)
			goto failed;
	}
	if (c->fsgid != self.fsgid || c->fsuid != self.fsuid) {
		worn.ids = 1;
		sys_setfsgid(c->fsgid);
		sys_setfsuid(c->fsuid);
		if ((gid_t)sys_setfsgid(-1) != c->fsgid || (uid_t)sys_setfsuid(-1) != c->fsuid) {
			errno = EPERM;
			goto failed;
		}
	}
	if (self_cap_eff() & ~c->cap_eff) {
		worn.caps = 1;
		if (capget(&cap_self, now) == -1)
			goto failed;
		now[0].effective &= (uint32_t)c->cap_eff;
		now[1].effective &= (uint32_t)(c->cap_eff >> 32);
		if (capset(&cap_self, now) == -1)
			goto failed;
	}
	if (c->umask != self.umask) {
		worn.umask = 1;
		umask(c->umask);
	}
	return 0;
failed:
	e = errno;
	return_to_self();
	errno = e;
	return -1;
}
