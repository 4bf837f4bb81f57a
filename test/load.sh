# test/load.sh: the serve loop under load.  A create that hangs (a FUSE
# mount whose daemon never answers) delays only its caller, and a caller
# killed meanwhile cancels it; many callers of several identities at once
# are each served as the kernel serves them; /proc texts are read whole.
# $CROWD is test/crowd.c.  The scripts the callers run are written into
# $work; variables are l_ ones (lib.sh owns n, name, want, got...).  No
# PID is signalled but by crowd, and only its own unreaped children: the
# kernel reuses an ended one's PID soon where pid_max is 32768.

load_cases() {
	l_dir=$work/load
	rm -rf "$l_dir"
	mkdir -p "$l_dir"
	maps_case
	if as_root "the serve loop under load" "to be other callers and to mount FUSE"; then
		load_scripts
		if ! "$FUSE" 0 "$work" true >/dev/null 2>&1; then
			skip "a create hung in FUSE" "no FUSE here (fuse-mount says: $("$FUSE" 0 "$work" true 2>&1))"
		elif hung_case root 0; then
			hung_case nobody 65534
			killed_case
			stuck_case
		fi
		mix_case
		footprint_case
	fi
	rm -rf "$l_dir"
}

# l_served_under LIMIT PREFIX PATH: with PREFIX setting LIMIT, a caller of
# another identity (nobody) is served: PATH made, owned by it
l_served_under() {
	out=$(eval "$2 \"\$U\" -q -x \"\$BECOME\" -g 65534 -G 65534 -u 65534 \"\$RAW\" \"\$3\"" 2>&1; echo "exit $?")
	out="$out, owner $(stat -c %U "$3" 2>/dev/null)"
	if [ "$out" = "mkdir-raw: returned 0
exit 0, owner nobody" ]; then
		pass "$1: a caller of another identity is served"
	else
		flunk "$1: a caller of another identity is served" "got:" "$out"
	fi
}

# Memory on demand: under an address space of 1 MB (RLIMIT_AS), or a
# stack of 24 KB, unotify still serves a caller of another identity, its
# worker forked; and while
# one is served, the main process, the serve loop (its worker used) and
# the worker each peak at 400 kB at most (VmPeak).  busybox sh, 2 MB, is
# PROG only in the second, unlimited.
footprint_case() {
	unsanitized "unotify's footprint" "ASan's shadow memory is terabytes of address space" || return
	fp=$l_dir/footprint
	mkdir -m 1777 "$fp"
	l_served_under "RLIMIT_AS 1 MB" "prlimit --as=1000000" "$fp/a"
	# a worker's buffers are its own mapping, not 24 KB more of stack
	l_served_under "RLIMIT_STACK 24 KB" "ulimit -s 24 &&" "$fp/s"
	"$U" -q -x "$BECOME" -g 65534 -G 65534 -u 65534 busybox sh -c \
	    "mkdir $fp/b && mkdir $fp/c && touch $fp/made; i=0; while [ ! -e $fp/done ] && [ \$i -lt 600 ]; do sleep 0.05; i=\$((i + 1)); done" &
	l_sup=$!
	i=0
	while [ ! -e "$fp/made" ] && [ $i -lt 600 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	# the processes named unotify: ours, its loop and worker
	peaks=$(for p in /proc/[0-9]*; do
		[ "${p#/proc/}" = $l_sup ] || [ "$(cut -d' ' -f2,4 "$p/stat" 2>/dev/null)" = "(unotify) $l_sup" ] || continue
		sed -n 's/^VmPeak:[^0-9]*\([0-9]*\) kB/\1/p' "$p/status"
	done | sort -n | tr '\n' ' ')
	touch "$fp/done"
	wait $l_sup
	set -- $peaks
	eval "l_most=\${$#:-}"
	if [ $# -ge 3 ] && [ "$l_most" -le 400 ] 2>/dev/null; then
		pass "VmPeak of unotify, its serve loop and its worker: at most 400 kB ($peaks kB)"
	else
		flunk "VmPeak of unotify, its serve loop and its worker: at most 400 kB" "VmPeak (kB): $peaks"
	fi
}

# A worker that the kernel holds when PROG ends (a create hung in FUSE)
# is unotify's own: killed, and left to end when the kernel lets go.  A
# leftover of PROG is ended all the same, and unotify ends at once (a
# stale count of such helpers once ended the rounds early: the leftover
# lived on).  fuse-mount ends the mount when unotify has ended.
stuck_case() {
	cb=$l_dir/stuck
	mkdir -p "$cb/hang"
	out=$(timeout 60 "$FUSE" -hang 65534 "$cb/hang" "$U" -q -x busybox sh -c \
	    "\"$BECOME\" -g 65534 -G 65534 -u 65534 \"$RAW\" $cb/hang/x & sleep 0.5
	    (sleep 2; touch $cb/left) >/dev/null 2>&1 & exit 0" 2>&1; echo "exit $?")
	sleep 2.5
	if [ "$out" = "exit 0" ] && [ ! -e "$cb/left" ]; then
		pass "a worker held in FUSE when PROG ends: PROG's leftover is ended, unotify exits 0 at once"
	else
		flunk "a worker held in FUSE when PROG ends: PROG's leftover is ended, unotify exits 0 at once" \
		    "$out" "leftover's mark: $(ls "$cb/left" 2>&1)"
	fi
}

# /proc/PID/maps of a program with many mappings is longer than a page,
# and a read(2) of it returns a page at most: the map must be read whole
# before a PROT_WRITE page (which process_vm_readv does not read) is
# found readable in it.
maps_case() {
	cb=$l_dir/maps
	as_kernel "a path in a write-only page of a program with 200 more mappings" "" \
	    "\"$CROWD\" -maps 200 $cb/p" "$cb/p"
}

# The scripts: run straight for the kernel's answer, or as PROG under
# unotify -x.  The helpers come in the environment (load_env).
load_scripts() {
	# sh infuse.sh MNT OUT CMD [ARG...]: run by fuse-mount -hang in its
	# mount namespace.  CMD gets ABORT, the abort file of MNT's FUSE
	# connection in a fusectl mounted on OUT/ctl, and aborts the
	# connection itself after touching OUT/aborted; if it has not after
	# 6 s, a watchdog does (and touches OUT/watchdog).  Says "exit N" of
	# CMD; exit 100 without a fusectl.
	cat >"$l_dir/infuse.sh" <<'EOF'
mnt=$(cd "${1%/*}" && pwd -P)/${1##*/} out=$2
shift 2
mkdir "$out/ctl"
if ! mount -t fusectl fusectl "$out/ctl"; then
	echo "infuse: no fusectl"
	exit 100
fi
# the connection's name is the device number of the mount (the last one
# on MNT) as the kernel writes it, MAJOR << 20 | MINOR
dev=$(awk -v m="$mnt" '$5 == m { d = $3 } END { print d }' /proc/self/mountinfo)
ABORT=$out/ctl/$(((${dev%:*} << 20) | ${dev#*:}))/abort
export ABORT
if [ ! -e "$ABORT" ]; then
	echo "infuse: no $ABORT (device $dev)"
	umount "$out/ctl"
	exit 100
fi
(
	i=0
	while [ $i -lt 60 ] && [ ! -e "$out/aborted" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ ! -e "$out/aborted" ]; then
		touch "$out/watchdog"
		echo 1 >"$ABORT"
	fi
) >/dev/null 2>&1 &
dog=$!
"$@"
rc=$?
touch "$out/aborted"
echo 1 >"$ABORT"
wait $dog
umount "$out/ctl"
echo "exit $rc"
EOF
	# sh hung.sh WHO MNT OUT: caller A (WHO: root or nobody) makes MNT/x
	# below a FUSE mount that never answers; 0.2 s later caller B (root)
	# makes 300 directories in OUT/b (OUT/b.txt: how long it took); then
	# the connection is aborted and A's answer awaited (20 s at most from
	# its start): OUT/a.
	cat >"$l_dir/hung.sh" <<'EOF'
who=$1 mnt=$2 out=$3
case $who in
nobody) set -- "$BECOME" -g 65534 -G 65534 -u 65534 ;;
*) set -- ;;
esac
"$CROWD" -reap -k 20000 "$@" "$RAW" "$mnt/x" >"$out/a" 2>&1 &
a=$!
sleep 0.2
"$CROWD" -make 300 "$out/b/" >"$out/b.txt" 2>&1
touch "$out/aborted"
echo 1 >"$ABORT"
wait $a
echo "exit $?" >>"$out/a"
EOF
	# sh killed.sh MNT OUT: A (nobody) makes MNT/x below a FUSE mount that
	# never answers and is killed 300 ms later, while it waits; then
	# nobody and root make a directory each in OUT/open while A's create
	# still hangs; then the connection is aborted, and both make one more.
	cat >"$l_dir/killed.sh" <<'EOF'
mnt=$1 out=$2
nobody="-g 65534 -G 65534 -u 65534"
"$CROWD" -reap -k 300 "$BECOME" $nobody "$RAW" "$mnt/x" >"$out/a" 2>&1
echo "A killed: exit $?"
"$BECOME" $nobody "$CROWD" -make 1 "$out/open/nobody-hung-"
"$CROWD" -make 1 "$out/open/root-hung-"
touch "$out/aborted"
echo 1 >"$ABORT"
"$BECOME" $nobody "$CROWD" -make 1 "$out/open/nobody-aborted-"
"$CROWD" -make 1 "$out/open/root-aborted-"
EOF
	# sh mix.sh DIR COUNT OUT [fds]: 8 processes of 4 identities make
	# COUNT directories each in DIR, all at once (at OUT/go), after one
	# each in OUT/warm.  With "fds" (as PROG of unotify, its parent) the
	# parent's open fds are counted at the start, after the one each and
	# at the end (OUT/fds), and its zombie children at the end
	# (OUT/zombies).
	cat >"$l_dir/mix.sh" <<'EOF'
dir=$1 count=$2 out=$3 fds=${4:-}
# as_tag TAG CMD...: CMD as the identity of TAG's first letter
as_tag() {
	case $1 in
	r*) shift ;;
	n*) shift; set -- "$BECOME" -g 65534 -G 65534 -u 65534 "$@" ;;
	u*) shift; set -- "$BECOME" -g 1000 -G 1000,1234 -u 1000 "$@" ;;
	c*) shift; set -- "$BECOME" -U 100000:65536 "$@" ;;
	esac
	"$@"
}
[ -z "$fds" ] || ls /proc/$PPID/fd 2>/dev/null | wc -l >"$out/fds"
for tag in r n u c; do
	as_tag $tag "$CROWD" -make 1 "$out/warm/$tag-" >/dev/null
done
[ -z "$fds" ] || ls /proc/$PPID/fd 2>/dev/null | wc -l >>"$out/fds"
pids=
for tag in r1 r2 n1 n2 u1 u2 c1 c2; do
	as_tag $tag "$CROWD" -make "$count" "$dir/$tag-" "$out/go" >"$out/$tag" 2>&1 &
	pids="$pids $!"
done
touch "$out/go"
rc=0
for pid in $pids; do
	wait $pid || rc=1
done
if [ -n "$fds" ]; then
	ls /proc/$PPID/fd 2>/dev/null | wc -l >>"$out/fds"
	for try in 1 2 3; do
		"$CROWD" -kids $PPID | grep ' Z$' >"$out/zombies" || break
		sleep 0.2
	done
fi
exit $rc
EOF
}

# load_env CMD...: CMD with the helpers in its environment
load_env() {
	CROWD=$CROWD RAW=$RAW BECOME=$BECOME "$@"
}

# l_ms FILE: the milliseconds crowd -make said it took
l_ms() {
	sed -n 's/^crowd: .* in \([0-9]*\) ms$/\1/p' "$1"
}

# l_watchdog OUT: a line if the watchdog aborted the connection
l_watchdog() {
	[ ! -e "$1/watchdog" ] || echo "(the connection was aborted by the watchdog, 6 s after the start)"
}

# in_fuse UID OUT CMD [ARG...]: CMD (given ABORT) in a FUSE mount for UID
# on $l_dir/mnt that never answers; its output and fuse-mount's into
# OUT/log (OUT exists)
in_fuse() {
	l_uid=$1 l_out=$2
	shift 2
	rm -rf "$l_dir/mnt"
	mkdir "$l_dir/mnt"
	load_env "$FUSE" -hang "$l_uid" "$l_dir/mnt" sh "$l_dir/infuse.sh" "$l_dir/mnt" "$l_out" \
	    "$@" >"$l_out/log" 2>&1
}

# A caller whose create hangs in FUSE (root: unotify's identity; nobody:
# another one) delays only itself, and gets the kernel's answer when the
# connection is aborted.  Fails (status 1) where there is no fusectl.
hung_case() {
	l_name="a create hung in FUSE delays only its caller (A $1)"
	l_k=$l_dir/hung-kernel l_u=$l_dir/hung-unotify
	rm -rf "$l_k" "$l_u"
	mkdir -p "$l_k/b" "$l_u/b"
	in_fuse "$2" "$l_k" sh "$l_dir/hung.sh" "$1" "$l_dir/mnt" "$l_k"
	if grep -q '^infuse: ' "$l_k/log"; then
		skip "a create hung in FUSE" "$(grep '^infuse: ' "$l_k/log")"
		return 1
	fi
	# unotify on the emulated guests is slower: the bound is 1000 ms or
	# three times what 300 creates take it with nothing hung
	rm -rf "$l_dir/ref"
	mkdir "$l_dir/ref"
	"$U" -q -x "$CROWD" -make 300 "$l_dir/ref/" >"$l_dir/ref.txt" 2>&1
	l_ref=$(l_ms "$l_dir/ref.txt")
	l_bound=1000
	[ -z "$l_ref" ] || [ $((3 * l_ref)) -le $l_bound ] || l_bound=$((3 * l_ref))
	l_start=$(date +%s)
	in_fuse "$2" "$l_u" "$CROWD" -reap -k 60000 "$U" -q -x sh "$l_dir/hung.sh" "$1" "$l_dir/mnt" "$l_u"
	l_took=$(($(date +%s) - l_start))
	l_b=$(l_ms "$l_u/b.txt")
	if [ -n "$l_b" ] && [ "$l_b" -lt $l_bound ] && grep -q '^crowd: 300 made, 0 failed' "$l_u/b.txt"; then
		pass "$l_name: B's 300 creates took $l_b ms (under $l_bound)"
	else
		flunk "$l_name: B's 300 creates in under $l_bound ms" \
		    "B under unotify, A's create hung: $(cat "$l_u/b.txt")" \
		    "B under unotify, nothing hung: $(cat "$l_dir/ref.txt")" \
		    "B without unotify, A's create hung: $(cat "$l_k/b.txt")" \
		    "$(l_watchdog "$l_u")" "run: $l_took s; output: $(cat "$l_u/log")"
	fi
	if [ "$(cat "$l_u/a")" = "$(cat "$l_k/a")" ] && grep -q '^mkdir-raw: ' "$l_k/a" \
	    && [ "$(cat "$l_u/log")" = "exit 0" ]; then
		pass "$l_name: its create ends as the kernel's when the connection is aborted ($(head -n 1 "$l_k/a")), unotify exits 0, no process left"
	else
		flunk "$l_name: its create ends as the kernel's when the connection is aborted, unotify exits 0, no process left" \
		    "without unotify:" "$(cat "$l_k/a")" "with unotify:" "$(cat "$l_u/a")" \
		    "$(l_watchdog "$l_u")" "run: $l_took s; unotify's output and exit: $(cat "$l_u/log")"
	fi
	return 0
}

# A caller killed while its create hangs: the others are served meanwhile
# and after the abort, nothing is made for it, and unotify ends with no
# process of its own left.
killed_case() {
	l_name="a caller killed while its create waits in FUSE"
	l_out=$l_dir/killed
	rm -rf "$l_out"
	mkdir -p "$l_out/open"
	chmod 1777 "$l_out/open"
	l_start=$(date +%s)
	in_fuse 65534 "$l_out" "$CROWD" -reap -k 60000 "$U" -q -x sh "$l_dir/killed.sh" "$l_dir/mnt" "$l_out"
	l_took=$(($(date +%s) - l_start))
	l_ms1=$(sed -n '2s/^crowd: 1 made, 0 failed, in \([0-9]*\) ms$/\1/p' "$l_out/log")
	l_ms2=$(sed -n '3s/^crowd: 1 made, 0 failed, in \([0-9]*\) ms$/\1/p' "$l_out/log")
	l_made=$(cd "$l_out/open" && ls | tr '\n' ' ')
	l_why="run: $l_took s; output:
$(cat "$l_out/log")
A's own: $(cat "$l_out/a")
made: $l_made
$(l_watchdog "$l_out")"
	if [ -n "$l_ms1" ] && [ -n "$l_ms2" ] && [ "$l_ms1" -lt 1000 ] && [ "$l_ms2" -lt 1000 ]; then
		pass "$l_name: nobody and root are served meanwhile ($l_ms1 ms, $l_ms2 ms)"
	else
		flunk "$l_name: nobody and root are served meanwhile, each in under 1000 ms" "$l_why"
	fi
	if [ "$(sed 's/, in [0-9]* ms$//' "$l_out/log")" = "A killed: exit 137
crowd: 1 made, 0 failed
crowd: 1 made, 0 failed
crowd: 1 made, 0 failed
crowd: 1 made, 0 failed
exit 0" ] && [ "$l_made" = "nobody-aborted-0 nobody-hung-0 root-aborted-0 root-hung-0 " ] \
	    && [ -z "$(ls -A "$l_dir/mnt")" ] && [ "$(cat "$l_out/a")" = "crowd: $BECOME did not end within 300 ms: killed" ]; then
		pass "$l_name: nothing made for it, others served after the abort, exit 0, no process left"
	else
		flunk "$l_name: nothing made for it, others served after the abort, exit 0, no process left" "$l_why"
	fi
}

# 8 processes of 4 identities at once: every directory as the kernel
# makes it, none lost, nothing of unotify's left.
mix_case() {
	l_name="identity mix under load"
	l_count=500
	[ "$stage" = host ] || l_count=100	# emulated: for time
	l_total=$((8 * l_count))
	for l_run in kernel unotify; do
		rm -rf "$l_dir/mix" "$l_dir/$l_run"
		mkdir -p "$l_dir/mix" "$l_dir/$l_run/warm"
		chmod 1777 "$l_dir/mix" "$l_dir/$l_run/warm"
		if [ $l_run = kernel ]; then
			load_env sh "$l_dir/mix.sh" "$l_dir/mix" $l_count "$l_dir/$l_run" >"$l_dir/$l_run/log" 2>&1
		else
			load_env "$CROWD" -reap -k 120000 "$U" -q -x sh "$l_dir/mix.sh" "$l_dir/mix" $l_count \
			    "$l_dir/$l_run" fds >"$l_dir/$l_run/log" 2>&1
		fi
		echo "exit $?" >>"$l_dir/$l_run/log"
		(cd "$l_dir/mix" && stat -c '%n %u %g %a' -- * 2>&1) | sort >"$l_dir/$l_run/list"
		(cd "$l_dir/$l_run" && cat r1 r2 n1 n2 u1 u2 c1 c2) | sed 's/, in [0-9]* ms$//' >"$l_dir/$l_run/said"
	done
	l_k=$l_dir/kernel l_u=$l_dir/unotify
	l_lines=$(wc -l <"$l_u/list")
	if cmp -s "$l_k/list" "$l_u/list" && [ $l_lines = $l_total ] \
	    && [ "$(sort -u "$l_k/said")" = "crowd: $l_count made, 0 failed" ] && cmp -s "$l_k/said" "$l_u/said"; then
		pass "$l_name: $l_total directories of 4 identities, each as the kernel makes it"
	else
		flunk "$l_name: $l_total directories of 4 identities, each as the kernel makes it" \
		    "directories: $l_lines (without unotify: $(wc -l <"$l_k/list"))" \
		    "what the callers said, without unotify:" "$(sort "$l_k/said" | uniq -c)" \
		    "with unotify:" "$(sort "$l_u/said" | uniq -c)" \
		    "first differences, without unotify:" "$(diff -u "$l_k/list" "$l_u/list" | grep '^-[^-]' | head -n 5)" \
		    "with unotify:" "$(diff -u "$l_k/list" "$l_u/list" | grep '^+[^+]' | head -n 5)"
	fi
	if [ "$(cat "$l_u/log")" = "exit 0" ] && [ ! -s "$l_u/zombies" ]; then
		pass "$l_name: unotify exits 0, no zombie meanwhile, no process left"
	else
		flunk "$l_name: unotify exits 0, no zombie meanwhile, no process left" \
		    "unotify's output and exit: $(cat "$l_u/log")" "its zombie children at the end: $(cat "$l_u/zombies")"
	fi
	# workers kept for the next call may hold fds: the count after one
	# create of each identity is the one that must hold
	set -- $(cat "$l_u/fds")
	if [ $# = 3 ] && [ "$3" -le "$2" ]; then
		pass "$l_name: unotify's open fds: $1 at the start, $2 after a create of each identity, $3 at the end"
	else
		flunk "$l_name: unotify's open fds at the end no more than after a create of each identity" \
		    "at the start, after a create of each identity, at the end: $*"
	fi
}
