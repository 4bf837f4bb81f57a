/* policy.c: the policy.  A path below /tmp/ is created by the supervisor,
 * acting as the caller, and success spoofed; "./" is left to the kernel
 * (CONTINUE); anything else gets a spoofed error.  Nothing is ever
 * created outside /tmp. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "caller.h"
#include "notif.h"
#include "output.h"
#include "policy.h"

#define OUTSIDE_TMP	(-2)	/* open_parent: the path leaves /tmp */

int openat2_missing;	/* Linux < 5.6: walk one component at a time */

static int
has_dotdot(const char *p)
{
	for (; *p; p++)
		if (p[0] == '/' && p[1] == '.' && p[2] == '.' && (p[3] == '/' || p[3] == '\0'))
			return 1;
	return 0;
}

/* Before openat2: one directory at a time, never following a symlink. */
static int
walk_nofollow(int dir, char *parent)
{
	char *comp, *next, target;
	int sub, e, link;

	if ((dir = dup(dir)) == -1)
		return -1;
	for (comp = parent; *comp; comp = next) {
		for (next = comp; *next && *next != '/'; next++)
			;
		while (*next == '/')
			*next++ = '\0';
		if (*comp == '\0' || strcmp(comp, ".") == 0)
			continue;
		sub = openat(dir, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub == -1) {
			e = errno;
			link = readlinkat(dir, comp, &target, 1) >= 0;
			close(dir);
			errno = e;
			return link ? OUTSIDE_TMP : -1;
		}
		close(dir);
		dir = sub;
	}
	return dir;
}

/* Opens, in the caller's root and with the caller's rights, the directory
 * below /tmp that will hold the last component of 'path', and points
 * *name at that component (in 'path', which is cut; it has no "..").
 * Returns the fd, -1 with errno, or OUTSIDE_TMP: a symlink below /tmp
 * could point anywhere. */
