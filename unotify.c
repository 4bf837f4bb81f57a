/* unotify: see, test and use seccomp user-space notification.
 *
 * A target child installs a filter that sends its mkdir(2) and mkdirat(2)
 * calls to the supervisor (this process) over the listener fd; the
 * supervisor reads the path from the target's memory and creates the
 * directory itself, lets the kernel run the call, or spoofs an error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include "unotify.h"

#define MAX(a, b)	((a) > (b) ? (a) : (b))

int quiet;
static pid_t target_pid;	/* killed and reaped if unotify dies while it runs */
static sigset_t caller_mask;	/* the signal mask we were given; the target gets it back */
static int sigfd = -1;		/* signals for the supervisor, where it takes them */
static int vm_readv_missing;	/* CONFIG_CROSS_MEMORY_ATTACH=n: use /proc/PID/mem */

static const char usage_text[] =
	"usage: unotify [-d SECS] [-f e|t] DIR...\n"
	"       unotify [-d SECS] [-f e|t] -x PROG [ARG...]\n"
	"       unotify -t\n"
	"       unotify -b COUNT\n"
	"       unotify -h\n"
	"  -d SECS   wait SECS (0..86400) before answering each notification\n"
	"  -f e|t    add a second filter: mkdir/mkdirat get ENOTSUP (e) or TRACE (t)\n"
	"  -x PROG   supervise PROG and its children instead of the demo target\n"
	"  -t        self-test this kernel's user notification (TAP output)\n"
	"  -b COUNT  benchmark COUNT notified round trips per case\n"
	"  -h        show this help\n";

/* Output.  musl words some errors differently from glibc; users compare
 * our lines with the glibc-built original, so mkdir's errors use glibc's
 * text. */
static const char *
err_text(int e)
{
	static const struct { int e; const char *text; } glibc[] = {
		{ EIO, "Input/output error" },
		{ ENOMEM, "Cannot allocate memory" },
		{ EBUSY, "Device or resource busy" },
		{ EXDEV, "Invalid cross-device link" },
		{ EMFILE, "Too many open files" },
		{ ENAMETOOLONG, "File name too long" },
		{ ELOOP, "Too many levels of symbolic links" },
		{ EOPNOTSUPP, "Operation not supported" },
		{ EUCLEAN, "Structure needs cleaning" },
		{ EDQUOT, "Disk quota exceeded" },
	};
	size_t i;

	for (i = 0; i < sizeof(glibc) / sizeof(glibc[0]); i++)
		if (glibc[i].e == e)
			return glibc[i].text;
	return strerror(e);
}

static void
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= w;
	}
}

/* The printf subset unotify uses: %[-#0][width][l|ll] d u x o s c.
 * musl's vfprintf would make the static binary 10 KB larger.  Returns the
 * length the whole text needs, as vsnprintf(3) does. */
size_t
vfmt(char *out, size_t size, const char *f, va_list ap)
{
	char digits[24], *s, *prefix;
	int left, alt, zero, longs, width, len, pad;
	unsigned long long v;
	size_t n = 0;

#define PUT(ch)	do { if (n + 1 < size) out[n] = (ch); n++; } while (0)
	for (; *f; f++) {
		if (*f != '%') {
			PUT(*f);
			continue;
		}
		left = alt = zero = longs = width = 0;
		for (f++; *f == '-' || *f == '#' || *f == '0'; f++)
			*f == '-' ? (left = 1) : *f == '#' ? (alt = 1) : (zero = 1);
		while (*f >= '0' && *f <= '9')
			width = width * 10 + *f++ - '0';
		while (*f == 'l')
			longs++, f++;
		prefix = "";
		s = digits + sizeof(digits);
		switch (*f) {
		case 's':
			s = va_arg(ap, char *);
			len = strlen(s);
			break;
		case 'c':
			*--s = va_arg(ap, int);
			len = 1;
			break;
		case 'd':
			v = longs ? va_arg(ap, long long) : va_arg(ap, int);
			if ((long long)v < 0) {
				prefix = "-";
				v = -v;
			}
			goto number;
		case 'u': case 'x': case 'o':
			v = longs ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
number:
			do {
				*--s = "0123456789abcdef"[v % (*f == 'x' ? 16 : *f == 'o' ? 8 : 10)];
				v /= *f == 'x' ? 16 : *f == 'o' ? 8 : 10;
			} while (v);
			if (alt && *f == 'x' && *s != '0')
				prefix = "0x";
			if (alt && *f == 'o' && *s != '0')
				prefix = "0";
			len = digits + sizeof(digits) - s;
			break;
		default:
			*--s = *f;
			len = 1;
			break;
		}
		pad = width - len - (int)strlen(prefix);
		if (zero && !left)
			for (; *prefix; prefix++)
				PUT(*prefix);
		for (; !left && pad > 0; pad--)
			PUT(zero ? '0' : ' ');
		for (; *prefix; prefix++)
			PUT(*prefix);
		while (len-- > 0)
			PUT(*s++);
		for (; pad > 0; pad--)
			PUT(' ');
	}
	if (size)
		out[n < size ? n : size - 1] = '\0';
	return n;
#undef PUT
}

