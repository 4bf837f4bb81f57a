/* test/fuzz/sysctl.c: proctext.c's parsers of one-line /proc texts on any
 * text: parse_sysctl_id, as /proc/sys/fs/overflowuid or suid_dumpable
 * ("65534\n" and nothing else), and parse_loadavg_running, as
 * /proc/loadavg. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "supervisor/caller/proctext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	uint32_t id = 7;

	memcpy(text, data, size);
	text[size] = '\0';
	if (parse_sysctl_id(text, &id) == -1 && id != 7)
		abort();	/* a text refused leaves the ID as it was */
	id = 7;
	if (parse_loadavg_running(text, &id) == -1 && id != 7)
		abort();
	free(text);
	return 0;
}
