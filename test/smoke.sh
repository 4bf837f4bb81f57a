# test/smoke.sh: the architectures with no full guest (arm, i686, s390x,
# powerpc64le, mips64el) boot Debian 12's kernel once more, beside the
# matrix, with their own static BusyBox as init: bpf.h against the
# kernel's UAPI headers (test/uapi.c both ways, run there), and -x held
# against the kernel's own mkdir: as root, as a caller whose IDs need 32
# bits (100000), a path outside what is served, an inherited fd; on
# mips64el, mkdir by o32's and n32's numbers from an n64 task.

# The architectures, each with the Debian name of its packages and the
# kernel metapackage: the matrix's rows of Debian 12's private lists
# (test/matrix.sh), which are theirs alone
smoke_list() {
	matrix_list | sed -n 's/^6\.1 \([^ ]*\) bookworm \([^:]*\):\(.*\)$/\1 \3 \2/p'
}

# The guest's /init: each result a line "@@ WHAT: ..." for smoke_collect.
# A case's directory is made by the kernel (k) and under unotify -x (u)
# the same way, and its status, mode and owner are printed for each.
smoke_init() {
	cat <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t devtmpfs dev /dev
mount -t proc proc /proc
made() {
	echo "@@ $1: $2 $3 $(stat -c '%a %u %g' "$4" 2>&1)"
}
echo "@@smoke begin"
if uapi-ours >/uapi-ours.txt && uapi-kernel >/uapi-kernel.txt && [ -s /uapi-ours.txt ] \
    && cmp -s /uapi-kernel.txt /uapi-ours.txt; then
	echo "@@ uapi: equal"
else
	diff /uapi-kernel.txt /uapi-ours.txt | sed 's/^/@@ uapi: /'
fi
errtext-check >/errtext.txt
echo "@@ errtext: $? $(tail -n 1 /errtext.txt)"
sed -n 's/^format/@@ errtext: format/p' /errtext.txt
mkdir -p /tmp/k/a/b; made root kernel $? /tmp/k/a/b
unotify -q -x mkdir -p /tmp/u/a/b; made root unotify $? /tmp/u/a/b
big="-g 100000 -G 100000 -u 100000"
become $big mkdir /tmp/k32; made "IDs of 32 bits" kernel $? /tmp/k32
unotify -q -x become $big mkdir /tmp/u32; made "IDs of 32 bits" unotify $? /tmp/u32
# mips64: an n64 task's mkdir by o32's number (4039) and n32's (6081)
if [ "$(uname -m)" = mips64 ]; then
	for nr in 4039 6081; do
		mkdir-raw -nrpath $nr /tmp/k$nr; made "number $nr" kernel $? /tmp/k$nr
		unotify -q -x mkdir-raw -nrpath $nr /tmp/u$nr
		echo "@@ number $nr: unotify $? $(if [ -e /tmp/u$nr ]; then echo made; else echo absent; fi)"
	done
fi
unotify -q -x mkdir /outside 2>/dev/null
echo "@@ outside: $? $(if [ -e /outside ]; then echo made; else echo absent; fi)"
echo fd >/tmp/fd
echo "@@ inherited fd: $(unotify -q -x sh -c 'cat <&3' 3</tmp/fd)"
echo "@@smoke end"
poweroff -f
EOF
}

