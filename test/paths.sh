# test/paths.sh: long, escaping and unreadable paths; and the differential
# test of path reading against the kernel.

path_cases() {
	p=$(printf './%.0s' $(seq 2046))abc
	out=$work/p4095.out
	(cd "$work" && "$U" "$p" >"$out" 2>&1)
	check "4095-byte ./ path is read whole and CONTINUEd" \
	    has "$out" "\\tS: target can execute system call" "T: SUCCESS: mkdir(2) returned 0"
	check "4095-byte path: the kernel created ./abc" [ -d "$work/abc" ]

	for len in 4096 5000; do
		p=$(printf './%.0s' $(seq 2046))$(printf 'a%.0s' $(seq $((len - 4092))))
		out=$work/p$len.out
		(cd "$work" && "$U" "$p" >"$out" 2>&1)
		check "$len-byte path: no NUL within PATH_MAX: ENAMETOOLONG" \
		    has "$out" "\\tS: spoofing error for invalid pathname (File name too long)" \
		    "\\tS: sending response (flags = 0; val = 0; error = -36)" \
		    "T: ERROR: mkdir(2): File name too long"
	done

	esc=$(basename "$work")-escape
	testing "/tmp/../x is refused with EPERM" "\"$U\" $work/../$esc 2>&1 | grep 'S: \\(ref\\|exec\\)\\|ERROR'" \
	    "\\tS: refusing path outside /tmp/ (Operation not permitted)
T: ERROR: mkdir(2): Operation not permitted"
	check "/tmp/../x: nothing created" [ ! -e "/tmp/$esc" ]

	ln -s /etc "$work/link"
	testing "a symlink under /tmp pointing outside is refused with EPERM" \
	    "\"$U\" $work/link/$esc 2>&1 | grep 'S: \\(ref\\|exec\\)\\|ERROR'" \
	    "\\tS: refusing path outside /tmp/ (Operation not permitted)
T: ERROR: mkdir(2): Operation not permitted"
	check "symlink: nothing created in /etc" [ ! -e "/etc/$esc" ]

	testing "/ and /tmp, ancestors of the served area, get EEXIST" \
	    "\"$U\" / /tmp 2>&1 | grep 'ERROR'" "T: ERROR: mkdir(2): File exists
T: ERROR: mkdir(2): File exists"

	testing "unreadable path pointer: EFAULT (-x)" "\"$U\" -x \"$RAW\" -fault" \
	    "\\tS: got notification (ID X) for PID N
\\tS: spoofing error for invalid pathname (Bad address): $MKDIR""ADDR, 0700)
\\tS: sending response (flags = 0; val = 0; error = -14)
mkdir-raw: Bad address
\\tS: target has terminated; bye" 14

	ln -s /etc "$work/link2"
	testing "older kernels' walk (no openat2): a symlink under /tmp is refused" \
	    "UNOTIFY_PRETEND_OLD_KERNEL=1 \"$U\" $work/link2/$esc 2>&1 | grep 'S: \\(ref\\|exec\\)\\|ERROR'" \
	    "\\tS: refusing path outside /tmp/ (Operation not permitted)
T: ERROR: mkdir(2): Operation not permitted"
	mkdir "$work/oldwalk"
	testing "older kernels' walk (no openat2): -x //tmp/.../x is made" \
	    "UNOTIFY_PRETEND_OLD_KERNEL=1 \"$U\" -x \"$RAW\" /$work/oldwalk//x 2>&1 | grep mkdir-raw" \
	    "mkdir-raw: returned 0"
	check "older kernels' walk: the directory exists" [ -d "$work/oldwalk/x" ]

	if as_root "non-dumpable PROG under an unprivileged supervisor" "to be nobody"; then
		mkdir -m 1777 "$work/nd"
		testing "non-dumpable PROG, unprivileged supervisor: EPERM and the reason, not EFAULT" \
		    "\"$BECOME\" -g 65534 -G 65534 -u 65534 \"$U\" -x \"$RAW\" -nodump $work/nd/x 2>&1 | grep -v 'got notif'" \
		    "\\tS: cannot read the path from the target's memory (Operation not permitted): refusing: $MKDIR""ADDR, 0700)
\\tS: sending response (flags = 0; val = 0; error = -1)
mkdir-raw: Operation not permitted
\\tS: target has terminated; bye"
		check "non-dumpable PROG: nothing made" [ ! -e "$work/nd/x" ]
	fi
}

