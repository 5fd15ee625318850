#!/usr/bin/env bash
# make bench (after bench/run.sh) / make bench-scale — the issue-3 scale benchmark,
# in one run on this machine:
#   0. a demo district plus 2,000 enterprises, 200,000 risk points and 1,000,000
#      hazards made by bench/scale_seed (C, through the db layer); generation time;
#   1. the regulator's logged-in, scoped, filtered 20-row hazard list (two filters);
#   2. GET /api/dashboard/cockpit (first, uncached build time and under load);
#   3. GET /api/hazard/export of ~100,000 closed hazards: wall time and the
#      server's peak memory growth (VmHWM reset with clear_refs right before);
#   4. the regulator's enterprise list (2,000 enterprises, sorted by name);
#   5. list 1 again while bench/writer.mjs commits 50 hazard actions a second (登记 /
#      下达整改 by the demo manager), then its total checked against COUNT(*) in
#      the database: the cached totals must follow the writes exactly;
#   6. the server's peak RSS over the whole run (VmHWM before the export's reset and
#      after it), and a cold start: the server restarted, time until it answers a
#      logged-in list;
# each beside nginx serving a static file of the same size, wrk -t2 -c64 on
# 127.0.0.1. Prints a table and writes bench/out/scale.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
BIN=${ANJIAN_BIN:-build/anjian}
SEED=${SCALE_SEED:-build/bench/scale_seed}
DUR=${BENCH_DURATION:-10s}
CONN=${BENCH_CONNECTIONS:-64}
NE=${SCALE_ENTERPRISES:-2000}
NR=${SCALE_RISKS:-200000}
NH=${SCALE_HAZARDS:-1000000}
out=bench/out; mkdir -p "$out"
tmp=$(mktemp -d /tmp/anjian-scale.XXXXXX)
chmod 755 "$tmp"	# nginx workers (nobody) must read $tmp/www
cleanup() {
  [ -n "${apid:-}" ] && kill "$apid" 2>/dev/null && wait "$apid" 2>/dev/null || true
  [ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# 0. generate
ANJIAN_DEMO_PASSWORD=anjian-demo "$BIN" demo --data "$tmp/data" >/dev/null 2>&1
t0=$(date +%s.%N)
"$SEED" "sqlite:$tmp/data/anjian.db" "$NE" "$NR" "$NH" | tee "$tmp/seed.txt"
gen_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
db_mib=$(( $(stat -c %s "$tmp/data/anjian.db") / 1048576 ))

port=$((20000 + RANDOM % 10000)); nport=$((port + 1))
# the request paths alone: no scheduler jobs running beside the load (see README "Scheduler")
ANJIAN_SCHED=off "$BIN" serve --data "$tmp/data" --port "$port" >"$tmp/server.log" 2>&1 &
apid=$!
# the resident set every 0.2 s (the export's clear_refs resets VmHWM, not this)
( while kill -0 "$apid" 2>/dev/null; do awk '$1 == "VmRSS:" { print $2 }' "/proc/$apid/status" 2>/dev/null; sleep 0.2; done ) >"$tmp/rss.txt" &
for _ in $(seq 200); do curl -fs "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done
cookie=$(curl -s -i -H 'content-type: application/json' \
  -d '{"username":"regulator","password":"anjian-demo"}' "http://127.0.0.1:$port/api/auth/login" |
  tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(anjian_session=[^;]*\).*/\1/p')
[ -n "$cookie" ] || { echo "login failed" >&2; exit 1; }

# The export filter: closed hazards found since the date that yields ~100,000 rows.
from=$(sqlite3 "$tmp/data/anjian.db" \
  "SELECT found_at FROM hazard WHERE status = 'closed' ORDER BY found_at DESC LIMIT 1 OFFSET 99999")
# The hazard ledger screen asks for the columns its table shows (EntityList with
# slim: the declared list fields); the benchmark sends exactly that request.
fields=$(node bench/ui_fields.mjs "http://127.0.0.1:$port" "$cookie" hazard)
list1="/api/hazard?status=rectifying&level=general&page=1&size=20&fields=$fields"
list2="/api/hazard?status=closed&found_at_from=$from&page=1&size=20&fields=$fields"
cockpit="/api/dashboard/cockpit"
export="/api/hazard/export?status=closed&found_at_from=$from"
efields=$(node bench/ui_fields.mjs "http://127.0.0.1:$port" "$cookie" enterprise)
elist="/api/enterprise?page=1&size=20&sort=name&fields=$efields"
get() { curl -fs -H "Cookie: $cookie" "http://127.0.0.1:$port$1" -o "$2" -w '%{time_total}'; }
get "$list1" "$tmp/list1.json" >/dev/null
get "$list2" "$tmp/list2.json" >/dev/null
get "$elist" "$tmp/elist.json" >/dev/null
c_first=$(get "$cockpit" "$tmp/cockpit.json")
rows() { node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1]));console.log(j.items.length+" of "+j.total)' "$1"; }
l1_rows=$(rows "$tmp/list1.json"); l2_rows=$(rows "$tmp/list2.json")
exp_rows=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).total)' \
  <(curl -fs -H "Cookie: $cookie" "http://127.0.0.1:$port/api/hazard?status=closed&found_at_from=$from&page=2&size=20"))

