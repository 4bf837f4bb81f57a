/* output.c: the output layer: a small printf, the line writers, and the
 * error exits.  Each line is formatted whole and goes out in one write(2).
 * musl's vfprintf would make the static binary 10 KB larger. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>

#include "supervisor/output.h"

int quiet;
int say_fd = STDOUT_FILENO, say_err_fd = STDERR_FILENO;
void (*before_die)(void);

/* Users compare our lines with the glibc-built original: errors in
 * glibc's words, for those a mkdir, its path's walk, or a check can
 * meet.  Each number (by its name: MIPS numbers many otherwise) has the
 * text at its place in texts; test/errtext-check.c holds them against
 * glibc's strerror(3), on every architecture.  musl's own table is twice
 * as large. */
const char *
err_text(int e)
{
	static const unsigned short codes[] = {
		EPERM, ENOENT, ESRCH, EINTR, EIO, ENXIO, E2BIG,
		ENOEXEC, EBADF, ECHILD, EAGAIN, ENOMEM, EACCES, EFAULT,
		EBUSY, EEXIST, EXDEV, ENODEV, ENOTDIR, EISDIR, EINVAL,
		ENFILE, EMFILE, ETXTBSY, EFBIG, ENOSPC, EROFS, EMLINK,
		EPIPE, ERANGE, ENAMETOOLONG, ENOSYS, ENOTEMPTY, ELOOP, EPROTO,
		EOVERFLOW, EOPNOTSUPP, ENOTCONN, ETIMEDOUT, EINPROGRESS, ESTALE, EUCLEAN,
		EREMOTEIO, EDQUOT, ENOMEDIUM,
	};
	static const char texts[] =
	    "Operation not permitted\0"	/* EPERM */
	    "No such file or directory\0"	/* ENOENT */
	    "No such process\0"	/* ESRCH */
	    "Interrupted system call\0"	/* EINTR */
	    "Input/output error\0"	/* EIO */
	    "No such device or address\0"	/* ENXIO */
	    "Argument list too long\0"	/* E2BIG */
	    "Exec format error\0"	/* ENOEXEC */
	    "Bad file descriptor\0"	/* EBADF */
	    "No child processes\0"	/* ECHILD */
	    "Resource temporarily unavailable\0"	/* EAGAIN */
	    "Cannot allocate memory\0"	/* ENOMEM */
	    "Permission denied\0"	/* EACCES */
	    "Bad address\0"	/* EFAULT */
	    "Device or resource busy\0"	/* EBUSY */
	    "File exists\0"	/* EEXIST */
	    "Invalid cross-device link\0"	/* EXDEV */
	    "No such device\0"	/* ENODEV */
	    "Not a directory\0"	/* ENOTDIR */
	    "Is a directory\0"	/* EISDIR */
	    "Invalid argument\0"	/* EINVAL */
	    "Too many open files in system\0"	/* ENFILE */
	    "Too many open files\0"	/* EMFILE */
	    "Text file busy\0"	/* ETXTBSY */
	    "File too large\0"	/* EFBIG */
	    "No space left on device\0"	/* ENOSPC */
	    "Read-only file system\0"	/* EROFS */
	    "Too many links\0"	/* EMLINK */
	    "Broken pipe\0"	/* EPIPE */
	    "Numerical result out of range\0"	/* ERANGE */
	    "File name too long\0"	/* ENAMETOOLONG */
	    "Function not implemented\0"	/* ENOSYS */
	    "Directory not empty\0"	/* ENOTEMPTY */
	    "Too many levels of symbolic links\0"	/* ELOOP */
	    "Protocol error\0"	/* EPROTO */
	    "Value too large for defined data type\0"	/* EOVERFLOW */
	    "Operation not supported\0"	/* EOPNOTSUPP */
	    "Transport endpoint is not connected\0"	/* ENOTCONN */
	    "Connection timed out\0"	/* ETIMEDOUT */
	    "Operation now in progress\0"	/* EINPROGRESS */
	    "Stale file handle\0"	/* ESTALE */
	    "Structure needs cleaning\0"	/* EUCLEAN */
	    "Remote I/O error\0"	/* EREMOTEIO */
	    "Disk quota exceeded\0"	/* EDQUOT */
	    "No medium found\0"	/* ENOMEDIUM */
	    ;
	static char unknown[32];
	const char *t = texts;
	unsigned i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); t += strlen(t) + 1, i++)
		if (codes[i] == e)
			return t;
	format(unknown, sizeof(unknown), "Unknown error %d", e);
	return unknown;
}

/* s, with every byte that is not printable ASCII, and \ and ", written
 * as a C escape: one line stays one line, and a terminal gets no control
 * sequence from a path.  In a buffer the next call reuses. */
const char *
escaped(const char *s)
{
	static const char special[] = "\n\t\\\"", letter[] = "nt\\\"";
	static char out[4 * PATH_MAX + 1];
	unsigned char ch;
	char *o = out;
	const char *at;

	for (; (ch = *s) && o < out + sizeof(out) - 5; s++) {
		if ((at = strchr(special, ch))) {
			*o++ = '\\';
			*o++ = letter[at - special];
		} else if (ch < ' ' || ch > '~') {
			o += format(o, 5, "\\%03o", ch);
		} else {
			*o++ = ch;
		}
	}
	*o = '\0';
	return out;
}