size_t
format(char *out, size_t size, const char *f, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, f);
	n = vfmt(out, size, f, ap);
	va_end(ap);
	return n;
}

/* Formats the whole line first, so that it goes out in one write(2) and
 * the lines of target and supervisor never split each other. */
static void
vsay(int fd, const char *f, va_list ap)
{
	char line[PATH_MAX + 256];
	va_list again;
	size_t n;

	va_copy(again, ap);
	n = vfmt(line, sizeof(line), f, ap);
	if (n < sizeof(line)) {
		write_all(fd, line, n);
	} else {
		char big[n + 1];	/* a demo DIR may be longer than any path */

		vfmt(big, n + 1, f, again);
		write_all(fd, big, n);
	}
	va_end(again);
}

void
say(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vsay(STDOUT_FILENO, fmt, ap);
	va_end(ap);
}

/* The original printed its two error reports with perror(3): stderr. */
void
say_err(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vsay(STDERR_FILENO, fmt, ap);
	va_end(ap);
}

/* "unotify: " + message; a trailing ':' appends the errno text. */
static void
vcomplain(const char *fmt, va_list ap)
{
	char msg[512], line[600];
	int e = errno;
	size_t n;

	n = vfmt(msg, sizeof(msg), fmt, ap);
	if (n > 0 && n < sizeof(msg) && msg[n - 1] == ':')
		n = format(line, sizeof(line), "unotify: %s %s\n", msg, err_text(e));
	else
		n = format(line, sizeof(line), "unotify: %s\n", msg);
	write_all(STDERR_FILENO, line, n < sizeof(line) ? n : sizeof(line) - 1);
}

static void
complain(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcomplain(fmt, ap);
	va_end(ap);
}

_Noreturn void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcomplain(fmt, ap);
	va_end(ap);
	if (target_pid > 0) {
		kill(target_pid, SIGKILL);
		waitpid(target_pid, NULL, 0);
	}
	exit(125);
}

static _Noreturn void
usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcomplain(fmt, ap);
	va_end(ap);
	write_all(STDERR_FILENO, usage_text, sizeof(usage_text) - 1);
	exit(125);
}

/* The filters.  The architecture comes first: a syscall number means
 * nothing without it.  An x86-64 task can also enter through the x32 ABI
 * (bit 30 set), whose numbers would slip past ours: killed.  i386 calls
 * (int 0x80, even from a 64-bit program) have numbers of their own.
 * 'action' is what mkdir and mkdirat get; everything else is allowed. */
int
install_filter(unsigned action, unsigned flags)
{
	struct sock_filter insns[] = {
		LOAD_ARCH,
		JEQ(AUDIT_ARCH_X86_64, 0, 4),	/* else to i386 */
		LOAD_NR,
		JGE(X32_SYSCALL_BIT, 8, 0),	/* to kill */
		JEQ(X86_64_mkdir, 5, 0),	/* to action */
		JEQ(X86_64_mkdirat, 4, 5),	/* to action, else allow */
		JEQ(AUDIT_ARCH_I386, 0, 5),	/* else to kill */
		LOAD_NR,
		JEQ(I386_mkdir, 1, 0),		/* to action */
		JEQ(I386_mkdirat, 0, 1),	/* to action, else allow */
		RET(action),
		ALLOW,
		KILL,
	};
	struct sock_fprog prog = { sizeof(insns) / sizeof(insns[0]), insns };

	return seccomp(SECCOMP_SET_MODE_FILTER, flags, &prog);
}

