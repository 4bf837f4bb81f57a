/* test/fuzz/answer.c: policy.c's policy_made on any worker's answer.  A
 * worker wears its caller's identity, so the caller may command it and
 * write any bytes there: the answer sent must still be one a mkdir(2)
 * can give, 0 (made) or an errno from 1 to 4095, in the demo and -x. */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "supervisor/output.h"
#include "supervisor/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct call c = { .name = "mkdir", .dirfd = AT_FDCWD, .path = "/tmp/x" };
	struct rules r = { .prog = 1 };
	struct seccomp_notif_resp resp;
	struct worker_answer a;

	if (size < sizeof(a))
		return 0;
	memcpy(&a, data, sizeof(a));
	if (size > sizeof(a))
		r.prog = data[sizeof(a)] & 1;
	quiet = 1;
	memset(&resp, 0, sizeof(resp));
	policy_made(&c, &r, &a, &resp);
	if (resp.flags || (resp.error ? resp.error < -4095 || resp.error > -1 || resp.val
	    : resp.val != (r.prog ? 0 : (int64_t)strlen(c.path))))
		abort();
	return 0;
}
