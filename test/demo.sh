# test/demo.sh: the demo, line for line as the original program; and the
# demo before /proc is mounted (the guest's early stage).

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

	d=$(echo "$work" | sed 's|^/tmp/|/tmp//|')/dbl
	testing "demo: /tmp//x is read as the kernel reads it: /tmp/x is made" \
	    "\"$U\" $d | grep -E 'executing|SUCCESS'" "\\tS: executing: mkdir(\"$d\", 0700)
T: SUCCESS: mkdir(2) returned ${#d}"
	check "demo: /tmp//x made $work/dbl" [ -d "$work/dbl" ]

	testing "demo: several DIRs, served in order" "\"$U\" ./m1 /unotify-no ./m2 2>&1 | grep -c 'S: got notification'" "3"
	check "demo: ./m1 and ./m2 exist" [ -d "$work/m1" -a -d "$work/m2" ]
}

early_cases() {
	x=$work/early
	testing "demo before /proc is mounted" "\"$U\" $x ./e2 | grep -E 'executing|SUCCESS|bye'" \
	    "\\tS: executing: mkdir(\"$x\", 0700)
T: SUCCESS: mkdir(2) returned ${#x}
T: SUCCESS: mkdir(2) returned 0
\\tS: target has terminated; bye"
	check "before /proc: both directories exist" [ -d "$x" -a -d "$work/e2" ]
}
