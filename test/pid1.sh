# test/pid1.sh: unotify as process 1.  The machine's init (the kernel
# matrix boots it so) powers off when done; process 1 of any other PID
# namespace, a container's, is an ordinary program.

pid1_cases() {
	as_root "unotify as process 1 of a PID namespace" "a PID namespace" || return
	testing "process 1 of a PID namespace, -x: PROG's status, nothing more said" \
	    "\"$BECOME\" -p \"$U\" -q -x busybox sh -c 'echo \$\$; exit 3'" "2" 3
	"$BECOME" -p "$U" -t >"$work/pid1.tap" 2>&1
	rc=$?
	check "process 1 of a PID namespace, -t: TAP, the plan last, exit $rc, no power off" \
	    [ $rc = 0 -a "$(tail -n 1 "$work/pid1.tap" | cut -c1-3)" = "1.." ]
}