# A path in a page the task may not read, by PROT_READ: the kernel itself
# reads a writable page, and on x86 an executable one.  A path pointer at
# x86-64's vsyscall page (executable; elsewhere, and on 32 bits, in the
# kernel's half) is EFAULT: no file offset reaches it in /proc/PID/mem.
prot_cases() {
	cb=$work/prot
	for prot in w x none; do
		as_kernel "a path in a page made PROT_$(echo $prot | tr a-z A-Z)" "" "\"$RAW\" -prot $prot $cb/p$prot" "$cb/p$prot"
	done
	as_kernel "a path pointer at the vsyscall page (0xffffffffff600000)" "" "\"$RAW\" -addr 0xffffffffff600000"
}

# /tmp itself, as the caller's kernel would find it: missing, a file, or
# a directory nobody may search, in a root of its own.
tmp_cases() {
	as_root "/tmp in a root of its own" chroot || return
	cb=$work/jails
	jail="cp \"$RAW\" mkdir-raw"
	B="\"$BECOME\""
	as_kernel "no /tmp in the caller's root: /tmp/x is ENOENT" "$jail" "$B -r $cb /mkdir-raw /tmp/x" \
	    "$cb/tmp"
	as_kernel "/tmp a file in the caller's root: /tmp/. is ENOTDIR" "$jail && touch tmp" \
	    "$B -r $cb /mkdir-raw /tmp/." "$cb/tmp"
	as_kernel "/tmp a dangling symlink: /tmp/x is ENOENT" "$jail && ln -s nowhere tmp" \
	    "$B -r $cb /mkdir-raw /tmp/x" "$cb/tmp"
	as_kernel "/tmp mode 0700, the caller nobody: /tmp/. and /tmp/x are EACCES" "$jail && mkdir -m 700 tmp" \
	    "$B -r $cb $NOBODY /mkdir-raw /tmp/. ; $B -r $cb $NOBODY /mkdir-raw /tmp/x" "$cb/tmp/x"
	as_kernel "/tmp in place: mkdir /tmp is EEXIST" "$jail && mkdir -m 1777 tmp" \
	    "$B -r $cb /mkdir-raw /tmp" "$cb/tmp"
	rm -rf "$cb"
	mkdir -p "$cb"
	cp "$RAW" "$cb/mkdir-raw"
	testing "no /tmp in the caller's root: mkdir /tmp, outside what is served, is EOPNOTSUPP" \
	    "\"$U\" -q -x $B -r $cb /mkdir-raw /tmp; ls $cb" "mkdir-raw: Not supported
mkdir-raw"
}

# Random absolute paths, each made by the kernel and under unotify -x with
# each resolver, from the same tree, in a sandbox where only a fresh /tmp
# is writable (test/pathfuzz.c): the answers must be the kernel's, but for
# the policy's.  UNOTIFY_FUZZ_SEED repeats a run's paths.
path_diff_cases() {
	prot_cases
	tmp_cases
	as_root "the differential test of path reading" "a mount namespace" || return
	case $stage in
	host) count=1500 ;;
	sanitized) count=500 ;;	# beside the whole host suite's
	*) count=30 ;;	# emulated: twenty to forty times slower
	esac
	# a new seed each run, so the runs add up to many more paths
	seed=${UNOTIFY_FUZZ_SEED:-$(date +%s)}
	echo "# the differential test's seed: $seed (UNOTIFY_FUZZ_SEED=$seed repeats its paths)"
	"$PATHFUZZ" "$U" "$seed" $count >"$work/fuzz" 2>&1
	rc=$?
	grep '^pathfuzz: expected' "$work/fuzz" | head -n 1 | sed 's/^/# /'
	for what in "openat2:" "the walk" "openat2, /tmp a symlink:"; do
		case $what in
		*symlink*)
			unsanitized "the differential test: $what" \
			    "it runs a copy of unotify in a root of its own, where a dynamic one finds no libraries" \
			    || continue
			;;
		esac
		line=$(grep "^pathfuzz: $count paths, $what" "$work/fuzz")
		case $line in
		*" 0 differences "*) pass "${line#pathfuzz: }" ;;
		*) flunk "the differential test: $what (exit $rc)" "$(grep -v '^pathfuzz: expected' "$work/fuzz" | head -n 30)" ;;
		esac
	done
}
