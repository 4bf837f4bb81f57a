# test/matrix.sh: the kernel matrix.  unotify.cpio.gz (make initramfs:
# unotify alone, as /init) boots Debian kernels of three releases under
# QEMU, beside the full guests; with nothing after "--" on the kernel's
# command line, unotify runs -t and powers the machine off.  Each kernel
# must pass, skip nothing it has, end with "unotify: exit 0", and power
# off by itself.

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
EOF
}

# matrix_kernel RELEASE METAPACKAGE: the kernel package to boot
matrix_kernel() {
	case $2 in
	-) sed -n 's/^6\.12 x86_64 \([^ ]*\) .*/\1/p' "$build/guests" ;;	# as the full guest's
	*) depends_on "$1" "$2" 'linux-image-[0-9][^ ]*' ;;
	esac
}

# Starts every boot of the matrix; the kernels are fetched first.
matrix_launch() {
	matrix=
	[ -z "${KERNEL:-}" ] || return 0
	for arch in x86_64 aarch64 riscv64; do
		make -s -C "$here" ARCH=$arch initramfs >/dev/null \
		    || { flunk "kernel matrix: make ARCH=$arch initramfs failed"; return; }
	done
	guest_list >"$build/guests"
	while read -r name arch rel meta; do
		m="$name-$arch"
		package=$(matrix_kernel "$rel" "$meta")
		if [ -z "$package" ] || ! kernel=$(fetch "$package" "$(kernel_file "$arch")" vmlinuz "$rel"); then
			flunk "kernel matrix $m: no kernel (Debian $rel's ${package:-$meta} could not be fetched)"
			continue
		fi
		echo "# kernel matrix $m: $package, QEMU TCG, unotify.cpio.gz alone"
		qemu "$arch" "$kernel" "$here/build/$arch/unotify.cpio.gz" 1 "$build/matrix-$m.raw" &
		matrix="$matrix $m"
	done <<EOF
$(matrix_list)
EOF
}

# matrix_collect: a line per kernel with its counts, and its checks
matrix_collect() {
	for m in $matrix; do
		log=$build/matrix-$m.log
		tr -d '\r' <"$build/matrix-$m.raw" | grep -v '^\[ *[0-9.]*\] ' >"$log"
		# the firmware's last escape sequences may precede it on its line
		sed -n 's/.*\(TAP version 13\)$/\1/; /^TAP version 13$/,/^1\.\./p' "$log" >"$build/matrix-$m.tap"
		rc=$(cat "$build/matrix-$m.raw.rc")
		release=$(sed -n 's/^# unotify -t on Linux \([^ ]*\) .*/\1/p' "$log")
		oks=$(grep -c '^ok ' "$build/matrix-$m.tap")
		bad=$(grep -c '^not ok ' "$build/matrix-$m.tap")
		skips=$(grep -c '^ok .* # SKIP ' "$build/matrix-$m.tap")
		summary="$summary
# kernel matrix $m (${release:-?}): $((oks - skips)) ok, $bad not ok, $skips skipped"
		if [ "$rc" = 0 ] && [ "$bad" = 0 ] && grep -q '^1\.\.' "$build/matrix-$m.tap" \
		    && grep -q '^unotify: exit 0$' "$log"; then
			pass "kernel matrix $m: -t passes, unotify: exit 0, QEMU powered off by itself"
		else
			flunk "kernel matrix $m: QEMU exit $rc (124: killed, no power off), $bad not ok" \
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
}
