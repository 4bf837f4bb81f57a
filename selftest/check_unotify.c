/* check_unotify.c: -t's checks of what the kernel's selftests leave out
 * and unotify stands on: action precedence, the x32 and i386 ABIs, paths
 * read up to a page edge by both readers, and a notification's fields. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "selftest/check_unotify.h"
#include "selftest/checkkit.h"
#include "supervisor/readpath.h"
#include "supervisor/target.h"

/* The dirfd is an int, and the register's upper half is the caller's
 * libc's choice: musl sign-extends AT_FDCWD, glibc does not.  The kernel
 * reads the lower half alone, and so do we. */
static void
check_fields(void)
{
	struct seccomp_data *d = &nb.req->data;
	int listener;
	pid_t pid;

	if (listen_and_receive(0, do_mkdirat, SPOOF_PATH, &listener, &pid,
	    "mkdirat's nr, arch, pid, args") == -1)
		return;
	ok(d->nr != NATIVE_mkdirat || d->arch != AUDIT_ARCH_NATIVE
	    ? fail("nr %d arch %#x, expected %d %#x", d->nr, d->arch, NATIVE_mkdirat, AUDIT_ARCH_NATIVE)
	    : nb.req->pid != (uint32_t)pid ? fail("pid %u, expected %d", nb.req->pid, (int)pid)
	    : (uint32_t)d->args[0] != (uint32_t)AT_FDCWD || d->args[1] != seen->ptr || d->args[2] != 0751
	    ? fail("args %#llx %#llx %#llo", (unsigned long long)d->args[0],
	    (unsigned long long)d->args[1], (unsigned long long)d->args[2]) : NULL,
	    "mkdirat's nr, arch, pid, args");
	answer(listener, 0, -EXDEV);
	reap(pid);
	ok(expect(-1, EXDEV), "spoofed error returned");
}

static void
check_errno_outranks(void)
{
	int listener = listen_here(0);
	pid_t pid;

	install_filter(SECCOMP_RET_ERRNO | ENOTSUP, 0, SECCOMP_RET_ALLOW);
	pid = caller(do_mkdir, NULL);
	reap(pid);
	ok(readable(listener, 0) ? "notified" : expect(-1, ENOTSUP), "ERRNO outranks USER_NOTIF");
}

static void
check_trace_outranked(void)
{
	const char *what = "USER_NOTIF outranks TRACE";
	int listener;
	pid_t pid;

	if ((listener = listening(0, what)) == -1)
		return;
	install_filter(SECCOMP_RET_TRACE, 0, SECCOMP_RET_ALLOW);
	pid = caller(do_mkdir, NULL);
	if (receive(listener))
		return ok(why, what);
	answer(listener, 7, 0);
	reap(pid);
	ok(expect(7, 0), what);
}

/* A number of another ABI's table, from a native task: x86-64's x32
 * getpid; mips64's o32 and n32 getpid (0: none) */
static const long other_abi_getpid[] = {
#if defined(__x86_64__)
	X32_SYSCALL_BIT | NATIVE_getpid, 0
#elif defined(__mips__)
	4020, 6038
#else
	0, 0
#endif
};

static long other_nr;	/* the one other_abi_call makes, in its child */

static int
other_abi_call(void)
{
	if (install_filter(SECCOMP_RET_ALLOW, 0, SECCOMP_RET_ALLOW) == -1)
		return 2;
	record(syscall(other_nr));
	return 0;
}

static void
check_other_abi_killed(void)
{
	const char *bad = NULL;
	int status, i;

	if (!other_abi_getpid[0])
		return ok("SKIP x86-64 and mips64 only: no other ABI's numbers reach a table here",
		    "another ABI's number (x32; o32, n32) killed");
	for (i = 0; i < 2 && other_abi_getpid[i] && !bad; i++) {
		other_nr = other_abi_getpid[i];
		status = in_child(other_abi_call);
		if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGSYS)
			bad = fail("%ld: status %#x, the call returned %ld", other_nr, status, seen->ret);
	}
	ok(bad, "another ABI's number (x32; o32, n32) killed");
}

/* Without IA32 emulation int 0x80 faults: the SIGSEGV is the answer, and
 * must kill us, whoever handles it in this program (a sanitizer). */
static int
int80_getpid(void)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };

	sigaction(SIGSEGV, &dfl, NULL);
	return int80(COMPAT_getpid, 0, 0) == getpid() ? 0 : 1;
}

static int
do_int80_mkdir(void *unused)
{
	char *low = sys_mmap_anon(page_size(), MAP_PRIVATE | MAP_32BIT);

	(void)unused;
	if (low == MAP_FAILED)
		return 2;
	memcpy(low, SPOOF_PATH, sizeof(SPOOF_PATH));
	seen->ptr = (uintptr_t)low;
	seen->ret = int80(COMPAT_mkdir, (long)low, 0700);
	return 0;
}

