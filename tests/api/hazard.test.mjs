// Hazard module (隐患排查治理, src/mod/hazard.c) against the demo district on a fixed
// clock (ANJIAN_NOW 2026-11-22): the closed loop by the right roles, refusals that
// change nothing, 五落实, verifier ≠ rectifier, 挂牌督办 and 双报告 of major hazards,
// deadline extensions, overdue, statistics from the aggregates, and the scope matrix
// of every hazard entity and action. Runs on both backends (ANJIAN_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, loginAs, Client } from './lib.mjs';
import { xlsxText } from './xlsx.mjs';

const NOW = '2026-11-22 10:00:00';
const TODAY = '2026-11-22';
let srv, admin, reg, mgr, pri, staff, mgr2, pri2, staff2;

// A 1×1 PNG.
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d4944415478da63f8cfc0f01f0005000201a0e5a1d60000000049454e44ae426082', 'hex');

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: NOW } });
  [admin, reg, mgr, pri, staff, mgr2, pri2] = await Promise.all(
    ['admin', 'regulator', 'manager', 'principal', 'staff', 'manager2', 'principal2'].map((u) => loginAs(srv.base, u)));
  // a second staff member of enterprise A: the responsible person of the plans
  const r = await mgr.post('/api/user', { username: 'hz.staff2', name: '整改责任人', role: 'staff', password: 'Staff-pass1' });
  assert.equal(r.status, 201, r.body);
  staff2 = new Client(srv.base);
  assert.equal((await staff2.login('hz.staff2', 'Staff-pass1')).status, 200);
});
after(async () => { await srv?.stop(); });

// ---- helpers -------------------------------------------------------------

async function photo(c) {
  const fd = new FormData();
  fd.append('file', new Blob([PNG]), '现场照片.png');
  const r = await c.req('POST', '/api/files', fd);
  assert.equal(r.status, 201, r.body);
  return r.json.id;
}

let seq = 0;
async function register(c, extra = {}) {
  seq += 1;
  const r = await c.post('/api/hazard', {
    title: `测试隐患${seq}`, location: '一号车间', found_at: '2026-11-10', level: 'general',
    category: 'thing', source: 'self_check', ...extra,
  });
  assert.equal(r.status, 201, r.body);
  return r.json;
}

function plan(responsible, deadline = '2026-12-10', extra = {}) {
  return {
    plan_responsible_id: responsible, plan_measures: '更换损坏部件并复查', plan_funds: 5000,
    plan_deadline: deadline, plan_contingency: '整改期间设置警戒区并专人监护', ...extra,
  };
}

// The 治理方案 of a major hazard adds 目标任务, 机构人员, 安全措施 (令第16号 第十五条).
function majorPlan(responsible, deadline = '2026-12-10') {
  return plan(responsible, deadline, {
    plan_goal: '消除隐患并经评估合格', plan_team: '安全管理部牵头，设备部实施', plan_safety: '停用相关设备并设置警戒',
  });
}

// A complete 双报告 of major hazard id (dates plus the content of 令第16号 第十四条).
async function dualReport(c, id) {
  const r = await c.post('/api/hazard_dual_report', {
    hazard_id: id, to_department_date: '2026-11-21', to_department_name: '区应急局', to_congress_date: '2026-11-22',
    content_status: '现场检查发现，维护不到位', content_harm: '可能导致较大事故，整改难度中等', content_plan: '按治理方案整改',
  });
  assert.equal(r.status, 201, r.body);
  return r.json;
}

const act = (c, id, verb, body = {}) => c.post(`/api/hazard/${id}/${verb}`, body);

async function events(c, id) {
  const r = await c.get(`/api/hazard_event?hazard_id=${id}&size=200`);
  assert.equal(r.status, 200, r.body);
  return r.json.items;
}

async function get(c, id) {
  const r = await c.get(`/api/hazard/${id}`);
  assert.equal(r.status, 200, r.body);
  return r.json;
}

async function stats(c, qs = '') {
  const r = await c.get(`/api/hazard/stats${qs}`);
  assert.equal(r.status, 200, r.body);
  return r.json;
}

// The closed loop up to pending, by manager (assign) and staff2 (submit).
async function toPending(h, deadline) {
  assert.equal((await act(mgr, h.id, 'assign', plan(staff2.me.user.id, deadline))).status, 200);
  const r = await act(staff2, h.id, 'submit', { rectify_note: '已整改' });
  assert.equal(r.status, 200, r.body);
  return r.json;
}

