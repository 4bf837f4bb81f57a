# test/selftest.sh: unotify -t and -b, run on this kernel.

# version_at_least RELEASE MAJOR.MINOR: kernel RELEASE is that or later
version_at_least() {
	set -- "$(echo "$1" | cut -d. -f1)" "$(echo "$1" | cut -d. -f2 | sed 's/[^0-9].*//')" \
	    "${2%.*}" "${2#*.}"
	[ "$1" -gt "$3" ] || { [ "$1" = "$3" ] && [ "$2" -ge "$4" ]; }
}

# skips_kernel_has TAP RELEASE: no check of -t's output TAP skipped for a
# feature that kernel RELEASE has.  A skip says the version that brings
# its feature ("needs Linux 5.19+", "before Linux 6.11"); -t found the
# feature missing by trying, so a kernel of that version or later that
# skips has it broken.
skips_kernel_has() {
	grep ' # SKIP ' "$1" | sed -n 's/.*needs Linux \([0-9]*\.[0-9]*\).*/\1/p; s/.*before Linux \([0-9]*\.[0-9]*\).*/\1/p' \
	    | while read -r since; do
		if version_at_least "$2" "$since"; then
			echo "# skipped on Linux $2, which has it: $(grep " # SKIP .*Linux $since" "$1")"
			exit 1
		fi
	done
}

kernel_cases() {
	"$U" -t >"$work/tap" 2>&1
	rc=$?
	plan=$(sed -n 's/^1\.\.//p' "$work/tap")
	results=$(grep -c '^\(not \)\{0,1\}ok ' "$work/tap")
	skips=$(grep -c '^ok .* # SKIP ' "$work/tap")
	fails=$(grep -c '^not ok' "$work/tap")
	echo "# unotify -t on Linux $(uname -r) ($stage): $((results - skips - fails)) ok, $fails not ok, $skips skipped"
	if [ $rc = 0 ] && [ -n "$plan" ] && [ "$plan" = "$results" ] && [ "$fails" = 0 ]; then
		pass "unotify -t: $plan checks, none failed (stage $stage)"
	else
		flunk "unotify -t (stage $stage), exit $rc" "$(grep -A1 '^not ok' "$work/tap")"
	fi
	grep 'SKIP' "$work/tap" | sed 's/^/# unotify -t: /'
	check "unotify -t: no check skipped for a feature this kernel has" \
	    skips_kernel_has "$work/tap" "$(uname -r)"
	if command -v prove >/dev/null 2>&1; then
		check "unotify -t is valid TAP for prove" sh -c "prove -e cat '$work/tap' >'$work/prove.out' 2>&1"
	fi
}

# -b: its cases, its figures, its signals (in the guests before /proc is
# mounted too)
bench_cases() {
	# the create cases write below /tmp: a private one where we may
	private=
	[ "$(id -u)" = 0 ] && private="$BECOME -n"
	$private sh -c '"$1" -b 100; rc=$?; ls -d /tmp/unotify-bench.* 2>/dev/null; exit $rc' sh "$U" \
	    >"$work/bench" 2>&1
	rc=$?
	check "unotify -b 100: exit 0, header and nine cases" \
	    [ $rc = 0 -a "$(grep -c -E '^(no filter|allow-all|notify|create in /tmp)' "$work/bench")" = 9 ]
	check "unotify -b: every case has a figure or n/a" \
	    [ "$(grep -c -E '^(no filter|allow-all|notify|create in /tmp).*( [0-9]+ +[0-9]+\.[0-9][0-9]x| n/a: )' "$work/bench")" = 9 ]
	check "unotify -b: the create cases leave nothing behind in /tmp" \
	    [ "$(grep -c '^/tmp/unotify-bench' "$work/bench")" = 0 ]
	# Ctrl-C (the whole process group) or a kill ends -b at once with the
	# signal's status, and its creates in /tmp are removed
	if env --default-signal=INT true 2>/dev/null; then
		for how in "INT 130 no filter" "TERM 143 no filter" "TERM 143 create in /tmp, no filter"; do
			set -- $how
			sig=$1 code=$2
			shift 2
			testing "unotify -b, SIG$sig after the line \"$*\": exit $code at once, nothing left in /tmp" \
			    "$private sh -c '$(bench_killed)' sh \"\$U\" $sig \"$*\"" "$code" 0
		done
		set --
	else
		skip "unotify -b ended by a signal" "no env --default-signal here"
	fi
	if [ "$(id -u)" = 0 ]; then
		check "unotify -b as root: a create as another identity is measured" \
		    grep -q -E '^create in /tmp, another identity +[0-9]+ ' "$work/bench"
	fi
}

# The script that runs unotify -b in a process group of its own (SIGINT
# not ignored, as a shell's background job has it), sends $2 to the group
# once the line $3 shows, and prints the exit status if it came within 3
# s, and whatever -b left in /tmp.
bench_killed() {
	cat <<'EOS'
setsid env --default-signal=INT "$1" -b 20000 >"/tmp/bench.$$" 2>&1 &
b=$! i=0
until grep -q "^$3 " "/tmp/bench.$$" 2>/dev/null; do
	i=$((i + 1)); [ $i -le 600 ] || break; sleep 0.05
done
kill -"$2" "-$b"; t0=$(date +%s)
wait $b; rc=$?
[ $(($(date +%s) - t0)) -le 3 ] && echo $rc
rm -f "/tmp/bench.$$"
ls -d /tmp/unotify-bench.* 2>/dev/null || true
EOS
}
