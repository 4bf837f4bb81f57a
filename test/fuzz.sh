# test/fuzz.sh: a short pass of the fuzz targets (make fuzz, test/fuzz/),
# run in the background beside the host suite and the guests: a TAP line
# per target, and the count in the summary.  UNOTIFY_FUZZ_SECONDS is each
# target's time (default 1; 0 skips the pass).

fuzz_launch() {
	fuzz_seconds=${UNOTIFY_FUZZ_SECONDS:-1} fuzz_skip= fuzz_start=$(date +%s)
	if [ "$fuzz_seconds" = 0 ]; then
		fuzz_skip="UNOTIFY_FUZZ_SECONDS=0"
	elif ! command -v clang >/dev/null 2>&1; then
		fuzz_skip="no clang here (Debian: clang, libclang-rt-14-dev)"
	elif [ ! -e "$(clang --print-runtime-dir)/libclang_rt.fuzzer-$(uname -m).a" ]; then
		fuzz_skip="no libFuzzer for clang here (Debian: libclang-rt-14-dev)"
	else
		{
			make -s -C "$here" fuzz FUZZ_SECONDS="$fuzz_seconds" >"$build/fuzz.out" 2>&1
			date +%s >"$build/fuzz.end"
		} &
		fuzz_pid=$!
	fi
}

fuzz_collect() {
	if [ -n "$fuzz_skip" ]; then
		skip "fuzz targets" "$fuzz_skip"
		return
	fi
	wait $fuzz_pid
	while read -r line; do
		case $line in
		"fuzz "*": "*" 0 crashes") pass "$line" ;;
		"fuzz "*": crashed "*) flunk "$line" "$(grep -m 1 -A 3 '^==[0-9]*== *ERROR' "$(echo "$line" \
		    | sed 's/.*; log //')")" ;;
		esac
	done <"$build/fuzz.out"
	line=$(grep '^fuzz: [0-9]* targets, ' "$build/fuzz.out")
	[ -n "$line" ] || flunk "fuzz: make fuzz did not finish" "$(tail -n 15 "$build/fuzz.out")"
	fuzz_took=$(($(cat "$build/fuzz.end") - fuzz_start))
	summary="$summary
# ${line:-fuzz: make fuzz did not finish} ($fuzz_seconds s each; the build and the pass took $fuzz_took s)"
}
