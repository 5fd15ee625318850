// Risk module (安全风险分级管控, issue 3): LEC / LS scoring and grading with the default
// band table (DOMAIN.md §3–4), the control-level rule, GB 6441-2025 accident types on
// new danger sources, risk_summary kept current (seen through /api/risk/distribution),
// the card / board / due views, the annual risk report, band edits re-grading, and the
// scope matrix of every new entity and action (manager2 = enterprise B against
// enterprise A). The clock is fixed: ANJIAN_NOW = 2026-11-22 10:00:00. The data each test
// needs is created through the API; the demo's own risk data only adds to the counts,
// so counts are compared before and after. Runs on both backends (ANJIAN_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, loginAs, run, BACKEND } from './lib.mjs';
import { xlsxText } from './xlsx.mjs';

const NOW = '2026-11-22 10:00:00';
let srv, admin, reg, mgr, mgr2, staff;
let orgA, orgB, workshop, post, workshopB;

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: NOW } });
  [admin, reg, mgr, mgr2, staff] = await Promise.all(
    ['admin', 'regulator', 'manager', 'manager2', 'staff'].map((u) => loginAs(srv.base, u)));
  orgA = mgr.me.org.id;
  orgB = mgr2.me.org.id;
  workshop = await unit(mgr, '测试熔炼车间', 'workshop', orgA);
  post = await unit(mgr, '测试熔炼工', 'post', workshop);
  workshopB = await unit(mgr2, '乙厂测试车间', 'workshop', orgB);
});
after(async () => { await srv?.stop(); });

// ---- helpers -------------------------------------------------------------

async function unit(c, name, level, parent) {
  const r = await c.post('/api/org', { name, kind: 'unit', unit_level: level, parent_id: parent });
  assert.equal(r.status, 201, r.body);
  return r.json.id;
}

let seq = 0;
function lec(l, e, c, extra = {}) {
  seq += 1;
  return { name: `测试风险点${seq}`, kind: 'equipment', unit_id: workshop, location: '东跨',
    method: 'lec', lec_l: l, lec_e: e, lec_c: c, control_level: 'company', ...extra };
}
function ls(l, s, extra = {}) {
  seq += 1;
  return { name: `测试矩阵点${seq}`, kind: 'area', unit_id: workshop, method: 'ls', ls_l: l, ls_s: s,
    control_level: 'company', ...extra };
}
async function create(c, body, status = 201) {
  const r = await c.post('/api/risk_point', body);
  assert.equal(r.status, status, r.body);
  return r.json;
}
async function count(c, path) {
  const r = await c.get(path);
  assert.equal(r.status, 200, r.body);
  return r.json.total;
}
async function totals(c, org) {
  const r = await c.get(`/api/risk/distribution?org_id=${org}`);
  assert.equal(r.status, 200, r.body);
  return r.json.totals;
}
// Runs one SQL statement directly on the test database (used only to make a row of a
// kind the API must not create: a GB 6441-1986 accident type).
function sql(stmt) {
  if (BACKEND === 'postgres') execFileSync('psql', [srv.dbUrl, '-q', '-c', stmt]);
  else execFileSync('sqlite3', [join(srv.dataDir, 'anjian.db'), stmt]);
}
// The one value a query returns, as text (read-only checks of derived tables).
function value(stmt) {
  const out = BACKEND === 'postgres' ? execFileSync('psql', [srv.dbUrl, '-At', '-c', stmt], { encoding: 'utf8' })
    : execFileSync('sqlite3', [join(srv.dataDir, 'anjian.db'), stmt], { encoding: 'utf8' });
  return out.trim();
}
// `anjian check` on the running server's database, on the tests' fixed clock.
async function check() {
  await run(['check', '--data', srv.dataDir, '--db', srv.dbUrl], { ANJIAN_NOW: NOW });
}
// The audit rows of one row of an entity with one action (admin's view of the log).
async function audits(entity, id, action) {
  const r = await admin.get(`/api/audit?entity=${entity}&entity_id=${id}&action=${action}&size=100`);
  assert.equal(r.status, 200, r.body);
  return r.json.items;
}

// ---- scoring and grading ---------------------------------------------------

test('LEC 1×10×7 = 70 is 低风险/蓝 under the default bands; 6×2×7 = 84 is 一般/黄', async () => {
  const a = await create(mgr, lec(1, 10, 7, { control_level: 'post' }));
  assert.equal(a.score, 70);
  assert.equal(a.level, 'low');
  assert.equal(a.colour, 'blue');
  assert.equal(a.factors, 'L=1 E=10 C=7');
  assert.equal(a.danger_class, '一般危险，需要注意');
  assert.equal(a.org_id, orgA, 'org_id is the enterprise of the unit');
  const b = await create(mgr, lec(6, 2, 7, { control_level: 'team' }));
  assert.equal(b.score, 84);
  assert.equal(b.level, 'medium');
  assert.equal(b.colour, 'yellow');
  const c = await create(mgr, lec(0.5, 1, 40, { control_level: 'post' }));
  assert.equal(c.score, 20);
  assert.equal(c.level, 'low');
  const d = await create(mgr, lec(3, 6, 15, { control_level: 'workshop' }));
  assert.equal(d.score, 270);
  assert.equal(d.level, 'high');
  assert.equal(d.colour, 'orange');
});

