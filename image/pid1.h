/* pid1.h: unotify as the machine's init, the whole userland of an initramfs. */
#ifndef PID1_H
#define PID1_H

char **as_init(char **argv);

#endif
