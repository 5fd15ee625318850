#!/usr/bin/env bash
# bench/public_flood.sh — does a flood of public hazard reports (POST
# /api/public/report, no login) slow the logged-in users? Loopback only, bounded by
# time (BENCH_DURATION, default 5s per phase) and connections. On a demo district:
#   1. baseline: the regulator's 20-row hazard list alone (wrk -c$LIST_CONN);
#   2. the same list while wrk floods the public endpoint from one address with the
#      default limits (10 reports per address per hour: the flood is answered 429);
#   3. the same with every limit lifted (ANJIAN_PUBLIC_LIMITS), so every request
#      reaches the write path: at most PUB_MAX_WRITES (1) public write runs at once,
#      the rest are answered 503 without touching the database.
# Prints requests/s, p50 and p99 of the list in each phase and what the flood got,
# and writes bench/out/public_flood.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${ANJIAN_BIN:-build/anjian}
DUR=${BENCH_DURATION:-5s}
LIST_CONN=${BENCH_LIST_CONNECTIONS:-16}
FLOOD_CONN=${BENCH_FLOOD_CONNECTIONS:-32}
out=bench/out; mkdir -p "$out"
tmp=$(mktemp -d /tmp/anjian-flood.XXXXXX)
apid=
cleanup() {
  [ -n "$apid" ] && kill "$apid" 2>/dev/null && wait "$apid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

ANJIAN_DEMO_PASSWORD=anjian-demo "$BIN" demo --data "$tmp/data" >/dev/null

cat >"$tmp/flood.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"description":"压测：消防通道堵塞","location":"压测地点"}'
wrk.headers["Content-Type"] = "application/json"
LUA

# Starts the server with the given public limits (empty = defaults); sets port, apid.
start() {
  port=$((20000 + RANDOM % 10000))
  ANJIAN_SCHED=off ANJIAN_PUBLIC_LIMITS="$1" "$BIN" serve --data "$tmp/data" --port "$port" \
    >"$tmp/server.log" 2>&1 &
  apid=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done
  cookie=$(curl -s -i -H 'content-type: application/json' \
    -d '{"username":"regulator","password":"anjian-demo"}' "http://127.0.0.1:$port/api/auth/login" |
    tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(anjian_session=[^;]*\).*/\1/p')
}
stop() { kill "$apid"; wait "$apid" 2>/dev/null || true; apid=; }

# wrk output → "rps p50_ms p99_ms requests non2xx"
parse() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /requests in/ { n = $1 }
    /Non-2xx/ { bad = $NF }
    END { printf "%.0f %.3f %.3f %d %d\n", rps, p50, p99, n, bad }' "$1"
}

list() { wrk -t1 -c"$LIST_CONN" -d"$DUR" --latency -H "Cookie: $cookie" \
  "http://127.0.0.1:$port/api/hazard?page=1&size=20" >"$tmp/list.txt"; parse "$tmp/list.txt"; }
flood() { wrk -t1 -c"$FLOOD_CONN" -d"$DUR" --latency -s "$tmp/flood.lua" \
  "http://127.0.0.1:$port/api/public/report" >"$tmp/flood.txt"; }

count_reports() { curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/api/hazard_report?size=1" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).total))'; }

start ""
read -r b_rps b_p50 b_p99 _ _ < <(list)
before=$(count_reports)
flood & fpid=$!
read -r d_rps d_p50 d_p99 _ _ < <(list)
wait "$fpid"
read -r df_rps _ _ df_n df_bad < <(parse "$tmp/flood.txt")
after=$(count_reports)
d_stored=$((after - before))
stop

start "100000000,100000000,100000000,100000000,100000000"
before=$(count_reports)
flood & fpid=$!
read -r w_rps w_p50 w_p99 _ _ < <(list)
wait "$fpid"
read -r wf_rps _ _ wf_n wf_bad < <(parse "$tmp/flood.txt")
after=$(count_reports)
w_stored=$((after - before))
stop

{
  echo "# public report flood $(date -u +%Y-%m-%dT%H:%MZ) — $(nproc) cores, $DUR per phase"
  echo
  echo "Logged-in list: the regulator's 20-row hazard list, wrk -c$LIST_CONN. Flood: POST /api/public/report from 127.0.0.1, wrk -c$FLOOD_CONN."
  echo
  echo "| phase | list req/s | list p50 ms | list p99 ms | flood requests | flood refused (non-2xx) | reports stored |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  echo "| list alone | $b_rps | $b_p50 | $b_p99 | – | – | – |"
  echo "| + flood, default limits | $d_rps | $d_p50 | $d_p99 | $df_n | $df_bad | $d_stored |"
  echo "| + flood, limits lifted | $w_rps | $w_p50 | $w_p99 | $wf_n | $wf_bad | $w_stored |"
} | tee "$out/public_flood.md"
