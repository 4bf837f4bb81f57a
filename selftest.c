#include "unotify.h"
int selftest(void) { return 1; }
