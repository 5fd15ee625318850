#!/usr/bin/env bash
# make bench-pg — the scale run on PostgreSQL (issue 13): inside a throwaway cluster
# (scripts/with-postgres.sh) a demo district plus SCALE_ENTERPRISES enterprises and
# SCALE_HAZARDS hazards (bench/scale_seed through the db layer), TWO `anjian serve`
# processes on the one database behind nginx round-robin on loopback (the
# deployment of several app servers, DESIGN.md §1), and through nginx:
#   the regulator's hazard lists (status+level; closed since a date) and the
#   enterprise list, each beside nginx serving a static file of the same size;
#   the same hazard list while bench/writer.mjs commits 50 actions a second, and its
#   total against COUNT(*) in the database afterwards.
# Prints a table with each server's peak RSS and writes bench/out/scale_pg.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
if [ -z "${PGPORT:-}" ]; then exec scripts/with-postgres.sh "$0" "$@"; fi
BIN=${ANJIAN_BIN:-build/anjian}
SEED=${SCALE_SEED:-build/bench/scale_seed}
DUR=${BENCH_DURATION:-10s}
CONN=${BENCH_CONNECTIONS:-64}
NE=${SCALE_ENTERPRISES:-2000}
NR=${SCALE_RISKS:-200000}
NH=${SCALE_HAZARDS:-1000000}
out=bench/out; mkdir -p "$out"
tmp=$(mktemp -d /tmp/anjian-pg.XXXXXX); chmod 755 "$tmp"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done || true
  [ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
  # a measurement answered non-2xx: keep what the servers and nginx said
  if [ -f "$tmp/non2xx" ]; then
    cp "$tmp/server.log" "$out/pg-server.log" 2>/dev/null || true
    cp "$tmp/nginx.err" "$out/pg-nginx.err" 2>/dev/null || true
    echo "non-2xx answers on: $(tr '\n' ' ' <"$tmp/non2xx"); logs in $out/pg-server.log, $out/pg-nginx.err" >&2
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

dbname=anjian_bench_$$
createdb "$dbname"
host=${PGHOST:-127.0.0.1}; q=""
case "$host" in /*) q="?host=$(node -p 'encodeURIComponent(process.argv[1])' "$host")"; host=localhost;; esac
url="postgres://$(node -p 'encodeURIComponent(process.argv[1])' "${PGUSER:-postgres}"):$(node -p 'encodeURIComponent(process.argv[1])' "${PGPASSWORD:-}")@$host:$PGPORT/$dbname$q"
psql() { command psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$dbname" -c "$1"; }

ANJIAN_DEMO_PASSWORD=anjian-demo "$BIN" demo --data "$tmp/data" --db "$url" >/dev/null 2>&1
t0=$(date +%s.%N)
"$SEED" "$url" "$NE" "$NR" "$NH" >"$tmp/seed.txt"
gen_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

base=$((20000 + RANDOM % 10000)); p1=$base; p2=$((base + 1)); np=$((base + 2)); sp=$((base + 3))
for p in "$p1" "$p2"; do
  ANJIAN_SCHED=off "$BIN" serve --data "$tmp/data" --db "$url" --port "$p" --trust-proxy >>"$tmp/server.log" 2>&1 &
  pids+=($!)
done
mkdir -p "$tmp/www"
cat >"$tmp/nginx.conf" <<NGX
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/octet-stream;
  upstream anjian { server 127.0.0.1:$p1; server 127.0.0.1:$p2; keepalive 64; }
  server {
    listen 127.0.0.1:$np;
    location / { proxy_pass http://anjian; proxy_http_version 1.1; proxy_set_header Connection "";
                 proxy_set_header Host \$http_host; proxy_set_header X-Real-IP \$remote_addr; }
  }
  server { listen 127.0.0.1:$sp; root $tmp/www; }
}
NGX
for p in "$p1" "$p2"; do
  for _ in $(seq 300); do curl -fs "http://127.0.0.1:$p/api/health" >/dev/null && break; sleep 0.1; done
done
nginx -c "$tmp/nginx.conf"; sleep 0.3
B="http://127.0.0.1:$np"
cookie=$(curl -s -i -H 'content-type: application/json' -d '{"username":"regulator","password":"anjian-demo"}' \
  "$B/api/auth/login" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(anjian_session=[^;]*\).*/\1/p')
[ -n "$cookie" ] || { echo "login failed" >&2; exit 1; }
from=$(psql "SELECT found_at FROM hazard WHERE status = 'closed' ORDER BY found_at DESC LIMIT 1 OFFSET 99999")
hf=$(node bench/ui_fields.mjs "$B" "$cookie" hazard); ef=$(node bench/ui_fields.mjs "$B" "$cookie" enterprise)
list1="/api/hazard?status=rectifying&level=general&page=1&size=20&fields=$hf"
list2="/api/hazard?status=closed&found_at_from=$from&page=1&size=20&fields=$hf"
elist="/api/enterprise?page=1&size=20&sort=name&fields=$ef"
for f in list1 list2 elist; do
  curl -fs -H "Cookie: $cookie" "$B${!f}" -o "$tmp/$f.json"
  head -c "$(stat -c %s "$tmp/$f.json")" /dev/zero | tr '\0' 'x' >"$tmp/www/$f.json"
done
row() {	# name file path
  local a n
  a=$(measure "$B$3" -H "Cookie: $cookie"); n=$(measure "http://127.0.0.1:$sp/$2.json")
  set -- "$1" "$2" $a $n
  echo "| $1 | $(stat -c %s "$tmp/$2.json") | $3 | $4 | $5 | $6 | $8 | $(ratio "$3" "$6") |"
}
r1=$(row "hazard list status=rectifying&level=general" list1 "$list1")
r2=$(row "hazard list status=closed&found_at_from=$from" list2 "$list2")
r3=$(row "enterprise list sort=name" elist "$elist")
node bench/writer.mjs "$B" 50 "$(( ${DUR%s} + 2 ))" >"$tmp/writer.json" &
wpid=$!; sleep 1
r4=$(row "hazard list 1 under 50 writes/s" list1 "$list1")
wait "$wpid"
api_total=$(curl -fs -H "Cookie: $cookie" "$B$list1" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).total))')
reg_org=$(psql "SELECT org_id FROM users WHERE username = 'regulator'")
db_total=$(psql "SELECT COUNT(*) FROM hazard WHERE status = 'rectifying' AND level = 'general'
  AND org_id IN (SELECT org_id FROM scope_org WHERE viewer = $reg_org)")
[ "$api_total" = "$db_total" ] && exact="exact ($api_total)" || exact="**WRONG: list $api_total, database $db_total**"
rss=""; for p in "${pids[@]}"; do rss+="$(awk '$1 == "VmHWM:" { printf "%.1f MiB ", $2 / 1024 }' "/proc/$p/status")"; done
{
  echo "# anjian PostgreSQL scale bench $(date -u +%Y-%m-%dT%H:%MZ) — $(nproc) cores, $(psql 'SHOW server_version' | cut -d' ' -f1), two anjian serve behind nginx round-robin, wrk -t2 -c$CONN -d$DUR"
  echo
  echo "Data: $NE enterprises (+ demo), $NR risk points, $NH hazards, generated in $gen_s s."
  echo
  echo "| endpoint (through nginx → 2 × anjian) | bytes | req/s | p50 ms | p99 ms | nginx-static req/s | p99 ms | ratio |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "$r1"; echo "$r2"; echo "$r3"; echo "$r4"
  echo
  echo "Writer: $(cat "$tmp/writer.json"); the list's total afterwards: $exact."
  echo "Peak RSS of the two servers: $rss"
} | tee "$out/scale_pg.md"
