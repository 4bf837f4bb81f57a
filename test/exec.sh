# test/exec.sh: -x PROG, real programs supervised.

prog_cases() {
	testing "-x busybox mkdir: lines and exit status" "\"$U\" -x busybox mkdir $work/bx" \
	    "\\tS: got notification (ID X) for PID N
\\tS: executing: $MKDIR\"$work/bx\", 0777)
\\tS: success! spoofed return = 0
\\tS: sending response (flags = 0; val = 0; error = 0)
\\tS: target has terminated; bye"
	check "-x busybox mkdir: directory exists" [ -d "$work/bx" ]

	testing "-x busybox mkdir -p: ancestors get EEXIST, the rest is created" \
	    "\"$U\" -x busybox mkdir -p $work/a/b/c 2>&1 | grep -c 'success!'" "3"
	check "-x mkdir -p: $work/a/b/c exists" [ -d "$work/a/b/c" ]

	testing "-x relative ./d: CONTINUE" "\"$U\" -x busybox mkdir ./d 2>&1 | grep 'S: target can'" \
	    "\\tS: target can execute system call: $MKDIR\"./d\", 0777)"
	check "-x ./d exists" [ -d "$work/d" ]

	testing "-x /etc/x refused with EOPNOTSUPP, PROG's status passed on" \
	    "\"$U\" -x busybox mkdir /etc/unotify-x 2>&1 | grep -v 'S: got'" \
	    "\\tS: spoofing error response (Operation not supported): $MKDIR\"/etc/unotify-x\", 0777)
\\tS: sending response (flags = 0; val = 0; error = -95)
mkdir: can't create directory '/etc/unotify-x': Operation not supported
\\tS: target has terminated; bye"
	check "-x /etc/unotify-x not created" [ ! -e /etc/unotify-x ]

	testing "-x mkdirat is named as such, mode from argument 2" \
	    "\"$U\" -x \"$RAW\" -at $work/at 2>&1 | grep -E 'executing|mkdir-raw'" \
	    "\\tS: executing: mkdirat(AT_FDCWD, \"$work/at\", 0700)
mkdir-raw: returned 0"

	testing "-x: 8 background jobs at once, every call served" \
	    "\"$U\" -x busybox sh -c 'for i in 1 2 3 4 5 6 7 8; do mkdir $work/j\$i & done; wait' 2>&1 | grep -c 'success!'" "8"
	check "-x background jobs: all 8 directories exist" \
	    [ "$(ls -d "$work"/j[1-8] | wc -l)" = 8 ]

	testing "-x: four threads' calls pending at once, every one served" \
	    "\"$U\" -x \"$RAW\" -threads $work/th 2>&1 | grep -E -c 'success!|0 of 4 threads failed'" "5"
	check "-x threads: four directories exist" [ "$(ls -d "$work"/th[1-4] | wc -l)" = 4 ]

	testing "-x exit status passed on" "\"$U\" -q -x busybox sh -c 'exit 3' >/dev/null" "" 3
	testing "-x killed by a signal: 128+N" "\"$U\" -q -x busybox sh -c 'kill -TERM \$\$' >/dev/null" "" 143
	echo 'not a program' >"$work/noexec"
	testing "-x not executable: 126, one line" "\"$U\" -x $work/noexec" \
	    "unotify: execvp $work/noexec: Permission denied" 126
	testing "-x not found: 127, one line" "\"$U\" -x unotify-no-such-prog" \
	    "unotify: execvp unotify-no-such-prog: No such file or directory" 127
	testing "-x a program that exits 127 itself: its lines end as always" "\"$U\" -x busybox sh -c 'exit 127'" \
	    "\\tS: target has terminated; bye" 127
	if unsanitized "nested unotify: the inner one cannot listen" \
	    "the inner one's runtime first makes its report directory and parents: calls the outer one serves"; then
		testing "nested unotify: the inner one cannot listen, exit 125, nothing created" \
		    "\"$U\" -x \"$U\" $work/nested" \
		    "unotify: seccomp: a notify listener above us already watches this process: Device or resource busy
\\tS: target has terminated; bye" 125
		check "nested unotify: $work/nested not created" [ ! -e "$work/nested" ]
	fi
	testing "-x: a background child left behind does not hold unotify up" \
	    "timeout 10 \"$U\" -x busybox sh -c 'sleep 3 >/dev/null 2>&1 &' 2>&1 | grep -c bye" "1"
	testing "-x with -d 1 and -f t" "\"$U\" -d 1 -f t -x busybox mkdir $work/dt 2>&1 | grep -E 'delaying|success'" \
	    "\\tS: delaying for 1 seconds: 1
\\tS: success! spoofed return = 0"
	testing "-x with -f e: no notification" "\"$U\" -f e -x busybox mkdir $work/fe2" \
	    "mkdir: can't create directory '$work/fe2': Operation not supported
\\tS: target has terminated; bye" 1

	testing "-x a mode register with high bits: the line shows the bits mkdir reads" \
	    "\"$U\" -x \"$RAW\" -mode 0x10000000041ed $work/hm 2>&1 | grep executing" \
	    "\\tS: executing: mkdirat(AT_FDCWD, \"$work/hm\", 0755)"

	# What the kernel answers ENOSYS gets ENOSYS: -1 is how a tracer skips a call
	for nr in -1 0x80000000 0xfffffffe 0x3fffffff; do
		kernel=$("$RAW" -nr $nr 2>&1)
		testing "-x system call number $nr: as without unotify" "\"$U\" -q -x \"$RAW\" -nr $nr" "$kernel" $?
	done
	if command -v strace >/dev/null; then
		kernel=$(strace -o /dev/null -e inject=uname:error=EPERM uname 2>&1)
		testing "-x strace -e inject: the error injected, as without unotify" \
		    "\"$U\" -q -x strace -o /dev/null -e inject=uname:error=EPERM uname" "$kernel" $?
	else
		skip "-x strace -e inject" "no strace here"
	fi

	if [ "$(uname -m)" != x86_64 ]; then
		skip "-x 32-bit caller (int 0x80)" "x86-64 only"
	elif "$RAW" -probe32 2>/dev/null; then
		testing "-x 32-bit caller (int 0x80): served with the path read from a 32-bit pointer" \
		    "\"$U\" -x \"$RAW\" -32 $work/i386 2>&1 | grep -E 'executing|mkdir-raw'" \
		    "\\tS: executing: mkdir(\"$work/i386\", 0700)
mkdir-raw: returned 0"
		check "-x 32-bit caller: directory exists" [ -d "$work/i386" ]
	else
		skip "-x 32-bit caller (int 0x80)" "this kernel has no IA32 emulation (int 0x80 faults)"
	fi
}

