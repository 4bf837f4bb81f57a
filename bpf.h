/* bpf.h: the kernel interface unotify needs, written out by hand.
 *
 * musl-gcc cannot see the <linux/...> headers, so the classic-BPF vocabulary, the
 * seccomp UAPI (structs, constants, ioctl numbers) and the raw syscall
 * wrappers live here.  Names are the kernel's own, so that test/uapi.c can
 * compile against this file or against the kernel headers and compare.
 */
#ifndef BPF_H
#define BPF_H

#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <time.h>
#include <signal.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

/* classic BPF (linux/filter.h, linux/bpf_common.h) */
struct sock_filter {
	uint16_t code;
	uint8_t jt;
	uint8_t jf;
	uint32_t k;
};

struct sock_fprog {
	unsigned short len;
	struct sock_filter *filter;
};

#define BPF_CLASS(code)	((code) & 0x07)
#define BPF_LD		0x00
#define BPF_JMP		0x05
#define BPF_RET		0x06
#define BPF_W		0x00
#define BPF_ABS		0x20
#define BPF_JEQ		0x10
#define BPF_JGE		0x30
#define BPF_K		0x00

/* seccomp (linux/seccomp.h) */
#define SECCOMP_SET_MODE_FILTER		1
#define SECCOMP_GET_ACTION_AVAIL	2
#define SECCOMP_GET_NOTIF_SIZES		3

#define SECCOMP_FILTER_FLAG_TSYNC		(1UL << 0)
#define SECCOMP_FILTER_FLAG_NEW_LISTENER	(1UL << 3)
#define SECCOMP_FILTER_FLAG_TSYNC_ESRCH		(1UL << 4)
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV	(1UL << 5)

#define SECCOMP_RET_KILL_PROCESS	0x80000000U
#define SECCOMP_RET_ERRNO		0x00050000U
#define SECCOMP_RET_USER_NOTIF		0x7fc00000U
#define SECCOMP_RET_TRACE		0x7ff00000U
#define SECCOMP_RET_ALLOW		0x7fff0000U
#define SECCOMP_RET_DATA		0x0000ffffU

#define SECCOMP_USER_NOTIF_FLAG_CONTINUE	(1UL << 0)
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP	(1UL << 0)

struct seccomp_data {
	int nr;
	uint32_t arch;
	uint64_t instruction_pointer;
	uint64_t args[6];
};

struct seccomp_notif_sizes {
	uint16_t seccomp_notif;
	uint16_t seccomp_notif_resp;
	uint16_t seccomp_data;
};

struct seccomp_notif {
	uint64_t id;
	uint32_t pid;
	uint32_t flags;
	struct seccomp_data data;
};

struct seccomp_notif_resp {
	uint64_t id;
	int64_t val;
	int32_t error;
	uint32_t flags;
};

/* ADDFD (Linux 5.9; SEND 5.14): install a file in the caller */
struct seccomp_notif_addfd {
	uint64_t id;
	uint32_t flags;
	uint32_t srcfd;
	uint32_t newfd;
	uint32_t newfd_flags;
};

#define SECCOMP_ADDFD_FLAG_SETFD	(1UL << 0)
#define SECCOMP_ADDFD_FLAG_SEND		(1UL << 1)

/* ioctl numbers (asm-generic/ioctl.h): _IOC(dir, type, nr, size), the
 * size from bit 16.  POWER and MIPS give the direction three bits from
 * bit 29 (none 1, read 2, write 4) and the size 13; the others two bits
 * from bit 30 (none 0, write 1, read 2) and the size 14. */
#if defined(__powerpc__) || defined(__mips__)
#define IOC_NONE	1UL
#define IOC_READ	2UL
#define IOC_WRITE	4UL
#define IOC_DIRSHIFT	29
#else
#define IOC_NONE	0UL
#define IOC_READ	2UL
#define IOC_WRITE	1UL
#define IOC_DIRSHIFT	30
#endif
#define IOC_SIZE_MASK	(((1UL << (IOC_DIRSHIFT - 16)) - 1) << 16)
#define IOC(dir, type, nr, size) \
	((dir) << IOC_DIRSHIFT | (unsigned long)(size) << 16 | (type) << 8 | (nr))