// ---- the closed loop -----------------------------------------------------

test('full loop: staff reports with a photo → manager assigns (五落实) → responsible submits → principal verifies', async () => {
  const pid = await photo(staff);
  const rep = await staff.post('/api/hazard/report', { description: '二号车间配电箱门损坏无法关闭', location: '二号车间东侧', category: 'thing', photos: [pid] });
  assert.equal(rep.status, 201, rep.body);
  const h = rep.json;
  assert.equal(h.status, 'registered');
  assert.equal(h.source, 'employee_report');
  assert.equal(h.level, 'general');
  assert.equal(h.category, 'thing');
  assert.equal(h.found_at, TODAY);
  assert.equal(h.found_by, staff.me.user.id);
  assert.equal(h.title, '二号车间配电箱门损坏无法关闭');
  assert.deepEqual(h.photos_before, [pid]);
  assert.equal(h.org_id, staff.me.org.id);

  let r = await act(mgr, h.id, 'assign', plan(staff2.me.user.id, '2026-12-10'));
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'rectifying');
  assert.equal(r.json.deadline, '2026-12-10');
  assert.equal(r.json.plan_funds, 5000);
  assert.equal(r.json.plan_responsible_id, staff2.me.user.id);

  const after = await photo(staff2);
  r = await act(staff2, h.id, 'submit', { rectify_note: '已更换箱门并加锁', photos_after: [after] });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'pending');
  assert.equal(r.json.rectifier_id, staff2.me.user.id);
  assert.deepEqual(r.json.photos_after, [after]);
  assert.match(r.json.rectified_at, /^2026-11-22 10:00:00$/);

  r = await act(pri, h.id, 'verify', { note: '现场验收合格' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'closed');
  assert.equal(r.json.verifier_id, pri.me.user.id);
  assert.equal(r.json.closed_at, TODAY);

  const got = await get(mgr, h.id);
  assert.equal(got.status, 'closed');
  assert.equal(got.overdue, false);
  const ev = await events(mgr, h.id);
  assert.deepEqual(ev.map((e) => e.action), ['register', 'assign', 'submit', 'verify']);
  assert.deepEqual(ev.map((e) => e.to_status), ['registered', 'rectifying', 'pending', 'closed']);
  assert.deepEqual(ev.slice(1).map((e) => e.from_status), ['registered', 'rectifying', 'pending']);
  assert.equal(ev[2].user_id, staff2.me.user.id);
  const audit = await admin.get(`/api/audit?entity=hazard&entity_id=${h.id}&size=50`);
  const actions = audit.json.items.map((a) => a.action);
  for (const v of ['create', 'assign', 'submit', 'verify']) assert.ok(actions.includes(v), `audit ${v}: ${actions}`);

  // a closed hazard cannot be submitted again: 409 naming the state
  r = await act(mgr, h.id, 'submit', { rectify_note: 'x' });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'bad_state');
  assert.equal(r.json.error.message, '隐患当前状态为已销号，不能提交验收');
});

