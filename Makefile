# unotify: one static executable, built with musl.  A static binary has
# little for RELRO to guard, and its page alignment costs 2-4 KB of the
# size budget: -z norelro.  A small common page size lets the data follow
# the code in the file instead of starting on a fresh page.  Not position
# independent: a static executable is loaded where it was linked.  Link
# time optimisation: on arm64 it saves 1.3 KB.  No unwind tables: C that
# throws nothing needs none, and arm64's gcc makes them by default.  No
# frame pointer: -Oz keeps one on i686 and the LTO link on arm64 (1.3 and
# 1.0 KB); a stripped program has no debugger to walk it.
#
# make builds ./unotify for this machine (x86-64); make ARCH=A cross-builds
# build/A/unotify with Debian's cross gcc (sh test/packages.sh A installs
# what it needs): for aarch64 with the arm64 musl's specs (musl-dev:arm64),
# for riscv64 with a musl built from Debian's source into .cache/, for
# arm (armhf: ARMv7, EABI, hard float), i686, s390x, powerpc64le and
# mips64el (n64) with Debian 12's musl-dev of that architecture unpacked
# into .cache/.
ARCH = x86_64
ARCHES = x86_64 aarch64 riscv64 arm i686 s390x powerpc64le mips64el
$(if $(filter $(ARCH),$(ARCHES)),,$(error ARCH=$(ARCH) is unknown: use one of $(ARCHES)))
# each cross ARCH's GNU triplet (its gcc's) and each OCI architecture
TRIPLET_aarch64 = aarch64-linux-gnu
TRIPLET_riscv64 = riscv64-linux-gnu
TRIPLET_arm = arm-linux-gnueabihf
TRIPLET_i686 = i686-linux-gnu
TRIPLET_s390x = s390x-linux-gnu
TRIPLET_powerpc64le = powerpc64le-linux-gnu
TRIPLET_mips64el = mips64el-linux-gnuabi64
OCI_ARCH_x86_64 = amd64
OCI_ARCH_aarch64 = arm64
OCI_ARCH_riscv64 = riscv64
OCI_ARCH_arm = arm
OCI_ARCH_i686 = 386
OCI_ARCH_s390x = s390x
OCI_ARCH_powerpc64le = ppc64le
OCI_ARCH_mips64el = mips64le
CC_x86_64 = musl-gcc
CC_aarch64 = aarch64-linux-gnu-gcc -specs=/usr/lib/aarch64-linux-musl/musl-gcc.specs
CC_riscv64 = riscv64-linux-gnu-gcc -specs=$(CURDIR)/.cache/musl-riscv64/lib/musl-gcc.specs
CC = $(or $(CC_$(ARCH)),$(TRIPLET_$(ARCH))-gcc -specs=$(CURDIR)/.cache/musl-$(ARCH)/musl-gcc.specs)
# test/uapi.c against the kernel's own headers, with glibc
KERNEL_CC = $(if $(TRIPLET_$(ARCH)),$(TRIPLET_$(ARCH))-gcc -static,cc)
SIZE_LIMIT = 65536
O = $(if $(TRIPLET_$(ARCH)),build/$(ARCH),.)
H = $(if $(TRIPLET_$(ARCH)),build/$(ARCH),build)
# unotify on arm64: all of it (bss too) far under 1 MB, the tiny code model
# reaches any address with one adr (adrp+add otherwise): 2.6 KB less; and
# atomics inline (LL/SC, on every ARMv8), not libgcc's helpers.
TUNE_aarch64 = -mcmodel=tiny -mno-outline-atomics
# POWER: no traceback table after each function (AIX debuggers read it,
# Linux's unwinders do not): 2.0 KB less.
TUNE_powerpc64le = -mtraceback=no
# MIPS n64: every symbol a sign-extended 32-bit address, so the program
# is linked at 4 MB (as 32-bit programs are): an address is lui+daddiu,
# not a load from the GOT and $gp set up in every function: 11.6 KB less.
TUNE_mips64el = -msym32 -mplt -mno-shared -Wl,-Ttext-segment=0x400000
TUNE = $(TUNE_$(ARCH))
CFLAGS = -Oz -fno-pie -fomit-frame-pointer -flto -Wall -Wextra -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
    -fno-unwind-tables
LDFLAGS = -Oz -fomit-frame-pointer -flto -static -no-pie -s -Wl,--gc-sections -Wl,-z,noseparate-code -Wl,-z,norelro \
    -Wl,-z,common-page-size=64