#define SECCOMP_IOCTL_NOTIF_RECV \
	IOC(IOC_READ | IOC_WRITE, '!', 0, sizeof(struct seccomp_notif))
#define SECCOMP_IOCTL_NOTIF_SEND \
	IOC(IOC_READ | IOC_WRITE, '!', 1, sizeof(struct seccomp_notif_resp))
#define SECCOMP_IOCTL_NOTIF_ID_VALID	IOC(IOC_WRITE, '!', 2, sizeof(uint64_t))
/* Linux 5.0-5.8 knew ID_VALID only by this number (the wrong direction) */
#define SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR	IOC(IOC_READ, '!', 2, sizeof(uint64_t))
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS	IOC(IOC_WRITE, '!', 4, sizeof(uint64_t))
#define SECCOMP_IOCTL_NOTIF_ADDFD \
	IOC(IOC_WRITE, '!', 3, sizeof(struct seccomp_notif_addfd))

/* linux/audit.h: EM_* | 64-bit 0x80000000 | little-endian 0x40000000 */
#define AUDIT_ARCH_64BIT	0x80000000U	/* __AUDIT_ARCH_64BIT */
#define AUDIT_ARCH_X86_64	0xc000003eU
#define AUDIT_ARCH_I386		0x40000003U
#define AUDIT_ARCH_AARCH64	0xc00000b7U
#define AUDIT_ARCH_ARM		0x40000028U
#define AUDIT_ARCH_RISCV64	0xc00000f3U
#define AUDIT_ARCH_RISCV32	0x400000f3U
#define AUDIT_ARCH_S390X	0x80000016U
#define AUDIT_ARCH_S390		0x00000016U
#define AUDIT_ARCH_PPC64LE	0xc0000015U
#define AUDIT_ARCH_PPC64	0x80000015U
#define AUDIT_ARCH_PPC		0x00000014U
#define AUDIT_ARCH_MIPSEL64	0xc0000008U
#define AUDIT_ARCH_MIPSEL64N32	0xe0000008U	/* | __AUDIT_ARCH_CONVENTION_MIPS64_N32 */
#define AUDIT_ARCH_MIPSEL	0x40000008U

/* The architectures, one section each: the ABI the filter serves
 * natively, its numbers, and its compat ABI (HAS_COMPAT: served, with
 * numbers of its own; else its tasks are killed by the arch check).
 *
 * A native task can reach another ABI's table through the number alone
 * where the kernel dispatches by number: on x86-64 the x32 ABI's, from
 * X32_SYSCALL_BIT; on mips64 o32's (4000-4999) and n32's (6000-6999),
 * whose entry tries o32's range, then n32's, then n64's (5000-5999)
 * whatever the task's ABI.  Such a mkdir would slip past our numbers:
 * the filter kills each number in [OTHER_ABI_FROM, OTHER_ABI_TO) and in
 * [OTHER_ABI2_FROM, OTHER_ABI2_TO) (empty ranges elsewhere).  Any other
 * number no table has (-1 among them, a tracer's way to skip a call) is
 * let through to the kernel's ENOSYS, as without us.  SYSCALL_BASE is
 * where the native numbers begin. */
#define X32_SYSCALL_BIT		0x40000000U

#if defined(__x86_64__)
#define ARCH_NAME		"x86_64"	/* make ARCH= */
#define AUDIT_ARCH_NATIVE	AUDIT_ARCH_X86_64
#define SYSCALL_BASE		0
#define NATIVE_mkdir		83	/* asm/unistd_64.h */
#define NATIVE_mkdirat		258
#define NATIVE_getpid		39
#define OTHER_ABI_FROM		X32_SYSCALL_BIT
#define OTHER_ABI_TO		0x80000000U
/* i386 (int 0x80, from any task, 64-bit ones too): served */
#define HAS_COMPAT		1
#define AUDIT_ARCH_COMPAT	AUDIT_ARCH_I386
#define COMPAT_mkdir		39	/* asm/unistd_32.h */
#define COMPAT_mkdirat		296
#define COMPAT_getpid		20

/* An i386 system call from 64-bit code: int 0x80 (needs IA32 emulation).
 * The kernel clobbers r8-r11 on this path. */
static inline long
int80(long nr, long a, long b)
{
	long r;

	__asm__ volatile ("int $0x80" : "=a"(r) : "a"(nr), "b"(a), "c"(b)
	    : "memory", "r8", "r9", "r10", "r11");
	return (int)r;
}

