#!/bin/sh
# test/fuzz/run.sh SECONDS TARGET...: runs each libFuzzer target built in
# build/fuzz/ for SECONDS, from its seeds in test/fuzz/TARGET/ and what
# earlier runs found (build/fuzz/TARGET.corpus/, where the new inputs go:
# the seeds stay as they are).  A line per target, then "fuzz: N targets,
# M runs, K crashes"; a crash's (or a hang's) input is left as
# build/fuzz/TARGET-crash-* (timeout-*, oom-*), and the exit status is 1.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/fuzz
seconds=$1
shift
targets=0 runs=0 crashes=0
for t; do
	mkdir -p "$out/$t.corpus"
	t0=$(date +%s)
	"$out/$t" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
	    -artifact_prefix="$out/$t-" "$out/$t.corpus" "$top/test/fuzz/$t" >"$out/$t.log" 2>&1
	rc=$?
	n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log")
	targets=$((targets + 1)) runs=$((runs + ${n:-0}))
	if [ $rc = 0 ] && [ -n "$n" ]; then
		echo "fuzz $t: $n runs in $(($(date +%s) - t0)) s, 0 crashes"
	else
		crashes=$((crashes + 1))
		echo "fuzz $t: crashed (exit $rc), input $(sed -n 's/.*Test unit written to //p' "$out/$t.log" \
		    | tail -n 1): $(grep -m 1 -e '^SUMMARY' -e 'ERROR: libFuzzer' "$out/$t.log"); log $out/$t.log"
	fi
done
echo "fuzz: $targets targets, $runs runs, $crashes crashes"
[ $crashes = 0 ]
