# test/exec.sh: -x PROG, real programs supervised.

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