#elif defined(__aarch64__)
#define ARCH_NAME		"aarch64"
#define AUDIT_ARCH_NATIVE	AUDIT_ARCH_AARCH64
#define SYSCALL_BASE		0
#define NATIVE_mkdir		(-1)	/* none: mkdir(3) is mkdirat(2) here */
#define NATIVE_mkdirat		34	/* asm-generic/unistd.h */
#define NATIVE_getpid		172
/* 32-bit ARM tasks (CONFIG_COMPAT, AUDIT_ARCH_ARM) are killed, the suite
 * having no 32-bit ARM program to test serving them with: no task has
 * this "compat" architecture, so the filter's arch check kills them. */
#define HAS_COMPAT		0

#elif defined(__riscv) && __riscv_xlen == 64
#define ARCH_NAME		"riscv64"
#define AUDIT_ARCH_NATIVE	AUDIT_ARCH_RISCV64
#define SYSCALL_BASE		0
#define NATIVE_mkdir		(-1)	/* none: mkdir(3) is mkdirat(2) here */
#define NATIVE_mkdirat		34	/* asm-generic/unistd.h */
#define NATIVE_getpid		172
/* 32-bit RISC-V tasks (CONFIG_COMPAT, AUDIT_ARCH_RISCV32) are killed by
 * the arch check, as 32-bit ARM ones are on arm64. */
#define HAS_COMPAT		0

#elif defined(__arm__) && defined(__ARM_EABI__)
#define ARCH_NAME		"arm"		/* armhf; uname -m says armv7l */
#define AUDIT_ARCH_NATIVE	AUDIT_ARCH_ARM
#define SYSCALL_BASE		0
#define NATIVE_mkdir		39	/* asm/unistd-eabi.h */
#define NATIVE_mkdirat		323
#define NATIVE_getpid		20
/* The old ABI (OABI) has no seccomp filters: the kernel offers them only
 * without OABI_COMPAT.  ARM's private calls (from 0x0f0000: cache
 * flushes, TLS) make no directories. */
#define HAS_COMPAT		0

#elif defined(__i386__)
#define ARCH_NAME		"i686"
#define AUDIT_ARCH_NATIVE	AUDIT_ARCH_I386
#define SYSCALL_BASE		0
#define NATIVE_mkdir		39	/* asm/unistd_32.h */
#define NATIVE_mkdirat		296
#define NATIVE_getpid		20
#define HAS_COMPAT		0	/* a 32-bit kernel runs no other ABI */

#elif defined(__s390x__)
#define ARCH_NAME		"s390x"
#define AUDIT_ARCH_NATIVE	AUDIT_ARCH_S390X
#define SYSCALL_BASE		0
#define NATIVE_mkdir		39	/* asm/unistd_64.h */
#define NATIVE_mkdirat		289
#define NATIVE_getpid		20
/* 31-bit tasks (CONFIG_COMPAT, AUDIT_ARCH_S390): the table follows the
 * task, not the number; they are killed by the arch check. */
#define HAS_COMPAT		0

#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ARCH_NAME		"powerpc64le"	/* uname -m: ppc64le */
#define AUDIT_ARCH_NATIVE	AUDIT_ARCH_PPC64LE
#define SYSCALL_BASE		0
#define NATIVE_mkdir		39	/* asm/unistd_64.h */
#define NATIVE_mkdirat		287
#define NATIVE_getpid		20
/* 32-bit tasks (CONFIG_COMPAT, AUDIT_ARCH_PPC, big-endian) and big-endian
 * 64-bit ones (AUDIT_ARCH_PPC64) are killed by the arch check. */
#define HAS_COMPAT		0

#elif defined(__mips__) && _MIPS_SIM == _ABI64 && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ARCH_NAME		"mips64el"	/* uname -m: mips64 */
#define AUDIT_ARCH_NATIVE	AUDIT_ARCH_MIPSEL64
#define SYSCALL_BASE		5000	/* n64 */
#define NATIVE_mkdir		5081	/* asm/unistd_n64.h */
#define NATIVE_mkdirat		5248
#define NATIVE_getpid		5038
#define OTHER_ABI_FROM		4000U	/* o32's numbers */
#define OTHER_ABI_TO		5000U
#define OTHER_ABI2_FROM		6000U	/* n32's */
#define OTHER_ABI2_TO		7000U
/* o32 (AUDIT_ARCH_MIPSEL) and n32 (AUDIT_ARCH_MIPSEL64N32) tasks are
 * killed by the arch check. */
