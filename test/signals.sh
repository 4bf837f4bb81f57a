# test/signals.sh: signals to the target and to unotify during -d.

# in_countdown OUT SIG WHO COMMAND...: runs COMMAND (unotify -d N ...)
# into OUT; once the countdown shows, sends SIG to the target or to
# unotify (WHO); appends "exit N".
in_countdown() {
	out=$1 sig=$2 who=$3
	shift 3
	"$@" >"$out" 2>&1 &
	sup=$!
	if wait_for "$out" 'delaying for '; then
		pid=$sup
		[ "$who" = target ] && pid=$(sed -n 's/^T: PID = //p' "$out")
		kill -"$sig" "$pid"
	fi
	wait $sup
	echo "exit $?" >>"$out"
}

signal_cases() {
	out=$work/sigint.out
	in_countdown "$out" INT target "$U" -d 2 "$work/s1" "$work/s2"
	check "-d 2, SIGINT to the target: EINTR, ID check fails, next DIR served" \
	    has "$out" "T: received signal" "T: ERROR: mkdir(2): Interrupted system call" \
	    "\\tS: notification ID check failed!!!: No such file or directory" \
	    "\\tS: executing: mkdir(\"$work/s2\", 0700)" "T: SUCCESS: mkdir(2) returned" \
	    "\\tS: target has terminated; bye" "exit 0"
	check "-d 2, SIGINT: two notifications, no response sent for the first" \
	    [ "$(count "$out" 'got notification')" = 2 -a "$(count "$out" 'sending response')" = 1 ]
	check "-d 2, SIGINT: first DIR not created, second created" [ ! -e "$work/s1" -a -d "$work/s2" ]

	out=$work/sigkill.out
	# (a countdown the target's death ends: -d 5 is no slower, and a
	# machine busy with every boot at once may take over 2 s to end it)
	in_countdown "$out" KILL target "$U" -d 5 "$work/k1"
	check "-d 5, SIGKILL to the target: ID check fails, bye, exit 137" \
	    has "$out" "\\tS: notification ID check failed!!!: No such file or directory" \
	    "\\tS: target has terminated; bye" "exit 137"
	check "-d 5, SIGKILL: nothing sent, nothing created" \
	    [ "$(count "$out" 'sending response')" = 0 -a ! -e "$work/k1" ]

	out=$work/sigterm.out
	in_countdown "$out" TERM unotify "$U" -d 5 "$work/t1"
	check "SIGTERM to unotify is passed to the target: its status 143" \
	    has "$out" "\\tS: notification ID check failed!!!" "\\tS: target has terminated; bye" "exit 143"

	out=$work/oldid.out
	in_countdown "$out" KILL target env UNOTIFY_PRETEND_OLD_KERNEL=1 "$U" -d 5 "$work/o1"
	check "ID_VALID by its Linux 5.0-5.8 number: a killed target's ID is found stale" \
	    has "$out" "\\tS: notification ID check failed!!!: No such file or directory" \
	    "\\tS: target has terminated; bye" "exit 137"
	d=$work/o2
	testing "ID_VALID by its Linux 5.0-5.8 number: a waiting call's ID is valid" \
	    "UNOTIFY_PRETEND_OLD_KERNEL=1 \"$U\" -d 1 $d | grep -E 'delaying|executing'" \
	    "\\tS: delaying for 1 seconds: 1
\\tS: executing: mkdir(\"$d\", 0700)"

	# a long countdown ends with the target, in the demo and under -x
	for how in "" "-x busybox mkdir"; do
		"$U" -d 20 $how "$work/long" >"$work/long.out" 2>&1 &
		sup=$!
		wait_for "$work/long.out" 'delaying for 20 seconds:' && kill -TERM $sup
		killed_at=$(date +%s)
		wait $sup
		rc=$?
		check "-d 20${how:+ $how}, SIGTERM to unotify: exit 143 within 2 s, nothing made" \
		    [ $rc = 143 -a $(($(date +%s) - killed_at)) -le 2 -a ! -e "$work/long" ]
	done
}