test('LS 4×5 = 20 is 重大风险/红; 3×5 = 15 is 较大; switching method clears the other factors', async () => {
  const a = await create(mgr, ls(4, 5));
  assert.equal(a.score, 20);
  assert.equal(a.level, 'major');
  assert.equal(a.colour, 'red');
  assert.equal(a.factors, 'L=4 S=5');
  const b = await create(mgr, ls(3, 5, { control_level: 'workshop' }));
  assert.equal(b.level, 'high');
  const r = await mgr.put(`/api/risk_point/${b.id}`, { method: 'lec', lec_l: 1, lec_e: 1, lec_c: 1 });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.score, 1);
  assert.equal(r.json.level, 'low');
  assert.equal(r.json.ls_l, null);
  assert.equal(r.json.ls_s, null);
});

test('a LEC value outside the factor table is a field error and nothing is written', async () => {
  const before = await count(mgr, '/api/risk_point?size=1');
  const r = await mgr.post('/api/risk_point', lec(2, 6, 7));
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.code, 'validation');
  assert.equal(r.json.error.field, 'lec_l');
  assert.match(r.json.error.message, /LEC 取值表/);
  const r2 = await mgr.post('/api/risk_point', lec(3, 6, 6));
  assert.equal(r2.status, 400);
  assert.equal(r2.json.error.field, 'lec_c');
  const r3 = await mgr.post('/api/risk_point', { ...lec(3, 6, 7), lec_e: undefined });
  assert.equal(r3.status, 400);
  assert.equal(r3.json.error.field, 'lec_e');
  const r4 = await mgr.post('/api/risk_point', ls(6, 1));
  assert.equal(r4.status, 400);
  assert.equal(r4.json.error.field, 'ls_l');
  assert.equal(await count(mgr, '/api/risk_point?size=1'), before);
});

test('control level below the level requires is refused on control_level, saying why; nothing written', async () => {
  const before = await count(mgr, '/api/risk_point?size=1');
  const t0 = await totals(mgr, orgA);
  const r = await mgr.post('/api/risk_point', lec(3, 3, 40, { control_level: 'workshop' }));	// 360 重大
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'control_level');
  assert.equal(r.json.error.message, '重大风险须由公司级管控，当前为车间级');
  const r2 = await mgr.post('/api/risk_point', lec(3, 6, 15, { control_level: 'team' }));	// 270 较大
  assert.equal(r2.status, 400);
  assert.equal(r2.json.error.field, 'control_level');
  assert.match(r2.json.error.message, /较大风险须由车间级或更高层级管控，当前为班组级/);
  assert.equal(await count(mgr, '/api/risk_point?size=1'), before);
  assert.deepEqual(await totals(mgr, orgA), t0);
  // an update that raises the risk above its control level is refused too, row unchanged
  const p = await create(mgr, lec(1, 6, 3, { control_level: 'team' }));	// 18 低
  const u = await mgr.put(`/api/risk_point/${p.id}`, { lec_l: 6, lec_c: 15 });	// 540 重大
  assert.equal(u.status, 400, u.body);
  assert.equal(u.json.error.field, 'control_level');
  const g = await mgr.get(`/api/risk_point/${p.id}`);
  assert.equal(g.json.level, 'low');
  assert.equal(g.json.score, 18);
});

test('unit_id must be a unit of an enterprise in scope; staff may not write', async () => {
  const r = await mgr.post('/api/risk_point', lec(1, 1, 1, { unit_id: orgA }));
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'unit_id');
  const r2 = await mgr.post('/api/risk_point', lec(1, 1, 1, { post_id: workshop }));
  assert.equal(r2.status, 400, r2.body);
  assert.equal(r2.json.error.field, 'post_id');
  const r3 = await staff.post('/api/risk_point', lec(1, 1, 1));
  assert.equal(r3.status, 403, r3.body);
  const r4 = await reg.post('/api/risk_point', lec(1, 1, 1));
  assert.equal(r4.status, 403, r4.body);
});

test('risk_summary follows every create, level change and delete (distribution totals)', async () => {
  const t0 = await totals(mgr, orgA);
  const p = await create(mgr, lec(6, 6, 15));	// 540 重大 红
  let t = await totals(mgr, orgA);
  assert.equal(t.red, t0.red + 1);
  assert.equal(t.total, t0.total + 1);
  const u = await mgr.put(`/api/risk_point/${p.id}`, { lec_l: 1, lec_e: 6, lec_c: 15 });	// 90 一般 黄
  assert.equal(u.status, 200, u.body);
  t = await totals(mgr, orgA);
  assert.equal(t.red, t0.red);
  assert.equal(t.yellow, t0.yellow + 1);
  // the regulator reads the same aggregate
  assert.deepEqual(await totals(reg, orgA), t);
  const d = await mgr.del(`/api/risk_point/${p.id}`);
  assert.equal(d.status, 200, d.body);
  assert.deepEqual(await totals(mgr, orgA), t0);
});

