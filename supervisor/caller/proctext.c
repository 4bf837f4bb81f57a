/* proctext.c: the texts unotify reads in /proc, each with its one parser.
 * /proc/PID/status comes from the kernel, but describes a task we do not
 * trust: its Name is the task's own choice.  The kernel escapes it, but
 * the parser does not count on that: every field it reads must stand on a
 * line of its own, once. */
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "supervisor/caller/proctext.h"

enum { UID, GID, GROUPS, CAPEFF, UMASK, NSPID, FIELDS };

static const char names[FIELDS][8] = { "Uid:", "Gid:", "Groups:", "CapEff:", "Umask:", "NSpid:" };

static int
digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 99;
}

/* One number in base 8, 10 or 16 at *p, at most limit; moves *p past it.
 * (musl's strtoul would cost 2.5 KB.) */
static int
number(char **p, int base, uint64_t limit, uint64_t *v)
{
	char *s = *p;
	int d;

	for (*v = 0; (d = digit(*s)) < base; s++) {
		if (*v > (limit - d) / base)
			return -1;
		*v = *v * base + d;
	}
	if (s == *p)
		return -1;
	*p = s;
	return 0;
}

/* Decimal 32-bit numbers, each after one sep, to the end of the line (one
 * sep may end it, as one ends Groups); at most max.  Returns how many, or
 * -1 for any other text. */
static int
numbers(char *p, char sep, uint32_t *out, int max)
{
	uint64_t v;
	int n = 0;

	for (; *p == sep && p[1]; n++) {
		p++;
		if (n == max || number(&p, 10, UINT32_MAX, &v) == -1)
			return -1;
		out[n] = v;
	}
	if (*p == sep)
		p++;
	return *p ? -1 : n;
}

/* "\t" and one number in base, and nothing after it. */
static int
single(char *p, int base, uint64_t limit, uint64_t *v)
{
	if (*p++ != '\t' || number(&p, base, limit, v) == -1)
		return -1;
	return *p ? -1 : 0;
}

/* Room for n groups in s: its own few, or mapped memory that grows to
 * fit and is kept.  NULL when the memory cannot be had. */
gid_t *
group_space(struct status *s, size_t n)
{
	gid_t *more;

	if (n <= FEW_GROUPS)
		return s->few;
	if (n > s->many_size) {
		more = sys_mmap_anon(n * sizeof(gid_t), MAP_PRIVATE);
		if (more == MAP_FAILED)
			return NULL;
		if (s->many)
			munmap(s->many, s->many_size * sizeof(gid_t));
		s->many = more;
		s->many_size = n;
	}
	return s->many;
}

/* Parses the text of a status file (it is cut into lines in place).
 * Returns 0, or -1 when a field is missing, repeated or not as the
 * kernel writes it. */
int
parse_status(char *text, struct status *s)
{
	char *line, *next, *p, *at[FIELDS] = { 0 };
	uint64_t cap, mask;
	uint32_t nspid[40];
	size_t len, n;
	int f;

	for (line = text; *line; line = next) {
		if (!(next = strchr(line, '\n')))
			return -1;
		*next++ = '\0';
		for (f = 0; f < FIELDS; f++) {
			if (*line != *names[f] || strncmp(line, names[f], len = strlen(names[f])))
				continue;
			if (at[f])
				return -1;
			at[f] = line + len;
		}
	}
	for (f = 0; f < FIELDS; f++)
		if (!at[f])
			return -1;
	/* "Groups:\t1 2 3 \n", a space after each group; with none, Linux
	 * 6.x writes "\t \n", older ones "\t\n" */
	if (*at[GROUPS] != '\t')
		return -1;
	s->id.groups = s->few;
	if (strcmp(at[GROUPS], "\t ") == 0 || !at[GROUPS][1]) {
		s->id.ngroups = 0;
	} else {
		*at[GROUPS] = ' ';
		/* a group is a space and its number: room for as many as
		 * there are spaces, the most the kernel allows */
		for (n = 0, p = at[GROUPS]; *p; p++)
			n += *p == ' ';
		if (n > NGROUPS_MAX_KERNEL + 1 || !(s->id.groups = group_space(s, n)))
			return -1;
		s->id.ngroups = numbers(at[GROUPS], ' ', s->id.groups, NGROUPS_MAX_KERNEL);
	}
	if (numbers(at[UID], '\t', s->id.uid, 4) != 4 || numbers(at[GID], '\t', s->id.gid, 4) != 4
	    || s->id.ngroups < 0
	    || single(at[CAPEFF], 16, UINT64_MAX, &cap) || single(at[UMASK], 8, 0777, &mask)
	    || (s->nspids = numbers(at[NSPID], '\t', nspid, 40)) < 1)
		return -1;
	s->id.cap_eff = cap;
	s->id.umask = mask;
	s->nspid = nspid[0];
	return 0;
}

/* Whether id is in a uid_map or gid_map text, lines of "first lower
 * count" (space-padded): 1 or 0, or -1 for any other text. */
int
id_mapped(char *map, uint32_t id)
{
	uint64_t v[3];
	int i, in = 0;

	while (*map) {
		for (i = 0; i < 3; i++) {
			while (*map == ' ')
				map++;
			if (number(&map, 10, UINT32_MAX, &v[i]) == -1)
				return -1;
		}
		if (*map++ != '\n')
			return -1;
		in |= id >= v[0] && id - v[0] < v[2];
	}
	return in;
}

/* A sysctl holding one ID: "65534\n". */
int
parse_sysctl_id(char *text, uint32_t *id)
{
	uint64_t v;

	if (number(&text, 10, UINT32_MAX, &v) == -1 || strcmp(text, "\n"))
		return -1;
	*id = v;
	return 0;
}

/* The tasks running now, from /proc/loadavg: "0.10 0.20 0.30 2/345 6789\n"
 * (the fourth field's first number). */
int
parse_loadavg_running(char *text, uint32_t *running)
{
	uint64_t v;
	int field;

	for (field = 0; field < 3; field++) {
		if (!(text = strchr(text, ' ')))
			return -1;
		text++;
	}
	if (number(&text, 10, UINT32_MAX, &v) == -1 || *text != '/')
		return -1;
	*running = v;
	return 0;
}

/* Whether addr lies in a mapping of a /proc/PID/maps text (lines of
 * "start-end perms offset dev inode path", hex addresses) that the kernel
 * itself can read from: a readable or writable one (no architecture here
 * has write-only pages), or an executable one where exec_reads says this
 * kernel reads those: 1 or 0, or -1 for any other text. */
int
maps_readable(char *maps, uint64_t addr, int exec_reads)
{
	uint64_t start, end;
	char *eol;

	for (; *maps; maps = eol + 1) {
		if (!(eol = strchr(maps, '\n')) || number(&maps, 16, UINT64_MAX, &start)
		    || *maps++ != '-' || number(&maps, 16, UINT64_MAX, &end) || *maps++ != ' '
		    || eol - maps < 4)
			return -1;
		if (addr >= start && addr < end)
			return maps[0] == 'r' || maps[1] == 'w' || (exec_reads && maps[2] == 'x');
	}
	return 0;
}
