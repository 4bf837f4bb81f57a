# test/options.sh: bad input: one line, a hint to -h, exit 125, nothing
# made; -h, -V and their long names.

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
	usage_error "unknown option -: (no errno text)" "unotify: unknown option -:" -: q
	usage_error "-d without its argument" "unotify: option -d needs an argument" -d
	usage_error "-t with operands" "unotify: -t takes no other options or operands" -t q
	usage_error "-b 0: one range, one message" "unotify: -b: '0' is not a whole number from 1 to 100000000" -b 0
	usage_error "-b -5" "unotify: -b: '-5' is not a whole number from 1 to 100000000" -b -5
	usage_error "an unknown long option is named whole" "unotify: unknown option --foo" --foo q
	usage_error "--help=x is no --help" "unotify: unknown option --help=x" --help=x
	usage_error "-b with -d" "unotify: -b takes no other options or operands" -d 1 -b 5
	testing "-h: usage on stdout, exit 0" "\"$U\" -h | head -n 1" "usage: unotify [-d SECS] [-f e|t] DIR..."
	testing "--help is -h" "\"$U\" -h >help && \"$U\" --help | cmp - help && echo same" "same"
	testing "-V: the version and the architecture, exit 0" \
	    "\"$U\" -V | sed 's/^unotify [^ ][^ ]* (\\(.*\\))\$/\\1/'" "$(uname -m)"
	testing "--version is -V" "\"$U\" -V >version && \"$U\" --version | cmp - version && echo same" "same"
	testing "-t names its version" "\"$U\" -t 2>&1 | sed -n 2p" "# unotify $("$U" -V | sed 's/^unotify //') -t on Linux $(uname -r) ($(uname -m))"
	testing "-h into a full disk: said, exit 125" "\"$U\" -h >/dev/full" \
	    "unotify: writing to stdout: No space left on device" 125
}

# Lines are never lost: a reader that is slow on a non-blocking pipe gets
# them all; one that cannot take them (a full disk) fails unotify, said.
output_cases() {
	if ! command -v python3 >/dev/null; then
		skip "lines into a slow reader's non-blocking pipe: none lost" "no python3 here to set O_NONBLOCK"
	else
		set -- $(seq 1 1500 | sed "s|^|$work/nb/|")
		mkdir "$work/nb"
		"$U" "$@" >"$work/nb.file" 2>&1
		rmdir "$work/nb"/* && mkdir -p "$work/nb"
		testing "lines into a slow reader's non-blocking pipe: as many as into a file, exit 0" \
		    "python3 -c 'import fcntl, os, sys; fcntl.fcntl(1, fcntl.F_SETFL, os.O_NONBLOCK); os.execv(sys.argv[1], sys.argv[1:])' \"\$U\" $* 2>&1 | (sleep 1; wc -l) | tr -d ' '" \
		    "$(wc -l <"$work/nb.file" | tr -d ' ')"
		rm -rf "$work/nb" "$work/nb.file"
		set --
	fi
	long=$(printf '%0600d' 0)
	testing "a message over 511 bytes keeps its errno text" "\"$U\" -o $work/no/$long -x true" \
	    "unotify: -o $work/no/$long: No such file or directory" 125
	testing "-x lines into a full disk: said, exit 125" "\"$U\" -o /dev/full -x true" \
	    "unotify: writing a line: No space left on device" 125
	testing "the demo into a full disk: said (by each process that had a line), exit 125" \
	    "\"$U\" $work/full >/dev/full 2>err; echo \$?; uniq err" "125
unotify: writing a line: No space left on device"
}
