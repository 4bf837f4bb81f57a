#!/bin/sh
# test.sh: unotify's one test command.  POSIX sh: BusyBox ash runs the same
# suite inside the guest.
#
#   ./test.sh                 build (every architecture); the suite on the host, unotify in
#                             containers (podman, bubblewrap, unshare), then
#                             the parsers' cases on the sanitized build;
#                             meanwhile BusyBox initramfs guests booted by
#                             QEMU run it again, and a fuzz pass runs
#   ./test.sh --demo          install make, gcc, musl-gcc if missing; make demo
#   ./test.sh --sanitize      the whole host suite on the sanitized build alone
#                             (make sanitize)
#   ./test.sh --stage STAGE   the suite alone (the guest's /init runs this)
#
# Environment: KERNEL=path/to/vmlinuz (boot that x86-64 kernel alone; else
# Debian's 6.1 and 6.12 are fetched into .cache/), UNOTIFY_SKIP_QEMU=1
# (no guests), UNOTIFY_QEMU_TIMEOUT=seconds (default 450),
# UNOTIFY_FUZZ_SEED=N (the differential test's paths: a run's seed repeats
# them; by default each run has new ones),
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
    debian guest matrix smoke fuzz; do
	. "$here/test/$part.sh"
done

# Runs case groups, saying how long each took (the suite has a budget).
groups() {
	for group; do
		t0=$(date +%s)
		$group
		echo "# $group: $(($(date +%s) - t0)) s"
		[ -z "${UNOTIFY_SANITIZED:-}" ] || sanitizer_reports "$group"
	done
}

# The sanitized build (make sanitized) from here on: unotify and the
# helpers that hold its code, under ASan and UBSan.  A report goes to a
# file, not to stderr, which the cases compare, and its process exits.
# The directory is named from / and anyone may write in it: the workers
# take on the callers' IDs (nobody's too) and chdir to /.  Where it is
# not seen, in a mount namespace with a /tmp of its own (pathfuzz's,
# become -n's), the runtime says "Can't open file" on stderr and exits:
# the case fails, but the report is lost.  LeakSanitizer is off: unotify
# allocates nothing from the heap, and the check at exit stops the world
# with ptrace, which our non-dumpable processes refuse.
sanitized() {
	U=$build/sanitize/unotify STATUS_CHECK=$build/sanitize/status-check
	ERRTEXT_CHECK=$build/sanitize/errtext-check FDPASS_CHECK=$build/sanitize/fdpass-check
	reports=$work/sanitizer
	mkdir -m 1777 "$reports" || die "mkdir $reports failed"
	rm -rf "$build/sanitize/reports"
	UNOTIFY_SANITIZED=1
	ASAN_OPTIONS=log_path=$reports/report:halt_on_error=1:detect_leaks=0
	UBSAN_OPTIONS=log_path=$reports/report:halt_on_error=1:print_stacktrace=1
	export UNOTIFY_SANITIZED ASAN_OPTIONS UBSAN_OPTIONS
}

# sanitizer_reports GROUP: the reports processes left during GROUP fail
# it, each named, the first shown; they are kept in build/sanitize/reports/
# ($work goes at the end).
sanitizer_reports() {
	for report in "$reports"/*; do
		[ -e "$report" ] || continue
		mkdir -p "$build/sanitize/reports"
		mv "$report" "$build/sanitize/reports/$1.${report##*/}"
		set -- "$@" "$build/sanitize/reports/$1.${report##*/}"
	done
	[ $# -gt 1 ] || return 0
	flunk "$1: sanitizer reports: $(($# - 1))" "$(shift; printf '%s\n' "$@")" "$(head -n 30 "$2")"
}

# Reports of processes that outlived their group too; then whether there
# were any.
sanitized_end() {
	sleep 1
	sanitizer_reports "after the last group"
	check "no sanitizer reported, from any process (ASan, UBSan)" [ ! -d "$build/sanitize/reports" ]
}

