/* policy.c: the policy.  A path below /tmp is created by the supervisor,
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
#include "walk.h"

/* One directory to make, below the caller's root, and what came of it. */
struct making {
	int root;
	const struct walk *w;
	mode_t mode;
	int dir, made, err;
};

/* Runs as the caller (in a helper, for a caller of another user
 * namespace): prints nothing, keeps its results in *m.  /tmp itself is
 * looked up as the kernel's mkdir would (never followed): there, EEXIST;
 * missing, it would be made, outside what is served: EOPNOTSUPP. */
static void
make_dir(void *arg)
{
	struct making *m = arg;
	const struct walk *w = m->w;

	m->made = 0;
	m->err = EEXIST;	/* a last "." or "..", or /tmp: they exist */
	if (w->where == WALK_TMP) {
		if ((m->dir = openat(m->root, SERVED_DIR, O_PATH | O_NOFOLLOW | O_CLOEXEC)) >= 0)
			close(m->dir);
		else
			m->err = errno == ENOENT ? EOPNOTSUPP : errno;
		return;
	}
	if ((m->dir = open_last_dir(m->root, w)) < 0) {
		m->err = errno;
		return;
	}
	if (!w->last_dots) {
		m->made = mkdirat(m->dir, w->comp[w->dirs], m->mode) == 0;
		m->err = errno;
	}
	close(m->dir);
}

/* Makes the directory w names, as the caller would have made it.  Returns
 * -1 when the notification went stale before anything was made. */
static int
make_in_tmp(const struct call *c, const struct walk *w, const struct rules *r,
    struct seccomp_notif_resp *resp)
{
	struct making m = { .w = w, .mode = c->mode, .dir = -1 };
	struct caller who;
	const char *why;

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
	if (as_caller(r->self, &who, make_dir, &m, &why) == -1) {
		forget_caller(&who);
		resp->error = -EPERM;
		say("\tS: cannot act as the caller (%s): refusing\n", why);
		return 0;
	}
	forget_caller(&who);
	if (m.dir == WALK_REFUSED) {
		resp->error = -EPERM;
		say("\tS: refusing path outside /tmp/ (%s)\n", err_text(EPERM));
		return 0;
	}
	say("\tS: executing: %s(\"%s\", %#llo)\n", c->name, r->prog ? escaped(c->path) : c->path,
	    (unsigned long long)c->mode);
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
}

/* Fills in the answer to call c.  The demo keeps the original's text
 * rules ("/tmp/..." made, "./..." continued); -x answers as the kernel's
 * own mkdir would: a relative path (a name below the caller's cwd, or
 * below a mkdirat dirfd) is the kernel's business, resolved with the
 * caller's own rights, and an absolute one is read as the kernel walks
 * it.  The root, which leads to the served area, gets EEXIST, and /tmp
 * itself, in the demo too, or looked up as the caller with -x, so that
 * "mkdir -p /tmp/a/b" works.  Returns -1, with
 * nothing to send, when the call went away before a side effect. */
int
apply_policy(const struct call *c, const struct rules *r, struct seccomp_notif_resp *resp)
{
	static struct walk w;
	int absolute = c->path[0] == '/';

	if (absolute)
		read_walk(c->path, &w);
	if (r->prog ? absolute && w.where >= WALK_TMP
	    : strncmp(c->path, "/" SERVED_DIR "/", strlen("/" SERVED_DIR "/")) == 0)
		return make_in_tmp(c, &w, r, resp);
	if (r->prog ? !absolute : strncmp(c->path, "./", 2) == 0) {
		resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		say("\tS: target can execute system call\n");
	} else {
		resp->error = absolute && (w.where == WALK_ROOT || (!r->prog && w.where == WALK_TMP))
		    ? -EEXIST : -EOPNOTSUPP;
		say("\tS: spoofing error response (%s)\n", err_text(-resp->error));
	}
	return 0;
}