# git describe of the checkout; a tarball's fixed fallback
VERSION = $(shell git -C '$(CURDIR)' describe --tags --always --dirty 2>/dev/null || echo 0.22)
PREFIX = /usr/local
DESTDIR =
SRC = unotify.c fdpass.c \
    supervisor/output.c supervisor/target.c supervisor/notif.c supervisor/readpath.c \
    supervisor/policy.c supervisor/workers.c supervisor/serve.c supervisor/supervisor.c \
    supervisor/caller/proctext.c supervisor/caller/procfs.c supervisor/caller/walk.c \
    supervisor/caller/caller.c supervisor/caller/box.c supervisor/caller/worker.c \
    selftest/checkkit.c selftest/check_kernel.c selftest/check_unotify.c selftest/selftest.c \
    bench/bench.c image/pid1.c
HDR = bpf.h supervisor/caller/poison.h $(filter-out unotify.h,$(SRC:.c=.h))
OBJ = $(SRC:%.c=build/$(ARCH)/obj/%.o)

all: $(O)/unotify

$(O)/unotify: $(OBJ)
	$(CC) $(TUNE) $(LDFLAGS) -o $@ $(OBJ)
	@echo "$@ ($(ARCH)): `wc -c <$@` bytes stripped (limit $(SIZE_LIMIT))"

# unotify.c is compiled again when the version changes
build/$(ARCH)/obj/unotify.o: build/$(ARCH)/version
build/$(ARCH)/obj/unotify.o: CFLAGS += -DUNOTIFY_VERSION='"$(VERSION)"'
build/$(ARCH)/version: FORCE
	@mkdir -p $(@D)
	@[ "`cat $@ 2>/dev/null`" = '$(VERSION)' ] || echo '$(VERSION)' >$@

build/$(ARCH)/obj/%.o: %.c $(HDR)
	@mkdir -p $(@D)
	$(CC) $(TUNE) $(CFLAGS) -I. -c -o $@ $<

size-limit:
	@echo $(SIZE_LIMIT)

# unotify as /init of an initramfs of its own: a kernel check image.
# the architectures, for the suite's loops
arches:
	@echo $(ARCHES)

initramfs: $(O)/unotify
	@mkdir -p build/$(ARCH)
	sh image/initramfs.sh $(O)/unotify build/$(ARCH)/unotify.cpio.gz

# unotify as the entrypoint of an OCI image, -t its default command.
oci: $(O)/unotify
	@mkdir -p build/$(ARCH)
	sh image/oci.sh $(O)/unotify $(OCI_ARCH_$(ARCH)) build/$(ARCH)/unotify-oci.tar

# The test suite's and the benchmark's helper programs.  uapi-kernel is
# test/uapi.c built against the kernel's own UAPI headers.
helpers: $(H)/mkdir-raw $(H)/become $(H)/fdpass-check $(H)/status-check $(H)/fuse-mount \
    $(H)/pathfuzz $(H)/errtext-check $(H)/minimal $(H)/crowd $(H)/attack \
    $(H)/uapi-ours $(H)/uapi-kernel

$(H)/mkdir-raw: test/mkdir-raw.c bpf.h
	@mkdir -p $(H)
	$(CC) -static -Os -I. -o $@ test/mkdir-raw.c

$(H)/become: test/become.c bpf.h
	@mkdir -p $(H)
	$(CC) -static -Os -I. -o $@ test/become.c

$(H)/fdpass-check: test/fdpass-check.c fdpass.c fdpass.h
	@mkdir -p $(H)
	$(CC) -static -Os -I. -o $@ test/fdpass-check.c fdpass.c

$(H)/status-check: test/status-check.c supervisor/caller/proctext.c supervisor/caller/proctext.h bpf.h
	@mkdir -p $(H)
	$(CC) -static -Os -I. -o $@ test/status-check.c supervisor/caller/proctext.c

$(H)/fuse-mount: test/fuse-mount.c
	@mkdir -p $(H)
	$(CC) -static -Os -I. -o $@ test/fuse-mount.c

$(H)/attack: test/attack.c
	@mkdir -p $(H)
	$(CC) -static -Os -I. -o $@ test/attack.c

$(H)/crowd: test/crowd.c
	@mkdir -p $(H)
	$(CC) -static -Os -I. -o $@ test/crowd.c

$(H)/pathfuzz: test/pathfuzz.c
	@mkdir -p $(H)
	$(CC) -static -Os -I. -o $@ test/pathfuzz.c

# with glibc, whose strerror(3) words output.c's error texts must match
$(H)/errtext-check: test/errtext-check.c supervisor/output.c supervisor/output.h
	@mkdir -p $(H)
	$(KERNEL_CC) -static -I. -o $@ test/errtext-check.c supervisor/output.c

$(H)/minimal: bench/minimal.c fdpass.c fdpass.h bpf.h
	@mkdir -p $(H)
	$(CC) -static -Os -I. -o $@ bench/minimal.c fdpass.c