run_suite() {
	case $stage in
	guest-early)
		# (-t without /proc: the kernel matrix runs it, unotify as init;
		# -b here)
		groups early_cases early_caller_cases bench_cases
		;;
	isolation)
		groups isolation_cases
		;;
	guest)
		# emulated, twenty to forty times slower: the groups whose
		# answers depend on the kernel or the architecture (the host
		# runs the rest: options, output, signals, wrapping, load)
		groups demo_cases path_cases path_diff_cases prog_cases kernel_rules_cases lifetime_cases \
		    caller_cases isolation_cases unit_cases kernel_cases bench_cases
		[ -x /bin/uapi-ours ] && groups guest_uapi_cases
		;;
	sanitized)
		# on the sanitized build, beside the guests: the groups that
		# feed unotify's parsers (options, paths, /proc texts, -t's
		# reads) with outside input
		groups input_cases path_cases path_diff_cases prog_cases kernel_rules_cases caller_cases unit_cases \
		    kernel_cases
		;;
	*)
		groups demo_cases signal_cases path_cases path_diff_cases input_cases output_cases prog_cases \
		    kernel_rules_cases wrapper_cases lifetime_cases caller_cases load_cases isolation_cases pid1_cases unit_cases \
		    kernel_cases bench_cases
		[ "$stage" = host ] && groups build_cases
		;;
	esac
}

# A fresh $work: the cases expect one, in /tmp itself.
new_work() {
	work=$(mktemp -d /tmp/unotify-test.XXXXXX) || die "mktemp failed"
	chmod 755 "$work"	# the callers the suite becomes must reach it
}

start_suite() {
	new_work
	trap 'rm -rf "$work" ${used_work:+"$used_work"}' EXIT
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
--sanitize) ;;
"") ;;
*)
	die "usage: ./test.sh [--demo | --sanitize | --stage STAGE]"
	;;
esac

U=$here/unotify RAW=$build/mkdir-raw BECOME=$build/become STATUS_CHECK=$build/status-check
FUSE=$build/fuse-mount PATHFUZZ=$build/pathfuzz ERRTEXT_CHECK=$build/errtext-check CROWD=$build/crowd
ATTACK=$build/attack FDPASS_CHECK=$build/fdpass-check
if [ "${1:-}" = --sanitize ]; then	# the whole host suite, sanitized
	sh "$here/test/packages.sh" host || exit 1
	make -s -C "$here" all helpers sanitized >/dev/null || die "make failed"
	start_suite
	sanitized
	run_suite
	sanitized_end
	finish
fi
sh "$here/test/packages.sh" test || exit 1
# two jobs: a clean checkout builds nine programs before anything runs
make -s -j2 -C "$here" all helpers sanitized >/dev/null || die "make failed"
for arch in $(make -s -C "$here" arches); do
	case $arch in
	x86_64) continue ;;
	aarch64|riscv64) what="all helpers" ;;	# the full guests'
	*) what=all ;;	# the kernel matrix's and the smoke boots'
	esac
	make -s -j2 -C "$here" ARCH=$arch $what >/dev/null || die "make ARCH=$arch failed"
done
start_suite
guest_launch	# the guests boot while the host suite runs
fuzz_launch	# and so do the fuzz targets
set -- $passed $failed $skipped
run_suite
summary="# host $(uname -m) (Linux $(uname -r)): $((passed - $1)) passed, $((failed - $2)) failed, $((skipped - $3)) skipped${over_limit:+
$over_limit}"
set -- $passed $failed $skipped
groups container_cases
summary="$summary
# containers: $((passed - $1)) passed, $((failed - $2)) failed, $((skipped - $3)) skipped"
set -- $passed $failed $skipped
stage=sanitized
used_work=$work	# removed again at exit: a straggler may have written there since
rm -rf "$work"
new_work
sanitized
echo "# the parsers' cases on the sanitized build, $U"
run_suite
sanitized_end
summary="$summary
# sanitized $(uname -m): $((passed - $1)) passed, $((failed - $2)) failed, $((skipped - $3)) skipped"
guest_collect
fuzz_collect
printf '%s\n' "$summary"
finish
