# test/guest.sh: the guest stage: a BusyBox initramfs with unotify and
# the suite, booted by QEMU on a Debian kernel; the results are read back
# from the serial console.

fetch_kernel() {
	cache=$here/.cache
	kernel=$(ls "$cache"/vmlinuz-* 2>/dev/null | tail -n 1)
	if [ -z "$kernel" ]; then
		mkdir -p "$cache/unpack"
		pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/.*Depends: \(linux-image-[0-9].*\)/\1/p' | head -n 1)
		if [ -z "$pkg" ]; then
			apt-get update -qq >/dev/null 2>&1
			pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/.*Depends: \(linux-image-[0-9].*\)/\1/p' | head -n 1)
		fi
		[ -n "$pkg" ] || die "cannot resolve linux-image-amd64 (apt-cache depends); set KERNEL=path/to/vmlinuz"
		echo "test.sh: fetching $pkg into .cache/" >&2
		(cd "$cache/unpack" && apt-get download -q -o APT::Sandbox::User=root "$pkg" >/dev/null 2>&1) \
		    || die "apt-get download $pkg failed"
		dpkg-deb --fsys-tarfile "$cache/unpack/${pkg}_"*.deb | tar -x -C "$cache/unpack" ./boot \
		    || die "unpacking $pkg failed"
		mv "$cache/unpack/boot/vmlinuz-"* "$cache/" && rm -rf "$cache/unpack"
		kernel=$(ls "$cache"/vmlinuz-* | tail -n 1)
	fi
	echo "$kernel"
}

make_initramfs() {
	root=$build/root
	rm -rf "$root"
	mkdir -p "$root/bin" "$root/proc" "$root/dev" "$root/tmp"
	cp "$(command -v busybox)" "$U" "$RAW" "$BECOME" "$root/bin/"
	mkdir -p "$root/test"
	cp "$here/test.sh" "$root/test.sh"
	cp "$here"/test/*.sh "$root/test/"
	cat >"$root/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t devtmpfs dev /dev
echo "@@unotify early begin"
sh /test.sh --stage guest-early
echo "@@unotify early end $?"
mount -t proc proc /proc
echo "@@unotify full begin"
sh /test.sh --stage guest
echo "@@unotify full end $?"
poweroff -f
EOF
	chmod +x "$root/init"
	(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$build/initramfs.cpio.gz"
}

guest_section() {
	sed -n "/@@unotify $1 begin/,/@@unotify $1 end/p" "$build/guest.log" \
	    | grep -v '@@unotify' | grep -v '^\[ *[0-9.]*\] '
	grep -q "^@@unotify $1 end" "$build/guest.log"
}

guest_stage() {
	if [ "${UNOTIFY_SKIP_QEMU:-}" = 1 ]; then
		echo "# guest stage skipped: UNOTIFY_SKIP_QEMU=1"
		return 0
	fi
	if ! kernel=${KERNEL:-$(fetch_kernel)}; then
		flunk "guest stage: no kernel (the reason is above; KERNEL=path/to/vmlinuz picks one)"
		return
	fi
	if [ ! -r "$kernel" ]; then
		flunk "guest stage: kernel $kernel is not readable"
		return
	fi
	make_initramfs
	echo "# guest: $(basename "$kernel"), BusyBox initramfs $(wc -c <"$build/initramfs.cpio.gz") bytes, QEMU TCG"
	start=$(date +%s)
	timeout "${UNOTIFY_QEMU_TIMEOUT:-300}" qemu-system-x86_64 -accel tcg -nographic -no-reboot \
	    -m 256 -smp 2 -kernel "$kernel" -initrd "$build/initramfs.cpio.gz" \
	    -append "console=ttyS0 panic=-1 quiet loglevel=1" </dev/null >"$build/guest.raw" 2>&1
	qemu_rc=$?
	tr -d '\r' <"$build/guest.raw" >"$build/guest.log"
	echo "# guest stage took $(($(date +%s) - start)) s"
	if [ $qemu_rc != 0 ]; then
		flunk "guest: QEMU exit $qemu_rc (124: killed after ${UNOTIFY_QEMU_TIMEOUT:-300} s, the guest did not power off)" \
		    "$(tail -n 15 "$build/guest.log")"
	fi
	g_pass=0 g_fail=0 g_skip=0
	for section in early full; do
		if guest_section $section >"$build/guest-$section.tap"; then
			sed 's/^/guest: /' "$build/guest-$section.tap" | grep -v -e '^guest: TAP version' -e '^guest: 1\.\.'
			set -- $(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' \
			    "$build/guest-$section.tap")
			[ $# = 3 ] || set -- 0 1 0
			g_pass=$((g_pass + $1)) g_fail=$((g_fail + $2)) g_skip=$((g_skip + $3))
		else
			n=$((n + 1)) failed=$((failed + 1))
			echo "not ok $n - guest $section stage did not finish (QEMU exit $qemu_rc: crash, hang or timeout)"
			tail -n 15 "$build/guest.log" | sed 's/^/#   /'
		fi
	done
	echo "# guest: $g_pass passed, $g_fail failed, $g_skip skipped"
	passed=$((passed + g_pass)) failed=$((failed + g_fail)) skipped=$((skipped + g_skip))
}
