# test/wrapper.sh: -x as a wrapper in the manner of env, timeout and
# strace: PROG's fds and stdout are its own, the lines go to stderr, -o or
# nowhere, a path's bytes cannot break a line, /bye means nothing, and
# whatever PROG leaves behind is ended.

wrapper_cases() {
	fds="busybox sh -c 'ls /proc/\$\$/fd'"
	want=$(eval "exec 7>$work/fd7; $fds")
	testing "-x: PROG gets the fds unotify got (7 too), as without it, and none of unotify's" \
	    "exec 7>$work/fd7; \"$U\" -q -x $fds" "$want"
	echo hi >"$work/hi"
	testing "-x: an fd given to PROG reaches it (cat /proc/self/fd/3 3<file)" \
	    "\"$U\" -q -x busybox cat /proc/self/fd/3 3<$work/hi" "hi"
	testing "-x: PROG writes to an inherited fd 3 (sh -c 'echo hi >&3' 3>file)" \
	    "\"$U\" -q -x busybox sh -c 'echo hi >&3' 3>$work/fd3; cat $work/fd3" "hi"
	if command -v bash >/dev/null 2>&1; then
		testing "-x: bash's process substitution reaches PROG (cat <(echo hi))" \
		    "bash -c '\"$U\" -q -x cat <(echo hi)'" "hi"
	else
		skip "-x: bash's process substitution reaches PROG" "no bash here"
	fi

	testing "-x: PROG's stdout holds its own output alone" \
	    "\"$U\" -x busybox sh -c 'mkdir $work/wa; echo data' 2>/dev/null" "data"
	testing "-x: the supervisor's lines go to stderr" \
	    "\"$U\" -x busybox sh -c 'mkdir $work/wb; echo data' 2>&1 >/dev/null | grep -c '^${TAB}S: '" "5"
	testing "-x -o FILE: the lines go to FILE, none to stderr" \
	    "echo old >$work/lines; \"$U\" -o $work/lines -x busybox mkdir $work/wc 2>&1; grep -c '^${TAB}S: ' $work/lines; grep -c old $work/lines" \
	    "5
0" 1
	testing "-x -q: no lines at all; PROG's own stderr passes" \
	    "\"$U\" -q -x busybox sh -c 'mkdir $work/wq; echo err >&2' 2>&1" "err"
	check "-x -q: the directory was made all the same" [ -d "$work/wq" ]
	testing "-o FILE that cannot be written: exit 125, one line, PROG not run" \
	    "\"$U\" -o $work/no/such/dir -x busybox mkdir $work/we 2>&1; [ -e $work/we ]" \
	    "unotify: -o $work/no/such/dir: No such file or directory" 1
	usage_error "-o without -x is a usage error" "unotify: -o goes with -x" -o "$work/q" "$work/q"
	usage_error "-q without -x is a usage error" "unotify: -q goes with -x" -q "$work/q"
	usage_error "-o and -q together are a usage error" "unotify: -o and -q exclude each other" \
	    -q -o "$work/q" -x true

	nl='
'
	esc=$(printf '\033')
	testing "-x: a newline, a tab, a quote, a backslash and ESC in a path: one event, five lines" \
	    "\"$U\" -x \"$RAW\" '$work/m${nl}l${TAB}t\"q${esc}[31m\\' 2>&1 >/dev/null | wc -l" "5"
	testing "-x: such a path is written escaped" \
	    "\"$U\" -x \"$RAW\" '$work/n${nl}l${TAB}t\"q${esc}[31m\\' 2>&1 | grep executing" \
	    "\\tS: executing: $MKDIR\"$work/n\\nl\\tt\\\"q\\033[31m\\\\\", 0700)"
	check "-x: that directory exists, named as given" [ -d "$work/m${nl}l${TAB}t\"q${esc}[31m\\" ]

	# in a root of its own: were /bye ever made, it would be made there
	# (BusyBox's own file: in its shell, command -v names just the applet)
	if as_root "-x: /bye is just a path outside /tmp" chroot; then
		mkdir -p "$work/byeroot/tmp" && cp "$(busybox readlink -f /proc/self/exe)" "$work/byeroot/busybox"
		testing "-x: /bye is just a path outside /tmp: EOPNOTSUPP, and serving goes on" \
		    "\"$U\" -q -x \"$BECOME\" -r $work/byeroot /busybox sh -c \
		    '/busybox mkdir /bye; /busybox mkdir /tmp/after && echo after' 2>&1; ls $work/byeroot" \
		    "mkdir: can't create directory '/bye': Operation not supported
after
busybox
tmp"
	fi

	many=5000
	[ "$stage" = host ] || many=200
	"$RAW" -procs $many >"$work/procs" &
	procs=$!
	if wait_for "$work/procs" "ready"; then
		"$U" -q -x busybox sh -c "sleep 50 >/dev/null 2>&1 & echo \$! >$work/sleep.pid"
		check "-x: $many other tasks running, PROG's 'sleep &' is found and ended" \
		    pid_gone "$(cat "$work/sleep.pid")"
	else
		flunk "-x: $many other tasks running: they could not be started"
	fi
	kill $procs
	wait $procs 2>/dev/null
}
