/* test/become.c: a test helper; runs a command as a different caller, so
 * that the suite can compare what the kernel's own mkdir does for that
 * caller with what the supervisor does for it.
 *   become [-P] [-n] [-r DIR] [-g GID] [-G GID,...] [-u UID] [-c] [-m UMASK] [-i SIG]
 *          CMD [ARG...]
 *   -P  no /proc: a private mount namespace with /proc unmounted
 *   -n  a private /tmp: a private mount namespace with a tmpfs on /tmp
 *   -r  chroot(DIR) and chdir("/")
 *   -g, -G, -u  real, effective, saved and filesystem GID, groups, UID
 *   -c  a root without CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
 *   -m  the umask (octal)
 *   -i  ignore signal SIG (a number), as some daemons and CI runners leave it
 * Steps run in the order given; exit 126 with a message if one fails. */
#define _GNU_SOURCE
#include <errno.h>
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

#include "../bpf.h"

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

int
main(int argc, char **argv)
{
	gid_t groups[64];
	char *p;
	int c, n;

	while ((c = getopt(argc, argv, "+Pnr:g:G:u:cm:i:")) != -1) {
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
		case 'r':
			if (chroot(optarg) == -1 || chdir("/") == -1)
				fail("chroot");
			break;
		case 'g':
			if (setresgid(atoi(optarg), atoi(optarg), atoi(optarg)) == -1)
				fail("setresgid");
			break;
		case 'G':
			for (n = 0, p = optarg; *p && n < 64; n++) {
				groups[n] = strtoul(p, &p, 10);
				p += *p == ',';
			}
			if (setgroups(n, groups) == -1)
				fail("setgroups");
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
