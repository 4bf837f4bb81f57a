# test/lib.sh: the suite's assertions, sourced by test.sh.  Each prints a
# TAP line and counts it.  $U is unotify, $work a fresh directory in /tmp.

n=0 passed=0 failed=0 skipped=0
TAB=$(printf '\t')
# How -x names a plain mkdir(3): aarch64 and riscv64 have only mkdirat(2).
case $(uname -m) in
aarch64 | riscv64) MKDIR='mkdirat(AT_FDCWD, ' ;;
*) MKDIR='mkdir(' ;;
esac

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

# as_root WHAT [WHY]: whether we are root; if not, WHAT is skipped as
# needing root (for WHY)
as_root() {
	[ "$(id -u)" = 0 ] && return
	skip "$1" "needs root${2:+ ($2)}"
	return 1
}

# unsanitized WHAT WHY: whether $U is an ordinary build; if it is the
# sanitized one (make sanitize sets UNOTIFY_SANITIZED=1), WHAT is skipped,
# for WHY
unsanitized() {
	[ -z "${UNOTIFY_SANITIZED:-}" ] && return
	skip "$1" "sanitized build: $2"
	return 1
}

# PIDs and notification IDs change from run to run; tabs are shown as \t.
mask() {
	sed -e "s/$TAB/\\\\t/g" -e 's/PID = [0-9][0-9]*/PID = N/' \
	    -e 's/(ID 0x[0-9a-f]*) for PID [0-9]*/(ID X) for PID N/' \
	    -e 's/\([( ]\)0x[0-9a-f]*\(, 0[0-7]*)\)$/\1ADDR\2/'
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

# usage_error NAME FIRST-LINE ARGS...: exit 125, that line on stderr and
# the hint to -h after it, no more; nothing on stdout; nothing created.
usage_error() {
	name=$1 line=$2
	shift 2
	(cd "$work" && "$U" "$@" >"$work/out" 2>"$work/err")
	rc=$?
	first=$(head -n 1 "$work/err")
	if [ $rc = 125 ] && [ "$first" = "$line" ] && [ ! -s "$work/out" ] && [ "$(wc -l <"$work/err")" = 2 ] \
	    && [ "$(sed -n 2p "$work/err")" = "Try 'unotify -h' for the usage." ] && [ ! -e "$work/q" ]; then
		pass "$name"
	else
		flunk "$name" "exit $rc, expected 125" "stderr: $first" "expected: $line"
	fi
}

# Comparisons with the kernel: the same command run straight and under
# unotify -x, from the same starting state in $cb, must end the same:
# exit status, the command's own output, owner, group and mode.

# outcome SETUP COMMAND PATH...: runs SETUP, then COMMAND; prints its exit
# status and output (the supervisor's lines left out), then for each PATH
# "uid gid mode" or "absent".  $work/served gets the count of the
# notifications the supervisor got.
outcome() {
	rm -rf "$cb"
	mkdir -m 755 "$cb"
	(cd "$cb" && eval "$1") || echo "setup failed: $1"
	out=$(cd "$cb" && eval "$2" 2>&1; echo "exit $?")
	printf '%s\n' "$out" | grep -v "^$TAB"
	printf '%s\n' "$out" | grep -c "^${TAB}S: got notification" >"$work/served"
	shift 2
	for path; do
		stat -c '%u %g %a' "$path" 2>/dev/null || echo absent
	done
}

# as_kernel NAME SETUP COMMAND PATH...: COMMAND under unotify -x must end
# exactly as it does without it, and the supervisor must have served it.
as_kernel() {
	as_kernel_under "" "$@"
}

# as_kernel_under WRAP NAME SETUP COMMAND PATH...: the same, with both runs
# started by WRAP (unotify runs inside it: "WRAP unotify -x COMMAND").
as_kernel_under() {
	wrap=$1 name=$2 setup=$3 cmd=$4
	shift 4
	want=$(outcome "$setup" "$wrap $cmd" "$@")
	got=$(outcome "$setup" "$wrap \"\$U\" -x $cmd" "$@")
	served=$(cat "$work/served")
	if [ "$got" = "$want" ] && [ "$served" -ge 1 ]; then
		pass "as the kernel: $name"
	else
		flunk "as the kernel: $name" "command: $wrap $cmd" "without unotify:" "$want" \
		    "with unotify (served: $served):" "$got"
	fi
}
