// Dashboard (issue 3, "The regulator's cockpit"): GET /api/dashboard/cockpit for the
// regulator and admin, GET /api/dashboard/home for enterprise users. The cockpit
// counts follow hazards registered, closed and put under 挂牌督办 and risk points
// turning red; overdue is computed on a fixed clock; each caller sees only its scope.
// Runs on both backends (ANJIAN_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, loginAs, Client } from './lib.mjs';

const NOW = '2026-11-22 10:00:00';
let srv, admin, reg, mgr, mgr2, staff, orgA, orgB;

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: NOW } });
  [admin, reg, mgr, mgr2, staff] = await Promise.all(
    ['admin', 'regulator', 'manager', 'manager2', 'staff'].map((u) => loginAs(srv.base, u)));
  orgA = mgr.me.org.id;
  orgB = mgr2.me.org.id;
});
after(async () => { await srv?.stop(); });

// ---- helpers -------------------------------------------------------------

// GB 32100-2015 check character.
const CH = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function uscc(s17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CH.indexOf(s17[i]) * W[i];
  return s17 + CH[(31 - (sum % 31)) % 31];
}
let useq = Math.floor(Math.random() * 50000);

async function cockpit(c = reg) {
  const r = await c.get('/api/dashboard/cockpit');
  assert.equal(r.status, 200, r.body);
  return r.json;
}
async function home(c, q = '') {
  const r = await c.get(`/api/dashboard/home${q}`);
  assert.equal(r.status, 200, r.body);
  return r.json;
}
const mapOf = (ck, org) => ck.map.find((m) => m.org_id === org);

let seq = 0;
async function register(c, extra = {}) {
  seq += 1;
  const r = await c.post('/api/hazard', {
    title: `驾驶舱测试隐患${seq}`, location: '一号车间', found_at: '2026-11-10', level: 'general',
    category: 'thing', source: 'self_check', ...extra,
  });
  assert.equal(r.status, 201, r.body);
  return r.json;
}
const act = (c, id, verb, body = {}) => c.post(`/api/hazard/${id}/${verb}`, body);
const plan = (responsible, deadline = '2026-12-10') => ({
  plan_responsible_id: responsible, plan_measures: '更换损坏部件并复查', plan_funds: 5000,
  plan_deadline: deadline, plan_contingency: '整改期间设置警戒区并专人监护',
});

// An enterprise created by c (a regulator's is supervised by it; an admin's by no one).
async function enterprise(c, name) {
  useq += 1;
  const r = await c.post('/api/enterprise', {
    name, uscc: uscc(`91310118MA1D${String(useq % 100000).padStart(5, '0')}`),
    address: '上海市青浦区测试路1号', principal_name: '测试', lat: 31.12, lng: 121.1,
    ...(c.me.role === 'regulator' ? { supervision_kind: 'industry' } : {}),
  });
  assert.equal(r.status, 201, r.body);
  return r.json;
}

// ---- roles and scope -----------------------------------------------------

test('cockpit: regulator and admin only; manager and staff get 403', async () => {
  for (const c of [mgr, mgr2, staff]) {
    const r = await c.get('/api/dashboard/cockpit');
    assert.equal(r.status, 403, r.body);
    assert.equal(r.json.error.code, 'forbidden');
  }
  const ck = await cockpit();
  assert.equal(ck.today, '2026-11-22');
  assert.ok(ck.enterprises >= 2);
  const c = ck.by_colour;
  assert.equal(c.red + c.orange + c.yellow + c.blue + c.none, ck.enterprises);
  assert.equal(ck.map.length, ck.enterprises);
  assert.ok(ck.ranking.length <= 20 && ck.ranking.length >= 1);
  assert.ok(ck.ranking.every((x, i) => i === 0 || ck.ranking[i - 1].score >= x.score), 'worst first');
  assert.ok(mapOf(ck, orgA) && mapOf(ck, orgB));
  assert.equal(ck.hazards.open_total, ck.hazards.open_general + ck.hazards.open_major);
});

