#include "unotify.h"
int bench(long count) { (void)count; return 1; }
