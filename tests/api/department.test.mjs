// 成员单位 (role department; issue 11: "sees and works the tasks assigned to its unit,
// and the enterprises and hazards of its 行业监管"), on the demo district, both
// backends. The demo's 区应急局 (account "department") has 行业监管 of 精工金属,
// 华新木业, 青浦化贸 and 青浦冷链 (DESIGN.md §3: the core's scope follows supervision
// rows); the matrix:
//   - enterprises: exactly those four, read only; another enterprise answers 404;
//   - hazards: theirs, not enterprise A's; no 挂牌督办 (the hazard module gives it
//     to regulators);
//   - tasks: its own assignments; progress on them, not on another unit's; the
//     reply to the regulator's 督办;
//   - the 履职情况 matrix (GET /api/obligation/matrix): the rows of those four, the
//     district's cells and counts for them, another enterprise's subtree 404, the
//     records behind a cell read only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs } from './lib.mjs';

const NOW = '2026-11-22 10:00:00';
const MINE = ['上海青浦精工金属制品有限公司', '上海青浦华新木业家具有限公司', '上海青浦化工物资贸易有限公司', '上海青浦冷链食品有限公司'];
let srv, admin, reg, dept, mgr, mgr2;

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: NOW } });
  [admin, reg, dept, mgr, mgr2] = await Promise.all(['admin', 'regulator', 'department', 'manager', 'manager2'].map((u) => loginAs(srv.base, u)));
});
after(async () => { await srv?.stop(); });

test('the demo\'s 成员单位 account and its 行业监管 rows', async () => {
  assert.equal(dept.me.role, 'department');
  assert.equal(dept.me.org.name, '区应急局');
  const sup = (await admin.get(`/api/supervision?regulator_org=${dept.me.org.id}&size=50`)).json.items;
  assert.equal(sup.length, 4);
  assert.ok(sup.every((s) => s.kind === 'industry'));
});

test('it sees the enterprises it supervises, and only those, read only', async () => {
  const r = await dept.get('/api/enterprise?size=100');
  assert.equal(r.status, 200, r.body);
  assert.deepEqual(r.json.items.map((e) => e.name).sort(), [...MINE].sort());
  const all = (await reg.get('/api/enterprise?size=100')).json.items;
  const a = all.find((e) => e.org_id === mgr.me.org.id), b = all.find((e) => e.org_id === mgr2.me.org.id);
  assert.equal((await dept.get(`/api/enterprise/${b.id}`)).status, 200);
  assert.equal((await dept.get(`/api/enterprise/${a.id}`)).status, 404);
  assert.equal((await dept.put(`/api/enterprise/${b.id}`, { short_name: '改名' })).status, 403);
  assert.equal((await dept.get('/api/dashboard/home')).status, 403, 'not an enterprise: no enterprise home');
});