test('regulator sees only the enterprises it supervises; admin sees all', async () => {
  const before = await cockpit(reg);
  const beforeAdmin = await cockpit(admin);
  const e = await enterprise(admin, `无人监管测试企业${useq}`);
  const after = await cockpit(reg);
  const afterAdmin = await cockpit(admin);
  assert.equal(after.enterprises, before.enterprises);
  assert.equal(mapOf(after, e.org_id), undefined);
  assert.equal(afterAdmin.enterprises, beforeAdmin.enterprises + 1);
  const m = mapOf(afterAdmin, e.org_id);
  assert.equal(m.colour, 'none');
  assert.equal(m.lat, 31.12);
  // a regulator's own new enterprise is supervised by it and appears at once
  const e2 = await enterprise(reg, `监管新增测试企业${useq}`);
  assert.equal((await cockpit(reg)).enterprises, before.enterprises + 1);
  assert.ok(mapOf(await cockpit(reg), e2.org_id));
});

test('home: enterprise roles (admin with ?org_id=); regulator 403; other enterprises 404', async () => {
  assert.equal((await reg.get('/api/dashboard/home')).status, 403);
  let r = await admin.get('/api/dashboard/home');
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'org_id');
  r = await admin.get('/api/dashboard/home?org_id=abc');
  assert.equal(r.status, 400);
  assert.equal((await admin.get('/api/dashboard/home?org_id=99999999')).status, 404);
  assert.equal((await mgr.get(`/api/dashboard/home?org_id=${orgB}`)).status, 404);
  assert.equal((await mgr2.get(`/api/dashboard/home?org_id=${orgA}`)).status, 404);
  const h = await home(admin, `?org_id=${orgA}`);
  assert.equal(h.org.id, orgA);
  for (const k of ['to_assign', 'to_rectify', 'to_verify', 'overdue', 'reviews_due']) {
    assert.equal(typeof h[k].count, 'number', k);
    assert.ok(Array.isArray(h[k].items) && h[k].items.length <= 10, k);
  }
  assert.equal(typeof h.hazard_stats.total, 'number');
  assert.equal(typeof h.risk_summary.red, 'number');
});

// ---- counts follow the data ----------------------------------------------

test('cockpit and home follow a hazard registered, assigned, rectified and closed', async () => {
  const c0 = await cockpit();
  const h0 = await home(mgr);
  const h = await register(mgr);
  const c1 = await cockpit();
  assert.equal(c1.hazards.open_general, c0.hazards.open_general + 1);
  assert.equal(c1.hazards.open_total, c0.hazards.open_total + 1);
  assert.equal(mapOf(c1, orgA).open_total, mapOf(c0, orgA).open_total + 1);
  const h1 = await home(mgr);
  assert.equal(h1.to_assign.count, h0.to_assign.count + 1);
  assert.equal(h1.hazard_stats.open_general, h0.hazard_stats.open_general + 1);
  // manager2 (enterprise B) never sees A's to-dos
  const hb = await home(mgr2);
  for (const k of ['to_assign', 'to_rectify', 'to_verify', 'overdue']) {
    assert.ok(!hb[k].items.some((x) => x.id === h.id), k);
  }
  assert.ok(hb.to_assign.items.every((x) => x.org_id !== orgA));

  // assigned to the staff member: on the staff's list, not on manager2's
  assert.equal((await act(mgr, h.id, 'assign', plan(staff.me.user.id))).status, 200);
  const hs = await home(staff);
  assert.ok(hs.to_rectify.items.some((x) => x.id === h.id));
  assert.ok(hs.to_rectify.items.every((x) => x.status === 'rectifying'));
  // rectified by the staff member: the manager verifies it, the rectifier does not see it to verify
  const s = await act(staff, h.id, 'submit', { rectify_note: '已整改' });
  assert.equal(s.status, 200, s.body);
  assert.ok(!(await home(staff)).to_verify.items.some((x) => x.id === h.id));
  const hm = await home(mgr);
  assert.ok(hm.to_verify.count >= 1);
  const v = await act(mgr, h.id, 'verify', { note: '验收合格' });
  assert.equal(v.status, 200, v.body);
  const c2 = await cockpit();
  assert.equal(c2.hazards.open_general, c0.hazards.open_general);
  assert.equal(c2.hazards.closed, c0.hazards.closed + 1);
  assert.equal(mapOf(c2, orgA).open_total, mapOf(c0, orgA).open_total);
  assert.ok(c2.hazards.rectification_rate > 0 && c2.hazards.rectification_rate <= 1);
});

