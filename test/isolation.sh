# test/isolation.sh: a caller that turns on the processes that serve it
# (test/attack.c: it opens their memory, sends them SIGSEGV, stops them)
# gets no more than its own mkdir(2) could have given it, and harms and
# delays only its own calls.  fs.suid_dumpable is changed for a case and
# always put back.

ISO_1000="-g 1000 -G 1000 -u 1000"
ISO_NOBODY="-g 65534 -G 65534 -u 65534"
# uid 1000, root of a user namespace it made itself (the ID maps only its
# own: it can write them only while it is dumpable, fs.suid_dumpable=1)
ISO_OWN_NS="-g 1000 -G 1000 -u 1000 -U 1000:1"
# uid 1000, root of a user namespace made for it by root (works with any
# fs.suid_dumpable)
ISO_ROOT_NS="-g 1000 -G 1000 -U 1000:1"
DUMPABLE=/proc/sys/fs/suid_dumpable

# with_dumpable VALUE COMMAND: COMMAND's output (stdout and stderr), and
# "exit N" last, run in $iso with fs.suid_dumpable VALUE; the value it
# had is put back on every way out of the subshell.
with_dumpable() {
	(
		old=$(cat "$DUMPABLE") || exit 125
		trap 'echo "$old" >"$DUMPABLE"' EXIT
		trap 'exit 130' INT TERM
		echo "$1" >"$DUMPABLE" || exit 125
		cd "$iso" && eval "$2"
	) 2>&1
	echo "exit $?"
}

# attack_line TEXT: "M E S O" from TEXT's line "attack: M made, E failed,
# S seen, O opened", or nothing
attack_line() {
	printf '%s\n' "$1" | sed -n 's/^attack: \([0-9]*\) made, \([0-9]*\) failed, \([0-9]*\) seen, \([0-9]*\) opened$/\1 \2 \3 \4/p' \
	    | head -n 1
}

# attacked NAME DUMPABLE WHO MODE N [SKIP-IF-BECOME-FAILS]: attack MODE
# as WHO (become's arguments) under unotify, N directories, with
# fs.suid_dumpable DUMPABLE.  Passes if unotify exits 0 (PROG's status),
# the attack line is there and counts all N calls, and none of the
# memory was opened.  Sets $out.
attacked() {
	name=$1 value=$2 who=$3 mode=$4 count=$5 iso_n=$((iso_n + 1))
	d=$iso/$iso_n
	rm -rf "$d"
	mkdir -m 1777 "$d"
	out=$(with_dumpable "$value" "timeout 120 \"\$U\" -q -x \"\$BECOME\" $who \"\$ATTACK\" $mode $d $count")
	counts=$(attack_line "$out")
	rm -rf "$d"
	left=$(cat "$DUMPABLE")
	if [ "$left" != "$dumpable_was" ]; then
		echo "$dumpable_was" >"$DUMPABLE"
		flunk "$name" "fs.suid_dumpable was left at $left, not $dumpable_was (put back; or another run changed it meanwhile)" \
		    "$out"
		return
	fi
	case $out in
	*"become: "*)
		if [ -n "${6:-}" ] && [ -z "$counts" ]; then
			skip "$name" "$(printf '%s\n' "$out" | grep 'become: ' | head -n 1)"
			return
		fi
		;;
	esac
	# shellcheck disable=SC2086
	set -- $counts
	if [ $# = 4 ] && [ "$(printf '%s\n' "$out" | tail -n 1)" = "exit 0" ] && [ $(($1 + $2)) = "$count" ] \
	    && [ "$4" = 0 ]; then
		pass "$name ($3 attacked)"
	else
		flunk "$name" "command: unotify -q -x become $who attack $mode DIR $count (fs.suid_dumpable=$value)" \
		    "expected: exit 0; attack: M made, E failed with M + E = $count; 0 opened" "got:" "$out"
	fi
}

# Before the fix, a caller whose IDs were not unotify's was served by a
# clone of unotify that shared its memory and took on the caller's IDs:
# with fs.suid_dumpable=1 it turned dumpable when it did, and a caller
# privileged in its user namespace, which the clone joined, could open
# its memory (unotify's) for writing.
memory_cases() {
	attacked "a caller that is root of its own user namespace cannot open the memory of a process that serves it (fs.suid_dumpable=1)" \
	    1 "$ISO_OWN_NS" -memwrite 300 skip
	attacked "a caller of uid 1000 cannot open the memory of a process that serves it (fs.suid_dumpable=1)" \
	    1 "$ISO_1000" -memwrite 300
}

