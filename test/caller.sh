# test/caller.sh: the supervisor acts as the caller.  Each case runs the
# same command twice, once straight and once under unotify -x, from the
# same starting state, and the two outcomes must be equal (as_kernel).

NOBODY="-g 65534 -G 65534 -u 65534"

caller_cases() {
	if [ "$(id -u)" != 0 ]; then
		skip "acting as the caller" "needs root (to be other callers)"
		return
	fi
	cb=$work/caller
	B="\"$BECOME\""
	as_kernel "nobody in a root-only 0700 directory: EACCES" \
	    "mkdir -m 700 private" "$B $NOBODY \"$RAW\" $cb/private/sub" "$cb/private/sub"
	as_kernel "nobody in another user's 0700 directory: EACCES" \
	    "mkdir -m 700 other && chown 1000:1000 other" "$B $NOBODY \"$RAW\" $cb/other/sub" \
	    "$cb/other/sub"
	as_kernel "its owner in that 0700 directory: made, owned by it" \
	    "mkdir -m 700 other && chown 1000:1000 other" "$B -g 1000 -G 1000 -u 1000 \"$RAW\" $cb/other/sub" \
	    "$cb/other/sub"
	as_kernel "supplementary group: write through a group-only directory" \
	    "mkdir -m 770 grp && chown 0:1234 grp" "$B -g 65534 -G 65534,1234 -u 65534 \"$RAW\" $cb/grp/sub" \
	    "$cb/grp/sub"
	as_kernel "setgid parent: group and setgid bit inherited" \
	    "mkdir -m 2777 sgid && chown 0:1234 sgid && chmod 2777 sgid" \
	    "$B $NOBODY \"$RAW\" $cb/sgid/sub" "$cb/sgid/sub"
	as_kernel "umask 077" "" "$B -m 077 busybox mkdir $cb/u077" "$cb/u077"
	as_kernel "umask 000" "" "$B -m 000 busybox mkdir $cb/u000" "$cb/u000"
	as_kernel "root without CAP_DAC_OVERRIDE in another user's 0755 directory: EACCES" \
	    "mkdir -m 755 other && chown 1000:1000 other" "$B -c \"$RAW\" $cb/other/sub" \
	    "$cb/other/sub"
	as_kernel "root without CAP_DAC_READ_SEARCH cannot pass another user's 0700 directory" \
	    "mkdir -m 700 other && chown 1000:1000 other && mkdir -m 777 other/open" \
	    "$B -c \"$RAW\" $cb/other/open/sub" "$cb/other/open/sub"
	as_kernel "nobody cannot pass a 0700 directory to a 0777 one below it" \
	    "mkdir -m 700 private && mkdir -m 777 private/open" \
	    "$B $NOBODY \"$RAW\" $cb/private/open/sub" "$cb/private/open/sub"
	as_kernel "nobody in a sticky 1777 directory: made, owned by it, removable by it" \
	    "mkdir -m 1777 sticky" \
	    "$B $NOBODY busybox sh -c 'mkdir $cb/sticky/mine && stat -c \"%u %g %a\" $cb/sticky/mine && rmdir $cb/sticky/mine && echo removed'" \
	    "$cb/sticky/mine"
	as_kernel "chroot: /tmp is the caller's /tmp, inside its root" \
	    "mkdir -p jail/tmp && chmod 1777 jail/tmp && cp \"$RAW\" jail/mkdir-raw" \
	    "$B -r $cb/jail /mkdir-raw /tmp/unotify-jailed" \
	    "$cb/jail/tmp/unotify-jailed" /tmp/unotify-jailed
	pt=/tmp/unotify-private-$$
	as_kernel "a private /tmp (its own mount namespace): made there, not in ours" "" \
	    "$B -n busybox sh -c 'mkdir $pt && stat -c \"%u %g %a\" $pt'" "$pt"

	testing "a privileged supervisor without /proc refuses to guess the caller: EPERM" \
	    "\"$BECOME\" -P \"$U\" -x \"$RAW\" $cb/noproc" \
	    "\\tS: got notification (ID X) for PID N
\\tS: cannot learn the caller's identity (no /proc): refusing
\\tS: sending response (flags = 0; val = 0; error = -1)
mkdir-raw: Operation not permitted
\\tS: target has terminated; bye" 1
	check "without /proc: nothing made" [ ! -e "$cb/noproc" ]
	mkdir -m 1777 "$cb/sticky"
	testing "an unprivileged supervisor without /proc serves its caller, as it is" \
	    "\"$BECOME\" -P $NOBODY \"$U\" -x \"$RAW\" $cb/sticky/np | grep -E 'executing|mkdir-raw'" \
	    "\\tS: executing: $MKDIR(\"$cb/sticky/np\", 0700)
mkdir-raw: returned 0"
	check "unprivileged, without /proc: owned by nobody" [ "$(stat -c '%u %a' "$cb/sticky/np")" = "65534 700" ]
	d=$cb/demo
	testing "the demo without /proc, as root: its target is known (unotify's own child)" \
	    "\"$BECOME\" -P \"$U\" $d | grep -E 'executing|SUCCESS'" \
	    "\\tS: executing: mkdir(\"$d\", 0700)
T: SUCCESS: mkdir(2) returned ${#d}"
	rm -rf "$cb"
}

# In the guest, before /proc is mounted: a privileged supervisor cannot
# learn who a program's caller is, and refuses rather than guess.
early_caller_cases() {
	testing "before /proc: -x refuses to create for a caller it cannot know" \
	    "\"$U\" -x \"$RAW\" $work/early-x | grep -v 'got notif'" \
	    "\\tS: cannot learn the caller's identity (no /proc): refusing
\\tS: sending response (flags = 0; val = 0; error = -1)
mkdir-raw: Operation not permitted
\\tS: target has terminated; bye"
	check "before /proc: -x made nothing" [ ! -e "$work/early-x" ]
}
