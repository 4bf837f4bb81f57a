# test/build.sh: the build itself (host only): bpf.h against the kernel
# headers, size, static linking, make install, the man page, fd passing;
# and the other architectures' builds (aarch64's and riscv64's bpf.h
# their guests check).

# uapi_case DIR ARCH: test/uapi.c built against bpf.h and against the
# kernel's headers (in DIR) prints the same
uapi_case() {
	"$1/uapi-ours" >"$work/uapi-ours.txt" && "$1/uapi-kernel" >"$work/uapi-kernel.txt"
	if diff "$work/uapi-kernel.txt" "$work/uapi-ours.txt" >"$work/uapi.diff"; then
		pass "$2 bpf.h equals the kernel UAPI: $(wc -l <"$work/uapi-ours.txt") constants, sizes, offsets, ioctls"
	else
		flunk "$2 bpf.h differs from the kernel UAPI headers" "$(cat "$work/uapi.diff")"
	fi
}

# stripped_size BINARY STRIP: its size stripped by STRIP (its
# architecture's strip: the host's knows its own machines alone)
stripped_size() {
	"$2" -o "$work/stripped" "$1" 2>/dev/null && wc -c <"$work/stripped"
}

# size_case BINARY ARCH MACHINE STRIP: stripped within the limit, static,
# that ELF machine
size_case() {
	limit=$(make -s -C "$here" ARCH=$2 size-limit)
	size=$(stripped_size "$1" "$4")
	check "$2 unotify is $size bytes stripped (at most $limit)" [ -n "$size" -a "${size:-0}" -le "$limit" ]
	static_case "$@"
}

static_case() {
	check "$2 unotify is static, for $3" sh -c "! readelf -l '$1' | grep -q INTERP && readelf -h '$1' | grep -q '$3'"
}

guest_uapi_cases() {
	uapi_case /bin "$(uname -m)"
}

# The /proc text parsers, on hostile and ordinary texts and this kernel's;
# the error texts, against glibc's.
unit_cases() {
	testing "output.c: the error texts are glibc's" "\"$ERRTEXT_CHECK\"" \
	    "45 errnos in glibc's words, 0 differ"
	testing "proctext.c: status, ID map, memory map and sysctl parsers on hostile texts" \
	    "\"$STATUS_CHECK\"" "this kernel's status: parsed
linux 6: uids 1 2 3 4, gids 5 6 7 8, 2 groups (last 20), cap 1ffffffffff, umask 022, nspid 7 of 1
no groups, linux 6: uids 1 2 3 4, gids 5 6 7 8, 0 groups (last 0), cap 1ffffffffff, umask 022, nspid 7 of 1
no groups, before: uids 1 2 3 4, gids 5 6 7 8, 0 groups (last 0), cap 1ffffffffff, umask 022, nspid 7 of 1
nested pid namespace: uids 1 2 3 4, gids 5 6 7 8, 0 groups (last 0), cap 0, umask 022, nspid 9 of 2
name with tabs: uids 1 2 3 4, gids 5 6 7 8, 0 groups (last 0), cap 1ffffffffff, umask 000, nspid 7 of 1
name with a newline and a forged Uid: rejected
forged Groups line: rejected
missing Uid: rejected
missing Umask: rejected
missing CapEff: rejected
three Uid fields: rejected
five Uid fields: rejected
Uid past 32 bits: rejected
Uid 4294967295: uids 1 2 3 4294967295, gids 5 6 7 8, 0 groups (last 0), cap 1ffffffffff, umask 022, nspid 7 of 1
a sign in Groups: rejected
CapEff not hex: rejected
CapEff past 64 bits: rejected
Umask past 0777: rejected
last line unended: rejected
empty: rejected
65536 groups: 65536 groups (last 66535)
65537 groups: rejected
initial namespace, 65534: 1
root only, 65534: 0
two ranges, 65534 in neither: 0
two ranges, 65534 in the second: 1
no map, 0: 0
garbage: -1
maps, a readable page: 1
maps, a writable page: 1
maps, no access: 0
maps, unmapped: 0
maps, garbage: -1
maps, no permissions, the last line: -1
maps, an execute-only page: 1 where the kernel reads those, 0 where not
sysctl \"65534\\n\": 0 65534; \"-1\\n\": -1"
}

