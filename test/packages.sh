#!/bin/sh
# test/packages.sh demo|host|test|ARCH: the one place that installs what
# unotify's demo, its host suite (make sanitize), its whole test suite,
# or its build for ARCH (aarch64, riscv64, arm, i686, s390x, powerpc64le,
# mips64el) needs.  On Debian as root, what is missing is installed with
# apt-get (for arm64, after adding the architecture); elsewhere the
# packages are named and it stops.  musl for arm, i686, s390x, ppc64el
# and mips64el is Debian 12's musl-dev of that architecture, unpacked
# into .cache/musl-ARCH and its specs pointed there (fetched with a
# private apt configuration; the system's is never changed, nor its
# architectures).  Debian 12 has no riscv64 musl, and Debian 13's makes
# Debian 12's riscv64 linker crash: musl is built from Debian's own
# source package, once, into .cache/musl-riscv64.  test.sh runs it, and
# so does .ci/run.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
here=$top
. "$top/test/debian.sh"

# what:package pairs; "what" is a command, or a file that must exist
demo="make:make cc:gcc musl-gcc:musl-tools"
aarch64="aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu
    /usr/lib/aarch64-linux-musl/musl-gcc.specs:musl-dev:arm64
    qemu-system-aarch64:qemu-system-arm"
riscv64="riscv64-linux-gnu-gcc:gcc-riscv64-linux-gnu qemu-system-riscv64:qemu-system-misc
    /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin:opensbi"
arm="arm-linux-gnueabihf-gcc:gcc-arm-linux-gnueabihf qemu-system-arm:qemu-system-arm"
i686="i686-linux-gnu-gcc:gcc-i686-linux-gnu qemu-system-i386:qemu-system-x86"
s390x="s390x-linux-gnu-gcc:gcc-s390x-linux-gnu qemu-system-s390x:qemu-system-misc"
powerpc64le="powerpc64le-linux-gnu-gcc:gcc-powerpc64le-linux-gnu qemu-system-ppc64:qemu-system-ppc"
mips64el="mips64el-linux-gnuabi64-gcc:gcc-mips64el-linux-gnuabi64 qemu-system-mips64el:qemu-system-mips"
host="$demo busybox:busybox-static mandoc:mandoc cpio:cpio strip:binutils prove:perl clang:clang"
test="$host qemu-system-x86_64:qemu-system-x86 libfuzzer:libclang-rt-14-dev
    podman:podman runc:runc bwrap:bubblewrap newuidmap:uidmap $aarch64 $riscv64 $arm $i686 $s390x
    $powerpc64le $mips64el"

# A static BusyBox (Debian: busybox-static) goes into the guest; clang's
# libFuzzer is a package of its own, only recommended by clang.
have() {
	case $1 in
	busybox) bb=$(command -v busybox) && ! ldd "$bb" >/dev/null 2>&1 ;;
	libfuzzer) [ -e "$(clang --print-runtime-dir 2>/dev/null)/libclang_rt.fuzzer-$(uname -m).a" ] ;;
	/*) [ -e "$1" ] ;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac
}

# musl for riscv64, from Debian 12's source package: 16 s to build
musl_riscv64() {
	prefix=$top/.cache/musl-riscv64
	src=$top/.cache/musl-src
	[ -f "$prefix/lib/musl-gcc.specs" ] && return 0
	echo "test/packages.sh: building musl for riscv64 into .cache/" >&2
	rm -rf "$src" && mkdir -p "$src" || return 1
	(cd "$src" && apt_retry bookworm-src apt-get -q -o APT::Sandbox::User=root \
	    source --download-only musl >/dev/null 2>&1) \
	    && tar -xzf "$src"/musl_*.orig.tar.gz -C "$src" \
	    && (cd "$src"/musl-[0-9]* && ./configure --target=riscv64-linux-gnu \
	    CROSS_COMPILE=riscv64-linux-gnu- --disable-shared --prefix="$prefix" >/dev/null \
	    && make -j2 >/dev/null 2>&1 && make install >/dev/null 2>&1) \
	    || { echo "test/packages.sh: building musl for riscv64 failed" >&2; return 1; }
}

# musl_deb ARCH DEBIAN_ARCH: Debian 12's musl-dev of DEBIAN_ARCH, whole,
# in .cache/musl-ARCH, and musl-gcc.specs there naming its own files
musl_deb() {
	mkdir -p "$top/.cache" || return 1
	prefix=$(cd "$top/.cache" && pwd -P)/musl-$1	# (a .cache linked from elsewhere: one path)
	# (the specs name the files by their path: a .cache moved is redone)
	grep -qF "$prefix/usr/" "$prefix/musl-gcc.specs" 2>/dev/null && return 0
	echo "test/packages.sh: fetching musl-dev:$2 into .cache/" >&2
	rm -rf "$prefix" "$prefix.deb" && mkdir -p "$prefix.deb" || return 1
	(cd "$prefix.deb" && apt_retry bookworm apt-get download -q "musl-dev:$2" >/dev/null 2>&1) \
	    && dpkg-deb -x "$prefix.deb"/musl-dev_*.deb "$prefix" \
	    && sed "s|/usr/|$prefix/usr/|g" "$prefix"/usr/lib/*-linux-musl*/musl-gcc.specs >"$prefix/specs.new" \
	    && mv "$prefix/specs.new" "$prefix/musl-gcc.specs" && rm -rf "$prefix.deb" \
	    || { echo "test/packages.sh: fetching musl-dev:$2 failed" >&2; return 1; }
}

# musl for each architecture of the suite that Debian 12's system musl
# does not give
musl_all() {
	musl_riscv64 && musl_deb arm armhf && musl_deb i686 i386 && musl_deb s390x s390x \
	    && musl_deb powerpc64le ppc64el && musl_deb mips64el mips64el
}

case ${1:-} in
demo) pairs=$demo ;;
host) pairs=$host ;;
test) pairs=$test ;;
aarch64) pairs=$aarch64 ;;
riscv64) pairs=$riscv64 ;;
arm) pairs=$arm ;;
i686) pairs=$i686 ;;
s390x) pairs=$s390x ;;
powerpc64le) pairs=$powerpc64le ;;
mips64el) pairs=$mips64el ;;
*) echo "usage: test/packages.sh demo|host|test|aarch64|riscv64|arm|i686|s390x|powerpc64le|mips64el" >&2; exit 2 ;;
esac
missing=
for pair in $pairs; do
	have "${pair%%:*}" || missing="$missing ${pair#*:}"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
		echo "test/packages.sh: missing:$missing (on Debian, as root: apt-get install$missing)" >&2
		exit 1
	fi
	echo "test/packages.sh: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	case $missing in
	*:arm64*) dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64 ;;
	esac
	apt-get update -qq >/dev/null 2>&1
	apt-get install -y -qq $missing >/dev/null 2>&1 \
	    || { echo "test/packages.sh: apt-get install$missing failed" >&2; exit 1; }
fi
case $1 in
test) musl_all ;;
riscv64) musl_riscv64 ;;
arm) musl_deb arm armhf ;;
i686) musl_deb i686 i386 ;;
s390x) musl_deb s390x s390x ;;
powerpc64le) musl_deb powerpc64le ppc64el ;;
mips64el) musl_deb mips64el mips64el ;;
esac
