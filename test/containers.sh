# test/containers.sh: unotify in the containers people use, on the host
# (the guests have no runtime).  Its OCI image, as make oci writes it,
# loaded and run by podman with runc; -x's directories made as the
# kernel's own mkdir makes them, run the same way in the same container,
# for the container's root, a --user and the root of a --uidmap user
# namespace, then under bubblewrap and unshare(1); and where a runtime's
# seccomp profile refuses what unotify uses, unotify goes without it or
# stops with one line, and -t skips.  Nothing comes from a registry.
# podman keeps its storage in $work (vfs: no mounts left behind), but for
# the cache of blob digests podman load updates, which root's podman keeps
# in /var/lib/containers/cache whatever it is told.  crun refuses hybrid
# cgroups, and podman's default rlimits need CAP_SYS_RESOURCE: runc, and
# rlimits within ours.

ct_podman() {
	podman --root "$work/podman/root" --runroot "$work/podman/run" --tmpdir "$work/podman/tmp" \
	    --storage-driver vfs --events-backend none "$@"
}

ct_run() {
	ct_podman run --rm --pull=never --runtime runc --network none --ulimit nofile=1024:1024 \
	    --ulimit nproc=1024:1024 "$@"
}

# a seccomp profile for podman that allows all but CALLs (EPERM)
ct_deny() {
	printf '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["%s"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]}\n' \
	    "$(echo "$*" | sed 's/ /","/g')"
}

# ct_as_kernel NAME UID UNOTIFY ROOT WRAP: the kernel's own mkdir -p and
# the same under unotify -x (at UNOTIFY), one after the other in the one
# container WRAP starts (WRAP 'SCRIPT' runs SCRIPT in BusyBox's sh, its
# output in one stream: podman's two are not kept in order), each
# in a tree of its own ($cb/k, $cb/u; ROOT/k, ROOT/u inside) that starts
# the same: a sticky directory anyone makes in (w), one that the wrapper
# makes read-only (ro) and one of root's (locked).  Both must end the
# same (exit status, output, and owner, group and mode of each path on
# the host), unotify must have served, and w/a be of user UID.
ct_as_kernel() {
	rm -rf "$cb"
	for t in k u; do
		mkdir -p "$cb/$t" && mkdir -m 1777 "$cb/$t/w" && mkdir -m 755 "$cb/$t/ro" "$cb/$t/locked"
	done
	k=$4/k u=$4/u
	out=$(eval "$5 'exec 2>&1; busybox mkdir -p $k/w/a/b $k/ro/x $k/locked/x; echo exit \$?;
	    $3 -x busybox mkdir -p $u/w/a/b $u/ro/x $u/locked/x; echo exit \$?'" 2>&1)
	served=$(printf '%s\n' "$out" | grep -c "^${TAB}S: got notification")
	out=$(printf '%s\n' "$out" | grep -v "^$TAB")
	ct_want=$(printf '%s\n' "$out" | sed '/^exit /q' | sed "s|$k/|X/|g"; ct_stat k)
	ct_got=$(printf '%s\n' "$out" | awk 'after; /^exit / { after = 1 }' | sed "s|$u/|X/|g"; ct_stat u)
	owner=$(stat -c %u "$cb/u/w/a" 2>/dev/null)
	if [ "$ct_got" = "$ct_want" ] && [ "$served" -ge 1 ] && [ "$owner" = "$2" ]; then
		pass "as the kernel: $1 (w/a of uid $2)"
	else
		flunk "as the kernel: $1" "command: $5 SCRIPT" "without unotify:" "$ct_want" \
		    "with unotify (served: $served; w/a of uid ${owner:-none}, expected $2):" "$ct_got"
	fi
}

# ct_stat TREE: "uid gid mode" or "absent" of each path made in $cb/TREE
ct_stat() {
	for f in w/a w/a/b ro/x locked/x; do
		stat -c "$f %u %g %a" "$cb/$1/$f" 2>/dev/null || echo "$f absent"
	done
}

# ct_selftest NAME SKIPS WHY OPTION...: -t in the image under podman
# OPTIONs: exit 0, a whole plan, no check failed; and for SKIPS "some",
# a check skipped for WHY; for "all", every check skipped for WHY.
ct_selftest() {
	ct_name=$1 ct_skips=$2 ct_why=$3
	shift 3
	ct_run "$@" unotify >"$work/ct-tap" 2>&1
	rc=$?
	plan=$(sed -n 's/^1\.\.//p' "$work/ct-tap")
	results=$(grep -c '^\(not \)\{0,1\}ok ' "$work/ct-tap")
	skips=$(grep -c '^ok .* # SKIP ' "$work/ct-tap")
	fails=$(grep -c '^not ok' "$work/ct-tap")
	why=$(grep -c -F "# SKIP $ct_why" "$work/ct-tap")
	case $ct_skips in
	some) [ "$why" -ge 1 ] ;;
	all) [ "$why" = "$results" ] ;;
	esac
	if [ $? = 0 ] && [ $rc = 0 ] && [ -n "$plan" ] && [ "$plan" = "$results" ] && [ "$fails" = 0 ]; then
		pass "podman $ct_name: -t, $results checks, $skips skipped, none failed"
	else
		flunk "podman $ct_name: -t, exit $rc, plan ${plan:-none} of $results, $fails not ok, $skips skipped" \
		    "expected: exit 0, none failed${ct_why:+, $ct_skips skipped: $ct_why}" "$(grep -v '^ok' "$work/ct-tap")"
	fi
}