static void
check_i386_notified(void)
{
	const char *what = "i386 int 0x80 mkdir notified";
	struct seccomp_data *d = &nb.req->data;
	char path[PATH_MAX];
	int listener, err;
	pid_t pid;

	if (!HAS_COMPAT)
		return ok("SKIP x86-64 only: no compat ABI is served here", what);
	if (in_child(int80_getpid) != 0)
		return ok("SKIP int 0x80 faults here: no IA32 emulation (CONFIG_IA32_EMULATION, ia32_emulation=)",
		    what);
	if (listen_and_receive(0, do_int80_mkdir, NULL, &listener, &pid, what) == -1)
		return;
	err = read_path(proc, nb.req->pid, d->args[0], path, READ_ANY);
	ok(d->arch != AUDIT_ARCH_COMPAT || d->nr != COMPAT_mkdir
	    ? fail("nr %d arch %#x, expected %d %#x", d->nr, d->arch, COMPAT_mkdir, AUDIT_ARCH_COMPAT)
	    : d->args[0] != seen->ptr || d->args[1] != 0700 ? fail("args %#llx %#llo",
	    (unsigned long long)d->args[0], (unsigned long long)d->args[1])
	    : err || strcmp(path, SPOOF_PATH) ? fail("path read: %s", err ? err_text(err) : path)
	    : NULL, what);
	answer(listener, 9, 0);
	reap(pid);
}

/* Where a mkdir(3) call's path is: mkdirat(2) has the dirfd first (and
 * is all there is on aarch64). */
static uint64_t
path_arg(const struct seccomp_data *d)
{
	return d->args[d->nr == NATIVE_mkdirat];
}

/* Two calls with paths at the very end of a page whose next page is
 * unmapped: one ends in its NUL on the last byte, one runs off the end;
 * then one in that page made PROT_NONE, which the kernel cannot read. */
static int
do_page_end_mkdirs(void *unused)
{
	size_t size = page_size();
	char *page = sys_mmap_anon(2 * size, MAP_PRIVATE);
	char *end = page + size;

	(void)unused;
	if (page == MAP_FAILED || munmap(end, size) == -1)
		return 2;
	memcpy(end - sizeof(SPOOF_PATH), SPOOF_PATH, sizeof(SPOOF_PATH));
	mkdir(end - sizeof(SPOOF_PATH), 0700);
	end[-1] = 'x';
	mkdir(end - sizeof(SPOOF_PATH), 0700);
	end[-1] = '\0';
	mprotect(page, size, PROT_NONE);
	mkdir(end - sizeof(SPOOF_PATH), 0700);
	return 0;
}

/* The next call's path, read by how; NULL, or why there is none. */
static const char *
read_next(int listener, enum reader how, char *path, int *err)
{
	if (receive(listener))
		return why;
	*err = read_path(proc, nb.req->pid, path_arg(&nb.req->data), path, how);
	answer(listener, 0, -EPERM);
	return NULL;
}

static void
page_end_read(enum reader how, const char *at_end, const char *prot_none)
{
	char path[PATH_MAX];
	const char *bad;
	int listener, err;
	pid_t pid;

	if (how == READ_PROC_MEM && proc == -1)
		return ok(fail("SKIP no procfs of our PID namespace: %s", no_proc), at_end);
	if ((listener = listening(0, at_end)) == -1)
		return;
	pid = caller(do_page_end_mkdirs, NULL);
	if (!(bad = read_next(listener, how, path, &err)) && (err || strcmp(path, SPOOF_PATH)))
		bad = fail("a path ending at the page end: %s", err ? err_text(err) : path);
	if (!bad && !(bad = read_next(listener, how, path, &err)) && err != EFAULT)
		bad = fail("a path running into the unmapped page: %s, expected EFAULT", err_text(err));
	ok(bad, at_end);
	if (!bad) {
		if (!(bad = read_next(listener, how, path, &err)) && err != EFAULT)
			bad = fail("got %s, expected EFAULT", err ? err_text(err) : path);
		ok(bad, prot_none);
	}
	kill(pid, SIGKILL);	/* if a call was left unanswered */
	reap(pid);
}

static void
check_page_end(void)
{
	static const char at_end[] = "path at a page end read (process_vm_readv)";
	int e = vm_readv_refused();

	if (e)
		return ok(fail("SKIP process_vm_readv: %s (missing, or refused by a seccomp filter above us)",
		    err_text(e)), at_end);
	page_end_read(READ_ANY, at_end, "path in a PROT_NONE page: EFAULT (process_vm_readv)");
}

static void
check_page_end_proc(void)
{
	page_end_read(READ_PROC_MEM, "path at a page end read (/proc/PID/mem)",
	    "path in a PROT_NONE page: EFAULT (/proc/PID/mem)");
}

/* The notify filter, run by a classic BPF interpreter of the few
 * instructions it uses, on calls of each kind: what the kernel would
 * decide.  Bad (never a seccomp action) for a jump out of the program,
 * a path that ends without a return, or an instruction it does not know:
 * a wrong jump offset in an architecture's filter cannot pass unseen. */
#define BAD	1