test('overdue on the fixed clock: deadline yesterday counts, today does not', async () => {
  const c0 = await cockpit();
  const h0 = await home(mgr);
  // issued two days ago with yesterday's deadline, on a server sharing the database
  // whose clock is earlier (a past deadline is refused when issued, issue 12)
  const past = await startServer({ demo: false, dbUrl: srv.dbUrl, dataDir: mkdtempSync(join(tmpdir(), 'anjian-past-')),
    env: { ANJIAN_NOW: '2026-11-20 09:00:00', ANJIAN_SCHED: 'off' } });
  let late;
  try {
    // the manager's session of the main server (sessions live in the database; a
    // fresh login would meet the login throttle of the other clock)
    const m = Object.assign(new Client(past.base), { cookie: mgr.cookie, csrf: mgr.csrf, me: mgr.me });
    late = await register(m, { found_at: '2026-11-01' });
    assert.equal((await act(m, late.id, 'assign', plan(staff.me.user.id, '2026-11-21'))).status, 200);
  } finally {
    await past.stop();
    rmSync(past.dataDir, { recursive: true, force: true });
  }
  const due = await register(mgr, { found_at: '2026-11-01' });
  assert.equal((await act(mgr, due.id, 'assign', plan(staff.me.user.id, '2026-11-22'))).status, 200);
  const c1 = await cockpit();
  assert.equal(c1.hazards.overdue, c0.hazards.overdue + 1);
  const rowA = (ck) => ck.ranking.find((x) => x.org_id === orgA);
  if (rowA(c0) && rowA(c1)) assert.equal(rowA(c1).overdue, rowA(c0).overdue + 1);
  const h1 = await home(mgr);
  assert.equal(h1.overdue.count, h0.overdue.count + 1);
  assert.ok(h1.overdue.items.some((x) => x.id === late.id));
  assert.ok(!h1.overdue.items.some((x) => x.id === due.id));
});

test('a major hazard under 挂牌督办 appears in the supervised list; closed, it leaves', async () => {
  const h = await register(mgr, { level: 'major', major_criterion: '《工贸企业重大事故隐患判定标准》第四条第一项' });
  let r = await act(reg, h.id, 'supervise', { deadline: '2026-12-31' });
  assert.equal(r.status, 200, r.body);
  const c1 = await cockpit();
  const row = c1.supervised.find((x) => x.id === h.id);
  assert.ok(row, 'listed');
  assert.equal(row.org_id, orgA);
  assert.equal(row.overdue, false);
  assert.ok(c1.hazards.supervised_open >= 1);
  assert.ok(c1.hazards.open_major >= 1);
  // out of the regulator's scope? manager2's enterprise sees nothing of it
  assert.ok(!(await home(mgr2)).to_assign.items.some((x) => x.id === h.id));
});

