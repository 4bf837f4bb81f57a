/* bench.h: unotify -b COUNT. */
#ifndef BENCH_H
#define BENCH_H

#include <signal.h>

int bench(long count, const sigset_t *mask);	/* mask: the one unotify was started with */

#endif
