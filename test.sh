#!/bin/sh
# test.sh: unotify's one test command.  POSIX sh: BusyBox ash runs the same
# suite inside the guest.
#
#   ./test.sh                   build; the suite on the host; then a BusyBox
#                               initramfs booted by QEMU runs it again
#   ./test.sh --demo            install make, gcc, musl-gcc if missing; make demo
#   ./test.sh --need CMD:PKG... install the Debian packages giving CMD (root)
#   ./test.sh --stage STAGE     the suite alone (the guest's /init runs this)
#
# Environment: KERNEL=path/to/vmlinuz (else the current Debian kernel is
# fetched into .cache/), UNOTIFY_SKIP_QEMU=1 (host suite only),
# UNOTIFY_QEMU_TIMEOUT=seconds (default 300).
# The last line is "N passed, N failed, N skipped"; the exit status is 0
# only when nothing failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=$here/build
stage=host
TAB=$(printf '\t')

die() {
	echo "test.sh: $*" >&2
	exit 1
}

# need CMD:PACKAGE... : on Debian as root, install what is missing;
# elsewhere name the packages and stop.
need() {
	missing=
	for pair; do
		cmd=${pair%%:*}
		if [ "$cmd" = busybox ]; then
			# the guest needs a static one (Debian: busybox-static)
			bb=$(command -v busybox) && ! ldd "$bb" >/dev/null 2>&1 && continue
		elif command -v "$cmd" >/dev/null 2>&1; then
			continue
		fi
		missing="$missing ${pair#*:}"
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "test.sh: installing$missing" >&2
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >/dev/null 2>&1
		apt-get install -y -qq $missing >/dev/null 2>&1 || die "apt-get install$missing failed"
	else
		die "missing packages:$missing (on Debian, as root: apt-get install$missing)"
	fi
}

# --- results, TAP ---
n=0 passed=0 failed=0 skipped=0

pass() {
	n=$((n + 1)) passed=$((passed + 1))
	echo "ok $n - $1"
}

flunk() {
	n=$((n + 1)) failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	for text; do
		printf '%s\n' "$text" | sed 's/^/#   /'
	done
}

skip() {
	n=$((n + 1)) skipped=$((skipped + 1))
	echo "ok $n - $1 # SKIP $2"
}

# PIDs and notification IDs change from run to run; tabs are shown as \t.
mask() {
	sed -e "s/$TAB/\\\\t/g" -e 's/PID = [0-9][0-9]*/PID = N/' \
	    -e 's/(ID 0x[0-9a-f]*) for PID [0-9]*/(ID X) for PID N/'
}

# testing NAME COMMAND EXPECTED [STATUS]: COMMAND's output (stdout and
# stderr, masked) and exit status must be exactly EXPECTED and STATUS.
testing() {
	got=$(cd "$work" && eval "$2" 2>&1; echo "exit $?")
	got=$(printf '%s\n' "$got" | mask)
	want="exit ${4:-0}"
	[ -z "$3" ] || want=$(printf '%s\n%s' "$3" "$want")
	if [ "$got" = "$want" ]; then
		pass "$1"
	else
		flunk "$1" "command: $2" "expected:" "$want" "got:" "$got"
	fi
}

# check NAME TEST...: a shell test that must hold
check() {
	name=$1
	shift
	if "$@"; then
		pass "$name"
	else
		flunk "$name" "failed: $*"
	fi
}

# has FILE TEXT...: each TEXT occurs in FILE, in this order
has() {
	file=$1 last=0
	shift
	for text; do
		at=$(mask <"$file" | grep -n -F -- "$text" | cut -d: -f1 | awk -v l="$last" '$1 > l { print; exit }')
		[ -n "$at" ] || { echo "# missing after line $last: $text"; return 1; }
		last=$at
	done
}

lacks() {
	! mask <"$1" | grep -q -F -- "$2"
}

count() {
	mask <"$1" | grep -c -F -- "$2"
}

# Waits (at most 30 s) until FILE holds TEXT: the signal cases act when the
# supervisor is seen in its countdown, not after a sleep and a hope.
wait_for() {
	i=0
	until grep -q -F -- "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -le 600 ] || return 1
		sleep 0.05
	done
}