test('a risk point turning red colours its enterprise red in the cockpit', async () => {
  const e = await enterprise(reg, `风险测试企业${useq}`);
  const c0 = await cockpit();
  assert.equal(mapOf(c0, e.org_id).colour, 'none');
  const u = await admin.post('/api/org', { name: '熔炼车间', kind: 'unit', unit_level: 'workshop', parent_id: e.org_id });
  assert.equal(u.status, 201, u.body);
  // admin records a 重大 (red) risk point for it: LEC 10 × 6 × 7 = 420 > 320
  let r = await admin.post('/api/risk_point', {
    name: '熔炼炉', kind: 'equipment', unit_id: u.json.id, org_id: e.org_id, location: '熔炼车间',
    method: 'lec', lec_l: 10, lec_e: 6, lec_c: 7, control_level: 'company',
  });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.colour, 'red');
  const c1 = await cockpit();
  assert.equal(mapOf(c1, e.org_id).colour, 'red');
  assert.equal(c1.by_colour.red, c0.by_colour.red + 1);
  assert.equal(c1.by_colour.none, c0.by_colour.none - 1);
  const ranked = c1.ranking.find((x) => x.org_id === e.org_id);
  if (ranked) assert.equal(ranked.colour, 'red');
  // a blue one afterwards does not lower the highest colour
  r = await admin.post('/api/risk_point', {
    name: '办公区', kind: 'area', unit_id: u.json.id, org_id: e.org_id, method: 'ls', ls_l: 1, ls_s: 1,
    control_level: 'company',
  });
  assert.equal(r.status, 201, r.body);
  assert.equal(mapOf(await cockpit(), e.org_id).colour, 'red');
});

test('the cockpit and the home read the obligations calendar: on-time figures per module, duties due on the home', async () => {
  const ck = await reg.get('/api/dashboard/cockpit');
  assert.equal(ck.status, 200, ck.body);
  const ob = ck.json.modules && ck.json.modules.obligation;
  assert.ok(ob, 'the obligation module contributes to the cockpit');
  const sum = await reg.get('/api/obligation/summary');
  assert.equal(sum.status, 200, sum.body);
  assert.deepEqual(ob.counts, sum.json.counts, 'cockpit and summary count the same rows');
  const c = ob.counts;
  const due = c.done + c.done_late + c.overdue;
  assert.ok(due > 0, 'the demo district has duties that fell due');
  assert.ok(Math.abs(ob.on_time_rate - c.done / due) < 1e-9);
  // the enterprise home lists its own due-soon and overdue duties, no other enterprise's
  const home = await mgr.get('/api/dashboard/home');
  assert.equal(home.status, 200, home.body);
  const dd = home.json.duties_due;
  assert.ok(dd && typeof dd.count === 'number');
  // (counted by the list's totals: with every module's duties an enterprise has more
  // rows than one page holds)
  const total = async (st) => (await mgr.get(`/api/obligation?party=enterprise&status=${st}&size=1`)).json.total;
  assert.equal(dd.count, (await total('due_soon')) + (await total('overdue')));
  for (const it of dd.items) {
    const one = await mgr.get(`/api/obligation/${it.id}`);
    assert.equal(one.status, 200, 'the home lists only rows the manager may read');
    assert.ok(['due_soon', 'overdue'].includes(one.json.status));
  }
  const other = await mgr2.get('/api/dashboard/home');
  for (const it of other.json.duties_due.items) assert.ok(!dd.items.some((x) => x.id === it.id));
});

test('home notices: a contractor whose qualification expired yesterday counts, one expiring today does not; other enterprises do not see it', async () => {
  const notice = (h, key) => {
    const n = h.notices.find((x) => x.key === key);
    assert.ok(n, `notice ${key} in ${JSON.stringify(h.notices)}`);
    return n;
  };
  const before = notice(await home(mgr), 'contractor_expired');
  assert.equal(before.label, '相关方资质已过期');
  assert.equal(before.to, '/my-enterprise?tab=contractor');
  const beforeB = notice(await home(mgr2), 'contractor_expired').count;
  const mk = async (name, expiry) => {
    const r = await mgr.post('/api/contractor', { name, kind: 'contractor', qualification_expiry: expiry });
    assert.equal(r.status, 201, r.body);
  };
  await mk('提醒测试过期承包商', '2026-11-21');
  await mk('提醒测试今日到期承包商', '2026-11-22');
  const after = notice(await home(mgr), 'contractor_expired');
  assert.equal(after.count, before.count + 1);
  assert.equal(after.level, 'danger');
  assert.equal(notice(await home(mgr2), 'contractor_expired').count, beforeB);
});
