/* check_kernel.h: -t's checks that mirror the kernel's own selftests. */
#ifndef CHECK_KERNEL_H
#define CHECK_KERNEL_H

#include "selftest/checkkit.h"

extern const struct check kernel_checks[];	/* ended by a NULL fn */

#endif
