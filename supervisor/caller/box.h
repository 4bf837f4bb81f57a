/* box.h: the page a serve loop shares with one of its workers, and
 * nothing else of either: the answer, and the news that a request waits
 * on the socket, handed over without a sleep and a wake-up.  A wake-up
 * across two address spaces is what a worker costs (measured on the
 * 2-core test machines: a socket round trip between two processes takes
 * 22 us on one CPU, 37 us across two; a word in a shared page, watched
 * from two CPUs, 0.6 us).  Each side watches only a moment, and only
 * where a second CPU lets the other run meanwhile; the socket stays the
 * channel of record.  The worker may be its caller's to write: what the
 * page says is an answer for that identity's own calls, nothing more. */
#ifndef BOX_H
#define BOX_H

#include <stdint.h>

#include "supervisor/caller/worker.h"

/* How long a worker watches for its next request (after 50 us, 1.4% to
 * 10% of the requests of a create loop found it asleep; after 100 us,
 * 0.1%), and how long a loop, which serves every caller, watches for an
 * answer (a create on tmpfs takes a worker 15 us). */
#define BOX_REQUEST_NS	100000
#define BOX_ANSWER_NS	50000

enum { BOX_ASKED = 1, BOX_SLEEPS, BOX_ANSWERED };

struct box {
	uint32_t asked;		/* the loop counts its requests here, each once it is on the socket */
	uint32_t watching;	/* the worker watches asked: a request is seen at once */
	uint32_t state;		/* BOX_ASKED, then BOX_ANSWERED (a is the answer) or BOX_SLEEPS (the loop
				 * stopped watching: the answer goes on the socket) */
	struct worker_answer a;
};

int usable_cpus(void);
struct box *box_new(int *fd);
struct box *box_map(int fd);
void box_unmap(struct box *b);
int watch_while(const uint32_t *word, uint32_t value, long ns);

#endif