# ct_in_podman WHO UID OPTIONS: ct_as_kernel in podman's container of the
# image, run with OPTIONS, and BusyBox (for mkdir and sh) beside unotify
ct_in_podman() {
	ct_as_kernel "podman, $1" "$2" /unotify /tmp/s "ct_run $3 -v $cb:/tmp/s -v $cb/k/ro:/tmp/s/k/ro:ro \
	    -v $cb/u/ro:/tmp/s/u/ro:ro -v $bb:/bin/busybox:ro --entrypoint /bin/busybox unotify sh -c"
}

podman_cases() {
	bb=$(command -v busybox)
	case $(uname -m) in
	x86_64) arch=amd64 ;;
	aarch64) arch=arm64 ;;
	*) arch=$(uname -m) ;;
	esac
	# the same unotify, another file time, mode and umask: the same image
	sh "$here/image/oci.sh" "$U" $arch "$work/oci.tar" >/dev/null
	cp "$U" "$work/u2" && touch -d @86400 "$work/u2" && chmod 700 "$work/u2"
	(umask 077 && sh "$here/image/oci.sh" "$work/u2" $arch "$work/oci2.tar" >/dev/null)
	check "make oci: the same unotify gives the same image, byte for byte" cmp -s "$work/oci.tar" "$work/oci2.tar"
	out=$(ct_podman load -i "$work/oci.tar" 2>&1)
	case $out in
	*"Loaded image: localhost/unotify:latest"*) ;;
	*)
		skip "podman: the image and -x in containers" "podman load failed: $(printf '%s\n' "$out" | tail -n 1)"
		return
		;;
	esac
	echo "# $(podman --version), $(runc --version | head -n 1)"
	img=$(ct_podman image inspect unotify \
	    --format '{{.Os}}/{{.Architecture}} {{.Config.Entrypoint}} {{.Config.Cmd}} {{len .RootFS.Layers}} {{index .RootFS.Layers 0}}')
	testing "the image as podman sees it: platform, entrypoint, command; one layer: /tmp 1777, /unotify 0755, root's" \
	    "echo '${img% *}'; tar -xOf oci.tar 'blobs/sha256/${img##* sha256:}' | tar -tvf - | awk '{ print \$1, \$2, \$NF }'" \
	    "linux/$arch [/unotify] [-t] 1
