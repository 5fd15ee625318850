#!/usr/bin/env bash
# Runs each libFuzzer harness given (make fuzz) for FUZZ_SECONDS from its committed
# seed corpus tests/fuzz/corpus/NAME plus the inputs found on earlier runs
# (build/fuzz/work/NAME, not committed), and prints one line per harness: executions,
# exec/s, coverage (edges), features, corpus size. Any crash fails the run; its input
# is kept as build/fuzz/crash-NAME-* (turn it into a unit test). Loopback and
# files under /dev/shm only.
set -uo pipefail
secs=${FUZZ_SECONDS:-60}
status=0
total=0
printf '%-16s %12s %10s %8s %8s %7s\n' harness executions exec/s cov ft corpus
for bin in "$@"; do
  name=$(basename "$bin"); name=${name#fuzz_}
  dir=$(dirname "$bin")
  work="$dir/work/$name"; mkdir -p "$work"
  log="$dir/$name.log"
  seed="tests/fuzz/corpus/$name"
  "$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
    -max_len=8192 -artifact_prefix="$dir/crash-$name-" "$work" "$seed" >"$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  n=$(ls "$work" | wc -l)
  printf '%-16s %12s %10s %8s %8s %7s\n' "$name" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$n"
  total=$((total + ${execs:-0}))
  if [ $rc -ne 0 ]; then
    echo "fuzz: $name failed (exit $rc); see $log" >&2
    grep -m5 -E 'ERROR|SUMMARY|runtime error' "$log" >&2
    status=1
  fi
done
echo "total executions: $total in $(( secs * $# )) s of fuzzing"
exit $status
