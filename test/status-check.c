/* test/status-check.c: a test helper; feeds proctext.c's parsers hostile
 * and ordinary texts, a line each with what they made of it.  The suite
 * compares the lines with the expected ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "supervisor/caller/poison.h"
#include "supervisor/caller/proctext.h"

static struct status st;
static char text[1 << 21], draft[1 << 21];

#define HEAD	"Name:\tcat\nUmask:\t0022\nState:\tR (running)\nTgid:\t7\nPid:\t7\n"
#define IDS	"Uid:\t1\t2\t3\t4\nGid:\t5\t6\t7\t8\n"
#define TAIL	"CapEff:\t000001ffffffffff\nNSpid:\t7\n"

/* t, the text the parsers get.  Under ASan (make sanitize) the buffer past
 * its end is out of bounds: a parser that reads past the end of a hostile
 * text is reported. */
static char *
fill(const char *t)
{
	size_t len = strlen(t) + 1;

	ASAN_UNPOISON_MEMORY_REGION(text, sizeof(text));
	memcpy(text, t, len);
	ASAN_POISON_MEMORY_REGION(text + len, sizeof(text) - len);
	return text;
}

static void
status(const char *name, const char *t)
{
	if (parse_status(fill(t), &st) == -1) {
		printf("%s: rejected\n", name);
		return;
	}
	printf("%s: uids %u %u %u %u, gids %u %u %u %u, %d groups (last %u), cap %llx, umask %03o, "
	    "nspid %d of %d\n", name, st.id.uid[0], st.id.uid[1], st.id.uid[2], st.id.uid[3],
	    st.id.gid[0], st.id.gid[1], st.id.gid[2], st.id.gid[3], st.id.ngroups,
	    st.id.ngroups ? st.id.groups[st.id.ngroups - 1] : 0,
	    (unsigned long long)st.id.cap_eff, (unsigned)st.id.umask, (int)st.nspid, st.nspids);
}

/* A status whose Groups line holds n groups, from 1000 up. */
static void
many_groups(const char *name, int n)
{
	size_t at;
	int i;

	at = snprintf(draft, sizeof(draft), HEAD IDS "Groups:\t");
	for (i = 0; i < n; i++)
		at += snprintf(draft + at, sizeof(draft) - at, "%d ", 1000 + i);
	snprintf(draft + at, sizeof(draft) - at, "\n" TAIL);
	if (parse_status(fill(draft), &st) == -1)
		printf("%s: rejected\n", name);
	else
		printf("%s: %d groups (last %u)\n", name, st.id.ngroups, st.id.groups[st.id.ngroups - 1]);
}

static void
maps(const char *name, const char *t, uint64_t addr)
{
	printf("maps, %s: %d\n", name, maps_readable(fill(t), addr, 0));
}

static void
map(const char *name, const char *t, unsigned id)
{
	printf("%s: %d\n", name, id_mapped(fill(t), id));
}

/* This kernel's own text: no fields missing, none repeated. */
static void
real(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	size_t n;

	if (!f) {
		printf("this kernel's status: no /proc\n");
		return;
	}
	n = fread(draft, 1, sizeof(draft) - 1, f);
	draft[n] = '\0';
	fclose(f);
	printf("this kernel's status: %s\n", parse_status(fill(draft), &st) == 0 && st.nspids >= 1
	    && st.nspid == getpid() ? "parsed" : "rejected");
}

int
main(void)
{
	unsigned id = 0;

	real();
	status("linux 6", HEAD IDS "Groups:\t10 20 \n" TAIL);
	status("no groups, linux 6", HEAD IDS "Groups:\t \n" TAIL);
	status("no groups, before", HEAD IDS "Groups:\t\n" TAIL);
	status("nested pid namespace", HEAD IDS "Groups:\t\n" "CapEff:\t0\nNSpid:\t9\t1\n");
	status("name with tabs", "Name:\ta\tb\t\n" "Umask:\t0000\n" IDS "Groups:\t \n" TAIL);
	status("name with a newline and a forged Uid", "Name:\tx\nUid:\t0\t0\t0\t0\n"
	    "Umask:\t0022\n" IDS "Groups:\t \n" TAIL);
	status("forged Groups line", HEAD IDS "Groups:\t1 \nGroups:\t0 \n" TAIL);
	status("missing Uid", HEAD "Gid:\t5\t6\t7\t8\nGroups:\t \n" TAIL);
	status("missing Umask", "Name:\tcat\n" IDS "Groups:\t \n" TAIL);
	status("missing CapEff", HEAD IDS "Groups:\t \nNSpid:\t7\n");
	status("three Uid fields", HEAD "Uid:\t1\t2\t3\n" "Gid:\t5\t6\t7\t8\nGroups:\t \n" TAIL);
	status("five Uid fields", HEAD "Uid:\t1\t2\t3\t4\t5\n" "Gid:\t5\t6\t7\t8\nGroups:\t \n" TAIL);
	status("Uid past 32 bits", HEAD "Uid:\t1\t2\t3\t4294967296\n" "Gid:\t5\t6\t7\t8\nGroups:\t \n" TAIL);
	status("Uid 4294967295", HEAD "Uid:\t1\t2\t3\t4294967295\n" "Gid:\t5\t6\t7\t8\nGroups:\t \n" TAIL);
	status("a sign in Groups", HEAD IDS "Groups:\t-1 \n" TAIL);
	status("CapEff not hex", HEAD IDS "Groups:\t \n" "CapEff:\t00000zff\nNSpid:\t7\n");
	status("CapEff past 64 bits", HEAD IDS "Groups:\t \n" "CapEff:\t10000000000000000\nNSpid:\t7\n");
	status("Umask past 0777", "Name:\tx\nUmask:\t01000\n" IDS "Groups:\t \n" TAIL);
	status("last line unended", HEAD IDS "Groups:\t \n" "CapEff:\t0\nNSpid:\t7");
	status("empty", "");
	many_groups("65536 groups", 65536);
	many_groups("65537 groups", 65537);
	map("initial namespace, 65534", "         0          0 4294967295\n", 65534);
	map("root only, 65534", "         0       1000          1\n", 65534);
	map("two ranges, 65534 in neither", "0 100000 1\n1 65533 2\n", 65534);
	map("two ranges, 65534 in the second", "0 100000 1\n65530 65530 5\n", 65534);
	map("no map, 0", "", 0);
	map("garbage", "0 x 1\n", 0);
	maps("a readable page", "1000-3000 r--p 0 0:0 0 \n", 0x2000);
	maps("a writable page", "1000-3000 -w-p 0 0:0 0 \n", 0x1000);
	maps("no access", "1000-3000 ---p 0 0:0 0 \n", 0x1000);
	maps("unmapped", "1000-3000 rw-p 0 0:0 0 \n5000-6000 r--p 0 0:0 0 [stack]\n", 0x3000);
	maps("garbage", "1000/3000 rw-p\n", 0x1000);
	maps("no permissions, the last line", "1000-3000 \n", 0x1000);
	fill("1000-2000 --xp 0 0:0 0 /bin/x\n");
	printf("maps, an execute-only page: %d where the kernel reads those, %d where not\n",
	    maps_readable(text, 0x1000, 1), maps_readable(text, 0x1000, 0));
	printf("sysctl \"65534\\n\": %d", parse_sysctl_id(fill("65534\n"), &id));
	printf(" %u; \"-1\\n\": %d\n", id, parse_sysctl_id(fill("-1\n"), &id));
	return 0;
}
