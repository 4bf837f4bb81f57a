# test/options.sh: bad input: one line, the usage, exit 125, nothing made.

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
	usage_error "-b 0" "unotify: -b: COUNT must be at least 1" -b 0
	usage_error "-b with -d" "unotify: -b takes no other options or operands" -d 1 -b 5
	testing "-h: usage on stdout, exit 0" "\"$U\" -h | head -n 1" "usage: unotify [-d SECS] [-f e|t] DIR..."
}