test('risk_summary follows a point moved to another enterprise, and anjian check rebuilds the same counts', async () => {
  const p = await create(admin, lec(6, 6, 15, { name: '测试迁移点' }));	// 540 重大 红, enterprise A
  const src = await mgr.post('/api/danger_source', { risk_point_id: p.id, description: '迁移危险源', accident_type: '2025:04' });
  assert.equal(src.status, 201, src.body);
  const a0 = await totals(mgr, orgA), b0 = await totals(mgr2, orgB);
  const u = await admin.put(`/api/risk_point/${p.id}`, { unit_id: workshopB, org_id: orgB });
  assert.equal(u.status, 200, u.body);
  assert.equal(u.json.org_id, orgB, 'org_id follows the unit');
  const a1 = await totals(mgr, orgA), b1 = await totals(mgr2, orgB);
  assert.deepEqual(a1, { ...a0, red: a0.red - 1, total: a0.total - 1 });
  assert.deepEqual(b1, { ...b0, red: b0.red + 1, total: b0.total + 1 });
  // its danger source went with it
  assert.equal((await mgr2.get(`/api/danger_source/${src.json.id}`)).status, 200);
  assert.equal((await mgr.get(`/api/danger_source/${src.json.id}`)).status, 404);
  // the running counts are what a rebuild from the records gives
  await check();
  assert.deepEqual(await totals(mgr, orgA), a1);
  assert.deepEqual(await totals(mgr2, orgB), b1);
  // a point past its review date is on the home's 风险评审到期 at once, without
  // anjian check (issue 14 finding 13: a count kept by check alone showed 0)
  const due0 = (await mgr.get('/api/dashboard/home')).json.reviews_due.count;
  const late = await create(mgr, lec(1, 1, 1, { control_level: 'post', last_review: '2025-10-01', next_review: '2026-10-01' }));
  assert.equal((await mgr.get('/api/dashboard/home')).json.reviews_due.count, due0 + 1);
  assert.equal((await mgr.del(`/api/risk_point/${late.id}`)).status, 200);
  assert.equal((await admin.del(`/api/risk_point/${p.id}`)).status, 200);
  assert.deepEqual(await totals(mgr2, orgB), b0);
});

// ---- danger sources and measures ------------------------------------------

test('danger source: GB 6441-2025 type required on new rows; a 1986 code stays only on an old row', async () => {
  const p = await create(mgr, lec(3, 6, 15, { control_level: 'workshop' }));
  const bad = await mgr.post('/api/danger_source', { risk_point_id: p.id, description: '炉体漏水', accident_type: '1986:08' });
  assert.equal(bad.status, 400, bad.body);
  assert.equal(bad.json.error.field, 'accident_type');
  assert.match(bad.json.error.message, /GB 6441-2025/);
  assert.equal(await count(mgr, `/api/danger_source?risk_point_id=${p.id}`), 0);
  const ok = await mgr.post('/api/danger_source', { risk_point_id: p.id, description: '熔融金属遇水',
    accident_type: '2025:22', consequence: '爆炸喷溅' });
  assert.equal(ok.status, 201, ok.body);
  assert.equal(ok.json.org_id, orgA);
  // switching an existing row to a 1986 code is refused
  const sw = await mgr.put(`/api/danger_source/${ok.json.id}`, { accident_type: '1986:08' });
  assert.equal(sw.status, 400, sw.body);
  // a row recorded under GB 6441-1986 keeps its code when edited
  sql(`UPDATE danger_source SET accident_type = '1986:08' WHERE id = ${ok.json.id}`);
  const keep = await mgr.put(`/api/danger_source/${ok.json.id}`, { description: '熔融金属遇水（复核）' });
  assert.equal(keep.status, 200, keep.body);
  assert.equal(keep.json.accident_type, '1986:08');
  const meta = await mgr.get('/api/meta');
  const f = meta.json.entities.find((e) => e.name === 'danger_source').fields.find((x) => x.name === 'accident_type');
  assert.equal(f.options.length, 47);
  assert.ok(f.options.some((o) => o.label === '火灾 (GB 6441-1986)'));
  // measures: any level, kind required
  const m = await mgr.post('/api/control_measure', { risk_point_id: p.id, kind: 'engineering', level: 'post', description: '设置断水报警' });
  assert.equal(m.status, 201, m.body);
  const mb = await mgr.post('/api/control_measure', { risk_point_id: p.id, kind: 'bogus', level: 'post', description: 'x' });
  assert.equal(mb.status, 400);
  assert.equal(mb.json.error.field, 'kind');
  // deleting the risk point takes its sources and measures with it
  assert.equal((await mgr.del(`/api/risk_point/${p.id}`)).status, 200);
  assert.equal((await mgr.get(`/api/danger_source/${ok.json.id}`)).status, 404);
  assert.equal((await mgr.get(`/api/control_measure/${m.json.id}`)).status, 404);
});

// ---- views -----------------------------------------------------------------

