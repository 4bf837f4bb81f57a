#!/bin/sh
# initramfs.sh PROGRAM OUT: writes OUT, a gzipped newc cpio archive (the
# format the kernel unpacks into its initramfs) holding PROGRAM as /init,
# a /dev/console node for init's first output, /dev/null, and /tmp, where
# the demo and PROG make their directories.  The entry "." gives / the
# mode 0755 (the kernel's rootfs comes up 1777 without one).  Written
# here, byte by byte, so that no root is needed: cpio(1) copies only nodes
# that exist.
# Other archives may be appended to it; the kernel unpacks them all.
set -eu
program=$1 out=$2
ino=0

# pad N: NULs up to the next multiple of 4 after N bytes
pad() {
	n=$(((4 - $1 % 4) % 4))
	while [ $n -gt 0 ]; do
		printf '\0'
		n=$((n - 1))
	done
}

# entry NAME MODE MAJOR MINOR SIZE: a header, hex fields: inode, mode,
# uid, gid, links, mtime, size, device, the node's device, name size, sum
entry() {
	ino=$((ino + 1))
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%s\0' \
	    $ino $(($2)) 0 0 1 0 $5 0 0 $3 $4 $((${#1} + 1)) 0 "$1"
	pad $((110 + ${#1} + 1))
}

size=$(wc -c <"$program")
{
	entry . 040755 0 0 0
	entry dev 040755 0 0 0
	entry dev/console 020600 5 1 0
	entry dev/null 020666 1 3 0
	entry tmp 041777 0 0 0
	entry init 0100755 0 0 "$size"
	cat "$program"
	pad "$size"
	entry TRAILER!!! 0 0 0 0
} | gzip -9n >"$out.tmp"
# An uncompressed archive appended after this one is found only at a
# multiple of 4 bytes; the NULs before it the kernel skips, as gzip does.
pad "$(wc -c <"$out.tmp")" >>"$out.tmp"
mv "$out.tmp" "$out"
