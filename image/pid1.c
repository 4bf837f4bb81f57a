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
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <sys/io.h>
#endif

#include "supervisor/output.h"
#include "image/pid1.h"
#include "supervisor/target.h"

/* The arguments init's child runs with: argv, or "-t" where argv holds
 * no more than the program's name.  The kernel hands init every word of
 * its command line it does not know, "--" or not: a first one that is
 * neither an option nor a path begun by / or . is taken for such a word,
 * not for a demo's directory, and gets NULL. */
static char **
init_args(char **argv)
{
	static char *check[] = { "unotify", "-t", NULL };

	if (argv[1] && (!argv[1][0] || !strchr("-/.", argv[1][0])))
		return NULL;
	return argv[1] ? argv : check;
}

/* The verdict for QEMU's isa-debug-exit device (-device isa-debug-exit,
 * port 0x501), which ends QEMU with status 2N+1 for the byte N written
 * there; without the device the write goes nowhere.  Only under a
 * hypervisor (CPUID says so): on a real machine that port may be a
 * chipset's.  x86 alone has I/O ports: elsewhere the console line is
 * the verdict. */
static void
debug_exit(int code)
{
#if defined(__x86_64__) || defined(__i386__)
	unsigned a, b, c = 0, d;

	__cpuid(1, a, b, c, d);
	if ((c & 1U << 31) && ioperm(0x501, 1, 1) == 0)
		outb(code, 0x501);
#else
	(void)code;
#endif
}

/* Returns the arguments to run with: argv itself, unless we are the
 * machine's init, whose child gets init_args's.  Init itself never
 * returns. */
char **
as_init(char **argv)
{
	char **args, line[32];
	int status = 0, code;
	pid_t pid, w;

	/* Ctrl-Alt-Del's command is refused (EINVAL) in any PID namespace
	 * but the initial one; there it makes the kernel send init SIGINT
	 * for the keys, which init ignores as any other signal. */
	if (getpid() != 1 || reboot(RB_DISABLE_CAD) == -1)
		return argv;
	if ((pid = _Fork()) == 0) {
		if (!(args = init_args(argv)))
			usage_error("as init: '%s' is neither an option nor a path begun by / or ."
			    " (ours go after \"--\" on the kernel's command line)", argv[1]);
		return args;
	}
	/* A stopped child of init's is continued by nobody else (no shell
	 * and no job control here): the mode's process, stopped by its
	 * PROG, say, would hold the machine up for good. */
	while (pid > 0 && ((w = waitpid(-1, &status, WUNTRACED)) != pid || WIFSTOPPED(status)))
		if (w == pid) {
			kill(pid, SIGCONT);
			complain("as init: stopped by signal %d, continued", WSTOPSIG(status));
		} else if (w == -1 && errno != EINTR)
			break;
	code = pid == -1 ? 125 : exit_code(status);
	write_all(STDOUT_FILENO, line, format(line, sizeof(line), "unotify: exit %d\n", code));
	sync();
	sys_ioctl(STDOUT_FILENO, TCSBRK, 1);	/* tcdrain: that line out of a slow UART first */
	debug_exit(code);
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
