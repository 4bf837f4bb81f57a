# test/caller.sh: the supervisor acts as the caller, in every namespace.
# Each case runs the same command twice, once straight and once under
# unotify -x, from the same starting state, and the two outcomes must be
# equal (as_kernel); where unotify refuses instead, the refusal is asserted.

NOBODY="-g 65534 -G 65534 -u 65534"

caller_cases() {
	as_root "acting as the caller" "to be other callers" || return
	cb=$work/caller
	B="\"$BECOME\""
	R="\"$RAW\""
	as_kernel "nobody in a root-only 0700 directory: EACCES" \
	    "mkdir -m 700 private" "$B $NOBODY $R $cb/private/sub" "$cb/private/sub"
	as_kernel "nobody in another user's 0700 directory: EACCES" \
	    "mkdir -m 700 other && chown 1000:1000 other" "$B $NOBODY $R $cb/other/sub" \
	    "$cb/other/sub"
	as_kernel "its owner in that 0700 directory: made, owned by it" \
	    "mkdir -m 700 other && chown 1000:1000 other" "$B -g 1000 -G 1000 -u 1000 $R $cb/other/sub" \
	    "$cb/other/sub"
	as_kernel "supplementary group: write through a group-only directory" \
	    "mkdir -m 770 grp && chown 0:1234 grp" "$B -g 65534 -G 65534,1234 -u 65534 $R $cb/grp/sub" \
	    "$cb/grp/sub"
	as_kernel "setgid parent: group and setgid bit inherited" \
	    "mkdir -m 2777 sgid && chown 0:1234 sgid && chmod 2777 sgid" \
	    "$B $NOBODY $R $cb/sgid/sub" "$cb/sgid/sub"
	as_kernel "umask 077" "" "$B -m 077 busybox mkdir $cb/u077" "$cb/u077"
	as_kernel "umask 000" "" "$B -m 000 busybox mkdir $cb/u000" "$cb/u000"
	as_kernel "root without CAP_DAC_OVERRIDE in another user's 0755 directory: EACCES" \
	    "mkdir -m 755 other && chown 1000:1000 other" "$B -c $R $cb/other/sub" \
	    "$cb/other/sub"
	as_kernel "root without CAP_DAC_READ_SEARCH cannot pass another user's 0700 directory" \
	    "mkdir -m 700 other && chown 1000:1000 other && mkdir -m 777 other/open" \
	    "$B -c $R $cb/other/open/sub" "$cb/other/open/sub"
	as_kernel "nobody cannot pass a 0700 directory to a 0777 one below it" \
	    "mkdir -m 700 private && mkdir -m 777 private/open" \
	    "$B $NOBODY $R $cb/private/open/sub" "$cb/private/open/sub"
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
	as_kernel "root at filesystem UID 1000 with its filesystem capabilities raised again" \
	    "mkdir -m 700 other && chown 4242:4242 other" "$R -fsuid 1000 $cb/other/sub" \
	    "$cb/other/sub"
	group_cases
	fuse_cases
	procfs_cases
	userns_cases
	dumpable_case
	landlock_case
	rm -rf "$cb"
}

# Group sets as large as the kernel allows, the caller's and our own (on
# the host, sanitized too: the emulated guests would spend half a minute
# on them).
group_cases() {
	case $stage in
	host | sanitized) ;;
	*)
		skip "group sets of 1100, 2500 and 65536" "on the host only, for time"
		return
		;;
	esac
	for count in 1100 2500 65536; do
		last=$((999 + count))
		as_kernel "$count supplementary groups: write through the last one" \
		    "mkdir -m 770 grp && chown 0:$last grp" "$B -g 65534 -G 1000-$last -u 65534 $R $cb/grp/sub" \
		    "$cb/grp/sub"
	done
	as_kernel_under "$B -G 1000-3499" "a supervisor with 2500 groups serves nobody" \
	    "mkdir -m 1777 sticky" "$B $NOBODY $R $cb/sticky/sub" "$cb/sticky/sub"
}