# nginx static files of the same sizes.
mkdir -p "$tmp/www"
for f in list1 list2 cockpit elist; do
  head -c "$(stat -c %s "$tmp/$f.json")" /dev/zero | tr '\0' 'x' >"$tmp/www/$f.json"
done
static_server "$nport" application/octet-stream

read -r a1_rps a1_p50 a1_p99 < <(measure "http://127.0.0.1:$port$list1" -H "Cookie: $cookie")
read -r n1_rps n1_p50 n1_p99 < <(measure "http://127.0.0.1:$nport/list1.json")
read -r a2_rps a2_p50 a2_p99 < <(measure "http://127.0.0.1:$port$list2" -H "Cookie: $cookie")
read -r n2_rps n2_p50 n2_p99 < <(measure "http://127.0.0.1:$nport/list2.json")
read -r ac_rps ac_p50 ac_p99 < <(measure "http://127.0.0.1:$port$cockpit" -H "Cookie: $cookie")
read -r nc_rps nc_p50 nc_p99 < <(measure "http://127.0.0.1:$nport/cockpit.json")
read -r ae_rps ae_p50 ae_p99 < <(measure "http://127.0.0.1:$port$elist" -H "Cookie: $cookie")
read -r ne_rps ne_p50 ne_p99 < <(measure "http://127.0.0.1:$nport/elist.json")

