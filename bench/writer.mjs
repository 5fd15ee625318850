// bench/writer.mjs BASE RATE SECONDS — the writes beside a read benchmark (issue 13
// "under writes"): the demo enterprise's manager commits RATE hazard actions per
// second for SECONDS (bounded: RATE × SECONDS actions at most), alternating 登记 (POST
// /api/hazard) and 下达整改 (POST /api/hazard/:id/assign), paced on a fixed schedule
// by LANES (default 5) sequential lanes: a commit waits for its fsync (tens of ms on
// a shared disk), so one lane alone could not keep the rate.
// Each assign moves a general hazard into 整改中, so the regulator's
// status=rectifying&level=general total changes under the load. Prints one JSON line:
// { actions, failed, assigned, p50_ms, p99_ms }.
import { Client } from '../tests/api/lib.mjs';

const [base, rate = '50', seconds = '10'] = process.argv.slice(2);
const total = Number(rate) * Number(seconds);
const c = new Client(base);
await c.login('manager');
const me = c.me.user.id;
const deadline = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const lanes = Number(process.env.LANES || 5);
const lat = [];
let failed = 0, assigned = 0;
const t0 = Date.now();
async function lane(k) {
  let pending = null;
  for (let i = k; i < total; i += lanes) {
    const due = t0 + (i * 1000) / Number(rate);
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    const s = performance.now();
    let r;
    if (pending === null) {
      r = await c.post('/api/hazard', { title: `压测隐患 ${i}`, location: '压测部位', found_at: today,
        level: 'general', category: 'thing', source: 'self_check' });
      if (r.status === 201) pending = r.json.id;
    } else {
      r = await c.post(`/api/hazard/${pending}/assign`, { plan_responsible_id: me, plan_measures: '压测整改',
        plan_funds: 100, plan_deadline: deadline, plan_contingency: '警戒' });
      if (r.status === 200) assigned++;
      pending = null;
    }
    lat.push(performance.now() - s);
    if (r.status >= 300) failed++;
  }
}
await Promise.all(Array.from({ length: lanes }, (_, k) => lane(k)));
lat.sort((a, b) => a - b);
const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))].toFixed(1);
console.log(JSON.stringify({ actions: lat.length, failed, assigned, seconds: ((Date.now() - t0) / 1000).toFixed(1),
  p50_ms: q(0.5), p99_ms: q(0.99) }));
