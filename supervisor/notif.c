/* notif.c: the listener's requests: buffers sized for this kernel, and
 * the notification-ID check. */
#include <errno.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "supervisor/notif.h"
#include "supervisor/output.h"

#define MAX(a, b)	((a) > (b) ? (a) : (b))

void
notif_buffers(struct notif_buffers *nb)
{
	static struct notif_buffers cached;
	struct seccomp_notif_sizes sizes;

	if (!cached.req) {
		if (seccomp(SECCOMP_GET_NOTIF_SIZES, 0, &sizes) == -1)
			die("seccomp(SECCOMP_GET_NOTIF_SIZES):");
		/* A newer kernel's structs may be larger than ours: size the
		 * buffers for both, so that neither side reads past the end. */
		cached.req_size = (MAX(sizes.seccomp_notif, sizeof(struct seccomp_notif)) + 7) & ~7;
		cached.resp_size = MAX(sizes.seccomp_notif_resp, sizeof(struct seccomp_notif_resp));
		cached.req = sys_mmap_anon(cached.req_size + cached.resp_size, MAP_PRIVATE);
		if (cached.req == MAP_FAILED)
			die("mmap:");
		cached.resp = (void *)((char *)cached.req + cached.req_size);
	}
	*nb = cached;
}

int id_valid_wrong_dir;

/* Linux 5.0-5.8 know the check only by its first number, and say EINVAL
 * to the current one; from then on we use theirs. */
int
id_valid(int listener, uint64_t id)
{
	if (!id_valid_wrong_dir) {
		if (sys_ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0)
			return 1;
		if (errno != EINVAL)
			return 0;
		id_valid_wrong_dir = 1;
	}
	return sys_ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR, &id) == 0;
}

