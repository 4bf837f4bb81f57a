/* selftest.h: unotify -t. */
#ifndef SELFTEST_H
#define SELFTEST_H

int selftest(const char *version);	/* "VERSION (ARCH)" */

#endif