int
exit_code(int status)
{
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

/* The target */
static void
on_sigint(int sig)
{
	static const char msg[] = "T: received signal\n";

	(void)sig;
	write(STDOUT_FILENO, msg, sizeof(msg) - 1);
}

static void
close_from(int first)
{
	struct rlimit lim;
	rlim_t fd;

	if (close_range(first, ~0U, 0) == 0)
		return;
	if (getrlimit(RLIMIT_NOFILE, &lim) == 0)
		for (fd = first; fd < lim.rlim_cur && fd < 1 << 20; fd++)
			close(fd);
}

static _Noreturn void
become_target(const struct target_plan *plan, int sock)
{
	struct sigaction sa = { .sa_handler = on_sigint };	/* no SA_RESTART: the call fails with EINTR */
	int listener;

	sigprocmask(SIG_SETMASK, &caller_mask, NULL);
	if (plan->catch_sigint)
		sigaction(SIGINT, &sa, NULL);
	/* Unprivileged tasks may install a filter only with NO_NEW_PRIVS set,
	 * so that a filter cannot fool a set-user-ID program. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		die("prctl(PR_SET_NO_NEW_PRIVS):");
	listener = install_filter(SECCOMP_RET_USER_NOTIF,
	    SECCOMP_FILTER_FLAG_NEW_LISTENER | plan->listen_flags);
	if (listener == -1 && errno == EBUSY)
		die("seccomp: a notify listener above us already watches this process:");
	if (listener == -1)
		die("seccomp: cannot install the notify filter "
		    "(needs Linux 5.0+ with CONFIG_SECCOMP_FILTER):");
	if (plan->second && install_filter(plan->second, 0) == -1)
		die("seccomp: cannot install the second filter:");
	if (send_fd(sock, listener) == -1)
		die("sending the listener fd:");
	close_from(3);
	_exit(plan->body(plan->arg));
}

/* Forks the target; returns 0 with its listener in t, or -1 (t->pid > 0
 * if the target was started: the caller reaps it). */
int
spawn_target(const struct target_plan *plan, struct target *t)
{
	pid_t parent = getpid();
	int sock[2], e;

	t->pid = -1;
	t->listener = t->pidfd = -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sock) == -1)
		return -1;
	t->pid = fork();
	if (t->pid == 0) {
		target_pid = 0;
		close(sock[0]);
		/* Nobody would answer a target that outlives unotify. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 || getppid() != parent)
			_exit(125);
		become_target(plan, sock[1]);
	}
	e = errno;
	close(sock[1]);
	if (t->pid > 0) {
		target_pid = t->pid;
		t->listener = recv_fd(sock[0]);
		e = errno;
	}
	close(sock[0]);
	if (t->listener == -1)
		goto failed;
	/* Linux 6.6+: the target's wake-up and ours happen on the CPU that
	 * answers, instead of a round trip through the scheduler that costs
	 * 60-200 us when it picks different CPUs.  Older kernels say EINVAL. */
	if (!plan->async_wakeup)
		ioctl(t->listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
	t->pidfd = pidfd_open(t->pid, 0);
	if (t->pidfd >= 0 || errno == ENOSYS)
		return 0;
	e = errno;
	close(t->listener);
	t->listener = -1;
failed:
	/* Never leave a target running unsupervised.  One that exited on its
	 * own (status 125: it has said why) is a zombie; the kill is moot. */
	if (t->pid > 0)
		kill(t->pid, SIGKILL);
	errno = e;
	return -1;
}

/* The supervisor */
struct supervisor {
	struct target *t;
	struct notif_buffers nb;
	const struct policy *p;
	int reaped, status, stopped;
};

void
notif_buffers(struct notif_buffers *nb)
{
	static struct notif_buffers cached;
	struct seccomp_notif_sizes sizes;

	if (!cached.req) {
		if (seccomp(SECCOMP_GET_NOTIF_SIZES, 0, &sizes) == -1)
			die("seccomp(SECCOMP_GET_NOTIF_SIZES):");
		/* A newer kernel's structs may be larger than ours: size the
		 * buffers for both, so that neither side reads past the end. */
		cached.req_size = (MAX(sizes.seccomp_notif, sizeof(struct seccomp_notif)) + 7) & ~7;
		cached.resp_size = MAX(sizes.seccomp_notif_resp, sizeof(struct seccomp_notif_resp));
		cached.req = mmap(NULL, cached.req_size + cached.resp_size,
		    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (cached.req == MAP_FAILED)
			die("mmap:");
		cached.resp = (void *)((char *)cached.req + cached.req_size);
	}
	*nb = cached;
}

int
id_valid(int listener, uint64_t id)
{
	return ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0;
}

static ssize_t
read_chunk(pid_t pid, uint64_t addr, char *buf, size_t len, int *memfd)
{
	struct iovec local = { buf, len }, remote = { (void *)(uintptr_t)addr, len };
	char name[32];

	if (*memfd == -1) {
		format(name, sizeof(name), "/proc/%d/mem", (int)pid);
		if ((*memfd = open(name, O_RDONLY | O_CLOEXEC)) == -1)
			return -1;
	}
	if (*memfd >= 0)
		return pread(*memfd, buf, len, (off_t)addr);
	return process_vm_readv(pid, &local, 1, &remote, 1, 0);
}

/* Copies the NUL-terminated string at addr in task pid into buf (PATH_MAX
 * bytes), a page at a time, so that a string ending just before an
 * unmapped page is read without touching that page.  Returns 0, or what
 * the kernel itself answers for such a path: EFAULT when it cannot be
 * read, ENAMETOOLONG when no NUL comes within PATH_MAX bytes.  Needs no
 * /proc (initramfs) unless process_vm_readv(2) is missing. */
int
read_string(pid_t pid, uint64_t addr, char *buf, int via_proc_mem)
{
	int memfd = via_proc_mem ? -1 : -2, err = ENAMETOOLONG;
	size_t got = 0, want;
	ssize_t n;

	while (got < PATH_MAX) {
		want = PAGE - (addr + got) % PAGE;
		if (want > PATH_MAX - got)
			want = PATH_MAX - got;
		n = read_chunk(pid, addr + got, buf + got, want, &memfd);
		if (n == -1 && errno == ENOSYS && memfd == -2) {
			vm_readv_missing = 1;
			memfd = -1;
			continue;
		}
		if (n <= 0) {
			err = EFAULT;
			break;
		}
		if (memchr(buf + got, 0, n)) {
			err = 0;
			break;
		}
		got += n;
	}
	if (memfd >= 0)
		close(memfd);
	return err;
}

static void
take_signals(struct supervisor *sv)
{
	struct signalfd_siginfo si;

	while (read(sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGCHLD) {
			if (!sv->reaped && waitpid(sv->t->pid, &sv->status, WNOHANG) == sv->t->pid)
				sv->reaped = 1;
		} else if (si.ssi_code != SI_KERNEL && !sv->reaped) {
			/* Keys typed at the terminal (SI_KERNEL) reach the
			 * whole process group, the target already included;
			 * a signal sent to unotify alone is passed on. */
			kill(sv->t->pid, si.ssi_signo);
		}
	}
}

/* Sleeps a second, still passing signals on to the target. */
static void
pause_second(struct supervisor *sv)
{
	struct pollfd pfd = { sigfd, POLLIN, 0 };
	struct timespec now, end;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec++;
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (end.tv_sec - now.tv_sec) * 1000 + (end.tv_nsec - now.tv_nsec + 999999) / 1000000;
		if (ms <= 0)
			return;
		if (poll(&pfd, 1, ms) > 0)
			take_signals(sv);
	}
}

/* -d: the target may take a signal meanwhile (its call then fails with
 * EINTR) or die; the ID checks around the pause tell. */
static int
delay_still_valid(struct supervisor *sv, uint64_t id)
{
	unsigned s;

	if (!id_valid(sv->t->listener, id))
		return 0;
	say("\tS: delaying for %u seconds:", sv->p->delay);
	for (s = sv->p->delay; s > 0; s--) {
		say(" %u", s);
		pause_second(sv);
	}
	say("\n");
	return id_valid(sv->t->listener, id);
}

/* Opens, without following any symlink, the directory below /tmp that
 * will hold the last component of 'path' and points *name at it.  Returns
 * the fd, -1 with errno, or -2 when the path leaves /tmp: a ".." or a
 * symlink could point anywhere, and we create things as root. */
static int
open_parent_in_tmp(char *path, char **name)
{
	char *comp, *next, *p;
	int dir, sub;

	for (p = path + 4; *p; p++)
		if (p[0] == '/' && p[1] == '.' && p[2] == '.' && (p[3] == '/' || p[3] == '\0'))
			return -2;
	if ((dir = open("/tmp", O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	*name = ".";
	for (comp = path + 5; *comp; comp = next) {
		for (next = comp; *next && *next != '/'; next++)
			;
		while (*next == '/')
			*next++ = '\0';
		if (*next == '\0') {
			*name = comp;
			break;
		}
		sub = openat(dir, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub == -1) {
			char target;
			int e = errno, link;

			link = readlinkat(dir, comp, &target, 1) >= 0;
			close(dir);
			errno = e;
			return link ? -2 : -1;
		}
		close(dir);
		dir = sub;
	}
	return dir;
}

static void
make_dir_in_tmp(const char *path, const char *call, uint64_t mode, int zero_success,
    struct seccomp_notif_resp *resp)
{
	char copy[PATH_MAX], *name;
	int dir;

	memcpy(copy, path, strlen(path) + 1);
	dir = open_parent_in_tmp(copy, &name);
	if (dir == -2) {
		resp->error = -EPERM;
		say("\tS: refusing path outside /tmp/ (%s)\n", err_text(EPERM));
		return;
	}
	say("\tS: executing: %s(\"%s\", %#llo)\n", call, path, (unsigned long long)mode);
	if (dir >= 0 && mkdirat(dir, name, mode) == 0) {
		resp->val = zero_success ? 0 : strlen(path);
		say("\tS: success! spoofed return = %lld\n", (long long)resp->val);
	} else {
		resp->error = -errno;
		say("\tS: failure! (errno = %d; %s)\n", errno, err_text(errno));
	}
	if (dir >= 0)
		close(dir);
}

/* Which call, and where its path and mode are: mkdirat(dirfd, path, mode)
 * shifts them by one.  dirfd needs no look: /tmp/ paths are absolute, and
 * "./" ones are left to the kernel. */
static const char *
which_call(const struct seccomp_data *d, int *arg)
{
	int i386 = d->arch == AUDIT_ARCH_I386;

	*arg = 0;
	if (d->nr == (i386 ? I386_mkdir : X86_64_mkdir))
		return "mkdir";
	*arg = 1;
	if (d->nr == (i386 ? I386_mkdirat : X86_64_mkdirat))
		return "mkdirat";
	return NULL;
}

/* "/" and "/tmp" lead to the served area and exist: EEXIST, as from the
 * kernel, so that "mkdir -p /tmp/a/b" works under supervision. */
static int
is_tmp_ancestor(const char *path)
{
	if (path[0] != '/')
		return 0;
	if (strncmp(path, "/tmp", 4) == 0)
		path += 4;
	while (*path == '/')
		path++;
	return *path == '\0';
}

static void
apply_policy(const char *path, const char *call, uint64_t mode, const struct policy *p,
    struct seccomp_notif_resp *resp)
{
	if (strncmp(path, "/tmp/", 5) == 0) {
		make_dir_in_tmp(path, call, mode, p->zero_success, resp);
	} else if (strncmp(path, "./", 2) == 0) {
		resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		say("\tS: target can execute system call\n");
	} else {
		resp->error = is_tmp_ancestor(path) ? -EEXIST : -EOPNOTSUPP;
		say("\tS: spoofing error response (%s)\n", err_text(-resp->error));
	}
}

/* Serves one notification; returns 1 after "/bye". */
static int
serve_one(struct supervisor *sv)
{
	struct seccomp_notif *req = sv->nb.req;
	struct seccomp_notif_resp *resp = sv->nb.resp;
	int listener = sv->t->listener, arg, err = 0, bye;
	char path[PATH_MAX] = "";
	uint64_t addr, mode;
	const char *call;

	memset(req, 0, sv->nb.req_size);
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, req) == -1) {
		/* ENOENT: the call was interrupted, or its task killed,
		 * between poll and here.  Nothing to answer. */
		if (errno == EINTR || errno == ENOENT)
			return 0;
		die("ioctl(SECCOMP_IOCTL_NOTIF_RECV):");
	}
	say("\tS: got notification (ID %#llx) for PID %d\n",
	    (unsigned long long)req->id, (int)req->pid);
	if (sv->p->delay && !delay_still_valid(sv, req->id))
		goto gone;
	memset(resp, 0, sv->nb.resp_size);
	resp->id = req->id;
	call = which_call(&req->data, &arg);
	if (call) {
		addr = req->data.args[arg];
		mode = req->data.args[arg + 1];
		if (req->data.arch == AUDIT_ARCH_I386) {
			addr &= 0xffffffff;	/* as the kernel reads an i386 argument */
			mode &= 0xffffffff;
		}
		err = read_string(req->pid, addr, path, vm_readv_missing);
		/* The call may have been interrupted while we read, and the
		 * memory reused; or the task died and its PID was recycled.
		 * Act only on bytes read while the ID was still valid. */
		if (!id_valid(listener, req->id))
			goto gone;
		if (err) {
			resp->error = -err;
			say("\tS: spoofing error for invalid pathname (%s)\n", err_text(err));
		} else {
			apply_policy(path, call, mode, sv->p, resp);
		}
	} else {
		resp->error = -ENOSYS;
		say("\tS: spoofing error response (%s)\n", err_text(ENOSYS));
	}
	say("\tS: sending response (flags = %#x; val = %lld; error = %d)\n",
	    (unsigned)resp->flags, (long long)resp->val, (int)resp->error);
	bye = call && !err && strcmp(path, "/bye") == 0;
	if (bye)	/* before the answer wakes the target: a fixed order */
		say("\tS: terminating **********\n");
	/* ENOENT: a signal interrupted the call after our last check (or
	 * killed the task).  The target has moved on; so do we. */
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, resp) == -1) {
		if (errno == ENOENT)
			say("\tS: response failed with ENOENT; perhaps target "
			    "process's syscall was interrupted by a signal?\n");
		else
			complain("ioctl(SECCOMP_IOCTL_NOTIF_SEND):");
	}
	return bye;
gone:
	say_err("\tS: notification ID check failed!!!: %s\n", err_text(ENOENT));
	return 0;
}

/* Serves notifications until the target has exited; returns its exit
 * status.  Polls the listener, the target's pidfd and our signals: no
 * exit from a signal handler, and the target is always reaped. */
int
supervise(struct target *t, const struct policy *p)
{
	struct supervisor sv = { .t = t, .p = p };
	struct pollfd fds[3] = {
		{ t->listener, POLLIN, 0 },
		{ t->pidfd, POLLIN, 0 },
		{ sigfd, POLLIN, 0 },
	};

	notif_buffers(&sv.nb);
	while (!sv.reaped) {
		if (poll(fds, 3, -1) == -1) {
			if (errno == EINTR)
				continue;
			die("poll:");
		}
		if (fds[0].revents & POLLIN) {
			if (serve_one(&sv)) {
				close(t->listener);
				fds[0].fd = t->listener = -1;
				sv.stopped = 1;
			}
		} else if (fds[0].revents) {
			fds[0].fd = -1;		/* no task uses the filter any more */
		}
		if (fds[2].revents)
			take_signals(&sv);
		if (fds[1].revents && !sv.reaped) {
			while (waitpid(t->pid, &sv.status, 0) == -1)
				if (errno != EINTR)
					die("waitpid:");
			sv.reaped = 1;
		}
	}
	target_pid = 0;
	if (!sv.stopped)
		say("\tS: target has terminated; bye\n");
	if (t->listener >= 0)
		close(t->listener);
	if (t->pidfd >= 0)
		close(t->pidfd);
	return exit_code(sv.status);
}

/* The demo target's work, word for word as the original. */
static int
make_dirs(void *arg)
{
	char **dir;
	int r;

	say("T: PID = %d\n", (int)getpid());
	for (dir = arg; *dir; dir++) {
		say("\nT: about to mkdir(\"%s\")\n", *dir);
		r = mkdir(*dir, 0700);
		if (r == -1)
			say_err("T: ERROR: mkdir(2): %s\n", err_text(errno));
		else
			say("T: SUCCESS: mkdir(2) returned %d\n", r);
	}
	say("\nT: terminating\n");
	return 0;
}

static int
run_prog(void *arg)
{
	char **argv = arg;

	execvp(argv[0], argv);
	complain("execvp %s:", argv[0]);
	return errno == ENOENT || errno == ENOTDIR ? 127 : 126;
}

/* Signals for the supervisor arrive on a signalfd, read in its poll
 * loop; SIGCHLD too where pidfd_open(2) (Linux 5.3) is missing. */
static void
take_signals_by_fd(void)
{
	sigset_t set;
	int pidfd = pidfd_open(getpid(), 0);

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGQUIT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	if (pidfd >= 0)
		close(pidfd);
	else
		sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if ((sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC)) == -1)
		die("signalfd:");
}

