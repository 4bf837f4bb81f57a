#!/bin/sh
# test/packages.sh demo|test: the one place that installs what unotify's
# demo or its test suite needs.  On Debian as root, what is missing is
# installed with apt-get; elsewhere the packages are named and it stops.
# test.sh runs it, and so does .ci/run.
set -u

# command:package pairs
demo="make:make cc:gcc musl-gcc:musl-tools"
test="$demo busybox:busybox-static mandoc:mandoc cpio:cpio strip:binutils
    qemu-system-x86_64:qemu-system-x86"

# A static BusyBox (Debian: busybox-static) goes into the guest.
have() {
	if [ "$1" = busybox ]; then
		bb=$(command -v busybox) && ! ldd "$bb" >/dev/null 2>&1
	else
		command -v "$1" >/dev/null 2>&1
	fi
}

case ${1:-} in
demo) pairs=$demo ;;
test) pairs=$test ;;
*) echo "usage: test/packages.sh demo|test" >&2; exit 2 ;;
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
apt-get update -qq >/dev/null 2>&1
apt-get install -y -qq $missing >/dev/null 2>&1 && exit 0
echo "test/packages.sh: apt-get install$missing failed" >&2
exit 1
