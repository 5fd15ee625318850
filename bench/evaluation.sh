#!/usr/bin/env bash
# bench/evaluation.sh — the yearly evaluation at district size (issue 11 "make bench:
# evaluating 2,000 enterprises for a year, and the ranking request, p50/p99"):
#   0. a demo district plus 2,000 enterprises and 100,000 hazards (bench/scale_seed),
#      then `anjian check` (scope, aggregates, the obligations calendar);
#   1. the server on loopback; the regulator creates a scheme for this year with the
#      eight computed indicators and every veto rule;
#   2. GET /api/eval/scheme/:id/ranking (a draft: every figure computed now) REPS
#      times, sequentially: first, p50, p99 and the body size;
#   3. POST …/publish once (computes with the records behind every figure and
#      freezes one result per enterprise): its time;
#   4. GET …/ranking of the published scheme (read from the frozen results) REPS
#      times: p50, p99; and one drill-down GET …/source.
# Bounded: BUDGET seconds per series at most. Prints a table and writes
# bench/out/evaluation.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${ANJIAN_BIN:-build/anjian}
SEED=${SCALE_SEED:-build/bench/scale_seed}
NE=${EV_ENTERPRISES:-2000}
NH=${EV_HAZARDS:-100000}
REPS=${EV_REPS:-50}
BUDGET=${EV_BUDGET:-120}
out=bench/out; mkdir -p "$out"
tmp=$(mktemp -d /tmp/anjian-eval.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
db="sqlite:$tmp/data/anjian.db"

ANJIAN_DEMO_PASSWORD=anjian-demo "$BIN" demo --data "$tmp/data" >/dev/null 2>&1
t0=$(date +%s.%N)
"$SEED" "$db" "$NE" 0 "$NH" >"$tmp/seed.txt"
"$BIN" check --data "$tmp/data" >/dev/null 2>&1 || true
gen_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "fixture: $NE enterprises, $NH hazards, generated and checked in $gen_s s"

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})')
ANJIAN_SCHED=off "$BIN" serve --data "$tmp/data" --port "$port" >"$tmp/serve.log" 2>&1 &
pid=$!
BASE="http://127.0.0.1:$port" REPS="$REPS" BUDGET="$BUDGET" NE="$NE" NH="$NH" GEN_S="$gen_s" \
  node --input-type=module - <<'JS' | tee "$out/evaluation.md"
import { Client } from './tests/api/lib.mjs';
const base = process.env.BASE, reps = +process.env.REPS, budget = +process.env.BUDGET * 1000;
for (let i = 0; ; i++) {
  try { if ((await fetch(`${base}/api/health`)).ok) break; } catch { /* not yet */ }
  if (i > 600) throw new Error('server did not start');
  await new Promise((r) => setTimeout(r, 50));
}
const reg = new Client(base);
if ((await reg.login('regulator', 'anjian-demo')).status !== 200) throw new Error('login');
const year = new Date().getFullYear();
const s = (await reg.post('/api/eval_scheme', { name: `${year}年度考核（基准）`, year, veto_accident_larger: true,
  veto_accident_death: true, veto_accident_late: true, veto_major_overdue: true, veto_supervise_missed: true })).json;
const W = { hazard_ontime: 20, major_cleared: 15, obligation_ontime: 15, inspection_done: 10, drill_done: 10,
  training_done: 10, submit_ontime: 10, accident_free: 10 };
for (const [code, weight] of Object.entries(W))
  if ((await reg.post('/api/eval_indicator', { scheme_id: s.id, code, weight })).status !== 201) throw new Error(code);
async function series(path) {
  const ms = []; let bytes = 0, n = 0; const t0 = Date.now();
  while (ms.length < reps && Date.now() - t0 < budget) {
    const a = process.hrtime.bigint();
    const r = await reg.get(path);
    ms.push(Number(process.hrtime.bigint() - a) / 1e6);
    if (r.status !== 200) throw new Error(`${path} ${r.status}`);
    bytes = r.body.length; n = r.json.items.length;
  }
  const first = ms[0], sorted = [...ms].sort((x, y) => x - y);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return { reps: ms.length, first, p50: q(0.5), p99: q(0.99), bytes, n };
}
const f = (x) => x.toFixed(1);
const live = await series(`/api/eval/scheme/${s.id}/ranking`);
let a = process.hrtime.bigint();
const pub = await reg.post(`/api/eval/scheme/${s.id}/publish`);
const pubMs = Number(process.hrtime.bigint() - a) / 1e6;
if (pub.status !== 200) throw new Error(`publish ${pub.status} ${pub.body}`);
const frozen = await series(`/api/eval/scheme/${s.id}/ranking`);
const some = (await reg.get(`/api/eval/scheme/${s.id}/ranking?by=overdue`)).json.items[0];
a = process.hrtime.bigint();
const src = await reg.get(`/api/eval/scheme/${s.id}/source?org_id=${some.org_id}&code=hazard_ontime`);
const srcMs = Number(process.hrtime.bigint() - a) / 1e6;
console.log(`# Evaluation benchmark (bench/evaluation.sh)\n`);
console.log(`Fixture: ${process.env.NE} enterprises, ${process.env.NH} hazards (bench/scale_seed) + the demo district, `
  + `generated and checked in ${process.env.GEN_S} s; SQLite; loopback HTTP, sequential requests.\n`);
console.log('| request | enterprises | reps | first ms | p50 ms | p99 ms | body bytes |');
console.log('|---|---|---|---|---|---|---|');
console.log(`| ranking, draft (computed now) | ${live.n} | ${live.reps} | ${f(live.first)} | ${f(live.p50)} | ${f(live.p99)} | ${live.bytes} |`);
console.log(`| publish (compute + freeze with record ids) | ${live.n} | 1 | ${f(pubMs)} | – | – | – |`);
console.log(`| ranking, published (frozen) | ${frozen.n} | ${frozen.reps} | ${f(frozen.first)} | ${f(frozen.p50)} | ${f(frozen.p99)} | ${frozen.bytes} |`);
console.log(`| source of one figure (frozen, ${src.json.items.length} records) | 1 | 1 | ${f(srcMs)} | – | – | ${src.body.length} |`);
JS
