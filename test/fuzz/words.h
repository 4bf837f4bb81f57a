/* test/fuzz/words.h: an input as a command line: a program's name, then
 * the input's NUL-separated words (64 at most), each in memory of its own
 * so that a read past its end is seen. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS	64

struct words {
	char *argv[MAX_WORDS + 2];
	int n;
};

static void
words(struct words *w, const uint8_t *data, size_t size, char *name)
{
	const uint8_t *end = data + size, *nul;
	size_t len;

	w->argv[0] = name;
	for (w->n = 1; data < end && w->n <= MAX_WORDS; w->n++, data += len + 1) {
		nul = memchr(data, 0, end - data);
		len = nul ? (size_t)(nul - data) : (size_t)(end - data);
		w->argv[w->n] = malloc(len + 1);
		memcpy(w->argv[w->n], data, len);
		w->argv[w->n][len] = '\0';
	}
	w->argv[w->n] = NULL;
}

static void
free_words(struct words *w)
{
	while (--w->n > 0)
		free(w->argv[w->n]);
}