test('card, board and distribution show the post\'s and enterprise\'s risks', async () => {
  const major = await create(mgr, lec(3, 3, 40, { name: '测试有限空间作业', kind: 'activity', post_id: post,
    emergency_measures: '严禁盲目施救', responsible_name: '张伟', responsible_phone: '13816001234' }));
  const low = await create(mgr, lec(1, 6, 3, { name: '测试办公区', kind: 'area', unit_id: post, control_level: 'post' }));
  await mgr.post('/api/danger_source', { risk_point_id: major.id, description: '缺氧', accident_type: '2025:24', consequence: '窒息' });
  await mgr.post('/api/control_measure', { risk_point_id: major.id, kind: 'management', level: 'company', description: '先通风再检测后作业' });
  await mgr.post('/api/control_measure', { risk_point_id: major.id, kind: 'ppe', level: 'post', description: '佩戴呼吸器' });

  // staff read only their own post's card (/api/risk/my-card, tests/api/ux_scope.test.mjs)
  assert.equal((await staff.get(`/api/risk/card?post_id=${post}`)).status, 403);
  const card = await mgr.get(`/api/risk/card?post_id=${post}`);
  assert.equal(card.status, 200, card.body);
  assert.equal(card.json.post.name, '测试熔炼工');
  assert.deepEqual(card.json.post.units.map((u) => u.name), ['测试熔炼车间', '测试熔炼工']);
  assert.equal(card.json.enterprise.name, '上海青浦城市建设投资集团有限公司');
  assert.ok(card.json.emergency_phones.some((p) => p.phone === '119'));
  assert.equal(card.json.highest_level, 'major');
  const names = card.json.risk_points.map((p) => p.name);
  assert.deepEqual(names, ['测试有限空间作业', '测试办公区'], 'highest risk first');
  const cp = card.json.risk_points[0];
  assert.equal(cp.colour, 'red');
  assert.equal(cp.emergency_measures, '严禁盲目施救');
  assert.equal(cp.responsible_name, '张伟');
  assert.equal(cp.danger_sources[0].accident_type_label, '窒息');
  assert.equal(cp.danger_sources[0].accident_standard, 'GB 6441-2025');
  assert.deepEqual(cp.measures.map((m) => m.level), ['company', 'post']);
  assert.equal((await mgr.get('/api/risk/card')).status, 400);

  const board = await reg.get(`/api/risk/board?org_id=${orgA}`);
  assert.equal(board.status, 200, board.body);
  const bn = board.json.items.map((p) => p.name);
  assert.ok(bn.includes('测试有限空间作业'));
  assert.ok(!bn.includes('测试办公区'), 'low risks are not on the board');
  assert.ok(board.json.items.every((p) => p.level === 'major' || p.level === 'high'));
  const bp = board.json.items.find((p) => p.id === major.id);
  assert.equal(bp.unit_name, '测试熔炼车间');
  assert.equal(bp.measures.length, 2);

  const dist = await mgr.get(`/api/risk/distribution?org_id=${orgA}`);
  assert.equal(dist.status, 200, dist.body);
  const w = dist.json.items.find((i) => i.unit_id === workshop);
  const pw = dist.json.items.find((i) => i.unit_id === post);
  assert.ok(w && w.red >= 1, JSON.stringify(dist.json.items));
  assert.equal(pw.blue, 1);
  const sum = dist.json.items.reduce((a, i) => a + i.total, 0);
  assert.equal(sum, dist.json.totals.total, 'per-unit counts agree with risk_summary');
  assert.equal(low.level, 'low');
});

test('review due: overdue on the fixed clock, listed by /api/risk/due and the review_overdue filter', async () => {
  const late = await create(mgr, lec(1, 1, 1, { name: '测试逾期评审', control_level: 'post', last_review: '2025-11-01', next_review: '2026-11-01' }));
  const fine = await create(mgr, lec(1, 1, 1, { name: '测试未到期', control_level: 'post', next_review: '2026-12-01' }));
  const dflt = await create(mgr, lec(1, 1, 1, { name: '测试默认评审', control_level: 'post', last_review: '2026-01-10' }));
  assert.equal(dflt.next_review, '2027-01-10', 'one year after the last review');
  const bad = await mgr.post('/api/risk_point', lec(1, 1, 1, { control_level: 'post', last_review: '2026-05-01', next_review: '2026-04-01' }));
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'next_review');
  const due = await mgr.get(`/api/risk/due?org_id=${orgA}`);
  assert.equal(due.status, 200, due.body);
  assert.equal(due.json.today, '2026-11-22');
  const d = due.json.items.find((i) => i.id === late.id);
  assert.ok(d, 'overdue point listed');
  assert.equal(d.days_overdue, 21);
  assert.ok(!due.json.items.some((i) => i.id === fine.id));
  assert.ok(due.json.items.every((i) => i.next_review < '2026-11-22'));
  const l = await mgr.get(`/api/risk_point?review_overdue=true&q=${encodeURIComponent('测试')}&size=200`);
  assert.ok(l.json.items.some((i) => i.id === late.id));
  assert.ok(!l.json.items.some((i) => i.id === fine.id));
  const g = await mgr.get(`/api/risk_point/${late.id}`);
  assert.equal(g.json.review_overdue, true);
  // the regulator sees the same to-do across its enterprises
  const rd = await reg.get('/api/risk/due');
  assert.ok(rd.json.items.some((i) => i.id === late.id));
});

test('一企一清单 export has the ledger columns', async () => {
  const r = await mgr.get(`/api/risk_point/export?org_id=${orgA}`, { raw: true });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /spreadsheetml/);
  const text = xlsxText(r.body);
  for (const h of ['风险点名称', '类型', '所在单位', '位置', '评价方法', '评价因子', '分值', '风险等级', '颜色',
    '管控层级', '责任人', '下次评审日期']) assert.ok(text.includes(h), `column ${h}`);
  assert.ok(text.includes('测试有限空间作业'));
  assert.ok(text.includes('重大风险'));
});

// ---- annual report -----------------------------------------------------------