# smoke_initramfs ARCH DEBIAN_ARCH: BusyBox, unotify, become, test/uapi.c
# both ways, errtext-check, and the /init above
smoke_initramfs() {
	root=$build/smoke-root-$1
	rm -rf "$root"
	mkdir -p "$root/bin" "$root/proc" "$root/dev" "$root/tmp" || return 1
	bb=$(fetch "busybox-static:$2" 'bin/busybox' busybox bookworm) || return 1
	make -s -C "$here" ARCH=$1 all "build/$1/become" "build/$1/uapi-ours" "build/$1/uapi-kernel" \
	    "build/$1/mkdir-raw" "build/$1/errtext-check" >"$build/smoke-$1.make" 2>&1 \
	    || { cat "$build/smoke-$1.make" >&2; return 1; }
	cp "$bb" "$build/$1/unotify" "$build/$1/become" "$build/$1/uapi-ours" "$build/$1/uapi-kernel" \
	    "$build/$1/mkdir-raw" "$build/$1/errtext-check" "$root/bin/" || return 1
	chmod 1777 "$root/tmp"
	smoke_init >"$root/init" && chmod +x "$root/init" \
	    && (cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$build/smoke-$1.cpio.gz"
}

# smoke_launch: each architecture's boot, in the background
smoke_launch() {
	smoked=
	if [ -n "${KERNEL:-}" ]; then
		skip "the smoke boots" "KERNEL= boots that one kernel alone"
		return 0
	fi
	while read -r arch debarch meta; do
		package=$(depends_on bookworm "$meta:$debarch" 'linux-image-[0-9][^ ]*')
		if [ -z "$package" ] || ! kernel=$(fetch "$package" "$(kernel_file "$arch")" vmlinuz bookworm); then
			flunk "smoke $arch: no kernel (Debian 12's ${package:-$meta:$debarch} could not be fetched)"
			continue
		fi
		if ! smoke_initramfs "$arch" "$debarch"; then
			flunk "smoke $arch: no initramfs (BusyBox, unotify, become, uapi: fetching or building failed)"
			continue
		fi
		echo "# smoke $arch: $package, QEMU TCG, BusyBox as init"
		qemu "$arch" "$kernel" "$build/smoke-$arch.cpio.gz" 1 "$build/smoke-$arch.raw" &
		booting="$booting $!"
		smoked="$smoked $arch"
	done <<EOF
$(smoke_list)
EOF
}

# smoke_collect: each case of each boot; the kernel's line and unotify's
# must be equal
smoke_collect() {
	for arch in $smoked; do
		log=$build/smoke-$arch.log
		tr -d '\r' <"$build/smoke-$arch.raw" | sed -n 's/^@@ //p' >"$log"
		rc=$(cat "$build/smoke-$arch.raw.rc")
		if ! grep -q '^@@smoke end' "$build/smoke-$arch.raw" || [ "$rc" != 0 ]; then
			flunk "smoke $arch: the boot did not finish, or did not power off (QEMU exit $rc)" \
			    "$(tr -d '\r' <"$build/smoke-$arch.raw" | tail -n 8)"
			continue
		fi
		check "smoke $arch: bpf.h equals the kernel's UAPI headers there (test/uapi.c, both ways)" \
		    grep -qx 'uapi: equal' "$log"
		check "smoke $arch: the errors' words and the numbers' digits are glibc's there (test/errtext-check.c)" \
		    grep -qx 'errtext: 0 [1-9][0-9]* errnos in glibc.s words, 0 differ' "$log"
		for what in "root 0" "IDs of 32 bits 100000"; do
			id=${what##* } what=${what% *}
			testing "smoke $arch: -x mkdir, $what: as the kernel (made, 755, owner $id)" \
			    "sed -n 's/^$what: //p' '$log'" "kernel 0 755 $id $id
unotify 0 755 $id $id"
		done
		if [ "$arch" = mips64el ]; then
			# the kernel makes it, unotify's filter kills the caller
			# (SIGSYS, 12 on MIPS: 140)
			for nr in 4039 6081; do
				testing "smoke $arch: an n64 task's mkdir by number $nr: the kernel's, killed under -x" \
				    "sed -n 's/^number $nr: //p' '$log'" "kernel 0 700 0 0
unotify 140 absent"
			done
		fi
		testing "smoke $arch: -x mkdir /outside: refused, nothing made" \
		    "sed -n 's/^outside: //p' '$log'" "1 absent"
		testing "smoke $arch: -x PROG gets an inherited fd" "sed -n 's/^inherited fd: //p' '$log'" "fd"
		summary="$summary
# smoke $arch ($(cat "$build/smoke-$arch.raw.took"))"
	done
}
