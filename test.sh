#!/bin/sh
# test.sh: unotify's one test command.  POSIX sh: BusyBox ash runs the same
# suite inside the guest.
#
#   ./test.sh                 build; the suite on the host, and unotify in
#                             containers (podman, bubblewrap, unshare); then
#                             a BusyBox initramfs booted by QEMU runs it again
#                             (the guests and a fuzz pass run beside the host's)
#   ./test.sh --demo          install make, gcc, musl-gcc if missing; make demo
#   ./test.sh --stage STAGE   the suite alone (the guest's /init runs this)
#
# Environment: KERNEL=path/to/vmlinuz (boot that x86-64 kernel alone; else
# Debian's 6.1 and 6.12 are fetched into .cache/), UNOTIFY_SKIP_QEMU=1
# (no guests), UNOTIFY_QEMU_TIMEOUT=seconds (default 300),
# UNOTIFY_FUZZ_SEED=N (other random paths for the differential test),
# UNOTIFY_FUZZ_SECONDS=N (each fuzz target's time, default 1; 0: none).
# The last line is "N passed, N failed, N skipped"; the exit status is 0
# only when nothing failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=$here/build
stage=host

die() {
	echo "test.sh: $*" >&2
	exit 1
}

for part in lib demo signals paths options exec wrapper lifetime caller load isolation pid1 selftest build containers \
    debian guest matrix fuzz; do
	. "$here/test/$part.sh"
done

# Runs case groups, saying how long each took (the suite has a budget).
groups() {
	for group; do
		t0=$(date +%s)
		$group
		echo "# $group: $(($(date +%s) - t0)) s"
	done
}

run_suite() {
	case $stage in
	guest-early)
		groups early_cases early_caller_cases kernel_cases
		;;
	isolation)
		groups isolation_cases
		;;
	*)
		groups demo_cases signal_cases path_cases path_diff_cases input_cases output_cases prog_cases \
		    kernel_rules_cases wrapper_cases lifetime_cases caller_cases load_cases isolation_cases pid1_cases unit_cases \
		    kernel_cases
		[ "$stage" = host ] && groups build_cases
		[ -x /bin/uapi-ours ] && groups guest_uapi_cases
		;;
	esac
}

start_suite() {
	work=$(mktemp -d /tmp/unotify-test.XXXXXX) || die "mktemp failed"
	chmod 755 "$work"	# the callers the suite becomes must reach it
	trap 'rm -rf "$work"' EXIT
	trap 'exit 130' INT TERM
	echo "TAP version 13"
}

finish() {
	echo "1..$n"
	echo "$passed passed, $failed failed, $skipped skipped"
	[ $failed = 0 ]
	exit
}

case ${1:-} in
--demo)
	sh "$here/test/packages.sh" demo || exit 1
	exec make -s -C "$here" demo
	;;
--stage)
	stage=$2
	U=/bin/unotify RAW=/bin/mkdir-raw BECOME=/bin/become STATUS_CHECK=/bin/status-check
	FUSE=/bin/fuse-mount PATHFUZZ=/bin/pathfuzz ERRTEXT_CHECK=/bin/errtext-check CROWD=/bin/crowd
	ATTACK=/bin/attack
	start_suite
	run_suite
	finish
	;;
"") ;;
*)
	die "usage: ./test.sh [--demo | --stage STAGE]"
	;;
esac

sh "$here/test/packages.sh" test || exit 1
U=$here/unotify RAW=$build/mkdir-raw BECOME=$build/become STATUS_CHECK=$build/status-check
FUSE=$build/fuse-mount PATHFUZZ=$build/pathfuzz ERRTEXT_CHECK=$build/errtext-check CROWD=$build/crowd
ATTACK=$build/attack
make -s -C "$here" all helpers >/dev/null || die "make failed"
make -s -C "$here" ARCH=aarch64 all helpers >/dev/null || die "make ARCH=aarch64 failed"
make -s -C "$here" ARCH=riscv64 all helpers >/dev/null || die "make ARCH=riscv64 failed"
start_suite
guest_launch	# the guests boot while the host suite runs
fuzz_launch	# and so do the fuzz targets
set -- $passed $failed $skipped
run_suite
summary="# host $(uname -m) (Linux $(uname -r)): $((passed - $1)) passed, $((failed - $2)) failed, $((skipped - $3)) skipped"
set -- $passed $failed $skipped
groups container_cases
summary="$summary
# containers: $((passed - $1)) passed, $((failed - $2)) failed, $((skipped - $3)) skipped"
guest_collect
fuzz_collect
printf '%s\n' "$summary"
finish