test('annual report: generate → regenerate draft → submit → regulator sees it; read-only after', async () => {
  const g = await mgr.post('/api/risk_report/generate', { org_id: orgA, year: 2026 });
  assert.equal(g.status, 201, g.body);
  assert.equal(g.json.status, 'draft');
  // the calendar's due (seeds/004 第22项): the group is 规上, so by the end of May
  assert.equal(g.json.due_date, '2026-05-31');
  assert.equal(g.json.late, true, 'not submitted and past 31 May');
  const ob = (await mgr.get(`/api/obligation?duty=risk_report_annual&period_key=2026&org_id=${orgA}`)).json.items
    .find((x) => x.org_id === orgA);
  assert.equal(ob.due_at, g.json.due_date, 'the report and the calendar agree');
  const content = JSON.parse(g.json.content);
  assert.equal(content.year, 2026);
  assert.equal(content.enterprise.name, '上海青浦城市建设投资集团有限公司');
  assert.ok(content.totals.risk_points >= 1);
  assert.ok(content.major_points.some((p) => p.name === '测试有限空间作业'));
  assert.ok(content.by_unit.some((u) => u.unit_id === workshop));
  const bad = await mgr.post('/api/risk_report/generate', { org_id: orgA, year: 1999 });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'year');
  const again = await mgr.post('/api/risk_report/generate', { org_id: orgA, year: 2026 });
  assert.equal(again.status, 200, again.body);
  assert.equal(again.json.id, g.json.id, 'one report per enterprise and year');
  const ed = await mgr.put(`/api/risk_report/${g.json.id}`, { summary: '本年度完成全部风险点辨识评估。' });
  assert.equal(ed.status, 200, ed.body);
  const noCreate = await mgr.post('/api/risk_report', { year: 2025 });
  assert.equal(noCreate.status, 405);
  assert.equal((await reg.post('/api/risk_report/generate', { org_id: orgA, year: 2026 })).status, 403);

  const before = await reg.get('/api/risk_report?status=submitted&size=200');
  assert.ok(!before.json.items.some((x) => x.id === g.json.id));
  // 上报 is the declared workflow action: who may do it now is on the row and in /api/auth/me
  assert.deepEqual((await mgr.get(`/api/risk_report/${g.json.id}`)).json._actions, [{ verb: 'submit', label: '上报' }]);
  assert.deepEqual((await reg.get(`/api/risk_report/${g.json.id}`)).json._actions, []);
  assert.ok(mgr.me.permissions.includes('risk_report:submit'));
  assert.ok(!reg.me.permissions.includes('risk_report:submit'));
  assert.ok(!staff.me.permissions.includes('risk_report:submit'));
  // the regulator and the enterprise's staff see the report but may not submit it
  for (const who of [reg, staff]) {
    const f = await who.post(`/api/risk_report/${g.json.id}/submit`);
    assert.equal(f.status, 403, f.body);
    assert.equal(f.json.error.code, 'forbidden');
  }
  assert.equal((await mgr.get(`/api/risk_report/${g.json.id}`)).json.status, 'draft', 'a refused 上报 changes nothing');
  assert.equal((await mgr.post(`/api/risk_report/${g.json.id}/submit`, { note: 'x' })).status, 400, 'no inputs declared');
  const s = await mgr.post(`/api/risk_report/${g.json.id}/submit`);
  assert.equal(s.status, 200, s.body);
  assert.equal(s.json.status, 'submitted');
  assert.equal(s.json.submitted_at, NOW);
  assert.equal(s.json.submitted_by, mgr.me.user.id);
  assert.equal(s.json.submitted_by_label, mgr.me.user.name);
  assert.deepEqual(s.json._actions, [], 'nothing follows 已上报');
  const au = await audits('risk_report', g.json.id, 'submit');
  assert.equal(au.length, 1);
  assert.equal(JSON.parse(au[0].before_json).status, 'draft');
  assert.equal(JSON.parse(au[0].after_json).status, 'submitted');
  assert.equal(s.json.late, true);
  const list = await reg.get('/api/risk_report?status=submitted&size=200');
  const mine = list.json.items.find((x) => x.id === g.json.id);
  assert.ok(mine, 'the regulator lists the submitted report');
  assert.equal(mine.summary, '本年度完成全部风险点辨识评估。');
  assert.equal(mine.late, true);

  const again2 = await mgr.post(`/api/risk_report/${g.json.id}/submit`);
  assert.equal(again2.status, 409, again2.body);
  assert.equal(again2.json.error.code, 'bad_state');
  assert.equal(again2.json.error.message, '风险报告当前状态为已上报，不能上报');
  assert.equal((await audits('risk_report', g.json.id, 'submit')).length, 1, 'the refused 上报 wrote nothing');
  assert.equal((await mgr.post('/api/risk_report/generate', { org_id: orgA, year: 2026 })).status, 409);
  const pu = await mgr.put(`/api/risk_report/${g.json.id}`, { summary: '改' });
  assert.equal(pu.status, 409, pu.body);
  assert.equal((await mgr.del(`/api/risk_report/${g.json.id}`)).status, 409);
  assert.equal((await mgr.get(`/api/risk_report/${g.json.id}`)).json.summary, '本年度完成全部风险点辨识评估。');

  // manager2 (another enterprise) gets 404 everywhere
  assert.equal((await mgr2.get(`/api/risk_report/${g.json.id}`)).status, 404);
  assert.equal((await mgr2.post(`/api/risk_report/${g.json.id}/submit`)).status, 404);
  assert.equal((await mgr2.post('/api/risk_report/generate', { org_id: orgA, year: 2027 })).status, 404);
  const l2 = await mgr2.get('/api/risk_report?size=200');
  assert.ok(!l2.json.items.some((x) => x.org_id === orgA));
});