test('wrong role and wrong order are refused with a clear error and change nothing', async () => {
  const h = await register(mgr);
  let r = await act(staff, h.id, 'verify');
  assert.equal(r.status, 403, r.body);
  assert.equal(r.json.error.code, 'forbidden');
  r = await act(staff, h.id, 'assign', plan(staff2.me.user.id));
  assert.equal(r.status, 403, r.body);
  r = await act(pri, h.id, 'verify');
  assert.equal(r.status, 409, r.body);
  assert.equal(r.json.error.code, 'bad_state');
  assert.match(r.json.error.message, /已登记/);
  r = await act(mgr, h.id, 'submit', { rectify_note: '提前提交' });
  assert.equal(r.status, 409);
  r = await act(reg, h.id, 'reject', { reason: 'x' });
  assert.equal(r.status, 409);
  const got = await get(mgr, h.id);
  assert.equal(got.status, 'registered');
  assert.equal(got.verifier_id, null);
  assert.equal((await events(mgr, h.id)).length, 1);
  // an unknown key in an action body is refused too
  r = await act(mgr, h.id, 'assign', { ...plan(staff2.me.user.id), status: 'closed' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'status');
  assert.equal((await get(mgr, h.id)).status, 'registered');
});

test('assign needs the whole 五落实 plan: a missing field is named; deadline not before found_at; responsible of this enterprise', async () => {
  const h = await register(mgr, { found_at: '2026-11-15' });
  for (const k of ['plan_responsible_id', 'plan_measures', 'plan_funds', 'plan_deadline', 'plan_contingency']) {
    const body = plan(staff2.me.user.id);
    delete body[k];
    const r = await act(mgr, h.id, 'assign', body);
    assert.equal(r.status, 400, `${k}: ${r.body}`);
    assert.equal(r.json.error.code, 'validation');
    assert.equal(r.json.error.field, k);
    assert.match(r.json.error.message, /不能为空/);
  }
  let r = await act(mgr, h.id, 'assign', plan(staff2.me.user.id, '2026-11-14'));
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'plan_deadline');
  assert.equal(r.json.error.message, '整改期限不能早于发现日期');
  r = await act(mgr, h.id, 'assign', plan(staff2.me.user.id, '2026-12-01', { plan_funds: -1 }));
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'plan_funds');
  r = await act(mgr, h.id, 'assign', plan(mgr2.me.user.id));
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'plan_responsible_id');
  const got = await get(mgr, h.id);
  assert.equal(got.status, 'registered');
  assert.equal(got.deadline, null);
  assert.equal(got.plan_measures, null);
  assert.equal((await events(mgr, h.id)).length, 1);
});

test('the rectifier cannot verify; reject needs a reason and returns to rectifying', async () => {
  const h = await register(mgr);
  assert.equal((await act(mgr, h.id, 'assign', plan(mgr.me.user.id))).status, 200);
  assert.equal((await act(mgr, h.id, 'submit', { rectify_note: '自行整改' })).status, 200);
  let r = await act(mgr, h.id, 'verify');
  assert.ok([403, 409].includes(r.status), r.body);
  assert.equal(r.json.error.message, '验收人不能是整改人');
  assert.equal((await get(mgr, h.id)).status, 'pending');
  r = await act(pri, h.id, 'reject', {});
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reason');
  r = await act(pri, h.id, 'reject', { reason: '护栏高度不足，请重新整改' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'rectifying');
  assert.equal(r.json.reject_reason, '护栏高度不足，请重新整改');
  const ev = await events(mgr, h.id);
  assert.equal(ev.at(-1).action, 'reject');
  assert.equal(ev.at(-1).reason, '护栏高度不足，请重新整改');
  assert.equal(ev.at(-1).to_status, 'rectifying');
});

test('dismiss (不予受理) needs a reason and takes the report out of the totals', async () => {
  const s0 = await stats(mgr);
  const pid = await photo(staff);
  const h = (await staff.post('/api/hazard/report', { description: '食堂地面有水', location: '食堂', category: 'environment', photos: [pid] })).json;
  assert.equal((await stats(mgr)).total, s0.total + 1);
  let r = await act(mgr, h.id, 'dismiss', {});
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reason');
  r = await act(mgr, h.id, 'dismiss', { reason: '保洁作业临时积水，已清理，不属于隐患' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'dismissed');
  const s1 = await stats(mgr);
  assert.equal(s1.total, s0.total);
  assert.equal(s1.registered, s0.registered);
  assert.equal(s1.open_general, s0.open_general);
});

test('employee quick report: description, location, category and a photo are required; enterprise roles only', async () => {
  let r = await staff.post('/api/hazard/report', { description: '灭火器过期', location: '仓库', category: 'thing' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'photos');
  r = await staff.post('/api/hazard/report', { description: '', location: '仓库', category: 'thing', photos: [await photo(staff)] });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'description');
  // 随手拍 chooses its category (人/物/环境/管理) instead of always 物
  r = await staff.post('/api/hazard/report', { description: '灭火器过期', location: '仓库', photos: [await photo(staff)] });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'category');
  r = await staff.post('/api/hazard/report', { description: '灭火器过期', location: '仓库', category: 'dirt', photos: [await photo(staff)] });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'category');
  r = await staff.post('/api/hazard/report', { description: '叉车司机未系安全带', location: '仓库', category: 'person', photos: [await photo(staff)] });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.category, 'person');
  r = await staff.post('/api/hazard/report', { description: '灭火器过期', location: '仓库', category: 'thing', photos: [999999] });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'photos');
  r = await reg.post('/api/hazard/report', { description: '灭火器过期', location: '仓库', photos: [1] });
  assert.equal(r.status, 403);
});

