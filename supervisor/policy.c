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

#include "supervisor/caller/caller.h"
#include "supervisor/notif.h"
#include "supervisor/output.h"
#include "supervisor/policy.h"
#include "supervisor/caller/walk.h"
#include "supervisor/workers.h"

/* Under -x each line names its call, as strace would: ": mkdirat(AT_FDCWD,
 * \"a/b\", 0755)", the path escaped, the mode with the bits mkdir(2)
 * reads.  The demo's lines keep the original's words: "". */
const char *
call_text(const struct call *c, const struct rules *r)
{
	static char text[4 * PATH_MAX + 80];
	char fd[16] = "AT_FDCWD, ", path[24];
	unsigned mode = c->mode & 07777;

	if (!r->prog || !c->name)
		return "";
	if (c->dirfd != AT_FDCWD)
		format(fd, sizeof(fd), "%d, ", c->dirfd);
	if (c->unread)
		format(path, sizeof(path), "%#llx", (unsigned long long)c->addr);
	format(text, sizeof(text), ": %s(%s%s%s%s, %#o)", c->name, strcmp(c->name, "mkdirat") ? "" : fd,
	    c->unread ? "" : "\"", c->unread ? path : escaped(c->path), c->unread ? "" : "\"", mode);
	return text;
}

/* Why a path below /tmp/ is refused, in the demo's words or -x's. */
static const char *
refusal(int refused, const struct rules *r)
{
	if (!r->prog)
		return "path outside /tmp/";
	return refused == REFUSED_DOTS ? "a \"..\" below /tmp/" : "a symbolic link below /tmp/";
}

/* EPERM for call c, whose caller we could not act as, and why not. */
void
cannot_act(const struct call *c, const struct rules *r, const char *why, struct seccomp_notif_resp *resp)
{
	resp->error = -EPERM;
	say("\tS: cannot act as the caller (%s): refusing%s\n", why, call_text(c, r));
}

/* The lines and the answer for a directory made as the caller (or not). */
void
policy_made(const struct call *c, const struct rules *r, const struct worker_answer *a,
    struct seccomp_notif_resp *resp)
{
	if (a->unbecome) {
		cannot_act(c, r, err_text(a->unbecome), resp);
		return;
	}
	if (a->m.refused) {
		resp->error = -EPERM;
		say("\tS: refusing %s (%s)%s\n", refusal(a->m.refused, r), err_text(EPERM), call_text(c, r));
		return;
	}
	if (r->prog)
		say("\tS: executing%s\n", call_text(c, r));
	else
		say("\tS: executing: %s(\"%s\", %#llo)\n", c->name, c->path, (unsigned long long)c->mode);
	if (a->m.made) {
		/* mkdir(2) returns 0, and real programs (-x) take anything
		 * else for failure; the demo shows the value is spoofed. */
		resp->val = r->prog ? 0 : strlen(c->path);
		say("\tS: success! spoofed return = %lld\n", (long long)resp->val);
	} else {
		/* a worker's, which its caller may command: an errno, or EPERM */
		int err = a->m.err > 0 && a->m.err < 4096 ? a->m.err : EPERM;

		resp->error = -err;
		say("\tS: failure! (errno = %d; %s)\n", err, err_text(err));
	}
}

/* Makes the directory w names, as the caller would have made it: here,
 * for a caller that holds our IDs, else by a worker of its identity.
 * Returns what apply_policy does. */
static int
make_in_tmp(const struct call *c, const struct walk *w, const struct rules *r,
    struct seccomp_notif_resp *resp)
{
	struct worker_answer a = { 0 };
	struct caller who;
	struct worn worn;
	const char *why;
	int i, tries;

	if (learn_caller(r->self, c->pid, !r->prog, &who, &why) == -1) {
		resp->error = -EPERM;
		say("\tS: cannot learn the caller's identity (%s): refusing%s\n", why, call_text(c, r));
		return ANSWERED;
	}
	/* Identity, namespace and root were read from /proc/PID: they are
	 * the caller's only if its call still waits, and its PID was not
	 * reused. */
	if (!id_valid(c->listener, c->id)) {
		forget_caller(&who);
		return GONE;
	}
	if (served_here(r->self, &who)) {
		if (assume(r->self, who.id, &worn) == -1) {
			a.unbecome = errno;
		} else {
			make_below(who.root, w, c->mode, &a.m);
			restore(r->self, &worn);
		}
		forget_caller(&who);
		policy_made(c, r, &a, resp);
		return ANSWERED;
	}
	why = "its worker could not be asked";
	/* a kept worker may have ended meanwhile (its caller may kill it):
	 * asked in vain, it is dropped, and a new one asked once */
	for (tries = 0; tries < 2; tries++) {
		if ((i = worker_for(r->self, &who, &why)) == -1 && (errno == EAGAIN || errno == EBUSY)) {
			i = errno == EAGAIN ? USER_WAITS : NO_WORKER;
			forget_caller(&who);
			return i;
		}
		if (i == -1 || worker_ask(r->self, i, who.root, c->path, c->mode) == 0)
			break;
		i = -1;
	}
	forget_caller(&who);
	if (i == -1) {
		cannot_act(c, r, why, resp);
		return ANSWERED;
	}
	return i;
}

/* Fills in the answer to call c.  The demo keeps the original's text
 * rules ("/tmp/..." made, "./..." continued); -x answers as the kernel's
 * own mkdir would: a relative path (a name below the caller's cwd, or
 * below a mkdirat dirfd) is the kernel's business, resolved with the
 * caller's own rights, and an absolute one is read as the kernel walks
 * it.  The root, which leads to the served area, gets EEXIST, and /tmp
 * itself, in the demo too, or looked up as the caller with -x, so that
 * "mkdir -p /tmp/a/b" works.  Returns what policy.h says: GONE when the
 * call went away before a side effect. */
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
		say("\tS: target can execute system call%s\n", call_text(c, r));
	} else {
		resp->error = absolute && (w.where == WALK_ROOT || (!r->prog && w.where == WALK_TMP))
		    ? -EEXIST : -EOPNOTSUPP;
		say("\tS: spoofing error response (%s)%s\n", err_text(-resp->error), call_text(c, r));
	}
	return ANSWERED;
}
