/* poison.h: ASan's marks on the unused tail of a reused buffer, so that a
 * read past what the kernel gave is a report (make sanitize, make fuzz).
 * Elsewhere they are nothing: MIPS's gcc has no sanitizer headers. */
#ifndef POISON_H
#define POISON_H

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#if defined(__SANITIZE_ADDRESS__) || defined(UNDER_ASAN)
#include <sanitizer/asan_interface.h>
#else
#define ASAN_POISON_MEMORY_REGION(start, size)		((void)(start), (void)(size))
#define ASAN_UNPOISON_MEMORY_REGION(start, size)	((void)(start), (void)(size))
#endif

#endif
