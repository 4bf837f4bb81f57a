/* readpath.h: reading a path out of the target's memory. */
#ifndef READPATH_H
#define READPATH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum reader {
	READ_ANY,	/* process_vm_readv(2), /proc/PID/mem where it is missing or refused */
	READ_PROC_MEM,	/* /proc/PID/mem only (the self-test's second reader) */
};

size_t page_size(void);
int vm_readv_refused(void);
int read_path(int proc, pid_t pid, uint64_t addr, char *buf, enum reader how);

#endif