drwxrwxrwt 0/0 tmp/
-rwxr-xr-x 0/0 unotify"
	ct_selftest "run --rm unotify (its default seccomp profile)" none ""
	if [ ! -s "$work/ct-tap" ] || ! grep -q '^TAP version' "$work/ct-tap"; then
		skip "podman: -x in containers" "podman run failed: $(tail -n 1 "$work/ct-tap")"
		return
	fi
	ct_in_podman "container root" 0 ""
	ct_in_podman "--user 1000:1000" 1000 "--user 1000:1000"
	ct_in_podman "root of --uidmap 0:100000:65536" 100000 "--uidmap 0:100000:65536"

	# A profile that refuses pidfd_open and process_vm_readv (EPERM, as
	# Docker's refuses what it does not allow): the supervisor waits by
	# SIGCHLD and reads /proc/PID/mem.  One that refuses seccomp(2): -t
	# skips, -x stops with one line.
	ct_deny pidfd_open process_vm_readv >"$work/deny-pidfd-vm.json"
	ct_deny seccomp >"$work/deny-seccomp.json"
	ct_selftest "with pidfd_open and process_vm_readv refused (EPERM)" some \
	    "process_vm_readv: Operation not permitted" --security-opt seccomp="$work/deny-pidfd-vm.json"
	ct_in_podman "container root, pidfd_open and process_vm_readv refused" 0 \
	    "--security-opt seccomp=$work/deny-pidfd-vm.json"
	ct_selftest "with seccomp(2) refused" all "seccomp: refused by a seccomp filter above us" \
	    --security-opt seccomp="$work/deny-seccomp.json"
	rm -rf "$cb"
	mkdir -m 1777 -p "$cb"
	testing "podman with seccomp(2) refused: -x says so in one line, exit 125, nothing made" \
	    "ct_run --security-opt seccomp=$work/deny-seccomp.json -v $cb:/tmp/s -v $bb:/bin/mkdir:ro unotify \
	    -x mkdir /tmp/s/x; r=\$?; ls $cb; (exit \$r)" \
	    "unotify: seccomp: refused by a seccomp filter above us (a container's profile?): Operation not permitted" 125
}

# bubblewrap's sandbox as root and as nobody: a user, PID, mount (and
# more) namespace of its own, a /proc of its PID namespace
bwrap_cases() {
	if ! out=$(bwrap --unshare-all --die-with-parent --bind / / true 2>&1); then
		skip "bubblewrap --unshare-all" "it cannot run here: $out"
		return
	fi
	echo "# $(bwrap --version)"
	bw="bwrap --unshare-all --die-with-parent --bind / / --ro-bind $cb/k/ro $cb/k/ro --ro-bind $cb/u/ro $cb/u/ro \
	    --proc /proc --dev /dev busybox sh -c"
	ct_as_kernel "bubblewrap --unshare-all, root" 0 "$U" "$cb" "$bw"
	ct_as_kernel "bubblewrap --unshare-all, nobody" 65534 "$U" "$cb" "\"$BECOME\" $NOBODY $bw"
}

# unshare(1)'s user and mount namespace, root mapped to who made it
unshare_cases() {
	if ! out=$("$BECOME" $NOBODY unshare -Urm true 2>&1); then
		skip "unshare -Urm" "it cannot run here: $out"
		return
	fi
	ct_as_kernel "unshare -Urm, root" 0 "$U" "$cb" "unshare -Urm busybox sh -c"
	ct_as_kernel "unshare -Urm, nobody (root of its namespace)" 65534 "$U" "$cb" \
	    "\"$BECOME\" $NOBODY unshare -Urm busybox sh -c"
}

container_cases() {
	if [ "$stage" != host ]; then
		skip "containers" "on the host only"
		return
	fi
	as_root "containers" "podman's rootful containers, other users" || return
	cb=$work/containers
	if command -v podman >/dev/null 2>&1 && command -v runc >/dev/null 2>&1; then
		podman_cases
	else
		skip "podman: the image and -x in containers" "podman or runc is not installed"
	fi
	if command -v bwrap >/dev/null 2>&1; then
		bwrap_cases
	else
		skip "bubblewrap --unshare-all" "bwrap is not installed"
	fi
	unshare_cases
	rm -rf "$cb" "$work/podman"
}
