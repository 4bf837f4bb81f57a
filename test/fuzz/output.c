/* test/fuzz/output.c: output.c's escaped on any string (a path a caller
 * chose, shown in a line), which must come back whole when unescaped;
 * and its printf subset, with one conversion the input makes up and the
 * input's string and number as argument, against glibc's snprintf. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "supervisor/output.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* escaped's text undone, into out (as long as s, at least) */
static void
unescape(const char *e, char *out)
{
	static const char letter[] = "nt\\\"", special[] = "\n\t\\\"";

	for (; *e; e++) {
		if ((unsigned char)*e < ' ' || (unsigned char)*e > '~' || *e == '"')
			abort();	/* a byte that should have been escaped */
		if (*e != '\\') {
			*out++ = *e;
		} else if (strchr(letter, e[1]) && e[1]) {
			*out++ = special[strchr(letter, e[1]) - letter];
			e++;
		} else if (e[1] >= '0' && e[1] <= '3' && e[2] >= '0' && e[2] <= '7' && e[3] >= '0' && e[3] <= '7') {
			*out++ = (e[1] - '0') * 64 + (e[2] - '0') * 8 + (e[3] - '0');
			e += 3;
		} else {
			abort();	/* a lone backslash */
		}
	}
	*out = '\0';
}

static void
check_escaped(const char *s)
{
	size_t len = strlen(s);
	char *back = malloc(len + 1);

	unescape(escaped(s), back);
	/* whole up to PATH_MAX - 1 bytes, the longest path; a prefix beyond */
	if (len < PATH_MAX ? strcmp(back, s) != 0 : strncmp(back, s, strlen(back)) != 0)
		abort();
	free(back);
}

/* The first bytes make a conversion, as unotify writes them (flags only
 * where C defines them), the next 8 its number; the rest is the string. */
static void
check_format(const uint8_t *data, size_t size, const char *s)
{
	static const char convs[] = "duxoscx%";
	char f[32], ours[512], glibc[512], *p = f;
	unsigned long long v = 0;
	int conv, longs, i;
	size_t sizes[] = { 0, 1, 5, sizeof(ours) }, n, want;

	if (size < 11)
		return;
	conv = convs[data[0] & 7];
	longs = (data[0] >> 3 & 3) % 3;
	for (i = 0; i < 8; i++)
		v = v << 8 | data[3 + i];
	*p++ = '<';
	*p++ = '%';
	if (data[1] & 1 && conv != '%')
		*p++ = '-';
	if (data[1] & 2 && (conv == 'x' || conv == 'o'))
		*p++ = '#';
	if (data[1] & 4 && conv != 's' && conv != 'c' && conv != '%')
		*p++ = '0';
	if (data[1] >> 3 && conv != '%')
		p += sprintf(p, "%d", (data[1] >> 3) % 40);
	for (i = 0; i < longs && conv != 's' && conv != 'c' && conv != '%'; i++)
		*p++ = 'l';
	*p++ = conv;
	strcpy(p, ">");
	for (i = 0; i < 4; i++) {
		switch (conv) {
		case 's':
			n = format(ours, sizes[i], f, s);
			want = snprintf(glibc, sizes[i], f, s);
			break;
		case 'c':
			n = format(ours, sizes[i], f, (int)v);
			want = snprintf(glibc, sizes[i], f, (int)v);
			break;
		case '%':	/* an argument for none: -Wformat-security */
			n = format(ours, sizes[i], f, 0);
			want = snprintf(glibc, sizes[i], f, 0);
			break;
		default:
			n = longs ? format(ours, sizes[i], f, v) : format(ours, sizes[i], f, (unsigned)v);
			want = longs ? snprintf(glibc, sizes[i], f, v) : snprintf(glibc, sizes[i], f, (unsigned)v);
			break;
		}
		if (n != want || (sizes[i] && memcmp(ours, glibc, (n < sizes[i] ? n : sizes[i] - 1) + 1)))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	check_escaped(s);
	check_format(data, size, size > 11 ? s + 11 : "");
	free(s);
	return 0;
}