test('it reads its enterprises\' hazards, not another\'s, and does not 挂牌督办', async () => {
  const mine = (await dept.get('/api/hazard?size=100')).json;
  assert.ok(mine.total > 0);
  const orgs = new Set(mine.items.map((h) => h.org_name));
  assert.ok([...orgs].every((n) => MINE.includes(n)), [...orgs].join());
  const hb = (await mgr2.get('/api/hazard?size=1')).json.items[0];
  const ha = (await mgr.get('/api/hazard?size=1')).json.items[0];
  assert.ok(hb && ha);
  const got = await dept.get(`/api/hazard/${hb.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.json.title, hb.title);
  assert.equal((await dept.get(`/api/hazard/${ha.id}`)).status, 404);
  assert.ok(!(got.json._actions || []).some((x) => x.verb === 'supervise'));
  const major = (await dept.get('/api/hazard?level=major&size=50')).json.items.find((h) => !h.supervised);
  assert.ok(major, 'the demo has a major hazard of 精工金属 not yet supervised');
  assert.equal((await dept.post(`/api/hazard/${major.id}/supervise`, { note: 'x' })).status, 403);
  // the district's views answer in its scope too
  const m = await dept.get('/api/hazard/major?size=50');
  assert.equal(m.status, 200, m.body);
  assert.ok(m.json.total >= 1);
  assert.ok(m.json.items.every((h) => MINE.includes(h.enterprise_name)));
});

test('it works its own tasks: progress on its assignment, not another unit\'s; it answers the 督办', async () => {
  const units = (await dept.get('/api/task_unit?size=100&sort=seq')).json.items;
  assert.deepEqual(units.map((u) => [u.seq, u.role, u.unit_name]), [[3, 'lead', '区应急局'], [9, 'lead', '区应急局'], [18, 'lead', '区应急局']]);
  const u3 = units.find((u) => u.seq === 3);
  let r = await dept.post('/api/task_progress', { task_unit_id: u3.id, report_date: '2026-11-21', progress: 80, content: '完成迎检资料汇编' });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.org_id, dept.me.org.id);
  assert.equal((await dept.get(`/api/task_unit/${u3.id}`)).json.progress, 80);
  // another unit's assignment (区建管委, task 12) is out of its scope
  const other = (await reg.get('/api/task_unit?size=100')).json.items.find((u) => u.unit_name === '区建管委' && u.seq === 12);
  assert.ok(other);
  assert.equal((await dept.get(`/api/task_unit/${other.id}`)).status, 404);
  r = await dept.post('/api/task_progress', { task_unit_id: other.id, report_date: '2026-11-21', progress: 10, content: 'x' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'task_unit_id');
  assert.equal((await reg.get(`/api/task_unit/${other.id}`)).json.progress, 0, 'nothing written');
  // the demo's 督办 on task 3 waits for its reply
  const n = (await dept.get('/api/task_notice?status=issued')).json.items.find((x) => x.task_unit_id === u3.id);
  assert.ok(n, 'the demo issued a 督办 to the 区应急局');
  r = await dept.post(`/api/task_notice/${n.id}/reply`, { reply: '迎检准备已完成，问题清单已报送' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'replied');
  // no district task list of its own, no leaders
  assert.equal((await dept.get('/api/task')).json.total, 0);
  assert.equal((await dept.get('/api/leader')).status, 403);
});

test('it reads the 履职情况 matrix of its own enterprises, by the core\'s scope, and the records behind a cell', async () => {
  const m = await dept.get('/api/obligation/matrix?period=2026&size=50');
  assert.equal(m.status, 200, m.body);
  assert.deepEqual(m.json.items.map((i) => i.name).sort(), [...MINE].sort());
  assert.equal(m.json.total, 4);
  // each of its rows is the district's row of that enterprise, cell for cell
  const all = (await reg.get('/api/obligation/matrix?period=2026&size=50')).json;
  assert.equal(all.total, 14);
  for (const it of m.json.items) assert.deepEqual(it.cells, all.items.find((x) => x.org_id === it.org_id).cells, it.name);
  // the counts are its four enterprises' (the district's matrix of each, added up)
  const mineOrgs = new Set(m.json.items.map((i) => i.org_id));
  const sum = Object.fromEntries(Object.keys(m.json.counts).map((k) => [k, 0]));
  for (const org of mineOrgs) {
    const one = (await reg.get(`/api/obligation/matrix?period=2026&org_id=${org}`)).json;
    for (const k of Object.keys(sum)) sum[k] += one.counts[k];
  }
  assert.deepEqual(m.json.counts, sum);
  assert.ok(sum.overdue > 0 && sum.done > 0, JSON.stringify(sum));
  const b = (await reg.get(`/api/enterprise?size=100`)).json.items.find((e) => e.org_id === mgr2.me.org.id);
  // another enterprise's rows are not its: A's subtree answers 404, its calendar rows are not listed
  const a = mgr.me.org.id;
  assert.equal((await dept.get(`/api/obligation/matrix?org_id=${a}`)).status, 404);
  assert.equal((await dept.get(`/api/obligation/matrix/export?org_id=${a}`)).status, 404);
  const bm = await dept.get(`/api/obligation/matrix?org_id=${b.org_id}`);
  assert.equal(bm.status, 200);
  assert.deepEqual(bm.json.items.map((i) => i.name), ['上海青浦精工金属制品有限公司']);
  const aRows = await dept.get(`/api/obligation?org_id=${a}&size=5`);
  assert.equal(aRows.status, 200);
  assert.equal(aRows.json.total, 0, 'the list filter narrows its scope, never widens it');
  assert.ok((await reg.get(`/api/obligation?org_id=${a}&size=1`)).json.total > 0);
  const own = (await dept.get('/api/obligation?size=200')).json;
  assert.ok(own.total > 0);
  assert.ok(own.items.every((o) => mineOrgs.has(o.org_id)), 'its calendar rows are its enterprises\'');
  // the district's own duty (the 区领导's yearly report) is not its
  assert.equal((await dept.get('/api/obligation?duty=leader_report_annual')).json.total, 0);
  // the export holds the same rows
  const x = await dept.get('/api/obligation/matrix/export?period=2026', { raw: true });
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  // a done cell's proving record opens for it (read only)
  let proof;
  for (const it of m.json.items) {
    for (const c of Object.values(it.cells)) if (c.proof_id && c.proof_entity) proof = proof || c;
  }
  assert.ok(proof, 'a proved cell among its enterprises');
  assert.equal((await dept.get(`/api/${proof.proof_entity}/${proof.proof_id}`)).status, 200);
  assert.equal((await dept.put(`/api/obligation/${proof.id}`, { status: 'done' })).status, 403);
  // the menu's page opens by the permission it holds
  assert.ok(dept.me.permissions.includes('obligation:read'));
});