static uint32_t
run_filter(const struct sock_filter *f, uint32_t arch, uint32_t nr)
{
	struct seccomp_data d = { .nr = nr, .arch = arch };
	uint32_t a = 0;
	int pc = 0;

	while (pc < FILTER_LEN) {
		const struct sock_filter *i = &f[pc++];

		if (i->code == (BPF_LD | BPF_W | BPF_ABS) && i->k <= sizeof(d) - 4)
			memcpy(&a, (char *)&d + i->k, 4);
		else if (i->code == (BPF_JMP | BPF_JEQ | BPF_K))
			pc += a == i->k ? i->jt : i->jf;
		else if (i->code == (BPF_JMP | BPF_JGE | BPF_K))
			pc += a >= i->k ? i->jt : i->jf;
		else if (i->code == (BPF_RET | BPF_K))
			return i->k;
		else
			return BAD;
	}
	return BAD;
}

static int
within(uint32_t nr, uint32_t from, uint32_t to)
{
	return nr >= from && nr < to;
}

/* What the notify filter must answer, said plainly: a task of another
 * architecture, or a number of another ABI's (x32 on x86-64, o32 and n32
 * on mips64), is killed;
 * mkdir and mkdirat are notified, io_uring gets ENOSYS, the rest runs. */
static uint32_t
filter_should(uint32_t arch, uint32_t nr)
{
	int native = arch == AUDIT_ARCH_NATIVE;
	int mkdir_nr = native ? NATIVE_mkdir : COMPAT_mkdir;	/* -1: none */

	if (!native && !(HAS_COMPAT && arch == AUDIT_ARCH_COMPAT))
		return SECCOMP_RET_KILL_PROCESS;
	if (native && (within(nr, OTHER_ABI_FROM, OTHER_ABI_TO) || within(nr, OTHER_ABI2_FROM, OTHER_ABI2_TO)))
		return SECCOMP_RET_KILL_PROCESS;
	if ((mkdir_nr >= 0 && nr == (uint32_t)mkdir_nr)
	    || nr == (uint32_t)(native ? NATIVE_mkdirat : COMPAT_mkdirat))
		return SECCOMP_RET_USER_NOTIF;
	if (nr >= IO_URING_SETUP && nr <= IO_URING_REGISTER)
		return SECCOMP_RET_ERRNO | ENOSYS;
	return SECCOMP_RET_ALLOW;
}

/* Every architecture a task can have here or on our other ones, and two
 * of no one's; numbers 0-1023 from the base of each ABI's table on any
 * of ours (x32's, o32's, n64's, n32's), -1, and each constant of the
 * program with its neighbours.  And every jump, reached or not, lands
 * inside the program. */
static void
check_filter(void)
{
	static const uint32_t arches[] = { AUDIT_ARCH_X86_64, AUDIT_ARCH_I386, AUDIT_ARCH_AARCH64,
	    AUDIT_ARCH_ARM, AUDIT_ARCH_RISCV64, AUDIT_ARCH_RISCV32, AUDIT_ARCH_S390X, AUDIT_ARCH_S390,
	    AUDIT_ARCH_PPC64LE, AUDIT_ARCH_PPC64, AUDIT_ARCH_PPC, AUDIT_ARCH_MIPSEL64,
	    AUDIT_ARCH_MIPSEL64N32, AUDIT_ARCH_MIPSEL, 0x12345678, 0 };
	static const uint32_t bases[] = { 0, X32_SYSCALL_BIT, 4000, 5000, 6000 };
	enum { SWEEP = sizeof(bases) / sizeof(bases[0]) * 1024 };
	struct sock_filter f[FILTER_LEN];
	const char *bad = NULL;
	uint32_t got, nr, k;
	size_t i;

	filter_program(f, SECCOMP_RET_USER_NOTIF, SECCOMP_RET_ERRNO | ENOSYS);
	for (i = 0; i < FILTER_LEN && !bad; i++)
		if (BPF_CLASS(f[i].code) == BPF_JMP && (i + 1 + f[i].jt >= FILTER_LEN
		    || i + 1 + f[i].jf >= FILTER_LEN))
			bad = fail("instruction %d jumps out of the program", (int)i);
	for (i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		for (k = 0; k < SWEEP + 1 + 3 * FILTER_LEN && !bad; k++) {
			nr = k < SWEEP ? bases[k / 1024] + k % 1024
			    : k == SWEEP ? (uint32_t)-1 : f[(k - SWEEP - 1) / 3].k + (k - SWEEP - 1) % 3 - 1;
			if ((got = run_filter(f, arches[i], nr)) != filter_should(arches[i], nr))
				bad = fail("arch %#x nr %#x: %#x", arches[i], nr, got);
		}
	ok(bad, "the notify filter decides each kind of call right (an interpreter runs it)");
}

const struct check unotify_checks[] = {
	{ check_filter, "unotify" },
	{ check_errno_outranks, "unotify" },
	{ check_trace_outranked, "unotify" },
	{ check_other_abi_killed, "unotify" },
	{ check_i386_notified, "unotify" },
	{ check_page_end, "unotify" },
	{ check_page_end_proc, "unotify" },
	{ check_fields, "unotify" },
	{ NULL, NULL },
};