// ---- scope matrix ------------------------------------------------------------

test('scope matrix: manager2 cannot read, list, update, delete or export A\'s risk rows, nor use A\'s views', async () => {
  const p = await create(mgr, lec(3, 6, 15, { name: '测试甲方专用点', control_level: 'workshop', post_id: post }));
  const src = (await mgr.post('/api/danger_source', { risk_point_id: p.id, description: '甲方危险源', accident_type: '2025:04' })).json;
  const mea = (await mgr.post('/api/control_measure', { risk_point_id: p.id, kind: 'training', level: 'team', description: '甲方措施' })).json;
  const own = await create(mgr2, lec(1, 1, 1, { name: '测试乙方点', unit_id: workshopB, control_level: 'post' }));
  assert.equal(own.org_id, orgB);

  for (const [ent, id, body] of [['risk_point', p.id, { name: 'x' }], ['danger_source', src.id, { description: 'x' }],
    ['control_measure', mea.id, { description: 'x' }]]) {
    assert.equal((await mgr2.get(`/api/${ent}/${id}`)).status, 404, `${ent} get`);
    assert.equal((await mgr2.put(`/api/${ent}/${id}`, body)).status, 404, `${ent} put`);
    assert.equal((await mgr2.del(`/api/${ent}/${id}`)).status, 404, `${ent} delete`);
    const l = await mgr2.get(`/api/${ent}?size=200`);
    assert.ok(!l.json.items.some((x) => x.id === id), `${ent} list`);
    const lo = await mgr2.get(`/api/${ent}?org_id=${orgA}&size=200`);
    assert.equal(lo.json.total, 0, `${ent} list filtered to A`);
    const x = await mgr2.get(`/api/${ent}/export`, { raw: true });
    assert.equal(x.status, 200);
    assert.ok(!xlsxText(x.body).includes('甲方'), `${ent} export`);
    assert.equal((await mgr.get(`/api/${ent}/${id}`)).status, 200, `${ent} unchanged for A`);
  }
  assert.equal((await mgr.get(`/api/risk_point/${p.id}`)).json.name, '测试甲方专用点');
  // writing into A through references is refused as "not found"
  const cr = await mgr2.post('/api/risk_point', lec(1, 1, 1, { unit_id: workshop, control_level: 'post' }));
  assert.equal(cr.status, 400, cr.body);
  assert.equal(cr.json.error.field, 'unit_id');
  const cs = await mgr2.post('/api/danger_source', { risk_point_id: p.id, description: 'x', accident_type: '2025:01' });
  assert.equal(cs.status, 400);
  assert.equal(cs.json.error.field, 'risk_point_id');
  const cm = await mgr2.post('/api/control_measure', { risk_point_id: p.id, kind: 'ppe', level: 'post', description: 'x' });
  assert.equal(cm.status, 400);
  assert.equal(cm.json.error.field, 'risk_point_id');
  const mv = await mgr2.put(`/api/risk_point/${own.id}`, { unit_id: workshop });
  assert.equal(mv.status, 400);
  // views
  assert.equal((await mgr2.get(`/api/risk/card?post_id=${post}`)).status, 404);
  assert.equal((await mgr2.get(`/api/risk/board?org_id=${orgA}`)).status, 404);
  assert.equal((await mgr2.get(`/api/risk/distribution?org_id=${orgA}`)).status, 404);
  assert.equal((await mgr2.get(`/api/risk/due?org_id=${orgA}`)).status, 404);
  const b2 = await mgr2.get('/api/risk/board');
  assert.ok(b2.json.items.every((i) => i.org_id === orgB));
  const d2 = await mgr2.get('/api/risk/distribution');
  assert.ok(d2.json.items.every((i) => i.org_id === orgB));
  // and manager (A) cannot see B's point
  assert.equal((await mgr.get(`/api/risk_point/${own.id}`)).status, 404);
  // band table: admin only
  assert.equal((await mgr.get('/api/risk_band')).status, 403);
  assert.equal((await mgr.post('/api/risk_band', { method: 'lec', min: 0, level: 'low' })).status, 403);
  assert.equal((await mgr.get('/api/risk/bands')).status, 200);
});

// ---- configuration -----------------------------------------------------------

test('band edit: putting 70 in the higher band re-grades existing points and risk_summary', async () => {
  const p = await create(mgr, lec(1, 10, 7, { control_level: 'team' }));	// 70
  assert.equal(p.level, 'low');
  const t0 = await totals(mgr, orgA);
  const bands = await admin.get('/api/risk_band?method=lec&size=200');
  assert.equal(bands.status, 200, bands.body);
  const row = bands.json.items.find((b) => b.min === 70);
  assert.equal(row.min_inclusive, false);
  const u = await admin.put(`/api/risk_band/${row.id}`, { min_inclusive: true });
  assert.equal(u.status, 200, u.body);
  const cfg = await mgr.get('/api/risk/bands');
  assert.ok(cfg.json.lec.bands.some((b) => b.min === 70 && b.min_inclusive === true));
  const g = await mgr.get(`/api/risk_point/${p.id}`);
  assert.equal(g.json.level, 'medium');
  assert.equal(g.json.colour, 'yellow');
  const t1 = await totals(mgr, orgA);
  assert.ok(t1.yellow > t0.yellow && t1.blue < t0.blue, JSON.stringify({ t0, t1 }));
  assert.equal(t1.total, t0.total);
  const n = await create(mgr, lec(1, 10, 7, { control_level: 'team' }));
  assert.equal(n.level, 'medium');
  // back to the default; a point whose control level no longer fits is refused on its next save
  assert.equal((await admin.put(`/api/risk_band/${row.id}`, { min_inclusive: false })).status, 200);
  assert.equal((await mgr.get(`/api/risk_point/${p.id}`)).json.level, 'low');
  assert.equal((await mgr.get(`/api/risk_point/${n.id}`)).json.level, 'low');
  assert.deepEqual(await totals(mgr, orgA), { ...t0, blue: t0.blue + 1, total: t0.total + 1 });
});