# FUSE lets into a mount without allow_other only the tasks whose real,
# effective and saved IDs are all its user's: all of them are taken on.
# (A mount whose daemon never answers: test/load.sh.)
fuse_cases() {
	F="\"$FUSE\""
	if ! "$FUSE" 0 "$work" true 2>/dev/null; then
		skip "FUSE mounts" "no FUSE here (fuse-mount says: $("$FUSE" 0 "$work" true 2>&1))"
		return
	fi
	as_kernel_under "$F 0 $cb/rf" "a FUSE mount for root alone: nobody gets EACCES" \
	    "mkdir rf" "$B $NOBODY $R $cb/rf/x" "$cb/rf/x"
	as_kernel_under "$F 65534 $cb/rf" "a FUSE mount for nobody alone: nobody's mkdir is made" \
	    "mkdir rf" "$B $NOBODY $R $cb/rf/x" "$cb/rf/x"
	as_kernel_under "$F 65534 $cb/rf" "a FUSE mount for nobody alone: root gets EACCES" \
	    "mkdir rf" "$R $cb/rf/x" "$cb/rf/x"
}

# PIDs are looked up in a procfs of unotify's own PID namespace: a private
# one when /proc is missing or another namespace's, for a privileged
# unotify; an unprivileged one without it refuses.
procfs_cases() {
	no_proc="without /proc its runtime has no options (it reads /proc/self/environ) and warns on stderr"
	if unsanitized "root without /proc (a private procfs)" "$no_proc"; then
		as_kernel_under "$B -P" "root without /proc (a private procfs): nobody in a root-only directory, EACCES" \
		    "mkdir -m 700 private" "$B $NOBODY $R $cb/private/sub" "$cb/private/sub"
		as_kernel_under "$B -P" "root without /proc (a private procfs): nobody in a sticky directory, made" \
		    "mkdir -m 1777 sticky" "$B $NOBODY $R $cb/sticky/sub" "$cb/sticky/sub"
	fi
	as_kernel_under "$B -p" "a new PID namespace, /proc still the old one's: nobody gets EACCES" \
	    "mkdir -m 700 private" "$B $NOBODY $R $cb/private/sub" "$cb/private/sub"
	as_kernel_under "$B -p" "a new PID namespace, /proc still the old one's: nobody's own, made" \
	    "mkdir -m 1777 sticky" "$B $NOBODY $R $cb/sticky/sub" "$cb/sticky/sub"
	# unotify is not the namespace's process 1 here, whose end would take
	# every process of the namespace with it; a sibling started before it
	# is no descendant, and lives on
	testing "a new PID namespace, /proc still the old one's: PROG's leftover ends, a sibling lives" \
	    "$B -p busybox sh -c 'sleep 5 & s=\$!; \"$U\" -x busybox sh -c \"(sleep 1; touch $work/pns) >/dev/null 2>&1 &\" >/dev/null 2>&1; sleep 1.5; kill -0 \$s && echo sibling alive; kill \$s; ls $work/pns 2>&1'" \
	    "sibling alive
ls: $work/pns: No such file or directory" 1
	unsanitized "an unprivileged unotify without /proc" "$no_proc" || return
	mkdir -m 1777 "$cb/noproc"
	testing "an unprivileged unotify without /proc refuses: EPERM, nothing made" \
	    "$B -P $NOBODY \"$U\" -x $R $cb/noproc/x; ls $cb/noproc" \
	    "\\tS: got notification (ID X) for PID N
\\tS: cannot learn the caller's identity (no procfs on /proc): refusing: $MKDIR\"$cb/noproc/x\", 0700)
\\tS: sending response (flags = 0; val = 0; error = -1)
mkdir-raw: Operation not permitted
\\tS: target has terminated; bye"
	d=$cb/noproc/d
	testing "the demo without /proc, unprivileged: its target is known (unotify's own child)" \
	    "$B -P $NOBODY \"$U\" $d | grep -E 'executing|SUCCESS'" \
	    "\\tS: executing: mkdir(\"$d\", 0700)
T: SUCCESS: mkdir(2) returned ${#d}"
}

# A caller in another user namespace has its capabilities there only:
# its directory is made from inside that namespace.
userns_cases() {
	if ! "$BECOME" -U 0:1 true 2>/dev/null; then
		skip "callers in user namespaces" "this kernel has no user namespaces"
		return
	fi
	as_kernel "root of a namespace that maps only 0, in another user's 0700 directory: EACCES" \
	    "mkdir -m 700 alice && chown 4242:4242 alice" "$B -U 0:1 $R $cb/alice/sub" "$cb/alice/sub"
	as_kernel "root of a namespace that maps only 0, in root's 0555 directory: made" \
	    "mkdir -m 555 ro" "$B -U 0:1 $R $cb/ro/sub" "$cb/ro/sub"
	as_kernel "a container's root (0 is 100000) in another user's 0700 directory: EACCES" \
	    "mkdir -m 700 alice && chown 4242:4242 alice" "$B -U 100000:65536 $R $cb/alice/sub" \
	    "$cb/alice/sub"
	as_kernel "a container's root in a 0555 directory of its own uid 5: made" \
	    "mkdir -m 555 c5 && chown 100005:100005 c5" "$B -U 100000:65536 $R $cb/c5/sub" "$cb/c5/sub"
	as_kernel "a container's root in a sticky directory: owned by 100000" \
	    "mkdir -m 1777 sticky" "$B -U 100000:65536 $R $cb/sticky/sub" "$cb/sticky/sub"
	as_kernel "a container's nobody (its uid 65534) in a 0700 directory of its root: EACCES" \
	    "mkdir -m 700 c0 && chown 100000:100000 c0" \
	    "$B -U 100000:65536 $B $NOBODY $R $cb/c0/sub" "$cb/c0/sub"
	as_kernel_under "$B -U -" "unotify in a namespace that maps none of its IDs" \
	    "" "$R $cb/unmapped" "$cb/unmapped"
	as_kernel_under "$B -G 0,1234 -U 0:1" "unotify holding a group its namespace does not map; the caller keeps it" \
	    "mkdir -m 070 grp && chown 4242:1234 grp" "$R $cb/grp/sub" "$cb/grp/sub"
	as_kernel_under "$B -G 0,1234 -U 0:1" "unotify holding a group its namespace does not map; the caller drops it" \
	    "mkdir -m 070 grp && chown 4242:1234 grp" "$B -G 0 $R $cb/grp/sub" "$cb/grp/sub"
}

# An unprivileged unotify, and a caller of its user with a user and mount
# namespace of its own and a tmpfs on /tmp, that makes itself unreadable
# and readable again meanwhile: each call lands in the caller's /tmp or is
# refused (EPERM), never in unotify's.  All inside a private /tmp, which
# hides the programs where the checkout is below /tmp: they are run
# through fds opened before.
dumpable_case() {
	out=$("$BECOME" -n sh -c "/proc/self/fd/7 $NOBODY /proc/self/fd/8 -x /proc/self/fd/9 \
	    -dumptoggle 300 /tmp/d 2>&1 | grep -v \"^${TAB}S:\"; ls /tmp | grep -c '^d'" \
	    7<"$BECOME" 8<"$U" 9<"$RAW")
	case $out in
	*"unshare: "*)
		skip "a caller that toggles PR_SET_DUMPABLE" "$out" ;;
	"mkdir-raw: "*" made, "*" refused, 0 other
0")
		pass "a caller that toggles PR_SET_DUMPABLE: made in its /tmp or refused, none in ours ($(echo $out | cut -d' ' -f2-5))" ;;
	*)
		flunk "a caller that toggles PR_SET_DUMPABLE: made in its /tmp or refused, none in ours" "$out" ;;
	esac
}