$(H)/uapi-ours: test/uapi.c bpf.h
	@mkdir -p $(H)
	$(CC) -static -I. -o $@ test/uapi.c

$(H)/uapi-kernel: test/uapi.c
	@mkdir -p $(H)
	$(KERNEL_CC) -w -DKERNEL_HEADERS -I. -o $@ test/uapi.c

# libFuzzer targets (clang; Debian: clang, libclang-rt-14-dev), one for
# each parser of outside input: test/fuzz/NAME.c, its seeds in
# test/fuzz/NAME/.  make fuzz runs each FUZZ_SECONDS; a crash's input is
# left in build/fuzz/.  They link the program's objects built with glibc
# and the sanitizers (an archive: each takes what it calls), but for
# unotify.c, which options.c and init.c take whole for its static parser.
FUZZ_SECONDS = 10
FUZZ_CC = clang
FUZZ_CFLAGS = -g -O1 -Wall -Wextra -fno-sanitize-recover=all
FUZZ = status idmap sysctl maps walk output options init answer
FUZZ_OBJ = $(filter-out %/unotify.o,$(SRC:%.c=build/fuzz/obj/%.o))

fuzz: $(FUZZ:%=build/fuzz/%)
	sh test/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ)

$(FUZZ:%=build/fuzz/%): build/fuzz/%: test/fuzz/%.c test/fuzz/words.h build/fuzz/unotify.a unotify.c image/pid1.c $(HDR)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined -I. -o $@ test/fuzz/$*.c build/fuzz/unotify.a

build/fuzz/unotify.a: $(FUZZ_OBJ)
	rm -f $@
	ar rcs $@ $(FUZZ_OBJ)

build/fuzz/obj/%.o: %.c $(HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined -I. -c -o $@ $<

# The host suite on unotify built with clang against glibc under
# AddressSanitizer and UndefinedBehaviorSanitizer, and on the helpers that
# hold unotify's own code (proctext.c, fdpass.c, output.c): dynamic, for
# ASan needs a dynamic glibc.  Any report fails the run (test.sh says
# how).  Clang, for its one runtime of both sanitizers: gcc's are two
# libraries, and beside libasan the UBSan one writes to stderr whatever
# log_path says (linked in, it takes ASan's reports there instead).
SAN = build/sanitize
SAN_CC = clang
SAN_CFLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all \
    -Wall -Wextra
SAN_OBJ = $(SRC:%.c=$(SAN)/obj/%.o)

sanitize:
	./test.sh --sanitize

sanitized: $(SAN)/unotify $(SAN)/status-check $(SAN)/fdpass-check $(SAN)/errtext-check

$(SAN)/unotify: $(SAN_OBJ)
	$(SAN_CC) $(SAN_CFLAGS) -o $@ $(SAN_OBJ)

$(SAN)/obj/unotify.o: build/$(ARCH)/version
$(SAN)/obj/unotify.o: SAN_CFLAGS += -DUNOTIFY_VERSION='"$(VERSION)"'

$(SAN)/obj/%.o: %.c $(HDR)
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) -I. -c -o $@ $<

$(SAN)/status-check: test/status-check.c supervisor/caller/proctext.c supervisor/caller/proctext.h bpf.h
	@mkdir -p $(SAN)
	$(SAN_CC) $(SAN_CFLAGS) -I. -o $@ test/status-check.c supervisor/caller/proctext.c

$(SAN)/fdpass-check: test/fdpass-check.c fdpass.c fdpass.h
	@mkdir -p $(SAN)
	$(SAN_CC) $(SAN_CFLAGS) -I. -o $@ test/fdpass-check.c fdpass.c

$(SAN)/errtext-check: test/errtext-check.c supervisor/output.c supervisor/output.h
	@mkdir -p $(SAN)
	$(SAN_CC) $(SAN_CFLAGS) -I. -o $@ test/errtext-check.c supervisor/output.c

demo: unotify
	-./unotify /tmp/unotify-demo ./unotify-demo /unotify-demo /bye /tmp/unotify-demo2
	-rmdir /tmp/unotify-demo ./unotify-demo

check: unotify
	./test.sh

# install(1) sets the modes: cp would take them from the umask
install: $(O)/unotify
	install -d -m 755 $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(O)/unotify $(DESTDIR)$(PREFIX)/bin/unotify
	install -m 644 unotify.1 $(DESTDIR)$(PREFIX)/share/man/man1/unotify.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/unotify $(DESTDIR)$(PREFIX)/share/man/man1/unotify.1

clean:
	rm -f unotify
	rm -rf build

.PHONY: FORCE all arches helpers size-limit initramfs oci fuzz sanitize sanitized demo check install uninstall clean