# 5. list 1 under writes (50 actions/s for the length of the measurement), then
# its total against the database.
wsec=$(( ${DUR%s} + 2 ))
node bench/writer.mjs "http://127.0.0.1:$port" 50 "$wsec" >"$tmp/writer.json" &
wpid=$!
sleep 1
read -r aw_rps aw_p50 aw_p99 < <(measure "http://127.0.0.1:$port$list1" -H "Cookie: $cookie")
wait "$wpid"
read -r nw_rps nw_p50 nw_p99 < <(measure "http://127.0.0.1:$nport/list1.json")
api_total=$(curl -fs -H "Cookie: $cookie" "http://127.0.0.1:$port$list1" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).total))')
reg_org=$(sqlite3 "$tmp/data/anjian.db" "SELECT org_id FROM users WHERE username = 'regulator'")
db_total=$(sqlite3 "$tmp/data/anjian.db" "SELECT COUNT(*) FROM hazard WHERE status = 'rectifying'
  AND level = 'general' AND org_id IN (SELECT org_id FROM scope_org WHERE viewer = $reg_org)")
[ "$api_total" = "$db_total" ] && exact="exact ($api_total)" || exact="**WRONG: list $api_total, database $db_total**"
hwm_lists=$(awk '$1 == "VmHWM:" { print $2 }' "/proc/$apid/status")

# 3. export: warm server, peak reset, one export, wall time and VmHWM growth.
status() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$apid/status"; }
echo 5 >"/proc/$apid/clear_refs" 2>/dev/null || true
rss0=$(status VmRSS)
t0=$(date +%s.%N)
code=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port$export" -o "$tmp/www/export.xlsx" -w '%{http_code}')
exp_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
hwm=$(status VmHWM)
[ "$code" = 200 ] || { echo "export answered $code" >&2; exit 1; }
exp_bytes=$(stat -c %s "$tmp/www/export.xlsx")
grow_mib=$(awk -v a="$rss0" -v b="$hwm" 'BEGIN { printf "%.1f", (b - a) / 1024 }')
ng_s=$(curl -s "http://127.0.0.1:$nport/export.xlsx" -o /dev/null -w '%{time_total}')
peak_mib=$(sort -n "$tmp/rss.txt" | tail -1 | awk -v a="$hwm_lists" -v b="$hwm" '{ m = $1; if (a > m) m = a; if (b > m) m = b; printf "%.1f", m / 1024 }')

# 6. cold start: the same server restarted, until it answers the logged-in list.
kill "$apid"; wait "$apid" 2>/dev/null || true
t0=$(date +%s.%N)
ANJIAN_SCHED=off "$BIN" serve --data "$tmp/data" --port "$port" >>"$tmp/server.log" 2>&1 &
apid=$!
until curl -fs -o /dev/null -H "Cookie: $cookie" "http://127.0.0.1:$port$list1"; do sleep 0.01; done
cold_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')

ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }
{
  echo "# anjian scale bench $(date -u +%Y-%m-%dT%H:%MZ) — $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), SQLite, wrk -t2 -c$CONN -d$DUR"
  echo
  echo "Data: $NE enterprises (+ demo), $NR risk points, $NH hazards; database $db_mib MiB; generated in $gen_s s:"
  echo
  sed 's/^/    /' "$tmp/seed.txt"
  echo
  echo "| endpoint | bytes | anjian req/s | p50 ms | p99 ms | nginx-static req/s | p50 ms | p99 ms | ratio | target |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  echo "| hazard list status=rectifying&level=general ($l1_rows) | $(stat -c %s "$tmp/list1.json") | $a1_rps | $a1_p50 | $a1_p99 | $n1_rps | $n1_p50 | $n1_p99 | $(ratio "$a1_rps" "$n1_rps") | ≥ 0.3, p99 ≤ 10 ms |"
  echo "| hazard list status=closed&found_at_from=$from ($l2_rows) | $(stat -c %s "$tmp/list2.json") | $a2_rps | $a2_p50 | $a2_p99 | $n2_rps | $n2_p50 | $n2_p99 | $(ratio "$a2_rps" "$n2_rps") | ≥ 0.3, p99 ≤ 10 ms |"
  echo "| cockpit (first request, uncached: $(ms "$c_first") ms) | $(stat -c %s "$tmp/cockpit.json") | $ac_rps | $ac_p50 | $ac_p99 | $nc_rps | $nc_p50 | $nc_p99 | $(ratio "$ac_rps" "$nc_rps") | p99 ≤ 50 ms |"
  echo "| enterprise list sort=name ($(rows "$tmp/elist.json")) | $(stat -c %s "$tmp/elist.json") | $ae_rps | $ae_p50 | $ae_p99 | $ne_rps | $ne_p50 | $ne_p99 | $(ratio "$ae_rps" "$ne_rps") | ≥ 0.3, p99 ≤ 10 ms |"
  echo "| hazard list 1 under 50 writes/s ($(cat "$tmp/writer.json")) | $(stat -c %s "$tmp/list1.json") | $aw_rps | $aw_p50 | $aw_p99 | $nw_rps | $nw_p50 | $nw_p99 | $(ratio "$aw_rps" "$nw_rps") | ≥ 0.2, p99 ≤ 15 ms; total after: $exact |"
  echo
  echo "| export | rows | bytes | anjian wall s | peak RSS growth MiB | nginx-static same size s | target |"
  echo "|---|---|---|---|---|---|---|"
  echo "| GET $export | $exp_rows | $exp_bytes | $exp_s | $grow_mib | $ng_s | ≤ 5 s, ≤ 64 MiB |"
  echo
  echo "Server peak RSS over the whole run: $peak_mib MiB (target ≤ 64). Cold start (restart → first logged-in list answered): $cold_s s (target ≤ 1 s)."
} | tee "$out/scale.md"
