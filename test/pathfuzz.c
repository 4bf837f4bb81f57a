/* test/pathfuzz.c: the differential test of path reading.  Seeded random
 * absolute paths, each mkdir'ed once by the kernel and once under
 * "unotify -q -x" (with each resolver), from the same starting tree, by
 * root and by nobody in turn.  It all runs in a mount namespace of its
 * own whose /tmp is a fresh tmpfs and every other mount read-only, so that
 * nothing outside that /tmp can ever be written.  The answer (errno) and
 * the resulting tree must be the kernel's, except where the policy decides:
 * outside /tmp, EOPNOTSUPP; a ".." or a symlink to be followed below /tmp,
 * EPERM, or the kernel's own error where its walk fails first.  The
 * policy is read here independently of walk.c.  A last run has /tmp a
 * symbolic link, in a root of its own: openat2 cannot take it at once,
 * and the walk below it serves.
 *   pathfuzz UNOTIFY SEED COUNT
 * prints one line per resolver with its count of differences, and the
 * first differences with the seed; exits 0 only when there are none. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define SHOWN	5	/* differences shown in full */

static const char *parts[] = { "d", "e", "f", "l", "la", "ld", "p", "w", "r", "m", "new",
    ".", "..", "", "tmp", NULL, NULL };
#define NPARTS	(sizeof(parts) / sizeof(parts[0]))
static char name255[256], name256[257];
static const char *tree = "/tmp";	/* where the starting tree is */
static uint64_t rng;
static struct { int err, expect; } *shared;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng % n;
}