test('band edit: one regrade audit row per point whose level changed, none for the others; counts match anjian check', async () => {
  const p70 = await create(mgr, lec(1, 10, 7, { control_level: 'team' }));	// 70 低
  const p540 = await create(mgr, lec(6, 6, 15));	// 540 重大
  const t0 = await totals(mgr, orgA);
  const row = (await admin.get('/api/risk_band?method=lec&size=200')).json.items.find((b) => b.min === 70);
  assert.equal((await admin.put(`/api/risk_band/${row.id}`, { min_inclusive: true })).status, 200);
  const a = await audits('risk_point', p70.id, 'regrade');
  assert.equal(a.length, 1, JSON.stringify(a));
  assert.equal(JSON.parse(a[0].before_json).level, 'low');
  assert.equal(JSON.parse(a[0].after_json).level, 'medium');
  assert.equal(JSON.parse(a[0].after_json).colour, 'yellow');
  assert.equal(a[0].username, 'admin', 'audited as the administrator who edited the bands');
  assert.equal((await audits('risk_point', p540.id, 'regrade')).length, 0, 'level unchanged: no audit row');
  const t = await totals(mgr, orgA);
  await check();
  assert.deepEqual(await totals(mgr, orgA), t, 'risk_summary after the regrade is what check rebuilds');
  assert.equal((await admin.put(`/api/risk_band/${row.id}`, { min_inclusive: false })).status, 200);
  assert.equal((await audits('risk_point', p70.id, 'regrade')).length, 2);
  assert.equal((await mgr.get(`/api/risk_point/${p70.id}`)).json.level, 'low');
  assert.deepEqual(await totals(mgr, orgA), t0, 'every point scored 70 is 低 again');
});

// The band row a score falls in (bands highest first, as GET /api/risk/bands lists them).
function bandOf(bands, score) {
  return bands.find((b) => (b.min_inclusive ? score >= b.min : score > b.min));
}
async function bandsVersion(method, version) {
  const r = await mgr.get(`/api/risk/bands?method=${method}${version ? `&version=${version}` : ''}`);
  assert.equal(r.status, 200, r.body);
  return r.json;
}