# A process that serves a caller, killed by its SIGSEGV (dumped as root
# with fs.suid_dumpable=2: any core lands in $iso), costs the caller its
# calls, never unotify or PROG (unotify exits 0, PROG's status).
segv_cases() {
	attacked "a SIGSEGV storm against the processes that serve a caller of uid 1000 (fs.suid_dumpable=2) harms only its own calls" \
	    2 "$ISO_1000" -segv 300
	attacked "a SIGSEGV storm against the processes that serve a caller root of a user namespace (fs.suid_dumpable=2) harms only its own calls" \
	    2 "$ISO_ROOT_NS" -segv 300 skip
}

# beside ATTACK BEFORE AFTER: in $d, under unotify -q -x, attack ATTACK
# (its arguments) as uid 1000, and beside it nobody's 200 timed calls
# (one every 5 ms) in $d/n, after the shell words BEFORE; AFTER once they
# are made.  Sets out (unotify's lines and "exit N"), attacker and other
# (the two attack lines) and held (how many of nobody's calls took 150 ms
# or more, empty unless all 200 were made).
beside() {
	mkdir -m 1777 "$d/a" "$d/n"
	# (before 5.19 unotify says once that WAIT_KILLABLE_RECV is missing)
	(cd "$iso" && timeout 120 "$U" -q -x busybox sh -c "\"$BECOME\" $ISO_1000 \"$ATTACK\" $1 >$d/a.out 2>&1 & \
	    $2\"$BECOME\" $ISO_NOBODY \"$ATTACK\" -time $d/n 200 >$d/n.out 2>&1; $3wait" >"$d/u.out" 2>&1)
	rc=$?
	out=$(grep -v '^unotify: this kernel lacks SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV' "$d/u.out"
	    echo "exit $rc")
	attacker=$(cat "$d/a.out" 2>&1)
	other=$(cat "$d/n.out" 2>&1)
	held=$(printf '%s\n' "$other" | sed -n 's/^attack: 200 made, 0 failed, slowest [0-9]* ms, \([0-9]*\) over 150 ms$/\1/p')
}

# A caller that stops each process that serves it for 200 ms, and beside
# it nobody, whose 200 calls (one every 5 ms) are timed: both finish, all
# made.  On the host (the emulated guests' timing is not to be trusted),
# nobody's calls are not held up by the attacker's stops: at most one of
# them (a busy machine) took 150 ms or more.  Before the fix, the serve
# loop waited for a stopped helper: each stop held nobody's next call.
stop_case() {
	name="a caller that stops every process serving it delays only itself"
	d=$iso/stop
	rm -rf "$d"
	mkdir -p "$d"
	beside "-stop $d/a 50" "" ""
	rm -rf "$d"
	# shellcheck disable=SC2086
	set -- $(attack_line "$attacker")
	# a worker found stopped is killed: the attacker's own call gets EPERM
	if [ "$out" = "exit 0" ] && [ $# = 4 ] && [ $(($1 + $2)) = 50 ] && [ -n "$held" ]; then
		pass "$name: both finish, each call answered, the other's all made ($3 stopped)"
	else
		flunk "$name: both finish, each call answered, the other's all made" "unotify: $out" "attacker (50 calls): $attacker" \
		    "nobody (200 calls): $other"
		return
	fi
	if [ "$stage" != host ]; then
		skip "$name: the other caller is not held up" "on the host only, for timing"
	elif [ "$held" -le 1 ]; then
		pass "$name: the other caller is not held up (${other#attack: 200 made, 0 failed, })"
	else
		flunk "$name: the other caller is not held up ($held of its calls took 150 ms or more)" \
		    "attacker: $attacker" "nobody: $other"
	fi
}

# What a worker holds while it serves nobody: no memory shared with
# unotify (a MAP_SHARED mapping reads "s" in its maps) but its box, a page
# that one serve loop alone shares with it, never executable where the
# kernel has the flag for it (6.3+, as vm.memfd_noexec: mode 666, not 777),
# no descriptor but its socket, and no capability nobody lacks, not even
# a permitted one (before the fix it kept root's permitted set).  Its
# parent is unotify; it is found by its name and user.  PROG makes a
# directory every 50 ms until the workers were looked at (30 s at most):
# on a slow machine a loop may be retired and its workers end with it, and
# new ones come.
BOX_MAP=' /memfd:unotify-box (deleted)'

# Who else maps box INO of worker W than one serve loop of unotify SUP (a
# child of SUP, not a worker): printed, nothing when no one.
box_sharers() {
	box=$1
	# one grep for every process (a guest under emulation is slow to
	# start many); one that ends meanwhile is passed over
	others=$(timeout 10 grep -F "$BOX_MAP" /proc/[0-9]*/maps 2>/dev/null \
	    | awk -v ino="$1" -v w="$3" '$5 == ino { split($1, f, "/"); if (f[3] != w) print f[3] }' \
	    | sort -u | tr '\n' ' ')
	# (none: a retired loop may have ended first, its worker ending next)
	set -- $others "$2"
	others=" $others"
	if [ $# -gt 2 ] || { [ $# = 2 ] && { [ "$(cut -d' ' -f4 /proc/$1/stat)" != "$2" ] \
	    || [ "$(sed -n 's/^Uid:\t\([0-9]*\).*/\1/p' /proc/$1/status)" = 65534 ]; }; }; then
		echo " box $box: mapped by$others"
	fi
}

