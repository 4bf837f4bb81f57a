# unotify: one static executable, built with musl.  A static binary has
# little for RELRO to guard, and its page alignment costs 2-4 KB of the
# 40 KiB budget: -z norelro.
CC = musl-gcc
CFLAGS = -Os -Wall -Wextra -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables
LDFLAGS = -static -s -Wl,--gc-sections -Wl,-z,noseparate-code -Wl,-z,norelro
PREFIX = /usr/local
DESTDIR =
OBJ = unotify.o fdpass.o selftest.o bench.o

all: unotify

unotify: $(OBJ)
	$(CC) $(LDFLAGS) -o $@ $(OBJ)
	@echo "unotify: `wc -c <$@` bytes stripped (limit 40960)"

$(OBJ): unotify.h bpf.h

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

.PHONY: all demo check install clean
