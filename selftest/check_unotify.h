/* check_unotify.h: unotify's own checks. */
#ifndef CHECK_UNOTIFY_H
#define CHECK_UNOTIFY_H

#include "selftest/checkkit.h"

extern const struct check unotify_checks[];	/* ended by a NULL fn */

#endif