static void
fail(const char *what)
{
	fprintf(stderr, "pathfuzz: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* path number i of the run: below /tmp mostly, any part anywhere, ends of
 * every kind, and now and then one near or past PATH_MAX */
static void
make_path(char *p)
{
	static const char *firsts[] = { ".", "..", "", "etc", "tmpx" };
	static const char *ends[] = { "", "/", "/.", "/./", "/..", "" };
	int i, n;

	if (rnd(40) == 0) {
		n = 2040 + rnd(10);
		strcpy(p, "/tmp/");
		for (i = 0; i < n; i++)
			strcat(p, "./");
		strcat(p, rnd(2) ? "new" : "d/new");
		return;
	}
	strcpy(p, rnd(8) ? "/" : "//");
	strcat(p, rnd(5) ? "tmp" : firsts[rnd(5)]);
	for (i = rnd(6); i > 0; i--) {
		strcat(p, rnd(10) ? "/" : "//");
		strcat(p, parts[rnd(NPARTS)]);
	}
	if (rnd(3) == 0)
		strcat(p, "/new");
	strcat(p, ends[rnd(6)]);
}

static void
remove_below(int dir)
{
	DIR *d = fdopendir(dup(dir));
	struct dirent *e;
	int sub;

	if (!d)
		fail("fdopendir");
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (e->d_type == DT_DIR) {
			fchmodat(dir, e->d_name, 0700, 0);
			if ((sub = openat(dir, e->d_name, O_RDONLY | O_DIRECTORY)) == -1)
				fail("openat");
			remove_below(sub);
			close(sub);
			if (unlinkat(dir, e->d_name, AT_REMOVEDIR) == -1)
				fail("rmdir");
		} else if (unlinkat(dir, e->d_name, 0) == -1) {
			fail("unlink");
		}
	}
	closedir(d);
}

/* The starting tree.  Directories by mkdirat with a real dirfd: under
 * unotify those are the kernel's own (CONTINUE). */
static void
reset(void)
{
	int tmp = open(tree, O_RDONLY | O_DIRECTORY), d;

	if (tmp == -1)
		fail(tree);
	remove_below(tmp);
	if (mkdirat(tmp, "d", 0755) || mkdirat(tmp, "p", 0700) || mkdirat(tmp, "w", 0777)
	    || mkdirat(tmp, "r", 0555) || symlinkat("d", tmp, "l") || symlinkat("/etc", tmp, "la")
	    || symlinkat("missing", tmp, "ld") || (d = openat(tmp, "d", O_RDONLY)) == -1
	    || mkdirat(d, "e", 0755) || close(openat(d, "f", O_CREAT | O_WRONLY, 0644))
	    || close(openat(tmp, "f", O_CREAT | O_WRONLY, 0644)))
		fail("making the tree");
	close(d);
	close(tmp);
}

/* "name type mode uid;" for everything below /tmp, sorted */
static void
snapshot(char *out, const char *dir, const char *rel)
{
	struct dirent **list;
	struct stat st;
	char path[PATH_MAX * 2], sub[PATH_MAX * 2];
	int i, n = scandir(dir, &list, NULL, alphasort);

	for (i = 0; i < n; i++) {
		if (strcmp(list[i]->d_name, ".") && strcmp(list[i]->d_name, "..")) {
			snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
			snprintf(sub, sizeof(sub), "%s%s", rel, list[i]->d_name);
			if (lstat(path, &st) == 0) {
				sprintf(out + strlen(out), "%.40s %c %o %u;", sub, S_ISDIR(st.st_mode) ? 'd'
				    : S_ISLNK(st.st_mode) ? 'l' : 'f', st.st_mode & 07777, st.st_uid);
				if (S_ISDIR(st.st_mode)) {
					strcat(sub, "/");
					snapshot(out, path, sub);
				}
			}
		}
		free(list[i]);
	}
	free(list);
}

static int
is_dots(const char *c)
{
	return strcmp(c, ".") == 0 || strcmp(c, "..") == 0;
}

/* The policy, read on its own: 0 where the kernel's answer stands;
 * EOPNOTSUPP outside /tmp; EPERM where the walk meets a ".." or one of
 * the tree's symlinks below /tmp before the last component, with *probe
 * set to the directory the walk must pass first. */
static int
policy(const char *path, char *probe)
{
	char copy[PATH_MAX], *comp[PATH_MAX], *c;
	int n = 0, i, in_tmp = 0, at_tmp = 1;

	if (strlen(path) >= PATH_MAX)
		return 0;
	strcpy(copy, path);
	for (c = strtok(copy, "/"); c; c = strtok(NULL, "/")) {
		if (in_tmp)
			comp[n++] = c;
		else if (strcmp(c, "tmp") == 0)
			in_tmp = 1;
		else if (!is_dots(c))
			return EOPNOTSUPP;
	}
	strcpy(probe, "/tmp");
	for (i = 0; i < n - 1; i++) {
		if (strcmp(comp[i], "..") == 0 || (at_tmp && (strcmp(comp[i], "l") == 0
		    || strcmp(comp[i], "la") == 0 || strcmp(comp[i], "ld") == 0))) {
			strcat(probe, "/.");
			return EPERM;
		}
		at_tmp &= strcmp(comp[i], ".") == 0;
		strcat(probe, "/");
		strcat(probe, comp[i]);
	}
	return 0;
}

/* Makes path as root or as nobody; for the kernel's pass, also what
 * unotify should answer.  Results in *shared. */
static void
attempt(const char *path, int nobody, int kernel)
{
	static const gid_t none[] = { 65534 };
	char probe[PATH_MAX + 8];
	pid_t pid;
	int fd = -1;

	if (nobody && (pid = fork()) != 0) {
		if (pid == -1 || waitpid(pid, NULL, 0) == -1)
			fail("fork");
		return;
	}
	if (nobody && (setgroups(1, none) || setresgid(65534, 65534, 65534)
	    || setresuid(65534, 65534, 65534)))
		fail("becoming nobody");
	shared->err = mkdir(path, 0755) == 0 ? 0 : errno;
	if (kernel) {
		shared->expect = policy(path, probe);
		if (shared->expect == EPERM && (fd = open(probe, O_PATH | O_DIRECTORY)) == -1)
			shared->expect = errno;
		if (fd >= 0 && shared->expect == EPERM)
			close(fd);
	}
	if (nobody)
		_exit(0);
}

/* One pass over the paths, a line each on out: "errno tree". */
static void
pass(int kernel, uint64_t seed, int count, FILE *out)
{
	static char path[PATH_MAX * 2], before[1 << 16], after[1 << 16];
	int i;

	rng = seed * 2654435761u + 1;
	for (i = 0; i < count; i++) {
		make_path(path);
		reset();
		before[0] = after[0] = '\0';
		if (kernel)
			snapshot(before, tree, "");
		attempt(path, i % 2, kernel);
		snapshot(after, tree, "");
		if (kernel && shared->expect)
			fprintf(out, "%d %s\n", shared->expect, before);
		else
			fprintf(out, "%d %s\n", shared->err, after);
	}
	fflush(out);
}

/* Every mount read-only, a fresh tmpfs on /tmp: in a mount namespace of
 * our own. */
static void
sandbox(void)
{
	char line[4096], mp[4096], *o, *i;
	FILE *f;

	if (unshare(CLONE_NEWNS) == -1 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1)
		fail("a private mount namespace");
	if (!(f = fopen("/proc/self/mountinfo", "r")))
		fail("/proc/self/mountinfo");
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*s %*s %*s %*s %4095s", mp) != 1)
			continue;
		for (i = o = mp; *i; o++)	/* "\040" and the like */
			if (*i == '\\' && i[1] && i[2] && i[3]) {
				*o = (i[1] - '0') * 64 + (i[2] - '0') * 8 + (i[3] - '0');
				i += 4;
			} else {
				*o = *i++;
			}
		*o = '\0';
		if (mount(NULL, mp, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) == -1 && errno != ENOENT)
			fail(mp);
	}
	fclose(f);
	if (mount("tmpfs", "/tmp", "tmpfs", 0, "mode=1777") == -1)
		fail("mount tmpfs /tmp");
}

