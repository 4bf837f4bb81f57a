# test/build.sh: the build itself (host only): bpf.h against the kernel
# headers, size, static linking, make install, the man page, fd passing.

build_cases() {
	"$build/uapi-ours" >"$build/uapi-ours.txt" && "$build/uapi-kernel" >"$build/uapi-kernel.txt"
	if diff "$build/uapi-kernel.txt" "$build/uapi-ours.txt" >"$build/uapi.diff"; then
		pass "bpf.h equals the kernel UAPI: $(wc -l <"$build/uapi-ours.txt") constants, sizes, offsets, ioctls"
	else
		flunk "bpf.h differs from the kernel UAPI headers" "$(cat "$build/uapi.diff")"
	fi
	limit=$(make -s -C "$here" size-limit)
	size=$(strip -o "$build/unotify.stripped" "$U" && wc -c <"$build/unotify.stripped")
	check "unotify is $size bytes stripped (at most $limit)" [ "$size" -le "$limit" ]
	check "unotify is static (no program interpreter)" sh -c "! readelf -l '$U' | grep -q INTERP"
	rm -rf "$work/inst"
	make -s -C "$here" install DESTDIR="$work/inst" PREFIX=/usr >/dev/null 2>&1
	check "make install honours DESTDIR and PREFIX" \
	    [ -x "$work/inst/usr/bin/unotify" -a -f "$work/inst/usr/share/man/man1/unotify.1" ]
	check "unotify.1 is mandoc-clean" sh -c "mandoc -Tlint -W warning '$here/unotify.1' >&2"
	testing "recv_fd: exactly one fd is accepted; any other message is EPROTO, with nothing left open" \
	    "\"$build/fdpass-check\"" "1 fds: received, nothing left open
0 fds: Protocol error, nothing left open
2 fds: Protocol error, nothing left open
4 fds: Protocol error, nothing left open
no message: Broken pipe, nothing left open"
}
