/* proctext.h: the texts unotify reads in /proc, each with its one
 * parser: a task's status and memory map, a user namespace's ID map, a
 * sysctl number. */
#ifndef PROCTEXT_H
#define PROCTEXT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "bpf.h"

enum { REAL, EFFECTIVE, SAVED, FS };	/* the four IDs of Uid: and Gid: */

/* What a directory made on a task's behalf takes from it.  All four user
 * and group IDs count: FUSE lets a mount's users in by the first three. */
struct identity {
	uid_t uid[4];
	gid_t gid[4];
	int ngroups;
	gid_t *groups;	/* ngroups of them */
	uint64_t cap_eff;	/* meaningful in the task's own user namespace */
	mode_t umask;
};

#define FEW_GROUPS	32	/* a group set that needs no memory of its own */

/* A parsed status file.  Its groups live in few until a task has more:
 * then in memory mapped for them, kept for the next parse (a set as large
 * as the kernel allows is 256 KB, not paid by callers with few). */
struct status {
	struct identity id;
	int nspids;	/* NSpid's fields: 1 where the procfs is of the task's PID namespace */
	pid_t nspid;	/* the first: the task's PID as that procfs numbers it */
	gid_t few[FEW_GROUPS];
	gid_t *many;
	size_t many_size;	/* how many fit there */
};

int parse_status(char *text, struct status *s);
gid_t *group_space(struct status *s, size_t n);
int id_mapped(char *map, uint32_t id);
int parse_sysctl_id(char *text, uint32_t *id);
int parse_loadavg_running(char *text, uint32_t *running);
int maps_readable(char *maps, uint64_t addr, int exec_reads);

#endif
