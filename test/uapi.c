/* test/uapi.c: prints every constant, struct size, offset and ioctl
 * number of bpf.h, for the architecture it is built for.  Built once
 * against bpf.h (musl) and once against the kernel's UAPI headers
 * (-DKERNEL_HEADERS); the two outputs must be equal. */
#include <stdio.h>
#include <stddef.h>

#ifdef KERNEL_HEADERS
#include <linux/ioctl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/capability.h>
#include <linux/openat2.h>
#include <linux/mount.h>
#include <linux/magic.h>
#include <linux/nsfs.h>
#include <linux/limits.h>
#include <linux/securebits.h>
#include <linux/stat.h>
#define NGROUPS_MAX_KERNEL	NGROUPS_MAX
#define statx_head		statx
#define cap_header	__user_cap_header_struct
#define cap_data	__user_cap_data_struct
#if defined(__x86_64__)
#include <asm/unistd_32.h>
static const long i386_nr[] = { __NR_mkdir, __NR_mkdirat, __NR_getpid,
    __NR_io_uring_setup, __NR_io_uring_register };
#undef __NR_mkdir
#undef __NR_mkdirat
#undef __NR_getpid
#undef __NR_io_uring_setup
#undef __NR_io_uring_enter
#undef __NR_io_uring_register
#include <asm/unistd.h>
#define COMPAT_mkdir		i386_nr[0]
#define COMPAT_mkdirat		i386_nr[1]
#define COMPAT_getpid		i386_nr[2]
#define COMPAT_IO_URING_SETUP	i386_nr[3]
#define COMPAT_IO_URING_REGISTER	i386_nr[4]
#define NATIVE_mkdir		__NR_mkdir
#define X32_SYSCALL_BIT		__X32_SYSCALL_BIT
#define AUDIT_ARCH_NATIVE	AUDIT_ARCH_X86_64
#define AUDIT_ARCH_COMPAT	AUDIT_ARCH_I386
#elif defined(__aarch64__)
#include <asm/unistd.h>
#define AUDIT_ARCH_NATIVE	AUDIT_ARCH_AARCH64
#elif defined(__riscv)
#include <asm/unistd.h>
#define AUDIT_ARCH_NATIVE	AUDIT_ARCH_RISCV64
#else
#include <asm/unistd.h>
#define NATIVE_mkdir		__NR_mkdir
#if defined(__arm__)
#define AUDIT_ARCH_NATIVE	AUDIT_ARCH_ARM
#elif defined(__i386__)
#define AUDIT_ARCH_NATIVE	AUDIT_ARCH_I386
#elif defined(__s390x__)
#define AUDIT_ARCH_NATIVE	AUDIT_ARCH_S390X
#elif defined(__powerpc64__)
#define AUDIT_ARCH_NATIVE	AUDIT_ARCH_PPC64LE
#elif defined(__mips__)
#define AUDIT_ARCH_NATIVE	AUDIT_ARCH_MIPSEL64
#define SYSCALL_BASE		__NR_Linux
#endif
#endif
#ifndef SYSCALL_BASE
#define SYSCALL_BASE		0
#endif
#define AUDIT_ARCH_64BIT	__AUDIT_ARCH_64BIT
/* the 32-bit ABIs' calls with IDs of 32 bits, 64-bit time, mmap's offset
 * in pages; elsewhere the one call (x86-64 has read i386's numbers too:
 * the 64-bit ones, read last, stand) */
