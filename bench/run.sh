#!/usr/bin/env bash
# make bench — load benchmark of anjian beside nginx on this machine, in one run.
#   1. GET /api/health
#   2. a logged-in regulator's enterprise list page of 20 rows (scoped, sorted)
# each against nginx serving a static file of the same size, with wrk at 64
# connections on 127.0.0.1. Prints requests/s, p50 and p99 and the ratios the
# targets use, and writes bench/out/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
export BENCH_STRICT=1
BIN=${ANJIAN_BIN:-build/anjian}
DUR=${BENCH_DURATION:-10s}
CONN=${BENCH_CONNECTIONS:-64}
out=bench/out; mkdir -p "$out"
tmp=$(mktemp -d /tmp/anjian-bench.XXXXXX)
cleanup() {
  [ -n "${apid:-}" ] && kill "$apid" 2>/dev/null && wait "$apid" 2>/dev/null || true
  [ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

port=$((20000 + RANDOM % 10000)); nport=$((port + 1))
ANJIAN_DEMO_PASSWORD=anjian-demo "$BIN" demo --data "$tmp/data" >/dev/null
ANJIAN_SCHED=off "$BIN" serve --data "$tmp/data" --port "$port" >"$tmp/server.log" 2>&1 &
apid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done
node bench/seed.mjs "http://127.0.0.1:$port" 200

# Log in as the regulator and keep the session cookie for wrk.
cookie=$(curl -s -i -H 'content-type: application/json' \
  -d '{"username":"regulator","password":"anjian-demo"}' "http://127.0.0.1:$port/api/auth/login" |
  tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(anjian_session=[^;]*\).*/\1/p')
# The enterprise screen asks for the columns its table shows (EntityList slim).
fields=$(node bench/ui_fields.mjs "http://127.0.0.1:$port" "$cookie" enterprise)
list_path="/api/enterprise?page=1&size=20&sort=name&fields=$fields"
curl -fs "http://127.0.0.1:$port/api/health" >"$tmp/health.json"
curl -fs -H "Cookie: $cookie" "http://127.0.0.1:$port$list_path" >"$tmp/list.json"
rows=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).items.length)' "$tmp/list.json")
[ "$rows" = 20 ] || { echo "list returned $rows rows, expected 20" >&2; exit 1; }

# nginx serving static files of the same sizes.
mkdir -p "$tmp/www"; chmod 755 "$tmp" "$tmp/www"   # nginx workers run unprivileged
head -c "$(stat -c %s "$tmp/health.json")" /dev/zero | tr '\0' 'x' >"$tmp/www/health.json"
head -c "$(stat -c %s "$tmp/list.json")" /dev/zero | tr '\0' 'x' >"$tmp/www/list.json"
static_server "$nport" application/json


read -r h_rps h_p50 h_p99 < <(measure "http://127.0.0.1:$port/api/health")
read -r hn_rps hn_p50 hn_p99 < <(measure "http://127.0.0.1:$nport/health.json")
read -r l_rps l_p50 l_p99 < <(measure "http://127.0.0.1:$port$list_path" -H "Cookie: $cookie")
read -r ln_rps ln_p50 ln_p99 < <(measure "http://127.0.0.1:$nport/list.json")

{
  echo "# anjian bench $(date -u +%Y-%m-%dT%H:%MZ) — $(nproc) cores, wrk -t2 -c$CONN -d$DUR"
  echo
  echo "| endpoint | bytes | anjian req/s | p50 ms | p99 ms | nginx-static req/s | p50 ms | p99 ms | ratio | target |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  echo "| GET /api/health | $(stat -c %s "$tmp/health.json") | $h_rps | $h_p50 | $h_p99 | $hn_rps | $hn_p50 | $hn_p99 | $(ratio "$h_rps" "$hn_rps") | ≥ 1.0 |"
  echo "| enterprise list, 20 rows, logged in | $(stat -c %s "$tmp/list.json") | $l_rps | $l_p50 | $l_p99 | $ln_rps | $ln_p50 | $ln_p99 | $(ratio "$l_rps" "$ln_rps") | ≥ 0.25, p99 ≤ 10 ms |"
} | tee "$out/results.md"
