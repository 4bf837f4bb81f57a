/* test/fuzz/walk.c: walk.c's read_walk on any absolute path shorter than
 * PATH_MAX, as read_path hands it over from a caller's memory.  Its
 * components below /tmp are counted again here, the simple way. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "supervisor/caller/walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
is_dots(const char *c)
{
	return strcmp(c, ".") == 0 || strcmp(c, "..") == 0;
}

/* How many components follow the first "tmp" that only dots precede; -1
 * where none but dots come, -2 where another name comes first. */
static int
below_tmp(const char *path)
{
	char copy[PATH_MAX], *c;
	int n = -1;

	strcpy(copy, path);
	for (c = strtok(copy, "/"); c; c = strtok(NULL, "/"))
		if (n >= 0)
			n++;
		else if (strcmp(c, "tmp") == 0)
			n = 0;
		else if (!is_dots(c))
			return -2;
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct walk w;
	char path[PATH_MAX];
	int n, i;

	if (size == 0 || size >= PATH_MAX || data[0] != '/')
		return 0;
	memcpy(path, data, size);
	path[size] = '\0';
	read_walk(path, &w);
	n = below_tmp(path);
	if (w.where > WALK_BELOW || n != (w.where == WALK_OUTSIDE ? -2 : w.where == WALK_ROOT ? -1 : w.where == WALK_TMP ? 0 : w.dirs + 1))
		abort();
	if (w.where != WALK_BELOW && (w.dirs || w.refuse != -1 || w.last_dots))
		abort();
	if (w.where != WALK_BELOW)
		return 0;
	if (w.refuse < -1 || w.refuse >= w.dirs || (w.refuse >= 0 && strcmp(w.comp[w.refuse], "..") != 0)
	    || w.last_dots != is_dots(w.comp[w.dirs]))
		abort();
	for (i = 0; i <= w.dirs; i++)
		if (w.comp[i] < w.text || w.comp[i] >= w.text + sizeof(w.text) || !*w.comp[i]
		    || strchr(w.comp[i], '/') || (i < w.refuse && strcmp(w.comp[i], "..") == 0))
			abort();
	return 0;
}
