# unotify: one static executable, built with musl.  A static binary has
# little for RELRO to guard, and its page alignment costs 2-4 KB of the
# size budget: -z norelro.  A small common page size lets the data follow
# the code in the file instead of starting on a fresh page.  Not position
# independent: a static executable is loaded where it was linked.
CC = musl-gcc
CFLAGS = -Oz -fno-pie -Wall -Wextra -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables
LDFLAGS = -static -no-pie -s -Wl,--gc-sections -Wl,-z,noseparate-code -Wl,-z,norelro \
    -Wl,-z,common-page-size=64
PREFIX = /usr/local
DESTDIR =
SIZE_LIMIT = 49152
OBJ = unotify.o output.o target.o fdpass.o notif.o supervisor.o readpath.o policy.o caller.o \
    selftest.o bench.o
HOSTCC = cc
HELPERS = build/mkdir-raw build/become build/fdpass-check build/minimal build/uapi-ours build/uapi-kernel

all: unotify

unotify: $(OBJ)
	$(CC) $(LDFLAGS) -o $@ $(OBJ)
	@echo "unotify: `wc -c <$@` bytes stripped (limit $(SIZE_LIMIT))"

$(OBJ): bpf.h output.h target.h fdpass.h notif.h supervisor.h readpath.h policy.h caller.h \
    selftest.h bench.h

size-limit:
	@echo $(SIZE_LIMIT)

# The test suite's and the benchmark's helper programs.
helpers: $(HELPERS)

build/mkdir-raw: test/mkdir-raw.c bpf.h
	@mkdir -p build
	$(CC) -static -Os -o $@ test/mkdir-raw.c

build/become: test/become.c bpf.h
	@mkdir -p build
	$(CC) -static -Os -o $@ test/become.c

build/fdpass-check: test/fdpass-check.c fdpass.c fdpass.h
	@mkdir -p build
	$(CC) -static -Os -o $@ test/fdpass-check.c fdpass.c

build/minimal: bench/minimal.c fdpass.c fdpass.h bpf.h
	@mkdir -p build
	$(CC) -static -Os -o $@ bench/minimal.c fdpass.c

build/uapi-ours: test/uapi.c bpf.h
	@mkdir -p build
	$(CC) -o $@ test/uapi.c

build/uapi-kernel: test/uapi.c
	@mkdir -p build
	$(HOSTCC) -w -DKERNEL_HEADERS -o $@ test/uapi.c

demo: unotify
	-./unotify /tmp/unotify-demo ./unotify-demo /unotify-demo /bye /tmp/unotify-demo2
	-rmdir /tmp/unotify-demo ./unotify-demo

check: unotify
	./test.sh

install: unotify
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	cp unotify $(DESTDIR)$(PREFIX)/bin/unotify
	cp unotify.1 $(DESTDIR)$(PREFIX)/share/man/man1/unotify.1

clean:
	rm -f unotify $(OBJ)
	rm -rf build

.PHONY: all helpers size-limit demo check install clean