# Landlock domains are not taken on: no interface shows another task's.
landlock_case() {
	kernel=$("$RAW" -landlock "$cb/landlocked" 2>&1)
	if [ $? = 100 ]; then
		skip "a Landlock caller" "$kernel"
		return
	fi
	testing "a Landlock caller denied MAKE_DIR: the kernel says EACCES, unotify makes it (documented)" \
	    "echo '$kernel'; \"$U\" -x $R -landlock $cb/landlocked 2>&1 | grep mkdir-raw; ls -d $cb/landlocked" \
	    "mkdir-raw: Permission denied
mkdir-raw: returned 0
$cb/landlocked"
}

# In the guest, before /proc is mounted: a privileged supervisor makes a
# procfs of its own, and acts as the caller.
early_caller_cases() {
	mkdir -m 1777 "$work/earlyx"
	testing "before /proc: -x as root acts as the caller, through a private procfs" \
	    "\"$U\" -x \"$BECOME\" $NOBODY \"$RAW\" $work/earlyx/x 2>&1 | grep -E 'executing|mkdir-raw'; stat -c '%u %g %a' $work/earlyx/x" \
	    "\\tS: executing: $MKDIR\"$work/earlyx/x\", 0700)
mkdir-raw: returned 0
65534 65534 700"
}
