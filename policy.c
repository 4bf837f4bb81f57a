/* policy.c: the policy.  A path below /tmp/ is created by the supervisor
 * and success spoofed; "./" is left to the kernel (CONTINUE); anything
 * else gets a spoofed error.  Nothing is ever created outside /tmp. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "output.h"
#include "policy.h"

#define OUTSIDE_TMP	(-2)	/* open_parent_in_tmp: the path leaves /tmp */

/* Opens, without following any symlink, the directory below /tmp that
 * will hold the last component of 'path' and points *name at it.  Returns
 * the fd, -1 with errno, or OUTSIDE_TMP: a ".." or a symlink could point
 * anywhere, and we create things with our own rights. */
static int
open_parent_in_tmp(char *path, char **name)
{
	char *comp, *next, *p;
	int dir, sub;

	for (p = path + strlen(SERVED_DIR); *p; p++)
		if (p[0] == '/' && p[1] == '.' && p[2] == '.' && (p[3] == '/' || p[3] == '\0'))
			return OUTSIDE_TMP;
	if ((dir = open(SERVED_DIR, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	*name = ".";
	for (comp = path + strlen(SERVED_DIR "/"); *comp; comp = next) {
		for (next = comp; *next && *next != '/'; next++)
			;
		while (*next == '/')
			*next++ = '\0';
		if (*next == '\0') {
			*name = comp;
			break;
		}
		sub = openat(dir, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub == -1) {
			char target;
			int e = errno, link;

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

static void
make_dir_in_tmp(const struct call *c, int prog, struct seccomp_notif_resp *resp)
{
	char copy[PATH_MAX], *name;
	int dir;

	memcpy(copy, c->path, strlen(c->path) + 1);
	dir = open_parent_in_tmp(copy, &name);
	if (dir == OUTSIDE_TMP) {
		resp->error = -EPERM;
		say("\tS: refusing path outside /tmp/ (%s)\n", err_text(EPERM));
		return;
	}
	say("\tS: executing: %s(\"%s\", %#llo)\n", c->name, c->path, (unsigned long long)c->mode);
	if (dir >= 0 && mkdirat(dir, name, c->mode) == 0) {
		/* mkdir(2) returns 0, and real programs (-x) take anything
		 * else for failure; the demo shows the value is spoofed. */
		resp->val = prog ? 0 : strlen(c->path);
		say("\tS: success! spoofed return = %lld\n", (long long)resp->val);
	} else {
		resp->error = -errno;
		say("\tS: failure! (errno = %d; %s)\n", errno, err_text(errno));
	}
	if (dir >= 0)
		close(dir);
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

void
apply_policy(const struct call *c, int prog, struct seccomp_notif_resp *resp)
{
	if (strncmp(c->path, SERVED_DIR "/", strlen(SERVED_DIR "/")) == 0) {
		make_dir_in_tmp(c, prog, resp);
	} else if (strncmp(c->path, "./", 2) == 0) {
		resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		say("\tS: target can execute system call\n");
	} else {
		resp->error = is_tmp_ancestor(c->path) ? -EEXIST : -EOPNOTSUPP;
		say("\tS: spoofing error response (%s)\n", err_text(-resp->error));
	}
}
