/* walk.c: the one place a path is parsed.  read_walk reads an absolute
 * path as the kernel walks it (fs/namei.c: link_path_walk, then
 * filename_create for the last component): empty components (repeated
 * slashes) are nothing, ".." at the root is the root, and a last "." or
 * ".." names a directory that exists, so mkdir says EEXIST once its parent
 * resolves.  open_last_dir opens the directory that holds the last
 * component, in the caller's root, by the kernel's own lookups ("."
 * included, which checks search permission as the kernel's walk does), so
 * that its errors are the kernel's, in the kernel's order.  Nothing
 * below /tmp is left by ".." or a symbolic link: those are refused where
 * the walk reaches them. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "bpf.h"
#include "supervisor/caller/poison.h"
#include "supervisor/caller/walk.h"

int openat2_missing;	/* Linux < 5.6, or refused */

static int
is_dots(const char *c)
{
	return c[0] == '.' && (!c[1] || (c[1] == '.' && !c[2]));
}

/* path: absolute, shorter than PATH_MAX.  Under ASan (make sanitize) the
 * text's room past its end is out of bounds, for a read past it to be
 * reported. */
void
read_walk(const char *path, struct walk *w)
{
	size_t len = strlen(path) + 1;
	char *p, *c;
	int in_tmp = 0, n = 0;

	ASAN_UNPOISON_MEMORY_REGION(w->text, sizeof(w->text));
	memcpy(w->text, path, len);
	ASAN_POISON_MEMORY_REGION(w->text + len, sizeof(w->text) - len);
	w->where = WALK_ROOT;
	w->refuse = -1;
	w->dirs = w->last_dots = 0;
	for (p = w->text; ; ) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		for (c = p; *p && *p != '/'; p++)
			;
		if (*p)
			*p++ = '\0';
		if (in_tmp)
			w->comp[n++] = c;
		else if (strcmp(c, SERVED_DIR) == 0)
			in_tmp = 1, w->where = WALK_TMP;
		else if (!is_dots(c)) {
			w->where = WALK_OUTSIDE;
			return;
		}
	}
	if (n == 0)
		return;		/* "/" or "/tmp" */
	w->where = WALK_BELOW;
	w->dirs = n - 1;
	w->last_dots = is_dots(w->comp[n - 1]);
	for (n = 0; n < w->dirs && w->refuse < 0; n++)
		if (is_dots(w->comp[n]) && w->comp[n][1])
			w->refuse = n;
}

static int
is_link(int dir, const char *name)
{
	char byte;

	return readlinkat(dir, name, &byte, 1) >= 0;
}

/* "tmp" and the first n components below it, joined by slashes. */
static void
join_below(const struct walk *w, int n, char *out)
{
	size_t at = strlen(SERVED_DIR);
	int i;

	memcpy(out, SERVED_DIR, at);
	for (i = 0; i < n; i++) {
		out[at++] = '/';
		memcpy(out + at, w->comp[i], strlen(w->comp[i]));
		at += strlen(w->comp[i]);
	}
	out[at] = '\0';
}

/* EPERM (or ENOSYS) from openat2 may be a runtime's seccomp profile
 * refusing the call, or the answer of the filesystem walked, a FUSE
 * daemon's, which is the caller's to choose: the call counts as missing
 * only if it fails so on our own "/" too, which asks no filesystem. */
static int
openat2_refused(void)
{
	struct open_how how = { O_PATH | O_CLOEXEC, 0, 0 };
	int fd = openat2(AT_FDCWD, "/", &how);

	if (fd >= 0)
		close(fd);
	return fd == -1 && unavailable(errno);
}

/* All of it in one call, in the caller's root, no symlink followed. */
static int
open_at_once(int root, const struct walk *w, int n)
{
	struct open_how how = { O_PATH | O_DIRECTORY | O_CLOEXEC, 0,
	    RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS };
	char joined[PATH_MAX + sizeof(SERVED_DIR)];
	int i, dir, e;

	join_below(w, n, joined);
	/* EAGAIN: a rename or mount raced a ".." (RESOLVE_IN_ROOT) */
	for (i = 0; (dir = openat2(root, joined, &how)) == -1 && errno == EAGAIN && i < 8; i++)
		;
	if (dir == -1 && unavailable(errno)) {
		e = errno;
		openat2_missing = openat2_refused();
		errno = e;
	}
	return dir;
}