test('register: a major hazard names its 判定标准 item; found_at not in the future; regulator registers 监管检查', async () => {
  let r = await mgr.post('/api/hazard', { title: '重大隐患', found_at: '2026-11-20', level: 'major' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'major_criterion_id');
  r = await mgr.post('/api/hazard', { title: '未来隐患', found_at: '2026-11-23' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'found_at');
  r = await reg.post('/api/hazard', { title: '监管检查发现', found_at: '2026-11-20', org_id: mgr.me.org.id });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.source, 'regulator_check');
  assert.equal(r.json.org_id, mgr.me.org.id);
  r = await reg.post('/api/hazard', { title: '监管检查发现', found_at: '2026-11-20', org_id: mgr.me.org.id, source: 'self_check' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'source');
});

test('generic PUT edits only a registered hazard, never the plan; hazards cannot be deleted', async () => {
  const h = await register(mgr);
  let r = await mgr.put(`/api/hazard/${h.id}`, { title: '改过的名称', status: 'closed' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.title, '改过的名称');
  assert.equal(r.json.status, 'registered');
  r = await mgr.put(`/api/hazard/${h.id}`, { plan_measures: '偷偷写方案' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'plan_measures');
  assert.equal((await act(mgr, h.id, 'assign', plan(staff2.me.user.id))).status, 200);
  r = await mgr.put(`/api/hazard/${h.id}`, { title: '整改中再改' });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'bad_state');
  r = await mgr.del(`/api/hazard/${h.id}`);
  assert.equal(r.status, 405);
  assert.equal((await get(mgr, h.id)).title, '改过的名称');
});

// ---- major hazards -------------------------------------------------------

test('挂牌督办 by the regulator only, only for major hazards; 双报告 only for major ones', async () => {
  const s0 = await stats(reg);
  const g = await register(mgr);
  const m = await register(mgr, { level: 'major', major_criterion: '工贸企业重大事故隐患判定标准 第十一条第（三）项' });
  let r = await act(mgr, m.id, 'supervise', { deadline: '2026-12-31' });
  assert.equal(r.status, 403);
  r = await act(reg, g.id, 'supervise', { deadline: '2026-12-31' });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'not_major');
  r = await act(reg, m.id, 'supervise', {});
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'deadline');
  r = await act(reg, m.id, 'supervise', { deadline: '2026-12-31', note: '限期整改，每周报送进展' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.supervised, true);
  assert.equal(r.json.supervise_org_id, reg.me.org.id);
  assert.equal(r.json.supervise_at, TODAY);
  assert.equal(r.json.supervise_deadline, '2026-12-31');
  assert.equal(r.json.status, 'registered');
  const s1 = await stats(reg);
  assert.equal(s1.supervised_open, s0.supervised_open + 1);
  assert.equal(s1.major_open, s0.major_open + 1);

  // 双报告
  r = await mgr.post('/api/hazard_dual_report', { hazard_id: g.id, to_department_date: '2026-11-21', to_department_name: '区应急局' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'hazard_id');
  r = await mgr.post('/api/hazard_dual_report', { hazard_id: m.id, to_department_date: '2026-11-21', to_department_name: '区应急局' });
  assert.equal(r.status, 201, r.body);
  const dual = r.json;
  assert.equal((await get(mgr, m.id)).dual_reported, false);
  r = await mgr.put(`/api/hazard_dual_report/${dual.id}`, { to_congress_date: '2026-11-22' });
  assert.equal(r.status, 200, r.body);
  // both dates are not enough: the report states 现状及原因, 危害程度, 治理方案 (令第16号 第十四条)
  assert.equal((await get(mgr, m.id)).dual_reported, false);
  r = await mgr.put(`/api/hazard_dual_report/${dual.id}`, {
    content_status: '粉尘管道未设泄爆', content_harm: '可能引发粉尘爆炸', content_plan: '加装泄爆装置' });
  assert.equal(r.status, 200, r.body);
  assert.equal((await get(mgr, m.id)).dual_reported, true);
  r = await mgr.post('/api/hazard_dual_report', { hazard_id: m.id });
  assert.equal(r.status, 409);

  let list = await reg.get('/api/hazard/major?status=open');
  assert.equal(list.status, 200, list.body);
  const row = list.json.items.find((x) => x.id === m.id);
  assert.ok(row);
  assert.equal(row.supervised, true);
  assert.equal(row.dual_reported, true);
  assert.equal(row.supervise_deadline, '2026-12-31');
  assert.equal(row.enterprise_name, '上海青浦城市建设投资集团有限公司');
  assert.equal(list.json.dynamic_zero, list.json.open_major === 0);
  assert.ok(list.json.open_major >= 1);
  // a major hazard of B is not in A's list; A's is not in B's
  list = await mgr2.get('/api/hazard/major?status=all');
  assert.ok(!list.json.items.some((x) => x.id === m.id));
  const ev = await events(mgr, m.id);
  assert.deepEqual(ev.map((e) => e.action), ['register', 'supervise', 'dual_report', 'dual_report', 'dual_report']);
});

test('major-hazard list reaches dynamic zero when every major hazard in scope is closed', async () => {
  // enterprise B's view after its own major hazards are closed
  const before = await mgr2.get('/api/hazard/major?status=open');
  for (const x of before.json.items) {
    // the principal issues the plan, the enterprise verifies with its written
    // assessment, the regulator closes (销账) once the 双报告 is complete
    if (x.status === 'registered') {
      const a = await act(pri2, x.id, 'assign', majorPlan(mgr2.me.user.id, '2026-12-30'));
      assert.equal(a.status, 200, a.body);
    }
    if (['registered', 'rectifying'].includes(x.status)) assert.equal((await act(mgr2, x.id, 'submit', { rectify_note: '完成' })).status, 200);
    if (x.status !== 'verified') {
      const v = await act(pri2, x.id, 'verify', { assess_report: '经评估隐患已消除，同意验收' });
      assert.equal(v.status, 200, v.body);
      assert.equal(v.json.status, 'verified');
    }
    if (!(await get(mgr2, x.id)).dual_reported) await dualReport(mgr2, x.id);
    const r = await act(reg, x.id, 'close', { note: '复查合格' });
    assert.equal(r.status, 200, r.body);
    assert.equal(r.json.status, 'closed');
  }
  const now = await mgr2.get('/api/hazard/major?status=open');
  assert.equal(now.json.open_major, 0);
  assert.equal(now.json.dynamic_zero, true);
  assert.equal(now.json.items.length, 0);
  const all = await mgr2.get('/api/hazard/major?status=all');
  assert.ok(all.json.items.length >= before.json.items.length);
  assert.equal((await stats(mgr2)).major_open, 0);
});

// ---- extensions ----------------------------------------------------------

test('extension of a general hazard: reason required, later than the deadline, one pending; the manager approves and the deadline moves', async () => {
  const h = await register(mgr);
  assert.equal((await act(mgr, h.id, 'assign', plan(staff2.me.user.id, '2026-12-01'))).status, 200);
  let r = await act(staff2, h.id, 'extend', { new_deadline: '2026-11-30', reason: '备件未到' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'new_deadline');
  r = await act(staff2, h.id, 'extend', { new_deadline: '2026-12-20' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reason');
  r = await act(staff, h.id, 'extend', { new_deadline: '2026-12-20', reason: '备件未到' });
  assert.equal(r.status, 403);
  r = await act(staff2, h.id, 'extend', { new_deadline: '2026-12-20', reason: '备件未到货' });
  assert.equal(r.status, 201, r.body);
  const x = r.json;
  assert.equal(x.status, 'pending');
  assert.equal(x.old_deadline, '2026-12-01');
  r = await act(staff2, h.id, 'extend', { new_deadline: '2026-12-25', reason: '再延' });
  assert.equal(r.status, 409);
  r = await staff.post(`/api/hazard_extension/${x.id}/approve`, {});
  assert.equal(r.status, 403);
  assert.equal((await get(mgr, h.id)).deadline, '2026-12-01');
  r = await mgr.post(`/api/hazard_extension/${x.id}/approve`, { note: '同意' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'approved');
  assert.equal(r.json.decided_by, mgr.me.user.id);
  assert.equal((await get(mgr, h.id)).deadline, '2026-12-20');
  r = await mgr.post(`/api/hazard_extension/${x.id}/reject`, { reason: '改主意' });
  assert.equal(r.status, 409);
  const ev = (await events(mgr, h.id)).map((e) => e.action);
  assert.deepEqual(ev.slice(-2), ['extend', 'extend_approve']);
  // a rejection needs a reason and leaves the deadline
  r = await act(staff2, h.id, 'extend', { new_deadline: '2027-01-10', reason: '施工窗口推迟' });
  assert.equal(r.status, 201);
  assert.equal((await pri.post(`/api/hazard_extension/${r.json.id}/reject`, {})).status, 400);
  const rj = await pri.post(`/api/hazard_extension/${r.json.id}/reject`, { reason: '期限过长' });
  assert.equal(rj.status, 200, rj.body);
  assert.equal(rj.json.status, 'rejected');
  assert.equal((await get(mgr, h.id)).deadline, '2026-12-20');
});

test('extension of a major hazard needs the regulator: the manager is refused', async () => {
  const m = await register(mgr, { level: 'major', major_criterion: '工贸企业重大事故隐患判定标准 第九条第（一）项' });
  assert.equal((await act(pri, m.id, 'assign', majorPlan(staff2.me.user.id, '2026-12-05'))).status, 200);
  const r = await act(staff2, m.id, 'extend', { new_deadline: '2027-01-15', reason: '需停产检修，安排在元旦后' });
  assert.equal(r.status, 201, r.body);
  let d = await mgr.post(`/api/hazard_extension/${r.json.id}/approve`, {});
  assert.equal(d.status, 403);
  assert.match(d.json.error.message, /监管部门/);
  assert.equal((await get(mgr, m.id)).deadline, '2026-12-05');
  d = await reg.post(`/api/hazard_extension/${r.json.id}/approve`, {});
  assert.equal(d.status, 200, d.body);
  assert.equal((await get(mgr, m.id)).deadline, '2027-01-15');
});

// ---- overdue and statistics ----------------------------------------------

/** A hazard of enterprise A registered and given a plan with deadline on a server
 * sharing the database whose clock says now — the past, honestly. */
async function issuedEarlier(now, deadline) {
  const past = await startServer({ demo: false, dbUrl: srv.dbUrl, dataDir: mkdtempSync(join(tmpdir(), 'anjian-past-')),
    env: { ANJIAN_NOW: now, ANJIAN_SCHED: 'off' } });
  try {
    // the manager's session of the main server (sessions live in the database; a
    // fresh login would meet the login throttle of the other clock)
    const m = Object.assign(new Client(past.base), { cookie: mgr.cookie, csrf: mgr.csrf, me: mgr.me });
    const h = await register(m, { found_at: '2026-11-01' });
    const r = await act(m, h.id, 'assign', plan(staff2.me.user.id, deadline));
    assert.equal(r.status, 200, r.body);
    return h;
  } finally {
    await past.stop();
    rmSync(past.dataDir, { recursive: true, force: true });
  }
}

test('a plan cannot promise a 整改期限 already past: 400 on plan_deadline, nothing changes (issue 12)', async () => {
  const h = await register(mgr, { found_at: '2026-11-01' });
  const r = await act(mgr, h.id, 'assign', plan(staff2.me.user.id, '2026-11-21'));
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'plan_deadline');
  assert.match(r.json.error.message, /整改期限不能早于今天（2026-11-22）/);
  const after = await get(mgr, h.id);
  assert.equal(after.status, h.status);
  assert.equal(after.deadline ?? null, null);
  assert.equal(after.plan_responsible_id ?? null, null);
  // today itself is a deadline one can meet
  assert.equal((await act(mgr, h.id, 'assign', plan(staff2.me.user.id, TODAY))).status, 200);
});

test('overdue on the fixed clock: deadline yesterday → overdue, found by ?overdue=true; closed → not overdue', async () => {
  const s0 = await stats(mgr);
  // issued on 2026-11-20 with the deadline the day before today: a second server on the
  // same database whose clock is two days earlier (a past deadline is refused, issue 12)
  const h = await issuedEarlier('2026-11-20 09:00:00', '2026-11-21');
  let got = await get(mgr, h.id);
  assert.equal(got.overdue, true);
  let list = await mgr.get(`/api/hazard?overdue=true&q=${encodeURIComponent(h.title)}`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.json.items.map((x) => x.id), [h.id]);
  const s1 = await stats(mgr);
  assert.equal(s1.overdue, s0.overdue + 1);
  // a deadline of today is not overdue
  const t = await register(mgr, { found_at: '2026-11-01' });
  assert.equal((await act(mgr, t.id, 'assign', plan(staff2.me.user.id, TODAY))).status, 200);
  assert.equal((await get(mgr, t.id)).overdue, false);

  await act(staff2, h.id, 'submit', { rectify_note: '已整改' });
  assert.equal((await get(mgr, h.id)).overdue, true);
  assert.equal((await act(pri, h.id, 'verify')).status, 200);
  got = await get(mgr, h.id);
  assert.equal(got.overdue, false);
  list = await mgr.get(`/api/hazard?overdue=true&q=${encodeURIComponent(h.title)}`);
  assert.equal(list.json.total, 0);
  const s2 = await stats(mgr);
  assert.equal(s2.overdue, s0.overdue);
  assert.equal(s2.closed, s0.closed + 1);
  assert.equal(s2.closed_on_time, s0.closed_on_time, 'closed after the deadline is not on time');
});

test('statistics follow the hazards: registered → closed changes open counts and the rectification rate', async () => {
  const s0 = await stats(mgr);
  const h = await register(mgr, { found_at: '2026-11-05' });
  const s1 = await stats(mgr);
  assert.equal(s1.total, s0.total + 1);
  assert.equal(s1.registered, s0.registered + 1);
  assert.equal(s1.open_general, s0.open_general + 1);
  assert.equal(s1.open_total, s0.open_total + 1);
  await toPending(h, '2026-12-01');
  const s2 = await stats(mgr);
  assert.equal(s2.registered, s0.registered);
  assert.equal(s2.pending, s0.pending + 1);
  assert.equal((await act(pri, h.id, 'verify')).status, 200);
  const s3 = await stats(mgr);
  assert.equal(s3.closed, s0.closed + 1);
  assert.equal(s3.closed_on_time, s0.closed_on_time + 1);
  assert.equal(s3.open_general, s0.open_general);
  assert.equal(s3.open_total, s3.open_general + s3.open_major);
  assert.ok(Math.abs(s3.rectification_rate - s3.closed / s3.total) < 1e-9);
  assert.ok(Math.abs(s3.on_time_rate - s3.closed_on_time / s3.closed) < 1e-9);
  assert.notEqual(s3.rectification_rate, s1.rectification_rate);
  assert.equal(s3.trend.length, 12);
  assert.equal(s3.trend.at(-1).month, '2026-11');
  const m0 = s0.trend.at(-1); const m3 = s3.trend.at(-1);
  assert.equal(m3.found, m0.found + 1);
  assert.equal(m3.closed, m0.closed + 1);
  // the regulator sees the district and can narrow to one enterprise
  const district = await stats(reg);
  assert.ok(district.total >= s3.total);
  const one = await stats(reg, `?org_id=${mgr2.me.org.id}`);
  const own = await stats(mgr2);
  assert.equal(one.total, own.total);
  assert.equal(one.open_total, own.open_total);
  // an enterprise cannot ask for another's numbers
  assert.equal((await mgr2.get(`/api/hazard/stats?org_id=${mgr.me.org.id}`)).status, 404);
  assert.equal((await mgr.get('/api/hazard/stats?org_id=abc')).status, 400);
});

// ---- scope ---------------------------------------------------------------

test('scope matrix: manager2 (enterprise B) cannot read, list, update, export or act on A\'s hazard records — and nothing changes', async () => {
  // an A hazard with every kind of record: events, an extension, a dual report
  const m = await register(mgr, { level: 'major', major_criterion: '工贸企业重大事故隐患判定标准 第十一条第（一）项', title: 'A企业的重大隐患（范围测试）' });
  assert.equal((await act(pri, m.id, 'assign', majorPlan(staff2.me.user.id, '2026-12-15'))).status, 200);
  const x = (await act(staff2, m.id, 'extend', { new_deadline: '2026-12-31', reason: '等待停产窗口' })).json;
  const d = (await mgr.post('/api/hazard_dual_report', { hazard_id: m.id, to_department_date: '2026-11-20', to_department_name: '区应急局' })).json;
  const ev = await events(mgr, m.id);
  const before = await get(mgr, m.id);

  for (const [path, id] of [['hazard', m.id], ['hazard_event', ev[0].id], ['hazard_extension', x.id], ['hazard_dual_report', d.id]]) {
    assert.equal((await mgr2.get(`/api/${path}/${id}`)).status, 404, `${path} read`);
  }
  assert.equal((await mgr2.get(`/api/hazard?q=${encodeURIComponent(m.title)}`)).json.total, 0);
  assert.equal((await mgr2.get(`/api/hazard_event?hazard_id=${m.id}`)).json.total, 0);
  assert.equal((await mgr2.get(`/api/hazard_extension?hazard_id=${m.id}`)).json.total, 0);
  assert.equal((await mgr2.get(`/api/hazard_dual_report?hazard_id=${m.id}`)).json.total, 0);
  const exp = await mgr2.get('/api/hazard/export', { raw: true });
  assert.equal(exp.status, 200);
  assert.ok(!xlsxText(exp.body).includes(m.title), 'B\'s export holds no A hazard');
  const expA = await mgr.get('/api/hazard/export', { raw: true });
  assert.ok(xlsxText(expA.body).includes(m.title), 'A\'s export holds it');

  assert.equal((await mgr2.put(`/api/hazard/${m.id}`, { title: '越权修改' })).status, 404);
  assert.equal((await mgr2.put(`/api/hazard_dual_report/${d.id}`, { note: '越权' })).status, 404);
  assert.equal((await mgr2.post('/api/hazard_dual_report', { hazard_id: m.id, note: '越权' })).status, 400);
  const bodies = {
    assign: plan(mgr2.me.user.id), submit: { rectify_note: '越权' }, verify: {}, reject: { reason: '越权' },
    dismiss: { reason: '越权' }, supervise: { deadline: '2026-12-31' }, extend: { new_deadline: '2027-02-01', reason: '越权' },
    close: {}, review_reject: { reason: '越权' }, unsupervise: { note: '越权' },
  };
  for (const [verb, body] of Object.entries(bodies)) {
    const r = await act(mgr2, m.id, verb, body);
    assert.equal(r.status, 404, `${verb}: ${r.body}`);
  }
  assert.equal((await mgr2.post(`/api/hazard_extension/${x.id}/approve`, {})).status, 404);
  assert.equal((await mgr2.post(`/api/hazard_extension/${x.id}/reject`, { reason: '越权' })).status, 404);
  // nothing changed
  const now = await get(mgr, m.id);
  assert.deepEqual({ ...now, updated_at: 0 }, { ...before, updated_at: 0 });
  assert.equal((await events(mgr, m.id)).length, ev.length);
  assert.equal((await mgr.get(`/api/hazard_extension/${x.id}`)).json.status, 'pending');
  assert.equal((await mgr.get(`/api/hazard_dual_report/${d.id}`)).json.note, null);
  // and the regulator who supervises A does see them
  assert.equal((await reg.get(`/api/hazard/${m.id}`)).status, 200);
  assert.equal((await reg.get(`/api/hazard_event?hazard_id=${m.id}`)).json.total, ev.length);
});

test('demo district: hazards in every state with timelines, and aggregates equal to the rows', async () => {
  const all = await admin.get('/api/hazard?size=200');
  const st = new Set(all.json.items.map((h) => h.status));
  for (const s of ['registered', 'rectifying', 'pending', 'closed', 'dismissed']) assert.ok(st.has(s), s);
  // protected hazards closed by the regulator (销账) carry the closer and the assessment
  assert.ok(all.json.items.some((h) => h.status === 'closed' && h.closed_by === reg.me.user.id && h.assess_report));
  const majors = await reg.get('/api/hazard/major?status=all');
  assert.ok(majors.json.items.some((x) => x.supervised && x.dual_reported));
  assert.ok(majors.json.items.some((x) => x.status === 'closed'));
  // the district's numbers equal a count over the rows the admin sees
  const rows = all.json.items.filter((h) => h.status !== 'dismissed');
  const s = await stats(admin);
  assert.equal(s.total, rows.length);
  assert.equal(s.closed, rows.filter((h) => h.status === 'closed').length);
  assert.equal(s.open_major, rows.filter((h) => h.level === 'major' && h.status !== 'closed').length);
  assert.equal(s.overdue, rows.filter((h) => h.overdue).length);
});
