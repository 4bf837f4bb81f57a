# test/lifetime.sh: -x and the life of PROG: inherited signal
# dispositions, a closed output, descendants, and unotify's own end.

# pid_gone PID: no such process, or only a zombie left
pid_gone() {
	! kill -0 "$1" 2>/dev/null || [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" = Z ]
}

lifetime_cases() {
	# SIGCHLD is 17, SIGPIPE 13 on both architectures
	testing "-x started with SIGCHLD ignored: PROG's status is still passed on" \
	    "\"$BECOME\" -i 17 \"$U\" -x busybox sh -c 'exit 3'" \
	    "\\tS: target has terminated; bye" 3
	want=$("$BECOME" -i 17 -i 13 busybox grep SigIgn /proc/self/status | mask)
	testing "-x: PROG ignores SIGCHLD and SIGPIPE as it would have without unotify" \
	    "\"$BECOME\" -i 17 -i 13 \"$U\" -q -x busybox grep SigIgn /proc/self/status | grep SigIgn" \
	    "$want"
	want=$(busybox grep SigIgn /proc/self/status | mask)
	testing "-x: PROG does not inherit unotify's own SIGPIPE disposition" \
	    "\"$U\" -q -x busybox grep SigIgn /proc/self/status | grep SigIgn" "$want"

	rm -rf "$work/p1" "$work/p2"
	{ "$U" -x busybox sh -c "mkdir $work/p1; sleep 0.5; mkdir $work/p2" 2>&1 >/dev/null; echo "exit $?" >"$work/pipe.rc"; } \
	    | head -c 1 >/dev/null
	check "-x 2>&1 | head -c 1: unotify stops printing, PROG goes on: exit 0, both made" \
	    [ "$(cat "$work/pipe.rc")" = "exit 0" -a -d "$work/p1" -a -d "$work/p2" ]

	"$U" -q -x busybox sh -c "sleep 30 >/dev/null 2>&1 & echo \$! >$work/bg.pid" >/dev/null
	check "-x: a background child PROG leaves behind ends when PROG ends" pid_gone "$(cat "$work/bg.pid")"

	"$U" -q -x busybox sh -c "sleep 30 >/dev/null 2>&1 & echo \$! >$work/bg2.pid; wait" >/dev/null &
	sup=$!
	wait_for "$work/bg2.pid" "" && sleep 0.2
	kill -TERM $sup
	wait $sup
	rc=$?
	check "-x, SIGTERM to unotify: passed to PROG, which ends: exit 143" [ $rc = 143 ]
	check "-x, SIGTERM: PROG's background child ended too" pid_gone "$(cat "$work/bg2.pid")"

	# Shapes of leftovers a killer can miss: a leader whose main thread
	# has ended (it reads as a zombie) while another thread lives, and a
	# chain deeper than the rounds of a capped killer (1000 once).
	"$U" -q -x "$RAW" -zleader "$work/zl-mark"
	sleep 1.3
	check "-x: a leftover whose main thread has ended, another living, is ended too" \
	    [ ! -e "$work/zl-mark" ]
	deep=1010
	[ "$stage" = host ] || deep=20	# emulated: a round takes long
	"$U" -q -x "$RAW" -chain $deep "$work/chain-mark"
	check "-x: a chain of $deep leftovers, each the child of the one before, is ended" \
	    sh -c "! grep -l -s -a 'chain-mar[k]' /proc/[0-9]*/cmdline"

	# SIGKILL leaves unotify no time: what happens is the kernel's doing,
	# as the man page says.  PROG dies with unotify (PR_SET_PDEATHSIG);
	# its children live on, and their later mkdir calls get ENOSYS.
	rm -f "$work/late.rc"
	"$U" -q -x busybox sh -c "(sleep 1; mkdir $work/late 2>/dev/null; echo \$? >$work/late.rc) & echo \$! >$work/kid.pid; echo \$\$ >$work/prog.pid; wait" >/dev/null &
	sup=$!
	wait_for "$work/kid.pid" "" && wait_for "$work/prog.pid" "" && sleep 0.2
	kill -KILL $sup
	wait $sup 2>/dev/null
	sleep 0.2
	check "SIGKILL of unotify: PROG is killed with it" pid_gone "$(cat "$work/prog.pid")"
	wait_for "$work/late.rc" ""
	check "SIGKILL of unotify: PROG's child lives on, its mkdir gets ENOSYS, nothing made" \
	    [ "$(cat "$work/late.rc" 2>/dev/null)" = 1 -a ! -e "$work/late" ]
	if as_root "SIGKILL of unotify after PROG changed its uid"; then
		rm -f "$work/late2.rc" "$work/prog2.pid"
		mkdir -m 1777 "$work/open"
		"$U" -q -x "$BECOME" -g 65534 -G 65534 -u 65534 busybox sh -c "echo \$\$ >$work/open/prog2.pid; sleep 1; mkdir $work/open/late2 2>/dev/null; echo \$? >$work/open/late2.rc" >/dev/null &
		sup=$!
		wait_for "$work/open/prog2.pid" "" && sleep 0.2
		kill -KILL $sup
		wait $sup 2>/dev/null
		wait_for "$work/open/late2.rc" ""
		check "SIGKILL of unotify after PROG changed its uid: PROG lives on, its mkdir gets ENOSYS" \
		    [ "$(cat "$work/open/late2.rc" 2>/dev/null)" = 1 -a ! -e "$work/open/late2" ]
	fi

	# A read of PROG's memory that waits on a userfaultfd page holds the
	# serve loop, not the main process: SIGTERM reaches PROG at once,
	# before PROG would resolve the fault itself (after a second).
	out=$work/uffd.out
	"$U" -x "$RAW" -uffd "$work/uffd" >"$out" 2>&1 &
	sup=$!
	wait_for "$out" "got notification" && sleep 0.3
	kill -TERM $sup
	wait $sup
	echo "exit $?" >>"$out"
	if grep -q "userfaultfd:" "$out"; then
		skip "a read that waits on a userfaultfd page" "$(grep userfaultfd: "$out")"
	else
		check "a read that waits on a userfaultfd page does not hold SIGTERM: PROG ends at once" \
		    has "$out" "got notification" "exit 143"
		check "a read that waits on a userfaultfd page: nothing resolved or made after SIGTERM" \
		    [ "$(count "$out" "resolved")" = 0 -a ! -e "$work/uffd" ]
		# meanwhile another caller is served: before the fault is
		# resolved, a second later
		out=$work/uffd2.out
		"$U" -x busybox sh -c "\"$RAW\" -uffd $work/uffd2 & sleep 0.3; \"$RAW\" $work/uffd3; wait" \
		    >"$out" 2>&1
		check "a read that waits on a userfaultfd page holds only its caller: another is served meanwhile" \
		    has "$out" "\\tS: executing: $MKDIR\"$work/uffd3\", 0700)" "mkdir-raw: returned 0" \
		    "mkdir-raw: resolved" "\\tS: executing: $MKDIR\"$work/uffd2\", 0700)"
	fi
}