# image_case: make initramfs's archive, read by cpio(1): its nodes and
# their modes, and init the very executable; and its length a multiple of 4 (the kernel
# finds an uncompressed archive appended to it only there), for programs
# one to seven bytes shorter too, whose archives end elsewhere
image_case() {
	img=$work/image.cpio.gz
	sh "$here/image/initramfs.sh" "$U" "$img" && mkdir -p "$work/image" \
	    && (cd "$work/image" && zcat "$img" | cpio -i --quiet --no-absolute-filenames 2>/dev/null)
	testing "make initramfs: / 0755, /dev, console c 5 1, null c 1 3, /tmp 1777, /init unotify itself" \
	    "zcat '$img' | LC_ALL=C cpio -t -v --quiet | awk '{print \$1, \$5, \$6, \$NF}'
cmp '$U' '$work/image/init' && echo init equal" \
	    "drwxr-xr-x 0 Jan .
drwxr-xr-x 0 Jan dev
crw------- 5, 1 dev/console
crw-rw-rw- 1, 3 dev/null
drwxrwxrwt 0 Jan tmp
-rwxr-xr-x $(wc -c <"$U") Jan init
init equal"
	lengths=
	for cut in 0 1 2 3 4 5 6 7; do
		head -c $(($(wc -c <"$U") - cut)) "$U" >"$work/image.prog"
		sh "$here/image/initramfs.sh" "$work/image.prog" "$img"
		lengths="$lengths $(($(wc -c <"$img") % 4))"
	done
	testing "make initramfs: the archive's length is a multiple of 4, whatever the program's" \
	    "echo$lengths" "0 0 0 0 0 0 0 0"
}

build_cases() {
	uapi_case "$build" x86_64
	if unsanitized "unotify's size and static linking, each architecture" \
	    "dynamic (ASan has no static runtime) and a megabyte; ./test.sh checks the product's builds"; then
		size_case "$U" x86_64 X86-64 strip
		size_case "$build/aarch64/unotify" aarch64 AArch64 aarch64-linux-gnu-strip
		size_case "$build/riscv64/unotify" riscv64 RISC-V riscv64-linux-gnu-strip
		size_case "$build/arm/unotify" arm ARM arm-linux-gnueabihf-strip
		size_case "$build/i686/unotify" i686 "Intel 80386" i686-linux-gnu-strip
		# Over 64 KiB still (issue 24 is open for it): static, and
		# their size said, but not yet held to the limit
		over_limit="# over the 65536-byte limit, not yet held to it (issue 24):"
		for over in "s390x IBM S/390:s390x-linux-gnu" "powerpc64le PowerPC64:powerpc64le-linux-gnu" \
		    "mips64el MIPS R3000:mips64el-linux-gnuabi64"; do
			arch=${over%% *} machine=${over#* } triplet=${over#*:}
			static_case "$build/$arch/unotify" "$arch" "${machine%:*}"
			over_limit="$over_limit $arch $(stripped_size "$build/$arch/unotify" "$triplet-strip"),"
		done
		over_limit=${over_limit%,}
	fi
	rm -rf "$work/inst"
	# built first: a build under umask 077 would make ./unotify 0700
	make -s -C "$here" all >/dev/null 2>&1
	(umask 077 && make -s -C "$here" install DESTDIR="$work/inst" PREFIX=/usr >/dev/null 2>&1)
	testing "make install under umask 077: DESTDIR and PREFIX honoured, modes 755 and 644" \
	    "stat -c '%a %n' inst/usr/bin inst/usr/bin/unotify inst/usr/share/man/man1/unotify.1" \
	    "755 inst/usr/bin
755 inst/usr/bin/unotify
644 inst/usr/share/man/man1/unotify.1"
	make -s -C "$here" uninstall DESTDIR="$work/inst" PREFIX=/usr >/dev/null 2>&1
	testing "make uninstall removes what make install put there" \
	    "find inst -type f" ""
	testing "make ARCH=unknown names the accepted values" "make -s -C \"$here\" ARCH=arm64 2>&1 | sed 's/^.*\\*\\*\\* //'" \
	    "ARCH=arm64 is unknown: use one of x86_64 aarch64 riscv64 arm i686 s390x powerpc64le mips64el.  Stop."
	check "unotify.1 is mandoc-clean" sh -c "mandoc -Tlint -W warning '$here/unotify.1' >&2"
	image_case
	testing "recv_fd: exactly one fd is accepted; any other message is EPROTO, with nothing left open" \
	    "\"$FDPASS_CHECK\"" "1 fds: received, nothing left open
0 fds: Protocol error, nothing left open
2 fds: Protocol error, nothing left open
4 fds: Protocol error, nothing left open
no message: Broken pipe, nothing left open"
}