# usage_error NAME FIRST-LINE ARGS...: exit 125, that line first on
# stderr, then the usage; nothing on stdout; nothing created.
usage_error() {
	name=$1 line=$2
	shift 2
	(cd "$work" && "$U" "$@" >"$work/out" 2>"$work/err")
	rc=$?
	first=$(head -n 1 "$work/err")
	if [ $rc = 125 ] && [ "$first" = "$line" ] && [ ! -s "$work/out" ] \
	    && grep -q '^usage: unotify' "$work/err" && [ ! -e "$work/q" ]; then
		pass "$name"
	else
		flunk "$name" "exit $rc, expected 125" "stderr: $first" "expected: $line"
	fi
}

# --- the suite ---
demo_cases() {
	x=$work/x
	testing "demo: /tmp/ path is created by the supervisor, spoofed return = strlen" \
	    "\"$U\" $x" "T: PID = N

T: about to mkdir(\"$x\")
\\tS: got notification (ID X) for PID N
\\tS: executing: mkdir(\"$x\", 0700)
\\tS: success! spoofed return = ${#x}
\\tS: sending response (flags = 0; val = ${#x}; error = 0)
T: SUCCESS: mkdir(2) returned ${#x}

T: terminating
\\tS: target has terminated; bye"
	check "demo: $x exists, mode 0700" [ -d "$x" -a "$(stat -c %a "$x")" = 700 ]

	testing "demo: ./ path: CONTINUE, the kernel creates it" "\"$U\" ./sub" "T: PID = N

T: about to mkdir(\"./sub\")
\\tS: got notification (ID X) for PID N
\\tS: target can execute system call
\\tS: sending response (flags = 0x1; val = 0; error = 0)
T: SUCCESS: mkdir(2) returned 0

T: terminating
\\tS: target has terminated; bye"
	check "demo: ./sub exists" [ -d "$work/sub" ]

	testing "demo: other path: spoofed EOPNOTSUPP" "\"$U\" /unotify-xxx" "T: PID = N

T: about to mkdir(\"/unotify-xxx\")
\\tS: got notification (ID X) for PID N
\\tS: spoofing error response (Operation not supported)
\\tS: sending response (flags = 0; val = 0; error = -95)
T: ERROR: mkdir(2): Operation not supported

T: terminating
\\tS: target has terminated; bye"
	check "demo: /unotify-xxx not created" [ ! -e /unotify-xxx ]

	testing "demo: supervisor's mkdir fails: its errno is passed back" \
	    "\"$U\" $work/nosuchdir/b" "T: PID = N

T: about to mkdir(\"$work/nosuchdir/b\")
\\tS: got notification (ID X) for PID N
\\tS: executing: mkdir(\"$work/nosuchdir/b\", 0700)
\\tS: failure! (errno = 2; No such file or directory)
\\tS: sending response (flags = 0; val = 0; error = -2)
T: ERROR: mkdir(2): No such file or directory

T: terminating
\\tS: target has terminated; bye"

	testing "demo: /bye stops the supervisor; later calls get ENOSYS; target reaped" \
	    "\"$U\" /bye $work/y" "T: PID = N

T: about to mkdir(\"/bye\")
\\tS: got notification (ID X) for PID N
\\tS: spoofing error response (Operation not supported)
\\tS: sending response (flags = 0; val = 0; error = -95)
\\tS: terminating **********
T: ERROR: mkdir(2): Operation not supported

T: about to mkdir(\"$work/y\")
T: ERROR: mkdir(2): Function not implemented

T: terminating"
	check "demo: after /bye nothing was created" [ ! -e "$work/y" ]

	testing "demo: -f e: ERRNO outranks USER_NOTIF, no notification" \
	    "\"$U\" -f e $work/fe" "T: PID = N

T: about to mkdir(\"$work/fe\")
T: ERROR: mkdir(2): Operation not supported

T: terminating
\\tS: target has terminated; bye"

	fe=$work/ft
	testing "demo: -f t: USER_NOTIF outranks TRACE, notified" \
	    "\"$U\" -f t $fe" "T: PID = N

T: about to mkdir(\"$fe\")
\\tS: got notification (ID X) for PID N
\\tS: executing: mkdir(\"$fe\", 0700)
\\tS: success! spoofed return = ${#fe}
\\tS: sending response (flags = 0; val = ${#fe}; error = 0)
T: SUCCESS: mkdir(2) returned ${#fe}

T: terminating
\\tS: target has terminated; bye"

	d=$work/d1
	testing "demo: -d 1: countdown between two ID checks" "\"$U\" -d 1 $d" "T: PID = N

T: about to mkdir(\"$d\")
\\tS: got notification (ID X) for PID N
\\tS: delaying for 1 seconds: 1
\\tS: executing: mkdir(\"$d\", 0700)
\\tS: success! spoofed return = ${#d}
\\tS: sending response (flags = 0; val = ${#d}; error = 0)
T: SUCCESS: mkdir(2) returned ${#d}

T: terminating
\\tS: target has terminated; bye"

	testing "demo: several DIRs, served in order" "\"$U\" ./m1 /unotify-no ./m2 2>&1 | grep -c 'S: got notification'" "3"
	check "demo: ./m1 and ./m2 exist" [ -d "$work/m1" -a -d "$work/m2" ]
}

signal_cases() {
	out=$work/sigint.out
	"$U" -d 2 "$work/s1" "$work/s2" >"$out" 2>&1 &
	sup=$!
	wait_for "$out" 'delaying for 2 seconds:' && kill -INT "$(sed -n 's/^T: PID = //p' "$out")"
	wait $sup
	echo "exit $?" >>"$out"
	check "-d 2, SIGINT to the target: EINTR, ID check fails, next DIR served" \
	    has "$out" "T: received signal" "T: ERROR: mkdir(2): Interrupted system call" \
	    "\\tS: notification ID check failed!!!: No such file or directory" \
	    "\\tS: executing: mkdir(\"$work/s2\", 0700)" "T: SUCCESS: mkdir(2) returned" \
	    "\\tS: target has terminated; bye" "exit 0"
	check "-d 2, SIGINT: two notifications, no response sent for the first" \
	    [ "$(count "$out" 'got notification')" = 2 -a "$(count "$out" 'sending response')" = 1 ]
	check "-d 2, SIGINT: first DIR not created, second created" [ ! -e "$work/s1" -a -d "$work/s2" ]

	out=$work/sigkill.out
	"$U" -d 2 "$work/k1" >"$out" 2>&1 &
	sup=$!
	wait_for "$out" 'delaying for 2 seconds:' && kill -KILL "$(sed -n 's/^T: PID = //p' "$out")"
	wait $sup
	echo "exit $?" >>"$out"
	check "-d 2, SIGKILL to the target: ID check fails, bye, exit 137" \
	    has "$out" "\\tS: notification ID check failed!!!: No such file or directory" \
	    "\\tS: target has terminated; bye" "exit 137"
	check "-d 2, SIGKILL: nothing sent, nothing created" \
	    [ "$(count "$out" 'sending response')" = 0 -a ! -e "$work/k1" ]

	out=$work/sigterm.out
	"$U" -d 2 "$work/t1" >"$out" 2>&1 &
	sup=$!
	wait_for "$out" 'delaying for 2 seconds:' && kill -TERM $sup
	wait $sup
	echo "exit $?" >>"$out"
	check "SIGTERM to unotify is passed to the target: its status 143" \
	    has "$out" "\\tS: notification ID check failed!!!" "\\tS: target has terminated; bye" "exit 143"
}

path_cases() {
	p=$(printf './%.0s' $(seq 2046))abc
	out=$work/p4095.out
	(cd "$work" && "$U" "$p" >"$out" 2>&1)
	check "4095-byte ./ path is read whole and CONTINUEd" \
	    has "$out" "\\tS: target can execute system call" "T: SUCCESS: mkdir(2) returned 0"
	check "4095-byte path: the kernel created ./abc" [ -d "$work/abc" ]

	for len in 4096 5000; do
		p=$(printf './%.0s' $(seq 2046))$(printf 'a%.0s' $(seq $((len - 4092))))
		out=$work/p$len.out
		(cd "$work" && "$U" "$p" >"$out" 2>&1)
		check "$len-byte path: no NUL within PATH_MAX: ENAMETOOLONG" \
		    has "$out" "\\tS: spoofing error for invalid pathname (File name too long)" \
		    "\\tS: sending response (flags = 0; val = 0; error = -36)" \
		    "T: ERROR: mkdir(2): File name too long"
	done

	esc=$(basename "$work")-escape
	testing "/tmp/../x is refused with EPERM" "\"$U\" $work/../$esc 2>&1 | grep 'S: \\(ref\\|exec\\)\\|ERROR'" \
	    "\\tS: refusing path outside /tmp/ (Operation not permitted)
T: ERROR: mkdir(2): Operation not permitted"
	check "/tmp/../x: nothing created" [ ! -e "/tmp/$esc" ]

	ln -s /etc "$work/link"
	testing "a symlink under /tmp pointing outside is refused with EPERM" \
	    "\"$U\" $work/link/$esc 2>&1 | grep 'S: \\(ref\\|exec\\)\\|ERROR'" \
	    "\\tS: refusing path outside /tmp/ (Operation not permitted)
T: ERROR: mkdir(2): Operation not permitted"
	check "symlink: nothing created in /etc" [ ! -e "/etc/$esc" ]

	testing "/ and /tmp, ancestors of the served area, get EEXIST" \
	    "\"$U\" / /tmp 2>&1 | grep 'ERROR'" "T: ERROR: mkdir(2): File exists
T: ERROR: mkdir(2): File exists"

	testing "unreadable path pointer: EFAULT (-x)" "\"$U\" -x \"$RAW\" -fault" \
	    "\\tS: got notification (ID X) for PID N
\\tS: spoofing error for invalid pathname (Bad address)
\\tS: sending response (flags = 0; val = 0; error = -14)
mkdir-raw: Bad address
\\tS: target has terminated; bye" 14
}

input_cases() {
	usage_error "-d abc" "unotify: -d: 'abc' is not a whole number from 0 to 86400" -d abc q
	usage_error "-d -1" "unotify: -d: '-1' is not a whole number from 0 to 86400" -d -1 q
	usage_error "-d 1x" "unotify: -d: '1x' is not a whole number from 0 to 86400" -d 1x q
	usage_error "-d ''" "unotify: -d: '' is not a whole number from 0 to 86400" -d '' q
	usage_error "-d 86401" "unotify: -d: '86401' is not a whole number from 0 to 86400" -d 86401 q
	usage_error "-d overflow" "unotify: -d: '99999999999999999999' is not a whole number from 0 to 86400" \
	    -d 99999999999999999999 q
	usage_error "-f x" "unotify: -f: 'x' is not e or t" -f x q
	usage_error "-f ex" "unotify: -f: 'ex' is not e or t" -f ex q
	usage_error "no DIR" "unotify: missing DIR (or -x PROG)"
	usage_error "no DIR after options" "unotify: missing DIR (or -x PROG)" -d 1 -f e
	usage_error "empty DIR" "unotify: DIR must not be empty" q ''
	usage_error "unknown option" "unotify: unknown option -z" -z q
	usage_error "-d without its argument" "unotify: option -d needs an argument" -d
	usage_error "-t with operands" "unotify: -t takes no other options or operands" -t q
	usage_error "-b 0" "unotify: -b: COUNT must be at least 1" -b 0
	usage_error "-b with -d" "unotify: -b takes no other options or operands" -d 1 -b 5
	testing "-h: usage on stdout, exit 0" "\"$U\" -h | head -n 1" "usage: unotify [-d SECS] [-f e|t] DIR..."
}

prog_cases() {
	testing "-x busybox mkdir: lines and exit status" "\"$U\" -x busybox mkdir $work/bx" \
	    "\\tS: got notification (ID X) for PID N
\\tS: executing: mkdir(\"$work/bx\", 0777)
\\tS: success! spoofed return = 0
\\tS: sending response (flags = 0; val = 0; error = 0)
\\tS: target has terminated; bye"
	check "-x busybox mkdir: directory exists" [ -d "$work/bx" ]

	testing "-x busybox mkdir -p: ancestors get EEXIST, the rest is created" \
	    "\"$U\" -x busybox mkdir -p $work/a/b/c | grep -c 'success!'" "3"
	check "-x mkdir -p: $work/a/b/c exists" [ -d "$work/a/b/c" ]

	testing "-x relative ./d: CONTINUE" "\"$U\" -x busybox mkdir ./d | grep 'S: target can'" \
	    "\\tS: target can execute system call"
	check "-x ./d exists" [ -d "$work/d" ]

	testing "-x /etc/x refused with EOPNOTSUPP, PROG's status passed on" \
	    "\"$U\" -x busybox mkdir /etc/unotify-x 2>&1 | grep -v 'S: got'" \
	    "\\tS: spoofing error response (Operation not supported)
\\tS: sending response (flags = 0; val = 0; error = -95)
mkdir: can't create directory '/etc/unotify-x': Operation not supported
\\tS: target has terminated; bye"
	check "-x /etc/unotify-x not created" [ ! -e /etc/unotify-x ]

	testing "-x mkdirat is named as such, mode from argument 2" \
	    "\"$U\" -x \"$RAW\" -at $work/at | grep -E 'executing|mkdir-raw'" \
	    "\\tS: executing: mkdirat(\"$work/at\", 0700)
mkdir-raw: returned 0"

	testing "-x: 8 background jobs at once, every call served" \
	    "\"$U\" -x busybox sh -c 'for i in 1 2 3 4 5 6 7 8; do mkdir $work/j\$i & done; wait' | grep -c 'success!'" "8"
	check "-x background jobs: all 8 directories exist" \
	    [ "$(ls -d "$work"/j[1-8] | wc -l)" = 8 ]

	testing "-x: four threads' calls pending at once, every one served" \
	    "\"$U\" -x \"$RAW\" -threads $work/th | grep -E -c 'success!|0 of 4 threads failed'" "5"
	check "-x threads: four directories exist" [ "$(ls -d "$work"/th[1-4] | wc -l)" = 4 ]

	testing "-x exit status passed on" "\"$U\" -x busybox sh -c 'exit 3' >/dev/null" "" 3
	testing "-x killed by a signal: 128+N" "\"$U\" -x busybox sh -c 'kill -TERM \$\$' >/dev/null" "" 143
	echo 'not a program' >"$work/noexec"
	testing "-x not executable: 126" "\"$U\" -x $work/noexec" "unotify: execvp $work/noexec: Permission denied
\\tS: target has terminated; bye" 126
	testing "-x not found: 127" "\"$U\" -x unotify-no-such-prog" \
	    "unotify: execvp unotify-no-such-prog: No such file or directory
\\tS: target has terminated; bye" 127
	testing "nested unotify: the inner one cannot listen, exit 125, nothing created" \
	    "\"$U\" -x \"$U\" $work/nested" \
	    "unotify: seccomp: a notify listener above us already watches this process: Device or resource busy
\\tS: target has terminated; bye" 125
	check "nested unotify: $work/nested not created" [ ! -e "$work/nested" ]
	testing "-x PROG sees only fds 0, 1, 2 (fd 7 of the caller not leaked)" \
	    "exec 7>$work/fd7; \"$U\" -x busybox sh -c 'ls /proc/\$\$/fd; :' | grep -v 'S: target'" "0
1
2"
	testing "-x leaves a background child behind: no hang, it is not waited for" \
	    "timeout 10 \"$U\" -x busybox sh -c 'sleep 3 >/dev/null 2>&1 &' | grep -c bye" "1"
	testing "-x with -d 1 and -f t" "\"$U\" -d 1 -f t -x busybox mkdir $work/dt | grep -E 'delaying|success'" \
	    "\\tS: delaying for 1 seconds: 1
\\tS: success! spoofed return = 0"
	testing "-x with -f e: no notification" "\"$U\" -f e -x busybox mkdir $work/fe2" \
	    "mkdir: can't create directory '$work/fe2': Operation not supported
\\tS: target has terminated; bye" 1

	if "$RAW" -probe32 2>/dev/null; then
		testing "-x 32-bit caller (int 0x80): served with the path read from a 32-bit pointer" \
		    "\"$U\" -x \"$RAW\" -32 $work/i386 | grep -E 'executing|mkdir-raw'" \
		    "\\tS: executing: mkdir(\"$work/i386\", 0700)
mkdir-raw: returned 0"
		check "-x 32-bit caller: directory exists" [ -d "$work/i386" ]
	else
		skip "-x 32-bit caller (int 0x80)" "this kernel has no IA32 emulation (int 0x80 faults)"
	fi
}

kernel_cases() {
	"$U" -t >"$work/tap" 2>&1
	rc=$?
	plan=$(sed -n 's/^1\.\.//p' "$work/tap")
	results=$(grep -c '^\(not \)\{0,1\}ok ' "$work/tap")
	if [ $rc = 0 ] && [ -n "$plan" ] && [ "$plan" = "$results" ] && ! grep -q '^not ok' "$work/tap"; then
		pass "unotify -t: $plan checks, none failed (stage $stage)"
	else
		flunk "unotify -t (stage $stage), exit $rc" "$(cat "$work/tap")"
	fi
	grep 'SKIP' "$work/tap" | sed 's/^/# unotify -t: /'

	"$U" -b 100 >"$work/bench" 2>&1
	rc=$?
	check "unotify -b 100: exit 0, header and six cases" \
	    [ $rc = 0 -a "$(grep -c -E '^(no filter|allow-all|notify)' "$work/bench")" = 6 ]
	check "unotify -b: every case has a figure or n/a" \
	    [ "$(grep -c -E '^(no filter|allow-all|notify).*( [0-9]+ +[0-9]+\.[0-9][0-9]x| n/a: )' "$work/bench")" = 6 ]
}

host_only_cases() {
	musl-gcc -o "$build/uapi-ours" "$here/test/uapi.c" \
	    && cc -w -DKERNEL_HEADERS -o "$build/uapi-kernel" "$here/test/uapi.c" \
	    && "$build/uapi-ours" >"$build/uapi-ours.txt" && "$build/uapi-kernel" >"$build/uapi-kernel.txt"
	if diff "$build/uapi-kernel.txt" "$build/uapi-ours.txt" >"$build/uapi.diff"; then
		pass "bpf.h equals the kernel UAPI: $(wc -l <"$build/uapi-ours.txt") constants, sizes, offsets, ioctls"
	else
		flunk "bpf.h differs from the kernel UAPI headers" "$(cat "$build/uapi.diff")"
	fi
	size=$(strip -o "$build/unotify.stripped" "$U" && wc -c <"$build/unotify.stripped")
	check "unotify is $size bytes stripped (at most 40960)" [ "$size" -le 40960 ]
	check "unotify is static (no program interpreter)" sh -c "! readelf -l '$U' | grep -q INTERP"
	rm -rf "$work/inst"
	make -s -C "$here" install DESTDIR="$work/inst" PREFIX=/usr >/dev/null 2>&1
	check "make install honours DESTDIR and PREFIX" \
	    [ -x "$work/inst/usr/bin/unotify" -a -f "$work/inst/usr/share/man/man1/unotify.1" ]
	check "unotify.1 is mandoc-clean" sh -c "mandoc -Tlint -W warning '$here/unotify.1' >&2"
}

# In the guest, before /proc is mounted: reading target memory needs no /proc.
early_cases() {
	x=$work/early
	testing "demo before /proc is mounted" "\"$U\" $x ./e2 | grep -E 'executing|SUCCESS|bye'" \
	    "\\tS: executing: mkdir(\"$x\", 0700)
T: SUCCESS: mkdir(2) returned ${#x}
T: SUCCESS: mkdir(2) returned 0
\\tS: target has terminated; bye"
	check "before /proc: both directories exist" [ -d "$x" -a -d "$work/e2" ]
}

run_suite() {
	case $stage in
	guest-early)
		early_cases
		kernel_cases
		;;
	*)
		demo_cases
		signal_cases
		path_cases
		input_cases
		prog_cases
		kernel_cases
		[ "$stage" = host ] && host_only_cases
		;;
	esac
}

# --- the guest stage ---
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
	cp "$(command -v busybox)" "$U" "$RAW" "$root/bin/"
	cp "$here/test.sh" "$root/test.sh"
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

# Prints section NAME of the guest log; fails if its end marker is missing.
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

start_suite() {
	work=$(mktemp -d /tmp/unotify-test.XXXXXX) || die "mktemp failed"
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
	need make:make cc:gcc musl-gcc:musl-tools
	exec make -s -C "$here" demo
	;;
--need)
	shift
	need "$@"
	exit 0
	;;
--stage)
	stage=$2
	U=/bin/unotify RAW=/bin/mkdir-raw
	start_suite
	run_suite
	finish
	;;
"") ;;
*)
	die "usage: ./test.sh [--demo | --need CMD:PACKAGE... | --stage STAGE]"
	;;
esac

need make:make cc:gcc musl-gcc:musl-tools busybox:busybox-static mandoc:mandoc \
    cpio:cpio qemu-system-x86_64:qemu-system-x86 strip:binutils
U=$here/unotify RAW=$build/mkdir-raw
mkdir -p "$build"
make -s -C "$here" >/dev/null || die "make failed"
musl-gcc -static -Os -o "$RAW" "$here/test/mkdir-raw.c" || die "building test/mkdir-raw.c failed"
start_suite
run_suite
echo "# host: $passed passed, $failed failed, $skipped skipped"
guest_stage
finish