static void
start_target(const struct target_plan *plan, struct target *t)
{
	int status, e;

	if (spawn_target(plan, t) == 0)
		return;
	e = errno;
	if (t->pid > 0) {
		waitpid(t->pid, &status, 0);
		target_pid = 0;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 125)
			exit(125);	/* the target has said why */
	}
	errno = e;
	die("starting the target:");
}

static long
number(const char *s, long max, int opt)
{
	long n = 0;
	const char *p;

	for (p = s; *p >= '0' && *p <= '9' && n <= max; p++)
		n = n * 10 + (*p - '0');
	if (p == s || *p || n > max)
		usage_error("-%c: '%s' is not a whole number from 0 to %ld", opt, s, max);
	return n;
}

int
main(int argc, char **argv)
{
	struct target_plan plan = { 0 };
	struct policy policy = { 0, 0 };
	struct target t;
	char **prog = NULL, **dir;
	long count = 0;
	int c, seen_demo = 0, seen_t = 0;

	/* With 0, 1 or 2 closed, the socketpair or the listener would take
	 * its number, and our output would go into it. */
	for (c = 0; c < 3; c++)
		if (lseek(c, 0, SEEK_CUR) == -1 && errno == EBADF && open("/dev/null", O_RDWR) != c)
			return 125;
	sigprocmask(SIG_BLOCK, NULL, &caller_mask);
	opterr = 0;
	while (!prog && (c = getopt(argc, argv, ":d:f:x:tb:h")) != -1) {
		switch (c) {
		case 'd':
			policy.delay = number(optarg, 86400, 'd');
			seen_demo = 1;
			break;
		case 'f':
			if (strcmp(optarg, "e") == 0)
				plan.second = SECCOMP_RET_ERRNO | ENOTSUP;
			else if (strcmp(optarg, "t") == 0)
				plan.second = SECCOMP_RET_TRACE;
			else
				usage_error("-f: '%s' is not e or t", optarg);
			seen_demo = 1;
			break;
		case 'x':
			argv[optind - 1] = optarg;
			prog = argv + optind - 1;
			break;
		case 't':
			seen_t = 1;
			break;
		case 'b':
			count = number(optarg, 100000000, 'b');
			if (count == 0)
				usage_error("-b: COUNT must be at least 1");
			break;
		case 'h':
			write_all(STDOUT_FILENO, usage_text, sizeof(usage_text) - 1);
			return 0;
		case ':':
			usage_error("option -%c needs an argument", optopt);
		default:
			usage_error("unknown option -%c", optopt);
		}
	}
	if (seen_t || count) {
		if (seen_t + !!count + !!prog + seen_demo > 1 || optind < argc)
			usage_error("-%c takes no other options or operands", seen_t ? 't' : 'b');
		if (seen_t)
			return selftest();
		take_signals_by_fd();
		return bench(count);
	}
	if (!prog) {
		if (optind == argc)
			usage_error("missing DIR (or -x PROG)");
		for (dir = argv + optind; *dir; dir++)
			if (**dir == '\0')
				usage_error("DIR must not be empty");
	}
	take_signals_by_fd();
	plan.body = prog ? run_prog : make_dirs;
	plan.arg = prog ? (void *)prog : (void *)(argv + optind);
	plan.catch_sigint = !prog;
	start_target(&plan, &t);
	policy.zero_success = prog != NULL;
	return supervise(&t, &policy);
}
