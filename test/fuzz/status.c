/* test/fuzz/status.c: proctext.c's parse_status on any text, as a task's
 * /proc/PID/status (its Name is the task's own choice).  One status is
 * reused, as the callers reuse theirs: its mapped groups grow and stay. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "supervisor/caller/proctext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct status st;
	char *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	if (parse_status(text, &st) == 0
	    && (st.id.ngroups < 0 || st.id.ngroups > NGROUPS_MAX_KERNEL || st.nspids < 1
	    || (st.id.groups != st.few && st.id.groups != st.many)
	    || (st.id.groups == st.many && (size_t)st.id.ngroups > st.many_size)
	    || st.id.umask > 0777))
		abort();
	free(text);
	return 0;
}