/* The programs are run through fds opened before the sandbox's /tmp came
 * over them (the checkout may be below /tmp). */
static int unotify_fd, self_fd;

static const char *
fd_path(int fd)
{
	static char path[2][32];
	static int i;

	snprintf(path[i ^= 1], sizeof(path[0]), "/proc/self/fd/%d", fd);
	return path[i];
}

/* Runs one served pass: this program again, under unotify, its lines
 * read back into buf. */
static void
served(const char *unotify, const char *self, int walk, const char *seed, const char *count,
    char *buf, size_t size)
{
	int p[2], status;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(p) == -1 || (pid = fork()) == -1)
		fail("fork");
	if (pid == 0) {
		dup2(p[1], 1);
		if (walk)
			setenv("UNOTIFY_PRETEND_OLD_KERNEL", "1", 1);
		execl(unotify, "unotify", "-q", "-x", self, tree[1] == 't' ? "-served" : "-served-real",
		    seed, count, (char *)NULL);
		fail(unotify);
	}
	close(p[1]);
	while ((n = read(p[0], buf + got, size - 1 - got)) > 0)
		got += n;
	buf[got] = '\0';
	close(p[0]);
	if (waitpid(pid, &status, 0) == -1 || status != 0) {
		fprintf(stderr, "pathfuzz: the served pass ended with status %#x\n", status);
		exit(2);
	}
}

/* The differences of got from want, line by line: counted, and the first
 * shown with their paths. */
static int
compare(const char *what, char *want, char *got, uint64_t seed, int count)
{
	static char path[PATH_MAX * 2];
	char *w, *g, *wn, *gn;
	int i, diffs = 0;

	rng = seed * 2654435761u + 1;
	for (i = 0, w = want, g = got; i < count; i++, w = wn, g = gn) {
		make_path(path);
		if (!(wn = strchr(w, '\n')) || !(gn = strchr(g, '\n'))) {
			printf("# %s: the output ends at path %d\n", what, i);
			return diffs + 1;
		}
		*wn++ = *gn++ = '\0';
		if (strcmp(w, g) && diffs++ < SHOWN)
			printf("# %s, seed %llu, path %d (%s): %.*s%s\n#   kernel and policy: %s\n#   unotify: %s\n",
			    what, (unsigned long long)seed, i, i % 2 ? "nobody" : "root",
			    200, path, strlen(path) > 200 ? "..." : "", w, g);
	}
	return diffs;
}

/* What the kernel and the policy answered, counted by errno: the run
 * must reach every kind of answer. */
