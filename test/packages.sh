#!/bin/sh
# test/packages.sh demo|test|aarch64: the one place that installs what
# unotify's demo, its test suite, or its arm64 build needs.  On Debian as
# root, what is missing is installed with apt-get (for arm64, after
# adding the architecture); elsewhere the packages are named and it stops.
# test.sh runs it, and so does .ci/run.
set -u

# what:package pairs; "what" is a command, or a file that must exist
demo="make:make cc:gcc musl-gcc:musl-tools"
aarch64="aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu
    /usr/lib/aarch64-linux-musl/musl-gcc.specs:musl-dev:arm64
    qemu-system-aarch64:qemu-system-arm"
test="$demo busybox:busybox-static mandoc:mandoc cpio:cpio strip:binutils
    qemu-system-x86_64:qemu-system-x86 prove:perl $aarch64"

# A static BusyBox (Debian: busybox-static) goes into the guest.
have() {
	case $1 in
	busybox) bb=$(command -v busybox) && ! ldd "$bb" >/dev/null 2>&1 ;;
	/*) [ -e "$1" ] ;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac
}

case ${1:-} in
demo) pairs=$demo ;;
test) pairs=$test ;;
aarch64) pairs=$aarch64 ;;
*) echo "usage: test/packages.sh demo|test|aarch64" >&2; exit 2 ;;
esac
missing=
for pair in $pairs; do
	have "${pair%%:*}" || missing="$missing ${pair#*:}"
done
[ -z "$missing" ] && exit 0
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
apt-get install -y -qq $missing >/dev/null 2>&1 && exit 0
echo "test/packages.sh: apt-get install$missing failed" >&2
exit 1