/* /tmp in the caller's root, followed where it is a symlink, as the
 * caller's kernel would.  Without openat2 a symlink cannot be followed
 * inside another root: a symlinked /tmp is refused. */
static int
open_tmp(int root)
{
	struct open_how how = { O_PATH | O_DIRECTORY | O_CLOEXEC, 0,
	    RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	int fd, e;

	if (!openat2_missing)
		return openat2(root, SERVED_DIR, &how);
	fd = openat(root, SERVED_DIR, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	e = errno;
	if (fd == -1 && e == ENOTDIR && is_link(root, SERVED_DIR))
		return WALK_REFUSED;
	errno = e;
	return fd;
}

/* Below /tmp (dir, which it closes), one directory at a time, never
 * following a symlink. */
static int
open_one_by_one(int dir, const struct walk *w, int n)
{
	int i, sub, e;

	for (i = 0; i < n && dir >= 0; i++) {
		sub = openat(dir, w->comp[i], O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		e = errno;
		if (sub == -1 && (e == ENOTDIR || e == ELOOP) && is_link(dir, w->comp[i]))
			sub = WALK_REFUSED;
		close(dir);
		dir = sub;
		errno = e;
	}
	return dir;
}

/* Opens, with the rights of whoever calls it, the directory that holds
 * w's last component.  Returns the fd, -1 with errno, or WALK_REFUSED.
 * The kernel's walk checks search permission on a directory before it
 * looks up any component in it: a ".." below /tmp and a last "." or ".."
 * are walked too, so that their errors come as the kernel's would (what
 * they lead to is never used). */
int
open_last_dir(int root, const struct walk *w)
{
	int n = w->refuse >= 0 ? w->refuse + 1 : w->dirs + w->last_dots, dir = -1;

	if (!openat2_missing)
		dir = open_at_once(root, w, n);
	/* ELOOP may mean only that /tmp itself is a symlink; EAGAIN, that
	 * renames keep racing a "..": one step at a time, the kernel's own
	 * walk never says EAGAIN */
	if (openat2_missing || (dir == -1 && (errno == ELOOP || errno == EAGAIN))) {
		dir = open_tmp(root);
		if (dir >= 0)
			dir = open_one_by_one(dir, w, n);
	}
	if (dir >= 0 && w->refuse >= 0) {
		close(dir);
		dir = WALK_REFUSED;
	}
	return dir;
}

/* Makes the directory w names below root, with the rights of whoever
 * calls it (the caller's, worn).  /tmp itself is looked up as the
 * kernel's mkdir would (never followed): there, EEXIST; missing, it would
 * be made, outside what is served: EOPNOTSUPP. */
void
make_below(int root, const struct walk *w, mode_t mode, struct made *m)
{
	int dir;

	m->made = m->refused = 0;
	m->err = EEXIST;	/* a last "." or "..", or /tmp: they exist */
	if (w->where == WALK_TMP) {
		if ((dir = openat(root, SERVED_DIR, O_PATH | O_NOFOLLOW | O_CLOEXEC)) >= 0)
			close(dir);
		else
			m->err = errno == ENOENT ? EOPNOTSUPP : errno;
		return;
	}
	if ((dir = open_last_dir(root, w)) < 0) {
		m->refused = dir != WALK_REFUSED ? 0 : w->refuse >= 0 ? REFUSED_DOTS : REFUSED_LINK;
		m->err = m->refused ? EPERM : errno;
		return;
	}
	if (!w->last_dots) {
		m->made = mkdirat(dir, w->comp[w->dirs], mode) == 0;
		m->err = m->made ? 0 : errno;
	}
	close(dir);
}