static void
tally(const char *want)
{
	static const int kinds[] = { 0, EEXIST, ENOENT, ENOTDIR, EACCES, ENAMETOOLONG,
	    EPERM, EOPNOTSUPP };
	int seen[sizeof(kinds) / sizeof(kinds[0]) + 1] = { 0 }, e, k;
	const char *line;

	for (line = want; *line; line = strchr(line, '\n') + 1) {
		e = atoi(line);
		for (k = 0; k < (int)(sizeof(kinds) / sizeof(kinds[0])) && kinds[k] != e; k++)
			;
		seen[k]++;
	}
	printf("pathfuzz: expected answers: %d made, %d EEXIST, %d ENOENT, %d ENOTDIR, %d EACCES, "
	    "%d ENAMETOOLONG, %d EPERM, %d EOPNOTSUPP, %d other\n", seen[0], seen[1], seen[2],
	    seen[3], seen[4], seen[5], seen[6], seen[7], seen[8]);
}

static void
copy(int in, const char *to)
{
	static char buf[1 << 20];
	int out = open(to, O_WRONLY | O_CREAT, 0755);
	off_t at = 0;
	ssize_t n;

	if (out == -1)
		fail(to);
	while ((n = pread(in, buf, sizeof(buf), at)) > 0 && write(out, buf, n) == n)
		at += n;
	close(out);
}

/* A root of its own in the sandbox's /tmp, where /tmp is a symbolic link
 * to /real; unotify and this program copied in (both static). */
static void
symlinked_tmp(void)
{
	if (mkdir("/tmp/root", 0755) || mkdir("/tmp/root/bin", 0755)
	    || mkdir("/tmp/root/real", 01777) || symlink("/real", "/tmp/root/tmp"))
		fail("making the root");
	copy(unotify_fd, "/tmp/root/bin/unotify");
	copy(self_fd, "/tmp/root/bin/pathfuzz");
	if (chroot("/tmp/root") || chdir("/"))
		fail("chroot");
	tree = "/real";
}

/* The kernel's pass, then unotify's with each resolver (one where /tmp
 * is a symlink); returns how many differ. */
static int
run(const char *unotify, const char *self, int walks, char *const *argv)
{
	static char want[1 << 24], work[1 << 24], got[1 << 24];
	uint64_t seed = strtoull(argv[2], NULL, 10);
	int count = atoi(argv[3]), walk, diffs = 0, d;
	FILE *f;

	if (!(f = fmemopen(want, sizeof(want), "w")))
		fail("fmemopen");
	pass(1, seed, count, f);
	fclose(f);
	tally(want);
	for (walk = 0; walk < walks; walk++) {
		served(unotify, self, walk, argv[2], argv[3], got, sizeof(got));
		d = compare(walk ? "the walk" : "openat2", strcpy(work, want), got, seed, count);
		printf("pathfuzz: %d paths, %s: %d differences (seed %llu)\n", count,
		    walk ? "the walk (as before Linux 5.6)" : tree[1] == 't' ? "openat2"
		    : "openat2, /tmp a symlink", d, (unsigned long long)seed);
		diffs += d;
	}
	return diffs;
}

int
main(int argc, char **argv)
{
	int diffs, status;
	pid_t pid;

	if (argc != 4)
		return 2;
	memset(name255, 'a', 255);
	memset(name256, 'b', 256);
	parts[NPARTS - 2] = name255;
	parts[NPARTS - 1] = name256;
	shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	umask(0);
	if (strncmp(argv[1], "-served", 7) == 0) {
		if (argv[1][7])
			tree = "/real";
		pass(0, strtoull(argv[2], NULL, 10), atoi(argv[3]), stdout);
		return 0;
	}
	if ((unotify_fd = open(argv[1], O_RDONLY)) == -1 || (self_fd = open("/proc/self/exe", O_RDONLY)) == -1)
		fail(argv[1]);
	sandbox();
	diffs = run(fd_path(unotify_fd), fd_path(self_fd), 2, argv);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		symlinked_tmp();
		status = run("/bin/unotify", "/bin/pathfuzz", 1, argv);
		fflush(stdout);
		_exit(status ? 1 : 0);
	}
	if (pid == -1 || waitpid(pid, &status, 0) == -1 || status != 0)
		diffs++;
	return diffs ? 1 : 0;
}
