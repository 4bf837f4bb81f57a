/* test/fuzz/maps.c: proctext.c's maps_readable on any text, as a task's
 * /proc/PID/maps, asked for the first byte of each of the first mappings
 * the text names and the byte after it (where the answer turns), with
 * execute-only pages readable and not. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "supervisor/caller/proctext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
ask(char *text, uint64_t addr)
{
	int in = maps_readable(text, addr, 0), in_exec = maps_readable(text, addr, 1);

	/* a page readable anyway stays so where execute-only ones are too */
	if (in < -1 || in > 1 || in_exec < -1 || in_exec > 1 || (in != -1) != (in_exec != -1)
	    || (in == 1 && in_exec != 1))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *line, *end;
	int lines = 0;

	memcpy(text, data, size);
	text[size] = '\0';
	ask(text, 0);
	for (line = text; *line && lines++ < 16; line = end + 1) {
		ask(text, strtoull(line, &end, 16));
		if (*end == '-')
			ask(text, strtoull(end + 1, NULL, 16));
		if (!(end = strchr(line, '\n')))
			break;
	}
	free(text);
	return 0;
}
