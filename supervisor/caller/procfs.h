/* procfs.h: a procfs of unotify's own PID namespace, and reading its files. */
#ifndef PROCFS_H
#define PROCFS_H

int procfs_open(const char **why);
char *proc_read(int fd);
char *proc_read_at(int dir, const char *name);

#endif
