/* pid1.c: unotify as process 1 of the initial PID namespace, the whole
 * userland of an initramfs (a kernel check image: -t when the kernel's
 * command line gives nothing after "--").  Init must never exit (the
 * kernel would panic) and inherits every orphan: so the mode runs in a
 * child, while init reaps, then says "unotify: exit N", syncs and powers
 * the machine off.  It mounts nothing: a procfs of its own is made where
 * one is needed.  As process 1 of any other PID namespace (a container's)
 * unotify is an ordinary program. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/wait.h>

#include "supervisor/output.h"
#include "image/pid1.h"
#include "supervisor/target.h"

/* Returns the arguments to run with: argv itself, unless we are the
 * machine's init, whose child gets "-t" where argv holds no more than
 * the program's name.  Init itself never returns. */
char **
as_init(char **argv)
{
	static char *check[] = { "unotify", "-t", NULL };
	char line[32];
	int status = 0;
	pid_t pid, w;

	/* Ctrl-Alt-Del's command is refused (EINVAL) in any PID namespace
	 * but the initial one; there it makes the kernel send init SIGINT
	 * for the keys, which init ignores as any other signal. */
	if (getpid() != 1 || reboot(RB_DISABLE_CAD) == -1)
		return argv;
	if ((pid = _Fork()) == 0) {
		/* The kernel hands init every word of its command line it does
		 * not know, "--" or not: a first one that is neither an option
		 * nor a path begun by / or . is taken for such a word, not for
		 * a demo's directory. */
		if (argv[1] && (!argv[1][0] || !strchr("-/.", argv[1][0])))
			usage_error("as init: '%s' is neither an option nor a path begun by / or ."
			    " (ours go after \"--\" on the kernel's command line)", argv[1]);
		return argv[1] ? argv : check;
	}
	while (pid > 0 && (w = waitpid(-1, &status, 0)) != pid)
		if (w == -1 && errno != EINTR)
			break;
	write_all(STDOUT_FILENO, line, format(line, sizeof(line), "unotify: exit %d\n",
	    pid == -1 ? 125 : exit_code(status)));
	sync();
	ioctl(STDOUT_FILENO, TCSBRK, 1);	/* tcdrain: that line out of a slow UART first */
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