# -x answers real programs as the kernel's own mkdir would.
kernel_rules_cases() {
	cb=$work/rules
	as_kernel "-x relative name: the kernel's business (CONTINUE)" \
	    "" "busybox mkdir rel" "$cb/rel"
	as_kernel "-x mkdirat with a real dirfd: CONTINUE" \
	    "mkdir sub" "\"$RAW\" -atfd $cb/sub at" "$cb/sub/at"
	as_kernel "-x a mode register with high bits: the mode the kernel makes" "" \
	    "\"$RAW\" -mode 0x10000000041ed $cb/hm" "$cb/hm"
	as_kernel "-x //tmp/x is a /tmp path" "" "\"$RAW\" /$cb/two" "$cb/two"
	as_kernel "-x /tmp//x is a /tmp path" "" "\"$RAW\" $(echo "$cb" | sed 's|^/tmp/|/tmp//|')/dbl" "$cb/dbl"
	as_kernel "-x /tmp/./x is a /tmp path" "" "\"$RAW\" $(echo "$cb" | sed 's|^/tmp/|/tmp/./|')/dot" "$cb/dot"
	as_kernel "-x /tmp/x/. is not a new x (ENOENT)" "" "\"$RAW\" $cb/nox/." "$cb/nox"
	as_kernel "-x /tmp/x/. of an existing x: EEXIST" "mkdir isx" "\"$RAW\" $cb/isx/." "$cb/isx"
	as_kernel "-x /tmp/x/ with a trailing slash makes x" "" "\"$RAW\" $cb/trail/" "$cb/trail"
	as_kernel "-x busybox mkdir -p" "" "busybox mkdir -p $cb/bb/a/b" "$cb/bb/a/b"
	if mkdir --version 2>/dev/null | grep -q GNU; then
		as_kernel "-x GNU mkdir -p (it chdirs, then makes relative names)" \
		    "" "mkdir -p $cb/gnu/a/b/c" "$cb/gnu/a/b/c"
		as_kernel "-x GNU install -d" "" "install -d $cb/inst/a/b" "$cb/inst/a/b"
		rm -rf "$work/stage"
		testing "-x make install DESTDIR=/tmp/... (the README's example)" \
		    "\"$U\" -q -x make -s -C \"$here\" install DESTDIR=$work/stage PREFIX=/usr >/dev/null" ""
		check "make install under -x: the files are in the stage" \
		    [ -x "$work/stage/usr/bin/unotify" -a -f "$work/stage/usr/share/man/man1/unotify.1" ]
	else
		skip "-x GNU mkdir -p, install -d, make install" "no GNU coreutils here"
	fi

	if "$RAW" -uring "$work/uring-plain" >/dev/null 2>&1 && [ -d "$work/uring-plain" ]; then
		testing "-x io_uring: io_uring_setup gets ENOSYS, nothing made unseen" \
		    "\"$U\" -x \"$RAW\" -uring $work/uring" \
		    "mkdir-raw: io_uring_setup: Function not implemented
\\tS: target has terminated; bye" 38
		check "-x io_uring: nothing created" [ ! -e "$work/uring" ]
	else
		skip "-x io_uring" "io_uring cannot make a directory here even without unotify"
	fi

	# 20000 calls on the host; the emulated guests, ten to forty times
	# slower, make 300 to keep the suite within its budget.
	calls=20000
	[ "$stage" = host ] || calls=300
	for how in storm stopstorm; do
		mkdir "$work/$how"
		out=$("$U" -x "$RAW" -$how $calls "$work/$how" 2>"$work/$how.err" | grep '^mkdir-raw')
		if grep -q 'lacks SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV' "$work/$how.err"; then
			skip "-x $calls mkdirs ($how)" "this kernel lacks WAIT_KILLABLE_RECV (5.19)"
		else
			case $how in
			storm) what="under a signal storm" ;;
			*) what="stopped and continued" ;;
			esac
			testing "-x $calls mkdirs $what (SA_RESTART): none fails" "echo '$out'" \
			    "mkdir-raw: $calls calls $what, 0 failed"
		fi
		rm -rf "$work/$how"
	done
}
