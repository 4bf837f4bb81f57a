/* bench.h: unotify -b COUNT. */
#ifndef BENCH_H
#define BENCH_H

int bench(long count);

#endif
