# test/matrix.sh: the kernel matrix.  unotify.cpio.gz (make initramfs:
# unotify alone, as /init) boots Debian kernels of three releases under
# QEMU, beside the full guests; with nothing after "--" on the kernel's
# command line, unotify runs -t and powers the machine off.  Each kernel
# must pass, skip nothing it has, end with "unotify: exit 0", and end
# QEMU by itself: on x86 through the isa-debug-exit device, status 1.

# The kernels: a name, the architecture, the Debian release, and the
# metapackage whose kernel boots (its newest).
matrix_list() {
	cat <<'EOF'
5.10 x86_64 bullseye linux-image-amd64
6.1 x86_64 system linux-image-amd64
6.1-rt x86_64 system linux-image-rt-amd64
6.12 x86_64 system -
6.1 aarch64 system linux-image-arm64:arm64
6.12 aarch64 trixie linux-image-arm64:arm64
6.12-16k aarch64 trixie linux-image-arm64-16k:arm64
6.12 riscv64 trixie linux-image-riscv64:riscv64
6.1 arm bookworm linux-image-armmp:armhf
6.12 arm trixie linux-image-armmp:armhf
6.1 i686 bookworm linux-image-686:i386
6.1 s390x bookworm linux-image-s390x:s390x
6.1 powerpc64le bookworm linux-image-powerpc64le:ppc64el
6.1 mips64el bookworm linux-image-5kc-malta:mips64el
EOF
}

# matrix_kernel RELEASE METAPACKAGE: the kernel package to boot
matrix_kernel() {
	case $2 in
	-) backports_612 ;;
	*) depends_on "$1" "$2" 'linux-image-[0-9][^ ]*' ;;
	esac
}

# Starts every boot of the matrix; the kernels are fetched first.
matrix_launch() {
	matrix= smoked=
	if [ -n "${KERNEL:-}" ]; then
		skip "the kernel matrix" "KERNEL= boots that one kernel alone"
		smoke_launch	# (which says so too)
		return 0
	fi
	for arch in $(make -s -C "$here" arches); do
		make -s -C "$here" ARCH=$arch initramfs >/dev/null \
		    || { flunk "kernel matrix: make ARCH=$arch initramfs failed"; return; }
	done
	while read -r name arch rel meta; do
		m="$name-$arch"
		package=$(matrix_kernel "$rel" "$meta")
		if [ -z "$package" ] || ! kernel=$(fetch "$package" "$(kernel_file "$arch")" vmlinuz "$rel"); then
			flunk "kernel matrix $m: no kernel (Debian $rel's ${package:-$meta} could not be fetched)"
			continue
		fi
		echo "# kernel matrix $m: $package, QEMU TCG, unotify.cpio.gz alone"
		qemu "$arch" "$kernel" "$here/build/$arch/unotify.cpio.gz" 1 "$build/matrix-$m.raw" &
		booting="$booting $!"
		matrix="$matrix $m"
		[ "$m" != 6.1-x86_64 ] || image_launch "$kernel"
	done <<EOF
$(matrix_list)
EOF
	smoke_launch	# and the smoke boots of test/smoke.sh
}

# image_launch KERNEL: the image as its users extend it, with an archive
# of their own appended, uncompressed (BusyBox alone: /tmp is the
# image's), and unotify's arguments after "--": a PROG that shows the
# modes of / and /tmp, makes directories and stops unotify, which init
# must continue; and with a word the kernel hands init, not ours
image_launch() {
	rm -rf "$build/own" && mkdir -p "$build/own/bin" \
	    && cp "$(command -v busybox)" "$build/own/bin/" \
	    && (cd "$build/own" && find bin | cpio -o -H newc 2>/dev/null) >"$build/own.cpio" \
	    && cat "$here/build/x86_64/unotify.cpio.gz" "$build/own.cpio" >"$build/own-image.cpio" \
	    || { flunk "unotify.cpio.gz with one's own archive: could not be made"; return; }
	b=/bin/busybox
	qemu x86_64 "$1" "$build/own-image.cpio" 1 "$build/image-own.raw" \
	    "-- -x $b sh -c \"$b stat -c '%a %n' / /tmp; $b mkdir /tmp/d ./made; $b kill -STOP \$PPID; $b echo on\"" &
	booting="$booting $!"
	qemu x86_64 "$1" "$here/build/x86_64/unotify.cpio.gz" 1 "$build/image-word.raw" "splash -- -t" &
	booting="$booting $!"
	matrix="$matrix image"
}