#define HAS_COMPAT		0

#else
#error "unotify knows x86_64, aarch64, riscv64, arm (EABI), i686, s390x, ppc64le and mips64el (n64)"
#endif

#ifndef OTHER_ABI_FROM
#define OTHER_ABI_FROM		0U	/* empty: no number reaches another ABI */
#define OTHER_ABI_TO		0U
#endif
#ifndef OTHER_ABI2_FROM
#define OTHER_ABI2_FROM		0U
#define OTHER_ABI2_TO		0U
#endif

#if !HAS_COMPAT
#define AUDIT_ARCH_COMPAT	0	/* no task has it: the arch check kills the rest */
#define COMPAT_mkdir		(-1)
#define COMPAT_mkdirat		(-1)
#define COMPAT_getpid		(-1)
#undef MAP_32BIT	/* (i386's musl has one: no test here wants it) */
#define MAP_32BIT		0

static inline long
int80(long nr, long a, long b)
{
	(void)nr, (void)a, (void)b;
	return -ENOSYS;
}
#endif

/* io_uring_setup, _enter, _register: one number on every ABI from its
 * base (Linux 5.1 gave new system calls the same number everywhere) */
#define IO_URING_SETUP		(SYSCALL_BASE + 425)
#define IO_URING_REGISTER	(SYSCALL_BASE + 427)

/* capabilities (linux/capability.h): capget/capset, version 3 */
#define _LINUX_CAPABILITY_VERSION_3	0x20080522
#define CAP_DAC_OVERRIDE	1
#define CAP_DAC_READ_SEARCH	2
#define CAP_FOWNER		3

struct cap_header {
	uint32_t version;
	int pid;
};

struct cap_data {
	uint32_t effective;
	uint32_t permitted;
	uint32_t inheritable;
};

/* openat2 (linux/openat2.h), Linux 5.6 */
struct open_how {
	uint64_t flags;
	uint64_t mode;
	uint64_t resolve;
};

#define RESOLVE_NO_MAGICLINKS	0x02
#define RESOLVE_NO_SYMLINKS	0x04
#define RESOLVE_BENEATH		0x08
#define RESOLVE_IN_ROOT		0x10

/* the mount API (linux/mount.h), Linux 5.2: a procfs of our own */
#define FSOPEN_CLOEXEC		0x00000001
#define FSCONFIG_CMD_CREATE	6
#define FSMOUNT_CLOEXEC		0x00000001
#define MOUNT_ATTR_NOSUID	0x00000002
#define MOUNT_ATTR_NODEV	0x00000004
#define MOUNT_ATTR_NOEXEC	0x00000008
#define PROC_SUPER_MAGIC	0x9fa0		/* linux/magic.h */
#define NS_GET_PARENT		IOC(IOC_NONE, 0xb7, 2, 0)	/* linux/nsfs.h */
#define NS_GET_OWNER_UID	IOC(IOC_NONE, 0xb7, 4, 0)

/* linux/securebits.h: user ID changes leave the capabilities alone */
#define SECBIT_NO_SETUID_FIXUP	(1 << 2)

/* linux/limits.h: the most supplementary groups a task can have */
#define NGROUPS_MAX_KERNEL	65536

/* The filter vocabulary.  Every filter loads the architecture first.  An
 * instruction is placed at its label (a position, from an enum), and a
 * jump names the labels it goes to: the offsets, which classic BPF counts
 * from the next instruction, are worked out here, never by hand.  A jump
 * backwards or past 255 would not fit: the kernel refuses such a filter,
 * and -t runs every filter through an interpreter besides. */
#define STMT(code, k)		{ (code), 0, 0, (k) }
#define JUMP(code, k, jt, jf)	{ (code), (jt), (jf), (k) }
#define AT(label, insn)		[label] = insn
#define IF_EQ(at, k, yes, no)	AT(at, JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), \
				    (yes) - (at) - 1, (no) - (at) - 1))