static int
open_parent(int root, char *path, char **name)
{
	struct open_how how = { O_PATH | O_DIRECTORY | O_CLOEXEC, 0,
	    RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS };
	char *parent = path + 1, *end, *slash, *rel;
	int tmp, dir;

	for (end = path + strlen(path); end[-1] == '/'; )
		*--end = '\0';
	if (end - path == strlen(SERVED_DIR)) {
		*name = ".";	/* "/tmp/" itself: EEXIST, as from the kernel */
	} else {
		slash = strrchr(path, '/');
		*name = slash + 1;
		*slash = '\0';
	}
	rel = parent + strlen(SERVED_DIR);	/* "" or "/a/b" */
	/* One call, all of it in the caller's root, no symlink followed.
	 * ELOOP may mean only that /tmp itself is a symlink, which the
	 * caller's kernel would follow: then /tmp first, the rest below. */
	if (!openat2_missing) {
		dir = openat2(root, parent, &how);
		if (dir >= 0 || (errno != ELOOP && errno != ENOSYS))
			return dir;
		openat2_missing = errno == ENOSYS;
	}
	if (openat2_missing) {
		tmp = openat(root, SERVED_DIR + 1, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (tmp == -1)
			return -1;
		dir = walk_nofollow(tmp, rel);
	} else {
		how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
		if ((tmp = openat2(root, SERVED_DIR + 1, &how)) == -1)
			return -1;
		how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
		while (*rel == '/')
			rel++;
		dir = openat2(tmp, *rel ? rel : ".", &how);
		if (dir == -1 && (errno == ELOOP || errno == EXDEV))
			dir = OUTSIDE_TMP;
	}
	close(tmp);
	return dir;
}

/* One directory to make, below the caller's root, and what came of it. */
struct making {
	int root;
	char path[PATH_MAX];	/* the kernel's reading of the path; cut up by open_parent */
	mode_t mode;
	int dir, made, err;
};

/* Runs as the caller (in a helper, for a caller of another user
 * namespace): prints nothing, keeps its results in *m. */
static void
make_dir(void *arg)
{
	struct making *m = arg;
	char *name;

	m->dir = open_parent(m->root, m->path, &name);
	m->made = m->dir >= 0 && mkdirat(m->dir, name, m->mode) == 0;
	m->err = errno;
	if (m->dir >= 0)
		close(m->dir);
}

/* Makes the directory 'where' (c's path, or -x's reading of it) as the
 * caller would have made it.  Returns -1 when the notification went stale
 * before anything was made. */
static int
make_in_tmp(const struct call *c, const char *where, const struct rules *r,
    struct seccomp_notif_resp *resp)
{
	static struct making m;
	struct caller who;
	const char *why;

	if (has_dotdot(where + strlen(SERVED_DIR)))
		goto outside;
	if (learn_caller(r->self, c->pid, !r->prog, &who, &why) == -1) {
		resp->error = -EPERM;
		say("\tS: cannot learn the caller's identity (%s): refusing\n", why);
		return 0;
	}
	/* Identity, namespace and root were read from /proc/PID: they are
	 * the caller's only if its call still waits, and its PID was not
	 * reused. */
	if (!id_valid(c->listener, c->id)) {
		forget_caller(&who);
		return -1;
	}
	m.root = who.root;
	memcpy(m.path, where, strlen(where) + 1);
	m.mode = c->mode;
	if (as_caller(r->self, &who, make_dir, &m, &why) == -1) {
		forget_caller(&who);
		resp->error = -EPERM;
		say("\tS: cannot act as the caller (%s): refusing\n", why);
		return 0;
	}
	forget_caller(&who);
	if (m.dir == OUTSIDE_TMP)
		goto outside;
	say("\tS: executing: %s(\"%s\", %#llo)\n", c->name, c->path, (unsigned long long)c->mode);
	if (m.made) {
		/* mkdir(2) returns 0, and real programs (-x) take anything
		 * else for failure; the demo shows the value is spoofed. */
		resp->val = r->prog ? 0 : strlen(c->path);
		say("\tS: success! spoofed return = %lld\n", (long long)resp->val);
	} else {
		resp->error = -m.err;
		say("\tS: failure! (errno = %d; %s)\n", m.err, err_text(m.err));
	}
	return 0;
outside:
	resp->error = -EPERM;
	say("\tS: refusing path outside /tmp/ (%s)\n", err_text(EPERM));
	return 0;
}

/* "/" and "/tmp" lead to the served area and exist: EEXIST, as from the
 * kernel, so that "mkdir -p /tmp/a/b" works under supervision. */
static int
is_tmp_ancestor(const char *path)
{
	if (path[0] != '/')
		return 0;
	if (strncmp(path, SERVED_DIR, strlen(SERVED_DIR)) == 0)
		path += strlen(SERVED_DIR);
	while (*path == '/')
		path++;
	return *path == '\0';
}

/* -x reads an absolute path as the kernel does: repeated slashes are one,
 * and a "." component names the directory it is in ("//tmp/./x" is
 * "/tmp/x").  A last "." stays: mkdir of "/tmp/x/." is EEXIST or ENOENT,
 * never a new x.  ".." stays too, and is refused below /tmp. */
static void
kernel_reading(const char *path, char *out)
{
	const char *comp, *end;
	char *o = out;

	for (comp = path; *comp; comp = end) {
		while (*comp == '/')
			comp++;
		for (end = comp; *end && *end != '/'; end++)
			;
		if (end == comp || (end - comp == 1 && *comp == '.' && *end))
			continue;
		*o++ = '/';
		memcpy(o, comp, end - comp);
		o += end - comp;
	}
	if (o == out)
		*o++ = '/';
	*o = '\0';
}

/* Fills in the answer to call c.  The demo keeps the original's text
 * rules; -x answers as the kernel's own mkdir would, and a relative path
 * (a name below the caller's cwd, or below a mkdirat dirfd) is the
 * kernel's business, resolved with the caller's own rights.  Returns -1,
 * with nothing to send, when the call went away before a side effect. */
int
apply_policy(const struct call *c, const struct rules *r, struct seccomp_notif_resp *resp)
{
	static char absolute[PATH_MAX];
	const char *where = c->path;

	if (r->prog && c->path[0] == '/') {
		kernel_reading(c->path, absolute);
		where = absolute;
	}
	if (strncmp(where, SERVED_DIR "/", strlen(SERVED_DIR "/")) == 0)
		return make_in_tmp(c, where, r, resp);
	if (strncmp(where, "./", 2) == 0 || (r->prog && where[0] != '/')) {
		resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		say("\tS: target can execute system call\n");
	} else {
		resp->error = is_tmp_ancestor(where) ? -EEXIST : -EOPNOTSUPP;
		say("\tS: spoofing error response (%s)\n", err_text(-resp->error));
	}
	return 0;
}
