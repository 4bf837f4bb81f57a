# unotify: one static executable, built with musl.
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

check: unotify
	./test.sh

install: unotify
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	cp unotify $(DESTDIR)$(PREFIX)/bin/unotify
	cp unotify.1 $(DESTDIR)$(PREFIX)/share/man/man1/unotify.1

clean:
	rm -f unotify $(OBJ)

.PHONY: all check install clean