#define IF_GE(at, k, yes, no)	AT(at, JUMP(BPF_JMP | BPF_JGE | BPF_K, (k), \
				    (yes) - (at) - 1, (no) - (at) - 1))
#define LOAD_ARCH	STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch))
#define LOAD_NR		STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
#define RET(v)		STMT(BPF_RET | BPF_K, (v))

/* Whether a call's error says that it is not to be had here: this kernel
 * lacks it (ENOSYS), or a seccomp filter above us, a container runtime's
 * profile, refuses it (EPERM, where the call itself never says so).
 * unotify then goes without it. */
static inline int
unavailable(int err)
{
	return err == ENOSYS || err == EPERM;
}

/* Where a 32-bit ABI kept an old call beside its successor, the number
 * musl's public header names is the old one: IDs of 16 bits (a caller's
 * 100000 would become 34464), an mmap taking its arguments in memory.
 * The successors, where they exist (and monotonic_now's below): */
#ifdef SYS_setresuid32
#define SYS_setresuid_ids	SYS_setresuid32
#define SYS_setresgid_ids	SYS_setresgid32
#define SYS_setgroups_ids	SYS_setgroups32
#else
#define SYS_setresuid_ids	SYS_setresuid
#define SYS_setresgid_ids	SYS_setresgid
#define SYS_setgroups_ids	SYS_setgroups
#endif
#ifdef SYS_mmap2
#define SYS_mmap_anon		SYS_mmap2	/* the offset in pages: ours is 0 */
#else
#define SYS_mmap_anon		SYS_mmap
#endif

/* Raw syscalls musl has no wrapper for: -1 and errno, as syscall(2). */
static inline int
seccomp(unsigned op, unsigned flags, void *args)
{
	return syscall(SYS_seccomp, op, flags, args);
}

static inline int
pidfd_open(pid_t pid, unsigned flags)
{
	return syscall(SYS_pidfd_open, pid, flags);
}

static inline int
pidfd_send_signal(int pidfd, int sig, void *info, unsigned flags)
{
	return syscall(SYS_pidfd_send_signal, pidfd, sig, info, flags);
}

static inline int
openat2(int dirfd, const char *path, struct open_how *how)
{
	return syscall(SYS_openat2, dirfd, path, how, sizeof(*how));
}

/* setrlimit(2) itself: musl's sets it on every thread, with a 4 KB
 * machinery a single-threaded worker does not need.  musl's struct rlimit
 * is the kernel's rlimit64. */
static inline int
sys_setrlimit(int resource, const void *limit)
{
	return syscall(SYS_prlimit64, 0, resource, limit, NULL);
}

/* fcntl(2) itself: musl's adds what locks, owners and kernels before
 * F_DUPFD_CLOEXEC need; we ask only for a seal and a duplicate. */
static inline int
sys_fcntl(int fd, int cmd, long arg)
{
	return syscall(SYS_fcntl, fd, cmd, arg);
}

/* glibc 2.34 declares a close_range(3) of its own: ours is named apart */
static inline int
sys_close_range(unsigned first, unsigned last, unsigned flags)
{
	return syscall(SYS_close_range, first, last, flags);
}

/* Anonymous memory, a signalfd and a pipe by the calls themselves: musl's
 * wrappers add fallbacks for kernels older than user notification. */
static inline void *
sys_mmap_anon(size_t size, int flags)	/* readable and writable */
{
	return (void *)syscall(SYS_mmap_anon, NULL, size, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1L, 0L);
}

static inline void *
sys_mmap_shared(size_t size, int fd)	/* its start, readable and writable */
{
	return (void *)syscall(SYS_mmap_anon, NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, (long)fd, 0L);
}

static inline int
sys_signalfd(const sigset_t *set, int flags)
{
	return syscall(SYS_signalfd4, -1, set, _NSIG / 8, flags);	/* the kernel's sigset_t: 16 bytes on MIPS */
}

static inline int
sys_pipe2(int p[2], int flags)
{
	return syscall(SYS_pipe2, p, flags);
}

/* The socket calls themselves: musl's wrappers add fallbacks and copies
 * that a zeroed msghdr on a current kernel does not need (0.7 KB). */
static inline int
sys_socketpair(int domain, int type, int protocol, int sv[2])
{
	return syscall(SYS_socketpair, domain, type, protocol, sv);
}

