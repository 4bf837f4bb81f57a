/* test/fuzz/idmap.c: proctext.c's id_mapped on any text, as a user
 * namespace's uid_map or gid_map, asked for the IDs the supervisor asks
 * about (the overflow IDs) and those at the edges of its ranges. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "supervisor/caller/proctext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
ask(char *text, uint32_t id)
{
	int in = id_mapped(text, id);

	if (in < -1 || in > 1)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t ids[] = { 0, 1, 1000, 65534, 65535, 4294967294U, 4294967295U };
	char *text = malloc(size + 1), *line;
	size_t i;

	memcpy(text, data, size);
	text[size] = '\0';
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		ask(text, ids[i]);
	/* the first ID of each line, and the one before it */
	line = text;
	do {
		ask(text, strtoul(line, NULL, 10));
		ask(text, strtoul(line, NULL, 10) - 1);
	} while ((line = strchr(line, '\n')) && *++line);
	free(text);
	return 0;
}
