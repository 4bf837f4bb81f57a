/* test/become.c: a test helper; runs a command as a different caller, so
 * that the suite can compare what the kernel's own mkdir does for that
 * caller with what the supervisor does for it.
 *   become [-P] [-n] [-p] [-U OUTER:COUNT|-] [-r DIR] [-g GID] [-G GIDS] [-u UID]
 *          [-c] [-m UMASK] [-i SIG] CMD [ARG...]
 *   -P  no /proc: a private mount namespace with /proc unmounted
 *   -n  a private /tmp: a private mount namespace with a tmpfs on /tmp
 *   -p  a new PID namespace, with /proc left as it is (unshare -pf): CMD
 *       is its process 1; become waits for it and passes its status on
 *   -U  a new user namespace that maps IDs 0..COUNT-1 to OUTER.. (users
 *       and groups), and root in it; "-" maps nothing and changes no ID
 *   -r  chroot(DIR) and chdir("/")
 *   -g, -G, -u  real, effective, saved and filesystem GID, groups (GIDs
 *       and FIRST-LAST ranges, comma-separated), UID
 *   -c  a root without CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
 *   -m  the umask (octal)
 *   -i  ignore signal SIG (a number), as some daemons and CI runners leave it
 * Steps run in the order given; exit 126 with a message if one fails. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "bpf.h"

static void
fail(const char *what)
{
	fprintf(stderr, "become: %s: %s\n", what, strerror(errno));
	exit(126);
}

static void
private_mounts(void)
{
	if (unshare(CLONE_NEWNS) == -1)
		fail("unshare");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1)
		fail("mount --make-rprivate /");
}

/* Drops the three from every set, bounding included, so that exec as
 * root does not bring them back. */
static void
drop_dac_caps(void)
{
	static const int caps[] = { CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER };
	struct cap_header h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct cap_data d[2];
	size_t i;

	if (capget(&h, d) == -1)
		fail("capget");
	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		if (prctl(PR_CAPBSET_DROP, caps[i], 0, 0, 0) == -1)
			fail("PR_CAPBSET_DROP");
		d[0].effective &= ~(1U << caps[i]);
		d[0].permitted &= ~(1U << caps[i]);
		d[0].inheritable &= ~(1U << caps[i]);
	}
	if (capset(&h, d) == -1)
		fail("capset");
}

static void
write_file(pid_t pid, const char *name, const char *text)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	if ((fd = open(path, O_WRONLY)) == -1 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		fail(path);
	close(fd);
}

/* A new user namespace whose maps a child of ours writes from outside
 * (a task cannot map IDs other than its own from inside); then root in
 * it.  Unprivileged, the one ID it may map is its own, with setgroups
 * denied first. */
static void
user_namespace(const char *spec)
{
	int go[2], status;
	char map[64], byte;
	pid_t kid, me = getpid();
	unsigned long outer, count;

	if (strcmp(spec, "-") == 0) {
		if (unshare(CLONE_NEWUSER) == -1)
			fail("unshare(CLONE_NEWUSER)");
		return;
	}
	if (sscanf(spec, "%lu:%lu", &outer, &count) != 2)
		fail("-U OUTER:COUNT");
	snprintf(map, sizeof(map), "0 %lu %lu\n", outer, count);
	if (pipe(go) == -1 || (kid = fork()) == -1)
		fail("fork");
	if (kid == 0) {
		close(go[1]);
		if (read(go[0], &byte, 1) != 1)
			_exit(1);
		if (geteuid() != 0)
			write_file(me, "setgroups", "deny");
		write_file(me, "uid_map", map);
		write_file(me, "gid_map", map);
		_exit(0);
	}
	close(go[0]);
	if (unshare(CLONE_NEWUSER) == -1)
		fail("unshare(CLONE_NEWUSER)");
	if (write(go[1], "", 1) != 1 || waitpid(kid, &status, 0) == -1 || status != 0)
		fail("writing the ID maps");
	close(go[1]);
	if (setresgid(0, 0, 0) == -1 || setresuid(0, 0, 0) == -1)
		fail("becoming root in the user namespace");
}

/* unshare -pf: the command is the new namespace's process 1, and we
 * wait for it, passing its status on. */
static void
pid_namespace(void)
{
	int status;
	pid_t kid;

	if (unshare(CLONE_NEWPID) == -1 || (kid = fork()) == -1)
		fail("unshare(CLONE_NEWPID)");
	if (kid == 0)
		return;
	if (waitpid(kid, &status, 0) == -1)
		fail("waitpid");
	if (WIFSIGNALED(status))
		exit(128 + WTERMSIG(status));
	exit(WEXITSTATUS(status));
}

/* "1,5,100-199": up to NGROUPS_MAX_KERNEL groups */
static void
set_groups(char *list)
{
	static gid_t groups[NGROUPS_MAX_KERNEL];
	unsigned long first, last;
	size_t n = 0;
	char *p = list;

	while (*p) {
		first = last = strtoul(p, &p, 10);
		if (*p == '-')
			last = strtoul(p + 1, &p, 10);
		for (; first <= last && n < NGROUPS_MAX_KERNEL; first++)
			groups[n++] = first;
		p += *p == ',';
	}
	if (setgroups(n, groups) == -1)
		fail("setgroups");
}

int
main(int argc, char **argv)
{
	int c;

	while ((c = getopt(argc, argv, "+PnpU:r:g:G:u:cm:i:")) != -1) {
		switch (c) {
		case 'P':
			private_mounts();
			if (umount2("/proc", MNT_DETACH) == -1)
				fail("umount /proc");
			break;
		case 'n':
			private_mounts();
			if (mount("tmpfs", "/tmp", "tmpfs", 0, "mode=1777") == -1)
				fail("mount tmpfs /tmp");
			break;
		case 'p':
			pid_namespace();
			break;
		case 'U':
			user_namespace(optarg);
			break;
		case 'r':
			if (chroot(optarg) == -1 || chdir("/") == -1)
				fail("chroot");
			break;
		case 'g':
			if (setresgid(atoi(optarg), atoi(optarg), atoi(optarg)) == -1)
				fail("setresgid");
			break;
		case 'G':
			set_groups(optarg);
			break;
		case 'u':
			if (setresuid(atoi(optarg), atoi(optarg), atoi(optarg)) == -1)
				fail("setresuid");
			break;
		case 'c':
			drop_dac_caps();
			break;
		case 'm':
			umask(strtoul(optarg, NULL, 8));
			break;
		case 'i':
			signal(atoi(optarg), SIG_IGN);
			break;
		default:
			return 2;
		}
	}
	if (optind == argc)
		return 2;
	execvp(argv[optind], argv + optind);
	fail(argv[optind]);
}
