# test/guest.sh: the guest stage.  BusyBox initramfs images with unotify
# and the suite boot Debian kernels under QEMU (-accel tcg), all at once
# and beside the kernel matrix (test/matrix.sh); each guest runs the suite
# before /proc is mounted and then in full, and its results are read back
# from its serial console.

# The guests: a name, the architecture, the Debian kernel package
# (resolved from the package lists, so the newest of each series boots),
# its release, and the stage it runs (the whole suite where none is
# named).  5.10 runs the isolation cases alone: before 5.16 a core dump
# killed every process that shared the dumping one's memory.  x86-64's
# 6.1 and the host's own kernel bound the releases between them; the
# matrix runs -t on the kernels in between (test/matrix.sh).
guest_list() {
	if [ -n "${KERNEL:-}" ]; then
		echo "custom x86_64 - system"
		return
	fi
	echo "6.1 x86_64 $(depends_on system linux-image-amd64 'linux-image-6\.1\.[0-9.-]*-amd64')"
	echo "6.1 aarch64 $(depends_on system linux-image-arm64:arm64 'linux-image-6\.1\.[0-9.-]*-arm64:arm64') system"
	echo "6.12 riscv64 $(depends_on trixie linux-image-riscv64:riscv64 'linux-image-[0-9][^ ]*') trixie"
	echo "5.10 x86_64 $(depends_on bullseye linux-image-amd64 'linux-image-[0-9][^ ]*') bullseye isolation"
}

# Debian 12's newest 6.12 kernel package (bookworm-backports' series)
backports_612() {
	memo system "backports 6.12" backports_612_now
}

backports_612_now() {
	apt-cache search --names-only '^linux-image-6\.12\.[0-9]*\+deb12-amd64$' 2>/dev/null \
	    | sed -n 's/^linux-image-6\.12\.\([0-9]*\)+deb12-amd64 .*/\1/p' | sort -n | tail -n 1 \
	    | sed 's/^\(.\)/linux-image-6.12.\1/; s/$/+deb12-amd64/'
}

# kernel_file ARCH: the file of a Debian kernel package QEMU boots
kernel_file() {
	case $1 in
	riscv64|powerpc64le) echo 'boot/vmlinux-*' ;;	# QEMU boots their uncompressed image
	*) echo 'boot/vmlinuz-*' ;;
	esac
}