/* Every byte, or -1 with errno.  A descriptor left non-blocking by
 * whoever shares it (a pipe's reader, a terminal) is waited on, not
 * given up on: a line is never dropped for a slow reader. */
int
write_all(int fd, const char *p, size_t n)
{
	struct pollfd out = { .fd = fd, .events = POLLOUT };
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w == -1 && errno == EAGAIN && poll(&out, 1, -1) >= 0)
			continue;
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1)
			return -1;
		p += w;
		n -= w;
	}
	return 0;
}

/* The printf subset unotify uses: %[-#0][width][l|ll] d u x o s c.
 * Returns the length the whole text needs, as vsnprintf(3) does. */
size_t
vfmt(char *out, size_t size, const char *f, va_list ap)
{
	char digits[24], *s, *prefix;
	int left, alt, zero, longs, width, len, pad, base;
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
		base = *f == 'x' ? 16 : *f == 'o' ? 8 : 10;
		switch (*f) {
		case 's':
			s = va_arg(ap, char *);
			len = strlen(s);
			break;
		case 'c':
			*--s = va_arg(ap, int);
			len = 1;
			break;
		case 'd': case 'u': case 'x': case 'o':
			/* each argument as wide as its type (a long is an int's
			 * size on 32-bit ABIs, a long long's on 64-bit ones) */
			if (*f == 'd')
				v = longs > 1 ? va_arg(ap, long long) : longs ? va_arg(ap, long) : va_arg(ap, int);
			else
				v = longs > 1 ? va_arg(ap, unsigned long long) : longs ? va_arg(ap, unsigned long)
				    : va_arg(ap, unsigned);
			if (*f == 'd' && (long long)v < 0) {
				prefix = "-";
				v = -v;
			}
			do
				*--s = "0123456789abcdef"[v % base];
			while (v /= base);
			if (alt && base != 10 && *s != '0')
				prefix = base == 16 ? "0x" : "0";
			len = digits + sizeof(digits) - s;
			break;
		default:
			*--s = *f;
			len = 1;
			break;
		}
		pad = width - len - (int)strlen(prefix);
		for (; !left && !zero && pad > 0; pad--)
			PUT(' ');
		for (; *prefix; prefix++)
			PUT(*prefix);
		for (; !left && pad > 0; pad--)
			PUT('0');
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

/* A line that cannot be written fails the process that had it to say
 * (exit 125; its message may be lost with the line), but for a reader
 * that went away: then the lines stop and the work goes on. */
static void
put(int fd, const char *line, size_t n)
{
	if (write_all(fd, line, n) == 0)
		return;
	if (errno == EPIPE) {
		quiet = 1;
		return;
	}
	die("writing a line:");
}

static void
vsay(int fd, const char *f, va_list ap)
{
	char line[PATH_MAX + 256];
	va_list again;
	size_t n;

	va_copy(again, ap);
	n = vfmt(line, sizeof(line), f, ap);
	if (n < sizeof(line)) {
		put(fd, line, n);
	} else {
		char big[n + 1];	/* a demo DIR may be longer than any path */

		vfmt(big, n + 1, f, again);
		put(fd, big, n);
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
	vsay(say_fd, fmt, ap);
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
	vsay(say_err_fd, fmt, ap);
	va_end(ap);
}

/* "unotify: " + message on stderr; with_errno, a message that ends in
 * ':' gets the errno text appended. */
static void
vcomplain(int with_errno, const char *fmt, va_list ap)
{
	const char *e = err_text(errno);
	va_list again;
	size_t n;

	va_copy(again, ap);
	n = vfmt(NULL, 0, fmt, ap);
	{
		char line[sizeof("unotify: ") + n + 1 + strlen(e) + 1];
		char *msg = line + format(line, sizeof(line), "unotify: ");

		vfmt(msg, n + 1, fmt, again);
		if (with_errno && n > 0 && msg[n - 1] == ':')
			n += format(msg + n, sizeof(line) - (msg - line) - n, " %s", e);
		msg[n++] = '\n';
		write_all(STDERR_FILENO, line, msg - line + n);
	}
	va_end(again);
}

void
complain(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcomplain(1, fmt, ap);
	va_end(ap);
}

_Noreturn void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcomplain(1, fmt, ap);
	va_end(ap);
	if (before_die)
		before_die();
	exit(125);
}

/* A usage error carries no errno: "-:" is an option, not a prompt for
 * strerror.  The usage itself is one -h away. */
_Noreturn void
usage_error(const char *fmt, ...)
{
	static const char hint[] = "Try 'unotify -h' for the usage.\n";
	va_list ap;

	va_start(ap, fmt);
	vcomplain(0, fmt, ap);
	va_end(ap);
	write_all(STDERR_FILENO, hint, sizeof(hint) - 1);
	exit(125);
}