#if defined(__NR_setresuid32) && !defined(__x86_64__)
#define SYS_setresuid_ids	__NR_setresuid32
#define SYS_setresgid_ids	__NR_setresgid32
#define SYS_setgroups_ids	__NR_setgroups32
#else
#define SYS_setresuid_ids	__NR_setresuid
#define SYS_setresgid_ids	__NR_setresgid
#define SYS_setgroups_ids	__NR_setgroups
#endif
#if defined(__NR_mmap2) && !defined(__x86_64__)
#define SYS_mmap_anon		__NR_mmap2
#else
#define SYS_mmap_anon		__NR_mmap
#endif
#define SYS_clock_gettime	__NR_clock_gettime
#if defined(__NR_clock_gettime64) && !defined(__x86_64__)
#define SYS_clock_gettime64	__NR_clock_gettime64
#endif
#define NATIVE_mkdirat		__NR_mkdirat
#define NATIVE_getpid		__NR_getpid
#define IO_URING_SETUP		__NR_io_uring_setup
#define IO_URING_REGISTER	__NR_io_uring_register
#define SYS_statx		__NR_statx
#define SYS_ioctl		__NR_ioctl
#define SYS_seccomp		__NR_seccomp
#define SYS_pidfd_open		__NR_pidfd_open
#define SYS_pidfd_send_signal	__NR_pidfd_send_signal
#define SYS_openat2		__NR_openat2
#define SYS_fsopen		__NR_fsopen
#define SYS_fsconfig		__NR_fsconfig
#define SYS_fsmount		__NR_fsmount
/* Linux 6.6 added these; older installed headers lack them, so they are
 * built from the headers' own macros, as 6.6 defines them. */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS	SECCOMP_IOW(4, __u64)
#endif
#define SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR	SECCOMP_IOR(2, __u64)
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP	(1UL << 0)
#endif
#else
#include "bpf.h"
#include <sys/syscall.h>
#define COMPAT_IO_URING_SETUP	IO_URING_SETUP
#define COMPAT_IO_URING_REGISTER	IO_URING_REGISTER
#ifdef SYS_clock_gettime32
#define SYS_clock_gettime	SYS_clock_gettime32	/* the kernel's name for the old one */
#endif
#endif

#define SHOW(x)	printf("%s %llu\n", #x, (unsigned long long)(x))

