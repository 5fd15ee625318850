#!/usr/bin/env bash
# make bench (after bench/scale.sh) / make bench-obligations — the obligations
# calendar at district size, in one run on this machine:
#   0. a demo district plus 2,000 enterprises and 100,000 hazards (no risk points)
#      made by bench/scale_seed; generation time;
#   1. bench/obligations (C, linked with the project objects): the modules plus 30
#      synthetic monthly duties proved by hazards; ob_rollover(db, 1) in one
#      transaction (the first build), the rows, ob_rollover(db, 0) (the hourly run
#      when nothing changed), ob_rollover(db, 1) again (anjian check);
#   2. GET /api/obligation/matrix?period=<this month>&size=50 and
#      GET /api/obligation/summary in-process through router_dispatch, as the demo
#      regulator and as admin: first, p50, p99 (wall and CPU), body size;
#   3. what one hazard write pays the calendar (ob_snap + ob_apply), with the
#      default proof condition and, in a second run (--probe), with the
#      index-attracting form level = 'general', without and with ANALYZE.
# Prints a table and writes bench/out/obligations.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${ANJIAN_BIN:-build/anjian}
SEED=${SCALE_SEED:-build/bench/scale_seed}
OBB=${OB_BENCH:-build/bench/obligations}
NE=${OB_ENTERPRISES:-2000}
NH=${OB_HAZARDS:-100000}
REPS=${OB_REPS:-200}
BUDGET=${OB_BUDGET:-120}
WRITES=${OB_WRITES:-20}
SECOND=${OB_SECOND:-1}
PROBE=${OB_PROBE:-1}
out=bench/out; mkdir -p "$out"
tmp=$(mktemp -d /tmp/anjian-obl.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
db="sqlite:$tmp/data/anjian.db"

# 0. the fixture
ANJIAN_DEMO_PASSWORD=anjian-demo "$BIN" demo --data "$tmp/data" >/dev/null 2>&1
t0=$(date +%s.%N)
"$SEED" "$db" "$NE" 0 "$NH" >"$tmp/seed.txt"
gen_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "fixture: $NE enterprises, $NH hazards, generated in $gen_s s"

# 1–3
args=(--reps "$REPS" --budget "$BUDGET" --writes "$WRITES")
[ "$SECOND" = 1 ] || args+=(--no-second)
t0=$(date +%s.%N)
"$OBB" "$db" "${args[@]}" | tee "$tmp/run.txt"
run_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
db_mib=$(( $(stat -c %s "$tmp/data/anjian.db") / 1048576 ))
if [ "$PROBE" = 1 ]; then
  "$OBB" "$db" --cond eq --probe --writes 3 | tee "$tmp/probe.txt"
else
  : >"$tmp/probe.txt"
fi

# "key value" lines → value (or "–")
v() { awk -v k="$1" '$1 == k { sub(/^[^ ]+ /, ""); print; f = 1; exit } END { if (!f) print "–" }' "${2:-$tmp/run.txt}"; }
p() { v "$1" "$tmp/probe.txt"; }
plans() { awk -v k="$1" '$1 == k { sub(/^[^ ]+ /, ""); printf "%s%s", sep, $0; sep = "; " }' "$2"; }
req_row() {	# tag who label
  echo "| $3 | $(v "$1_$2_n") | $(v "$1_$2_bytes") | $(v "$1_$2_first_ms") | $(v "$1_$2_p50_ms") | $(v "$1_$2_p99_ms") | $(v "$1_$2_cpu_p50_ms") | $(v "$1_$2_cpu_p99_ms") |"
}

{
  echo "# anjian obligations bench $(date -u +%Y-%m-%dT%H:%MZ) — $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), SQLite"
  echo
  echo "Data: demo district + $NE enterprises ($(v enterprises) in all), $(v hazards) hazards, $(v risk_points) risk points (the demo's);"
  echo "generated in $gen_s s; database $db_mib MiB after the run. Duties: $(v duties) registered"
  echo "(the modules' 7 + 30 synthetic monthly ones, due the 20th of the next month, proof"
  echo "\`$(v cond | sed 's/ 0$/ k/')\` on hazard, proof_at t.found_at)."
  echo "Load average (1 min) at start / end: $(v load_start) / $(v load_end) — wall times include"
  echo "waiting for the CPU when the machine is shared; CPU is this thread's own time."
  echo
  echo "| calendar | wall s | CPU s | commit s | result |"
  echo "|---|---|---|---|---|"
  echo "| first build: ob_rollover(db, 1), one transaction | $(v rebuild_s) | $(v rebuild_cpu_s) | $(v rebuild_commit_s) | $(v rows) rows: $(v rows_bench) synthetic ($(v periods_bench) months × enterprises × 30), $(v rows_event) per-record |"
  echo "| no change: ob_rollover(db, 0) (hourly scheduler run) | $(v nochange_s) | $(v nochange_cpu_s) | $(v nochange_commit_s) | |"
  echo "| again: ob_rollover(db, 1) (anjian check, calendar exists) | $(v rebuild2_s) | $(v rebuild2_cpu_s) | $(v rebuild2_commit_s) | $(v rows_after2) rows |"
  echo
  echo "Statuses after the first build: $(v status)."
  echo
  echo "| in-process request (after the first) | n | bytes | first ms | p50 ms | p99 ms | CPU p50 ms | CPU p99 ms |"
  echo "|---|---|---|---|---|---|---|---|"
  req_row matrix regulator "GET /api/obligation/matrix?period=$(v period)&size=50, regulator"
  req_row matrix admin "… the same, admin"
  req_row summary regulator "GET /api/obligation/summary, regulator"
  req_row summary admin "… the same, admin"
  echo
  echo "n: $REPS requests, or as many as fit in $BUDGET s (at least 5); p99 is nearest-rank, so below 100 samples it is the maximum."
  echo
  echo "Matrix page: $(v matrix_regulator_items) enterprises of $(v matrix_regulator_total), $(v matrix_regulator_duties) duties ($(v matrix_regulator_cells) cells a row); counts $(v matrix_regulator_counts)."
  echo
  echo "| one hazard write: ob_snap + ob_apply | writes | wall p50 ms | CPU p50 ms | plan of a proof subquery |"
  echo "|---|---|---|---|---|"
  echo "| \`$(v cond | sed 's/ 0$/ k/')\` | $(v write_ne_n) | $(v write_ne_p50_ms) | $(v write_ne_cpu_p50_ms) | $(plans plan_ne "$tmp/run.txt") |"
  if [ "$PROBE" = 1 ]; then
    echo "| \`$(p cond | sed 's/ 0$/ k/')\`, no statistics | $(p write_eq_n) | $(p write_eq_p50_ms) | $(p write_eq_cpu_p50_ms) | $(plans plan_eq "$tmp/probe.txt") |"
    echo "| the same after ANALYZE ($(p analyze_s) s, rolled back) | $(p write_analyzed_n) | $(p write_analyzed_p50_ms) | $(p write_analyzed_cpu_p50_ms) | $(plans plan_analyzed "$tmp/probe.txt") |"
    echo
    echo "With \`level = 'general'\` and no statistics, one obligation row costs about $(awk -v c="$(p write_eq_cpu_p50_ms)" 'BEGIN { printf "%.1f", c / 30 }') ms of CPU"
    echo "(a write re-evaluates one row of each of the 30 duties): the first build's $(v rows_bench) synthetic"
    echo "rows would take about $(awk -v c="$(p write_eq_cpu_p50_ms)" -v n="$(v rows_bench)" 'BEGIN { s = c / 30 * n / 1000; if (s >= 3600) printf "%.1f h", s / 3600; else printf "%.0f s", s }') of CPU for their proofs alone (not run)."
  fi
  echo
  echo "Benchmark run: $run_s s."
} | tee "$out/obligations.md"
