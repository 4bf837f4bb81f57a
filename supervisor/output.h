/* output.h: the output layer.  Every line is formatted whole, then
 * written with one write(2), so lines of target and supervisor never
 * split each other. */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <stdarg.h>
#include <stddef.h>

#define PRINTF(f, a)	__attribute__((format(printf, f, a)))

extern int quiet;	/* -q and the benchmark turn say() and say_err() off */
extern int say_fd, say_err_fd;	/* where they write: stdout and stderr, or -x's choice */
extern void (*before_die)(void);	/* what die() ends before exit 125 */

const char *err_text(int e);
const char *escaped(const char *s);
int write_all(int fd, const char *p, size_t n);
size_t vfmt(char *out, size_t size, const char *fmt, va_list ap);
size_t format(char *out, size_t size, const char *fmt, ...) PRINTF(3, 4);
void say(const char *fmt, ...) PRINTF(1, 2);
void say_err(const char *fmt, ...) PRINTF(1, 2);
void complain(const char *fmt, ...) PRINTF(1, 2);
_Noreturn void die(const char *fmt, ...) PRINTF(1, 2);
_Noreturn void usage_error(const char *fmt, ...) PRINTF(1, 2);

#endif