worker_case() {
	name="a worker shares no memory with unotify but its box (never executable), holds one descriptor, no capability"
	d=$iso/worker
	mkdir -m 1777 "$d"
	"$U" -q -x "$BECOME" $ISO_NOBODY busybox sh -c \
	    "i=0; while [ ! -e $d/done ] && [ \$i -lt 600 ]; do mkdir $d/\$i; sleep 0.05; i=\$((i + 1)); done" \
	    2>/dev/null &
	sup=$!
	found= shared= fds= sharers= modes= caps= tries=0
	while [ -z "$found" ] && [ $tries -lt 300 ]; do
		tries=$((tries + 1))
		sleep 0.1
		# (PROG is unotify's child and nobody too, under its own name)
		for p in /proc/[0-9]*; do
			[ "$(cut -d' ' -f2,4 "$p/stat" 2>/dev/null)" = "(unotify) $sup" ] || continue
			[ "$(sed -n 's/^Uid:\t\([0-9]*\).*/\1/p' "$p/status" 2>/dev/null)" = 65534 ] || continue
			# (an ending worker gives up its memory before its fds:
			# its status and fds are read first, then its maps, and
			# one found without maps is no longer one, nor one whose
			# box's file is gone; nor one already gone)
			st=$(cat "$p/status" 2>/dev/null) && fdl=$(ls "$p/fd" 2>/dev/null) \
			    && maps=$(cat "$p/maps" 2>/dev/null) && [ -n "$maps" ] || continue
			ino=$(printf '%s\n' "$maps" | awk -v box="$BOX_MAP" 'index($0, box) { print $5 }')
			range=$(printf '%s\n' "$maps" | awk -v box="$BOX_MAP" 'index($0, box) { print $1 }')
			boxes=$(echo $ino | wc -w) mode=
			if [ "$boxes" = 1 ]; then
				mode=$(stat -L -c %a "$p/map_files/$range" 2>/dev/null) || continue
			fi
			nfd=$(printf '%s\n' $fdl | grep -c .)
			found="$found ${p#/proc/}"
			shared="$shared$(printf '%s\n' "$maps" | grep ' r[w-][x-]s ' | grep -vF "$BOX_MAP")"
			fds="$fds $nfd"
			modes="$modes $mode"
			caps="$caps $(printf '%s\n' "$st" | sed -n 's/^CapPrm:\t//p')"
			[ "$boxes" = 1 ] && sharers="$sharers$(box_sharers "$ino" "$sup" "${p#/proc/}")" \
			    || shared="$shared ${p#/proc/}: not one box ($ino)"
		done
	done
	touch "$d/done"
	# (bounded: a guest once hung here, after the earlier groups)
	tries=0
	while [ "$(cut -d' ' -f3 /proc/$sup/stat 2>/dev/null)" != Z ] && [ -e /proc/$sup ] && [ $tries -lt 600 ]; do
		sleep 0.1
		tries=$((tries + 1))
	done
	[ $tries -lt 600 ] || { shared="$shared unotify $sup still running 60 s after PROG was told to end"; kill -9 $sup; }
	wait $sup
	rm -rf "$d"
	[ ! -e /proc/sys/vm/memfd_noexec ] || [ -z "$(echo $modes | tr -d ' 6')" ] || shared="$shared box modes:$modes"
	[ -z "$(echo $caps | tr -d ' 0')" ] || shared="$shared permitted capabilities:$caps"
	if [ -n "$found" ] && [ -z "$shared" ] && [ -z "$(echo $fds | tr -d ' 1')" ] && [ -z "$sharers" ]; then
		pass "$name"
	else
		flunk "$name" "workers:${found:- none found}" "shared mappings: $shared" "fds each:$fds" \
		    "boxes shared otherwise: $sharers"
	fi
}

# A worker joining a user namespace that the caller's user does not own
# (one root made for it, as container runtimes do) resets its dumpable
# flag for a moment: with fs.suid_dumpable 1 such a caller is refused, as
# the man page says; with 0 it is served as the kernel would.  (Before
# 5.19 unotify says once that WAIT_KILLABLE_RECV is missing.)
foreign_ns_case() {
	d=$iso/foreign
	mkdir -m 1777 "$d"
	out=$(with_dumpable 1 "\"\$U\" -x \"\$BECOME\" $ISO_ROOT_NS \"\$RAW\" $d/x 2>&1 | grep -v -e 'got notif' -e sending -e bye -e '^unotify: this kernel lacks'; ls $d")
	want="$TAB""S: cannot act as the caller (its user namespace is another user's, and fs.suid_dumpable is 1): refusing: $MKDIR\"$d/x\", 0700)
mkdir-raw: Operation not permitted
exit 0"
	if [ "$out" = "$want" ]; then
		pass "a caller whose user namespace another user made, fs.suid_dumpable=1: refused, nothing made"
	else
		flunk "a caller whose user namespace another user made, fs.suid_dumpable=1: refused, nothing made" \
		    "expected:" "$want" "got:" "$out"
	fi
	# one of its own inside it is no way around: the kernel asks the
	# owner of the one below ours that leads there
	out=$(with_dumpable 1 "\"\$U\" -x \"\$BECOME\" $ISO_ROOT_NS unshare -U -r \"\$RAW\" $d/x 2>&1 | grep -v -e 'got notif' -e sending -e bye -e '^unotify: this kernel lacks'; ls $d")
	if [ "$out" = "$want" ]; then
		pass "a caller in a user namespace of its own inside one another user made, fs.suid_dumpable=1: refused"
	elif printf '%s\n' "$out" | grep -q 'unshare: '; then
		skip "a caller in a user namespace of its own inside one another user made" "$(printf '%s\n' "$out" | grep 'unshare: ' | head -n 1)"
	else
		flunk "a caller in a user namespace of its own inside one another user made, fs.suid_dumpable=1: refused" \
		    "expected:" "$want" "got:" "$out"
	fi
	out=$(with_dumpable 0 "\"\$U\" -q -x \"\$BECOME\" $ISO_ROOT_NS \"\$RAW\" $d/y 2>&1 \
	    | grep -v '^unotify: this kernel lacks'; ls $d")
	if [ "$out" = "mkdir-raw: returned 0
y
exit 0" ]; then
		pass "a caller whose user namespace another user made, fs.suid_dumpable=0: served"
	else
		flunk "a caller whose user namespace another user made, fs.suid_dumpable=0: served" "$out"
	fi
	rm -rf "$d"
}

# A caller that keeps the serve loop busy with calls it answers at once
# (32 processes making a name relative to their cwd, over and over, as
# uid 1000) holds up no other caller's answers: nobody's 200 calls (one
# every 5 ms), made by a worker of nobody's, are timed meanwhile.  Before
# the fix the loop took every call the listener held before it looked at
# the answers workers had ready: 70 of nobody's calls took over 150 ms,
# the slowest 0.8-1.5 s (after it, 2-3 ms; with 16 flooders the slowest
# was 0.1 s, too near the bound to tell).  On the host, for timing.
flood_case() {
	name="a caller that floods the serve loop holds up no other caller's answers"
	if [ "$stage" != host ]; then
		skip "$name" "on the host only, for timing"
		return
	fi
	d=$iso/flood
	mkdir -p "$d"
	beside "-flood $d/a 32" "sleep 0.5; " "touch $d/a/done; "
	rm -rf "$d"
	case $attacker in
	"attack: 32 flooders, "*) ;;
	*) held= ;;
	esac
	if [ "$out" = "exit 0" ] && [ -n "$held" ] && [ "$held" -le 1 ]; then
		pass "$name (${attacker#attack: }; nobody's: ${other#attack: 200 made, 0 failed, })"
	else
		flunk "$name" "unotify: $out" "flooder: $attacker" "nobody (200 calls, at most one over 150 ms): $other"
	fi
}

isolation_cases() {
	as_root "callers that attack the processes serving them" \
	    "to be other callers and to set fs.suid_dumpable" || return
	if [ ! -x "${ATTACK:-}" ]; then
		skip "callers that attack the processes serving them" "no attack helper (\$ATTACK)"
		return
	fi
	if ! dumpable_was=$(cat "$DUMPABLE" 2>/dev/null) || ! echo "$dumpable_was" >"$DUMPABLE" 2>/dev/null; then
		skip "callers that attack the processes serving them" "$DUMPABLE cannot be set here"
		return
	fi
	iso=$work/isolation iso_n=0
	rm -rf "$iso"
	mkdir -p "$iso"
	worker_case
	foreign_ns_case
	memory_cases
	segv_cases
	stop_case
	flood_case
	rm -rf "$iso"
}