test('rule versions: a band edit makes a new version; regraded points name it; an old grade resolves to its old bands', async () => {
  const cfg0 = (await mgr.get('/api/risk/bands')).json;
  const v0 = cfg0.lec.version, vls = cfg0.ls.version;
  assert.ok(v0 >= 1 && vls >= 1, JSON.stringify(cfg0));
  const p70 = await create(mgr, lec(1, 10, 7, { control_level: 'team' }));	// 70 低
  const p540 = await create(mgr, lec(6, 6, 15));	// 540 重大
  const q = await create(mgr, ls(4, 5));	// 20 重大
  assert.equal(p70.band_version, v0, 'graded by the LEC table in force');
  assert.equal(p540.band_version, v0);
  assert.equal(q.band_version, vls, 'LS versions are numbered on their own');

  const row = (await admin.get('/api/risk_band?method=lec&size=200')).json.items.find((b) => b.min === 70);
  assert.equal((await admin.put(`/api/risk_band/${row.id}`, { min_inclusive: true })).status, 200);
  const cfg1 = (await mgr.get('/api/risk/bands')).json;
  assert.equal(cfg1.lec.version, v0 + 1, 'the edit made a new LEC version');
  assert.equal(cfg1.ls.version, vls, 'an LEC edit leaves the LS table alone');
  const g70 = (await mgr.get(`/api/risk_point/${p70.id}`)).json;
  assert.equal(g70.level, 'medium');
  assert.equal(g70.band_version, v0 + 1, 'regraded by the new version');
  const g540 = (await mgr.get(`/api/risk_point/${p540.id}`)).json;
  assert.equal(g540.level, 'major');
  assert.equal(g540.band_version, v0, 'graded the same: keeps the version that set its grade');
  assert.equal((await mgr.get(`/api/risk_point/${q.id}`)).json.band_version, vls);
  const au = await audits('risk_point', p70.id, 'regrade');
  assert.equal(JSON.parse(au.at(-1).after_json).band_version, v0 + 1);

  // each version resolves to its own table: the old grade is explained by the old bands
  const old = await bandsVersion('lec', v0);
  assert.equal(old.version, v0);
  assert.equal(old.current, false);
  assert.equal(old.bands.find((b) => b.min === 70).min_inclusive, false);
  assert.equal(bandOf(old.bands, 70).level, 'low', 'p70 was 低 under its old version');
  assert.equal(bandOf(old.bands, g540.score).level, g540.level, 'p540\'s grade is its version\'s');
  const neu = await bandsVersion('lec', v0 + 1);
  assert.equal(neu.current, true);
  assert.equal(neu.bands.find((b) => b.min === 70).min_inclusive, true);
  assert.equal(bandOf(neu.bands, g70.score).level, g70.level);
  assert.deepEqual(neu.versions.slice(0, 2).map((v) => v.version), [v0 + 1, v0]);
  assert.equal(neu.versions[0].created_by, admin.me.user.id);
  assert.equal(neu.versions[0].created_by_name, admin.me.user.name);
  assert.equal((await bandsVersion('lec')).version, v0 + 1, 'without a version: the one in force');
  assert.equal((await bandsVersion('ls', vls)).bands[0].level, 'major');
  // bad requests
  assert.equal((await mgr.get('/api/risk/bands?method=lec&version=99999')).status, 404);
  let r = await mgr.get('/api/risk/bands?method=lec&version=abc');
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'version');
  r = await mgr.get('/api/risk/bands?method=xyz');
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'method');
  r = await mgr.get(`/api/risk/bands?version=${v0}`);
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'method');

  // a band row added or deleted makes a version too; a danger-class-only change is
  // written with the new version but not audited as a regrade
  const top = await create(mgr, lec(10, 10, 100));	// 10000 重大
  const add = await admin.post('/api/risk_band', { method: 'lec', min: 5000, min_inclusive: true, level: 'major', danger_class: '测试特别危险档' });
  assert.equal(add.status, 201, add.body);
  assert.equal((await mgr.get('/api/risk/bands')).json.lec.version, v0 + 2);
  let gt = (await mgr.get(`/api/risk_point/${top.id}`)).json;
  assert.equal(gt.danger_class, '测试特别危险档');
  assert.equal(gt.band_version, v0 + 2);
  assert.equal((await audits('risk_point', top.id, 'regrade')).length, 0, 'level unchanged');
  assert.equal((await admin.del(`/api/risk_band/${add.json.id}`)).status, 200);
  gt = (await mgr.get(`/api/risk_point/${top.id}`)).json;
  assert.equal(gt.band_version, v0 + 3);
  assert.equal(gt.danger_class, '极其危险，不能继续作业');
  assert.ok((await bandsVersion('lec', v0 + 2)).bands.some((b) => b.danger_class === '测试特别危险档'), 'the deleted row stays in its version');

  // back to the default boundary: a fourth version; the points a version graded are listed by it
  assert.equal((await admin.put(`/api/risk_band/${row.id}`, { min_inclusive: false })).status, 200);
  const g = (await mgr.get(`/api/risk_point/${p70.id}`)).json;
  assert.equal(g.level, 'low');
  assert.equal(g.band_version, v0 + 4);
  const l = await mgr.get(`/api/risk_point?method=lec&band_version=${v0 + 4}&size=200`);
  assert.ok(l.json.items.some((i) => i.id === p70.id));
  assert.ok(!l.json.items.some((i) => i.id === p540.id));
  const t = await totals(mgr, orgA);
  await check();
  assert.deepEqual(await totals(mgr, orgA), t, 'risk_summary after four regrades is what check rebuilds');
});

test('upgrade: a database from before rule versions gets version 1 of each table and its graded points name it', { skip: BACKEND !== 'sqlite' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'anjian-risk-'));
  const db = join(dir, 'anjian.db');
  const q = (stmt) => execFileSync('sqlite3', [db, stmt], { encoding: 'utf8' }).trim();
  try {
    await run(['demo', '--data', dir]);
    const graded = q('SELECT COUNT(*) FROM risk_point WHERE score IS NOT NULL');
    assert.ok(Number(graded) > 0);
    assert.equal(q('SELECT COUNT(*) FROM risk_point WHERE band_version = 1'), graded);
    // what the database looked like before migration 0006
    q('DROP TABLE risk_band_version; DROP TABLE risk_band_history; DROP INDEX risk_point_band_version_ix;' +
      ' ALTER TABLE risk_point DROP COLUMN band_version;' +
      ' DELETE FROM schema_version WHERE version = 6;');
    await run(['init', '--data', dir]);
    assert.equal(q('SELECT COUNT(*) FROM risk_point WHERE band_version = 1'), graded);
    assert.equal(q("SELECT group_concat(method || ':' || version, ',') FROM (SELECT * FROM risk_band_version ORDER BY method)"), 'lec:1,ls:1');
    assert.equal(q("SELECT COUNT(*) FROM risk_band_history WHERE version = 1"), q('SELECT COUNT(*) FROM risk_band'));
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

// Regression (found in review): a unit that risk points still name could be deleted,
// leaving them pointing at nothing. The entity core now refuses to delete any row a
// declared ref field still references.
test('a unit referenced by a risk point cannot be deleted until the point is gone', async () => {
  const u = await unit(mgr, '待撤销测试班组', 'team', workshop);
  const p = await create(mgr, lec(1, 1, 1, { unit_id: u, control_level: 'post' }));
  let r = await mgr.del(`/api/org/${u}`);
  assert.equal(r.status, 409, r.body);
  assert.equal(r.json.error.code, 'conflict');
  assert.match(r.json.error.message, /风险点/);
  assert.equal((await mgr.get(`/api/org/${u}`)).status, 200, 'unit still there');
  assert.equal((await mgr.del(`/api/risk_point/${p.id}`)).status, 200);
  r = await mgr.del(`/api/org/${u}`);
  assert.equal(r.status, 200, r.body);
});
