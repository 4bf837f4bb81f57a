/* test/fuzz/options.c: unotify.c's read_options on any command line.
 * unotify.c is taken whole (read_options is static), its main renamed.
 * Where it reads, one mode is asked for and nothing told; where it does
 * not, one usage error told. */
#define main unotify_main
#include "unotify.c"
#undef main
#include "test/fuzz/words.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int told;

static void
bad(const char *fmt, ...)
{
	char line[64];
	va_list ap;

	va_start(ap, fmt);
	vfmt(line, sizeof(line), fmt, ap);
	va_end(ap);
	told++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options o;
	struct words w;
	char *mine[MAX_WORDS + 2];
	int r;

	words(&w, data, size, "unotify");
	memcpy(mine, w.argv, sizeof(mine));	/* -xPROG is rewritten in place */
	told = 0;
	r = read_options(mine, &o, bad);
	if (r != -told || told > 1 || o.delay > 86400 || o.count > 100000000)
		abort();
	/* -h and -V end the reading where they stand: the rest is unchecked */
	if (r == 0 && !o.show && (!!o.selftest + !!o.count + !!o.prog + !!o.dirs != 1
	    || ((o.out || o.quiet) && !o.prog) || (o.out && o.quiet)))
		abort();
	free_words(&w);
	return 0;
}