# image_collect: what those two boots said
image_collect() {
	console_lines "$build/image-own.raw" >"$build/image-own.log"
	check_lines "6.1 x86_64: unotify.cpio.gz, an uncompressed archive appended, -- -x PROG: / 0755, /tmp 1777, served, a stop continued" \
	    "$build/image-own.log" "$(cat "$build/image-own.raw.rc")" "755 /" "1777 /tmp" \
	    "$TAB""S: executing: mkdir(\"/tmp/d\", 0777)" "$TAB""S: target can execute system call: mkdir(\"./made\", 0777)" \
	    "unotify: as init: stopped by signal 19, continued" "on" "unotify: exit 0"
	console_lines "$build/image-word.raw" >"$build/image-word.log"
	check_lines "6.1 x86_64: unotify.cpio.gz, a word of the kernel's before --: refused, exit 125" \
	    "$build/image-word.log" "$(cat "$build/image-word.raw.rc")" \
	    "unotify: as init: 'splash' is neither an option nor a path begun by / or . (ours go after \"--\" on the kernel's command line)" \
	    "unotify: exit 125"
}

# console_lines RAW: the console's lines, without the firmware's screen
# clearing that may begin the first of init's
console_lines() {
	tr -d '\r' <"$1" | sed "s/^.*$(printf '\033')\\[2J//"
}

# verdict ARCH LOG: the status QEMU must end with after init's line
# "unotify: exit N" in LOG: on x86 the isa-debug-exit device's 2N+1
# (modulo 256), elsewhere 0, a power off; nothing without that line
verdict() {
	v_n=$(sed -n 's/^unotify: exit \([0-9]*\)$/\1/p' "$2" | head -n 1)
	[ -n "$v_n" ] || return
	case $1 in
	x86_64|i686) echo $(((2 * v_n + 1) % 256)) ;;
	*) echo 0 ;;
	esac
}

# check_lines WHAT LOG QEMU_STATUS LINE...: QEMU's status is the verdict
# of init's last line, and LOG holds each LINE, whole (x86 boots only)
check_lines() {
	what=$1 log=$2 rc=$3
	shift 3
	for line; do
		grep -qxF "$line" "$log" || { flunk "$what" "QEMU exit $rc; missing: $line" "$(tail -n 8 "$log")"; return; }
	done
	[ "$rc" = "$(verdict x86_64 "$log")" ] && pass "$what" \
	    || flunk "$what" "QEMU exit $rc, not 2N+1 for unotify: exit N (124: killed, no power off)"
}

# matrix_collect: a line per kernel with its counts, and its checks
matrix_collect() {
	for m in $matrix; do
		[ "$m" != image ] || { image_collect; continue; }
		log=$build/matrix-$m.log
		tr -d '\r' <"$build/matrix-$m.raw" | grep -v '^\[ *[0-9.]*\] ' >"$log"
		# the firmware's last escape sequences may precede it on its line
		sed -n 's/.*\(TAP version 13\)$/\1/; /^TAP version 13$/,/^1\.\./p' "$log" >"$build/matrix-$m.tap"
		rc=$(cat "$build/matrix-$m.raw.rc")
		release=$(sed -n 's/^# unotify .* -t on Linux \([^ ]*\) .*/\1/p' "$log")
		oks=$(grep -c '^ok ' "$build/matrix-$m.tap")
		bad=$(grep -c '^not ok ' "$build/matrix-$m.tap")
		skips=$(grep -c '^ok .* # SKIP ' "$build/matrix-$m.tap")
		summary="$summary
# kernel matrix $m (${release:-?}): $((oks - skips)) ok, $bad not ok, $skips skipped ($(cat "$build/matrix-$m.raw.took"))"
		if [ "$bad" = 0 ] && grep -q '^1\.\.' "$build/matrix-$m.tap" && grep -q '^unotify: exit 0$' "$log" \
		    && [ "$rc" = "$(verdict "${m##*-}" "$log")" ]; then
			pass "kernel matrix $m: -t passes, unotify: exit 0, QEMU ended by itself with status $rc"
		else
			flunk "kernel matrix $m: QEMU exit $rc (124: killed, no power off; x86: 2N+1 for exit N), $bad not ok" \
			    "$(grep -A1 '^not ok' "$build/matrix-$m.tap")" "$(tail -n 5 "$log")"
		fi
		grep ' # SKIP ' "$build/matrix-$m.tap" | sed "s/^/# kernel matrix $m: /"
		check "kernel matrix $m: no check skipped for a feature this kernel has" \
		    skips_kernel_has "$build/matrix-$m.tap" "$release"
		if command -v prove >/dev/null 2>&1; then
			check "kernel matrix $m: valid TAP for prove" \
			    sh -c "prove -e cat '$build/matrix-$m.tap' >'$build/matrix-$m.prove' 2>&1"
		fi
	done
	smoke_collect
}