# make_initramfs ARCH: BusyBox, unotify, the helpers, the suite, an /init
make_initramfs() {
	root=$build/root-$1
	rm -rf "$root"
	mkdir -p "$root/bin" "$root/proc" "$root/dev" "$root/tmp" "$root/test"
	case $1 in
	x86_64) bb=$(command -v busybox) ;;
	aarch64) bb=$(fetch busybox-static:arm64 'bin/busybox' busybox) ;;
	riscv64) bb=$(fetch busybox-static:riscv64 'usr/bin/busybox' busybox trixie) ;;
	esac || return 1
	if [ "$1" = x86_64 ]; then
		cp "$bb" "$U" "$RAW" "$BECOME" "$STATUS_CHECK" "$FUSE" "$PATHFUZZ" \
		    "$ERRTEXT_CHECK" "$CROWD" "$ATTACK" "$root/bin/"
	else
		cp "$bb" "$build/$1/unotify" "$build/$1/mkdir-raw" "$build/$1/become" \
		    "$build/$1/status-check" "$build/$1/fuse-mount" "$build/$1/pathfuzz" \
		    "$build/$1/errtext-check" "$build/$1/uapi-ours" "$build/$1/crowd" "$build/$1/attack" \
		    "$build/$1/uapi-kernel" "$root/bin/"
	fi
	cp "$here/test.sh" "$root/test.sh"
	cp "$here"/test/*.sh "$root/test/"
	cat >"$root/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t devtmpfs dev /dev
mount -t proc proc /proc
stage=guest
case " $(cat /proc/cmdline) " in
*" unotify.stage=isolation "*) stage=isolation ;;
esac
umount /proc
echo "@@unotify release $(uname -r)"
echo "@@unotify early begin"
if [ $stage = guest ]; then
	sh /test.sh --stage guest-early
else
	echo "0 passed, 0 failed, 0 skipped"
fi
echo "@@unotify early end $?"
mount -t proc proc /proc
echo "@@unotify full begin"
sh /test.sh --stage $stage
echo "@@unotify full end $?"
poweroff -f
EOF
	chmod +x "$root/init"
	(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$build/initramfs-$1.cpio.gz"
}

# qemu ARCH KERNEL INITRD CPUS OUT [WORDS]: boots KERNEL with INITRD under
# QEMU's emulation (-accel tcg), bounded by a timeout, WORDS at the end of
# its command line; the console into OUT, and QEMU's exit status (124:
# killed, it did not power off; on x86, 2N+1: unotify as init ended with
# N through the isa-debug-exit device) into OUT.rc, and its wall and CPU
# seconds into OUT.took (the suite has a budget, and TCG is its most)
qemu() {
	# (x86's check of the IO-APIC timer fails when an emulated CPU is
	# starved, two cores shared by every boot: the kernel panics)
	q_mem=256 q_words=
	case $1 in
	x86_64) q_cmd="qemu-system-x86_64 -device isa-debug-exit" q_console=ttyS0 q_words=" no_timer_check" ;;
	aarch64) q_cmd="qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on" q_console=ttyAMA0 ;;
	riscv64) q_cmd="qemu-system-riscv64 -M virt" q_console=ttyS0 ;;
	arm) q_cmd="qemu-system-arm -M virt" q_console=ttyAMA0 ;;
	i686) q_cmd="qemu-system-i386 -device isa-debug-exit" q_console=ttyS0 q_words=" no_timer_check" ;;
	s390x) q_cmd="qemu-system-s390x -M s390-ccw-virtio" q_console=ttysclp0 ;;
	powerpc64le) q_cmd="qemu-system-ppc64 -M pseries" q_console=hvc0 q_mem=1024 ;;
	mips64el) q_cmd="qemu-system-mips64el -M malta -cpu 5KEc" q_console=ttyS0 ;;
	esac
	q_start=$(date +%s)
	# no network: on x86 the NIC's boot ROM (iPXE) would also write to
	# the console, into init's first line
	timeout "${UNOTIFY_QEMU_TIMEOUT:-450}" $q_cmd -accel tcg -nographic -no-reboot -nic none -m $q_mem -smp $4 \
	    -kernel "$2" -initrd "$3" -append "console=$q_console panic=-1 quiet loglevel=1$q_words${6:+ $6}" \
	    </dev/null >"$5" 2>&1
	echo $? >"$5.rc"
	# times' second line, "1m2.5s 0m0.75s": the user and system time of
	# the shell's waited children, this boot's alone in its background
	# shell (not in a $(...), a process with no children of its own)
	times >"$5.times"
	q_cpu=$(sed -n '2s/[ms]/ /gp' "$5.times" | awk '{ printf "%d", $1 * 60 + $2 + $3 * 60 + $4 + 0.5 }')
	echo "$(($(date +%s) - q_start)) s, CPU $q_cpu s" >"$5.took"
}

# boot NAME ARCH KERNEL [STAGE]: the full guest, or the one stage
boot() {
	qemu "$2" "$3" "$build/initramfs-$2.cpio.gz" 1 "$build/guest-$1.raw" \
	    ${4:+unotify.stage=$4}
}

# section NAME PART: that part of guest NAME's console; fails if its end
# marker is missing
section() {
	sed -n "/@@unotify $2 begin/,/@@unotify $2 end/p" "$build/guest-$1.log" \
	    | grep -v '@@unotify' | grep -v '^\[ *[0-9.]*\] '
	grep -q "^@@unotify $2 end" "$build/guest-$1.log"
}

# collect NAME ARCH: guest NAME's TAP lines, its counts added to ours
collect() {
	tr -d '\r' <"$build/guest-$1.raw" >"$build/guest-$1.log"
	rc=$(cat "$build/guest-$1.raw.rc")
	if [ "$rc" != 0 ]; then
		flunk "guest $1: QEMU exit $rc (124: killed after ${UNOTIFY_QEMU_TIMEOUT:-450} s, it did not power off)" \
		    "$(tail -n 15 "$build/guest-$1.log")"
	fi
	g_pass=0 g_fail=0 g_skip=0
	for part in early full; do
		if section "$1" $part >"$build/guest-$1-$part.tap"; then
			grep -v -e '^TAP version' -e '^1\.\.' "$build/guest-$1-$part.tap" | sed "s/^/guest $1: /"
			set -- "$1" "$2" $(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' \
			    "$build/guest-$1-$part.tap")
			[ $# = 5 ] || set -- "$1" "$2" 0 1 0
			g_pass=$((g_pass + $3)) g_fail=$((g_fail + $4)) g_skip=$((g_skip + $5))
		else
			flunk "guest $1: the $part stage did not finish (QEMU exit $rc: crash, hang or timeout)" \
			    "$(tail -n 15 "$build/guest-$1.log")"
		fi
	done
	passed=$((passed + g_pass)) failed=$((failed + g_fail)) skipped=$((skipped + g_skip))
	summary="$summary
# guest $1 ($(sed -n 's/.*@@unotify release //p' "$build/guest-$1.log")): $g_pass passed, $g_fail failed, $g_skip skipped ($(cat "$build/guest-$1.raw.took"))"
}

# guest_launch: every guest and every kernel of the matrix booted in the
# background, to run while the host suite does
guest_launch() {
	booted= matrix= booting=
	if [ "${UNOTIFY_SKIP_QEMU:-}" = 1 ]; then
		echo "# guest stage skipped: UNOTIFY_SKIP_QEMU=1"
		return 0
	fi
	guest_start=$(date +%s)
	rm -f "$build"/initramfs-*.cpio.gz
	guest_list >"$build/guests"
	while read -r name arch package rel g_stage; do
		if [ "$name" = custom ]; then
			kernel=$KERNEL
		elif [ -z "$package" ] || ! kernel=$(fetch "$package" "$(kernel_file "$arch")" vmlinuz "$rel"); then
			flunk "guest $name $arch: no kernel (${package:-no package found}; KERNEL=path/to/vmlinuz picks one)"
			continue
		fi
		if [ ! -r "$kernel" ]; then
			flunk "guest $name $arch: kernel $kernel is not readable"
			continue
		fi
		if [ ! -f "$build/initramfs-$arch.cpio.gz" ] && ! make_initramfs "$arch"; then
			flunk "guest $name $arch: no initramfs (the reason is above)"
			continue
		fi
		echo "# guest $name $arch: ${package:-$kernel}, QEMU TCG"
		boot "$name-$arch" "$arch" "$kernel" "$g_stage" &
		booting="$booting $!"
		booted="$booted $name-$arch:$arch"
	done <"$build/guests"
	matrix_launch	# after the guests, the longest boots
}

# guest_collect: waits for them all; their lines and counts
guest_collect() {
	[ -n "$booted$matrix$smoked" ] || return 0
	wait $booting	# QEMU's alone: a straggler of a case is none of ours
	echo "# guest stage took $(($(date +%s) - guest_start)) s"
	for guest in $booted; do
		collect "${guest%%:*}" "${guest#*:}"
	done
	matrix_collect
}
