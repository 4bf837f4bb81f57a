/* test/errtext-check.c: a test helper, built with glibc (the host's, or
 * a cross one's, static, run in that architecture's guest): err_text's
 * words for every errno it knows must be glibc's strerror(3), by that
 * architecture's numbers (MIPS's reach 1133), and an unknown one "Unknown
 * error N" as glibc says it. */
#include <stdio.h>
#include <string.h>

#include "supervisor/output.h"

int
main(void)
{
	int e, known = 0, wrong = 0;

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
	return wrong != 0;
}
