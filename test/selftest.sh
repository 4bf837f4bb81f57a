# test/selftest.sh: unotify -t and -b, run on this kernel.

kernel_cases() {
	"$U" -t >"$work/tap" 2>&1
	rc=$?
	plan=$(sed -n 's/^1\.\.//p' "$work/tap")
	results=$(grep -c '^\(not \)\{0,1\}ok ' "$work/tap")
	if [ $rc = 0 ] && [ -n "$plan" ] && [ "$plan" = "$results" ] && ! grep -q '^not ok' "$work/tap"; then
		pass "unotify -t: $plan checks, none failed (stage $stage)"
	else
		flunk "unotify -t (stage $stage), exit $rc" "$(cat "$work/tap")"
	fi
	grep 'SKIP' "$work/tap" | sed 's/^/# unotify -t: /'

	"$U" -b 100 >"$work/bench" 2>&1
	rc=$?
	check "unotify -b 100: exit 0, header and six cases" \
	    [ $rc = 0 -a "$(grep -c -E '^(no filter|allow-all|notify)' "$work/bench")" = 6 ]
	check "unotify -b: every case has a figure or n/a" \
	    [ "$(grep -c -E '^(no filter|allow-all|notify).*( [0-9]+ +[0-9]+\.[0-9][0-9]x| n/a: )' "$work/bench")" = 6 ]
}