static inline ssize_t
sys_sendmsg(int sock, const void *msg, int flags)
{
	return syscall(SYS_sendmsg, sock, msg, flags);
}

static inline ssize_t
sys_recvmsg(int sock, void *msg, int flags)
{
	return syscall(SYS_recvmsg, sock, msg, flags);
}

static inline int
fsopen(const char *fsname, unsigned flags)
{
	return syscall(SYS_fsopen, fsname, flags);
}

static inline int
fsconfig(int fd, unsigned cmd, const char *key, const void *value, int aux)
{
	return syscall(SYS_fsconfig, fd, cmd, key, value, aux);
}

static inline int
fsmount(int fd, unsigned flags, unsigned attr)
{
	return syscall(SYS_fsmount, fd, flags, attr);
}

/* A busy wait's pause: the CPU is told the loop is one (and a sibling
 * hyperthread runs meanwhile); elsewhere only the compiler is. */
static inline void
cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__) || (defined(__arm__) && __ARM_ARCH >= 7)
	__asm__ volatile("yield" ::: "memory");
#else
	__asm__ volatile("" ::: "memory");
#endif
}

/* statx(2) (Linux 4.11, linux/stat.h): one layout on every ABI, where
 * struct stat is not (musl's fstat converts it on the 32-bit ones: 1.1
 * KB).  Only the inode is read; the kernel fills all 256 bytes. */
struct statx_head {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, stx_spare0;
	uint64_t stx_ino;
	uint64_t stx_rest[27];
};
#ifndef STATX_INO	/* glibc's sys/stat.h (make sanitize) brings linux/stat.h's */
#define STATX_INO	0x100U
#endif
#ifndef AT_EMPTY_PATH	/* glibc's fcntl.h has it only with _GNU_SOURCE */
#define AT_EMPTY_PATH	0x1000
#endif

/* memfd_create(2)'s flag (linux/memfd.h, 6.3): a memfd that can never be
 * made executable; musl 1.2.3 has no name for it yet. */
#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL	0x0008U
#endif

/* The inode of the file open on fd; 0 where it cannot be had. */
static inline uint64_t
inode_of(int fd)
{
	struct statx_head st;

	return syscall(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_INO, &st) == 0 ? st.stx_ino : 0;
}

/* ioctl(2) itself: musl's, on the 32-bit ABIs, converts the structures of
 * the ioctls whose times grew to 64 bits (0.9 KB); none of ours has one. */
#define sys_ioctl(fd, request, arg)	syscall(SYS_ioctl, (long)(fd), (long)(request), (long)(arg))

/* The clock by a plain system call: musl's goes through the vDSO, whose
 * lookup costs 0.7 KB, for the few readings we take.  A 32-bit ABI's
 * call of 64-bit time came with Linux 5.1; before it the old one serves
 * (a monotonic clock's seconds fit 32 bits). */
static inline int
monotonic_now(struct timespec *ts)
{
#ifdef SYS_clock_gettime32	/* musl's name for the old one, where time_t grew */
	struct { int32_t sec, nsec; } old = { 0, 0 };

	if (syscall(SYS_clock_gettime64, CLOCK_MONOTONIC, ts) == 0)
		return 0;
	/* (or a container's profile refuses the new call) */
	syscall(SYS_clock_gettime32, CLOCK_MONOTONIC, &old);
	ts->tv_sec = old.sec;
	ts->tv_nsec = old.nsec;
	return 0;
#else
	return syscall(SYS_clock_gettime, CLOCK_MONOTONIC, ts);
#endif
}

/* Per-thread identity: musl's wrappers for these act on every thread. */
static inline int
sys_setresuid(uid_t r, uid_t e, uid_t s)
{
	return syscall(SYS_setresuid_ids, r, e, s);
}

static inline int
sys_setresgid(gid_t r, gid_t e, gid_t s)
{
	return syscall(SYS_setresgid_ids, r, e, s);
}

static inline int
sys_setgroups(size_t n, const gid_t *groups)
{
	return syscall(SYS_setgroups_ids, n, groups);
}

static inline int
capget(struct cap_header *h, struct cap_data *d)
{
	return syscall(SYS_capget, h, d);
}

static inline int
capset(struct cap_header *h, const struct cap_data *d)
{
	return syscall(SYS_capset, h, d);
}

#endif
