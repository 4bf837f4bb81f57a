/* walk.h: a path as the kernel walks it, and the directory that holds its
 * last component, opened in the caller's root. */
#ifndef WALK_H
#define WALK_H

#include <limits.h>
#include <sys/types.h>

#define SERVED_DIR	"tmp"	/* below the root: the one place the supervisor creates in */

enum where {
	WALK_OUTSIDE,	/* leaves the root by another name than /tmp */
	WALK_ROOT,	/* names the root: it exists */
	WALK_TMP,	/* names /tmp itself */
	WALK_BELOW,	/* below /tmp (or /tmp as "/tmp/." or "/tmp/..") */
};

struct walk {
	enum where where;
	int dirs;		/* components below /tmp to walk before the last */
	int refuse;		/* the first of them that is "..", or -1 */
	int last_dots;		/* the last is "." or "..": an existing directory */
	const char *comp[PATH_MAX / 2];	/* below /tmp, in text; the last included */
	char text[PATH_MAX];
};

#define WALK_REFUSED	(-2)	/* open_last_dir: a ".." or a symlink below /tmp */

/* What came of a create below the root: made, or the errno the kernel's
 * mkdir would give, or refused, and why. */
enum { REFUSED_DOTS = 1, REFUSED_LINK };	/* a ".." below /tmp, or a symlink */

struct made {
	int made, err, refused;
};

extern int openat2_missing;	/* set: walk without openat2(2), as before 5.6 */

void read_walk(const char *path, struct walk *w);
int open_last_dir(int root, const struct walk *w);
void make_below(int root, const struct walk *w, mode_t mode, struct made *m);

#endif
