/* test/errtext-check.c: a test helper, built with glibc (the host's, or
 * a cross one's, static, run in that architecture's guest): err_text's
 * words for every errno it knows must be glibc's strerror(3), by that
 * architecture's numbers (MIPS's reach 1133), and an unknown one "Unknown
 * error N" as glibc says it; and output.c's printf subset must write each
 * kind of number as glibc's printf does there (a long is 4 bytes on the
 * 32-bit ones, 8 elsewhere): each that differs is a line, and the exit
 * status 1. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "supervisor/output.h"

/* fmt with a and b, ours and glibc's; b after a: a conversion that takes
 * more or less than its argument shows in b */
#define SAME(fmt, a, b) do { \
	format(ours, sizeof(ours), fmt, a, b); \
	snprintf(glibc, sizeof(glibc), fmt, a, b); \
	if (strcmp(ours, glibc)) \
		printf("format \"%s\": \"%s\", glibc \"%s\"\n", fmt, ours, glibc), wrong++; \
	} while (0)

static int
formats_differ(void)
{
	char ours[128], glibc[128];
	int wrong = 0;

	SAME("%d %d", INT_MIN, 7);
	SAME("%u %d", UINT_MAX, 7);
	SAME("%ld %d", LONG_MIN, 7);
	SAME("%ld %d", LONG_MAX, 7);
	SAME("%lu %d", ULONG_MAX, 7);
	SAME("%lx %d", 0xdeadbeefUL, 7);
	SAME("%lld %d", LLONG_MIN, 7);
	SAME("%llu %d", ULLONG_MAX, 7);
	SAME("%#llx %d", 0x123456789abcdefULL, 7);
	SAME("%#llo %d", 0755ULL, 7);
	SAME("%#x %d", 0U, 7);
	SAME("%#o %d", 8U, 7);
	SAME("%5d|%d", -42, 7);
	SAME("%-5d|%d", 42, 7);
	SAME("%05d|%d", -42, 7);
	SAME("%s %d", "word", 7);
	SAME("%c %d", 'c', 7);
	return wrong;
}

int
main(void)
{
	int e, known = 0, wrong = 0, formats = formats_differ();

	for (e = 1; e < 4096; e++) {
		if (strncmp(err_text(e), "Unknown error", 13) == 0) {
			if (strcmp(err_text(e), strerror(e)) && strncmp(strerror(e), "Unknown error", 13) == 0)
				printf("errno %d: \"%s\", glibc \"%s\"\n", e, err_text(e), strerror(e)), wrong++;
			continue;
		}
		known++;
		if (strcmp(err_text(e), strerror(e)))
			printf("errno %d: \"%s\", glibc \"%s\"\n", e, err_text(e), strerror(e)), wrong++;
	}
	printf("%d errnos in glibc's words, %d differ\n", known, wrong);
	return wrong != 0 || formats != 0;
}
