/* test/fuzz/init.c: the words the kernel hands /init (any it does not
 * know), through pid1.c's init_args and then, as init's child reads
 * them, unotify.c's read_options.  Both files are taken whole (the two
 * are static), unotify.c's main renamed. */
#define main unotify_main
#include "unotify.c"
#undef main
#include "image/pid1.c"
#include "test/fuzz/words.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
bad(const char *fmt, ...)
{
	(void)fmt;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options o;
	struct words w;
	char *mine[MAX_WORDS + 2], **args;

	words(&w, data, size, "/init");
	memcpy(mine, w.argv, sizeof(mine));	/* -xPROG is rewritten in place */
	if ((args = init_args(mine))) {
		if (args != mine && (w.n != 1 || strcmp(args[1], "-t") != 0))
			abort();
		if (args == mine && (w.n == 1 || !*args[1] || !strchr("-/.", *args[1])))
			abort();
		read_options(args, &o, bad);
	} else if (w.n == 1 || (*w.argv[1] && strchr("-/.", *w.argv[1]))) {
		abort();
	}
	free_words(&w);
	return 0;
}