int
main(void)
{
	SHOW(BPF_LD); SHOW(BPF_JMP); SHOW(BPF_RET); SHOW(BPF_W); SHOW(BPF_ABS);
	SHOW(BPF_JEQ); SHOW(BPF_JGE); SHOW(BPF_K);
	SHOW(sizeof(struct sock_filter)); SHOW(sizeof(struct sock_fprog));
	SHOW(offsetof(struct sock_filter, k)); SHOW(offsetof(struct sock_fprog, filter));
	SHOW(SECCOMP_SET_MODE_FILTER); SHOW(SECCOMP_GET_ACTION_AVAIL); SHOW(SECCOMP_GET_NOTIF_SIZES);
	SHOW(SECCOMP_FILTER_FLAG_TSYNC); SHOW(SECCOMP_FILTER_FLAG_NEW_LISTENER);
	SHOW(SECCOMP_FILTER_FLAG_TSYNC_ESRCH); SHOW(SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV);
	SHOW(SECCOMP_RET_KILL_PROCESS); SHOW(SECCOMP_RET_ERRNO); SHOW(SECCOMP_RET_USER_NOTIF);
	SHOW(SECCOMP_RET_TRACE); SHOW(SECCOMP_RET_ALLOW); SHOW(SECCOMP_RET_DATA);
	SHOW(SECCOMP_USER_NOTIF_FLAG_CONTINUE); SHOW(SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
	SHOW(sizeof(struct seccomp_data)); SHOW(offsetof(struct seccomp_data, arch));
	SHOW(offsetof(struct seccomp_data, instruction_pointer)); SHOW(offsetof(struct seccomp_data, args));
	SHOW(sizeof(struct seccomp_notif_sizes)); SHOW(offsetof(struct seccomp_notif_sizes, seccomp_data));
	SHOW(sizeof(struct seccomp_notif)); SHOW(offsetof(struct seccomp_notif, pid));
	SHOW(offsetof(struct seccomp_notif, flags)); SHOW(offsetof(struct seccomp_notif, data));
	SHOW(sizeof(struct seccomp_notif_resp)); SHOW(offsetof(struct seccomp_notif_resp, val));
	SHOW(offsetof(struct seccomp_notif_resp, error)); SHOW(offsetof(struct seccomp_notif_resp, flags));
	SHOW(SECCOMP_IOCTL_NOTIF_RECV); SHOW(SECCOMP_IOCTL_NOTIF_SEND);
	SHOW(SECCOMP_IOCTL_NOTIF_ID_VALID); SHOW(SECCOMP_IOCTL_NOTIF_SET_FLAGS);
	SHOW(SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR); SHOW(SECCOMP_IOCTL_NOTIF_ADDFD);
	SHOW(sizeof(struct seccomp_notif_addfd)); SHOW(offsetof(struct seccomp_notif_addfd, flags));
	SHOW(offsetof(struct seccomp_notif_addfd, srcfd)); SHOW(offsetof(struct seccomp_notif_addfd, newfd));
	SHOW(offsetof(struct seccomp_notif_addfd, newfd_flags));
	SHOW(SECCOMP_ADDFD_FLAG_SETFD); SHOW(SECCOMP_ADDFD_FLAG_SEND);
	SHOW(AUDIT_ARCH_X86_64); SHOW(AUDIT_ARCH_I386); SHOW(AUDIT_ARCH_AARCH64); SHOW(AUDIT_ARCH_ARM);
	SHOW(AUDIT_ARCH_RISCV64); SHOW(AUDIT_ARCH_RISCV32); SHOW(AUDIT_ARCH_S390X); SHOW(AUDIT_ARCH_S390);
	SHOW(AUDIT_ARCH_PPC64LE); SHOW(AUDIT_ARCH_PPC64); SHOW(AUDIT_ARCH_PPC); SHOW(AUDIT_ARCH_MIPSEL64);
	SHOW(AUDIT_ARCH_MIPSEL64N32); SHOW(AUDIT_ARCH_MIPSEL); SHOW(AUDIT_ARCH_64BIT); SHOW(SYSCALL_BASE);
	SHOW(SYS_setresuid_ids); SHOW(SYS_setresgid_ids); SHOW(SYS_setgroups_ids); SHOW(SYS_mmap_anon);
	SHOW(SYS_clock_gettime);
#ifdef SYS_clock_gettime64
	SHOW(SYS_clock_gettime64);
#endif
	SHOW(AUDIT_ARCH_NATIVE); SHOW(NATIVE_mkdirat); SHOW(NATIVE_getpid);
	SHOW(IO_URING_SETUP); SHOW(IO_URING_REGISTER); SHOW(SYS_statx); SHOW(SYS_ioctl);
	SHOW(sizeof(struct statx_head)); SHOW(offsetof(struct statx_head, stx_ino)); SHOW(STATX_INO);
#if !defined(__aarch64__) && !defined(__riscv)
	SHOW(NATIVE_mkdir);
#endif
#if defined(__x86_64__)
	SHOW(X32_SYSCALL_BIT); SHOW(AUDIT_ARCH_COMPAT);
	SHOW(COMPAT_mkdir); SHOW(COMPAT_mkdirat); SHOW(COMPAT_getpid);
	SHOW(COMPAT_IO_URING_SETUP); SHOW(COMPAT_IO_URING_REGISTER);
#endif
	SHOW(SYS_seccomp); SHOW(SYS_pidfd_open); SHOW(SYS_pidfd_send_signal); SHOW(SYS_openat2);
	SHOW(_LINUX_CAPABILITY_VERSION_3); SHOW(CAP_DAC_OVERRIDE); SHOW(CAP_DAC_READ_SEARCH);
	SHOW(CAP_FOWNER); SHOW(sizeof(struct cap_header)); SHOW(sizeof(struct cap_data));
	SHOW(offsetof(struct cap_header, pid)); SHOW(offsetof(struct cap_data, permitted));
	SHOW(offsetof(struct cap_data, inheritable));
	SHOW(sizeof(struct open_how)); SHOW(offsetof(struct open_how, mode));
	SHOW(offsetof(struct open_how, resolve)); SHOW(RESOLVE_NO_MAGICLINKS);
	SHOW(RESOLVE_NO_SYMLINKS); SHOW(RESOLVE_BENEATH); SHOW(RESOLVE_IN_ROOT);
	SHOW(SYS_fsopen); SHOW(SYS_fsconfig); SHOW(SYS_fsmount);
	SHOW(FSOPEN_CLOEXEC); SHOW(FSCONFIG_CMD_CREATE); SHOW(FSMOUNT_CLOEXEC);
	SHOW(MOUNT_ATTR_NOSUID); SHOW(MOUNT_ATTR_NODEV); SHOW(MOUNT_ATTR_NOEXEC);
	SHOW(PROC_SUPER_MAGIC); SHOW(NS_GET_PARENT); SHOW(NS_GET_OWNER_UID); SHOW(NGROUPS_MAX_KERNEL); SHOW(SECBIT_NO_SETUID_FIXUP);
	return 0;
}
