# test/selftest.sh: unotify -t and -b, run on this kernel.

# at_least MAJOR.MINOR: this kernel is that version or later
at_least() {
	set -- "${1%.*}" "${1#*.}" "$(uname -r | cut -d. -f1)" "$(uname -r | cut -d. -f2)"
	[ "$3" -gt "$1" ] || { [ "$3" = "$1" ] && [ "$4" -ge "$2" ]; }
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
	# Detected by trying, so a kernel that has a feature must not skip it.
	check "unotify -t: no check skipped for a feature this kernel has" \
	    sh -c "! { $(at_least 6.6 && echo "grep -q 'SKIP.*SYNC_WAKE_UP' '$work/tap' ||") \
	    $(at_least 5.19 && echo "grep -q 'SKIP.*WAIT_KILLABLE_RECV' '$work/tap' ||") \
	    $(at_least 5.9 && echo "grep -q 'SKIP.*ADDFD' '$work/tap' ||") false; }"
	if command -v prove >/dev/null 2>&1; then
		check "unotify -t is valid TAP for prove" sh -c "prove -e cat '$work/tap' >'$work/prove.out' 2>&1"
	fi

	"$U" -b 100 >"$work/bench" 2>&1
	rc=$?
	check "unotify -b 100: exit 0, header and six cases" \
	    [ $rc = 0 -a "$(grep -c -E '^(no filter|allow-all|notify)' "$work/bench")" = 6 ]
	check "unotify -b: every case has a figure or n/a" \
	    [ "$(grep -c -E '^(no filter|allow-all|notify).*( [0-9]+ +[0-9]+\.[0-9][0-9]x| n/a: )' "$work/bench")" = 6 ]
}
