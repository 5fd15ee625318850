// The hazard loop made right by the regulations (issue "Entity core, part two"),
// on the demo district and a fixed clock, both backends (ANJIAN_TEST_DB):
//   - 原安监总局令第16号 第十四条: 双报告 content; 第十五条: a major hazard's plan is
//     issued by the principal with 目标任务, 机构人员, 安全措施; 第十八条: after
//     rectification the enterprise assesses and the 督办 regulator closes (销账);
//   - an enterprise cannot dismiss, edit or close what a regulator registered, a
//     major hazard, or one under 挂牌督办; the regulator 复查退回 and 摘牌 with a record;
//   - the verifier is neither the plan's responsible person nor the submitter;
//   - an extension of a supervised hazard is the supervising regulator's decision,
//     and no plan promises more time than the 督办 deadline;
//   - provenance (source, finder) is the server's;
//   - GET of a row carries _actions, exactly what the caller may do now.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs, Client } from './lib.mjs';

const NOW = '2026-11-22 10:00:00';
let srv, admin, reg, mgr, pri, staff, staff2;

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: NOW } });
  [admin, reg, mgr, pri, staff] = await Promise.all(
    ['admin', 'regulator', 'manager', 'principal', 'staff'].map((u) => loginAs(srv.base, u)));
  const r = await mgr.post('/api/user', { username: 'rules.staff2', name: '整改责任人乙', role: 'staff', password: 'Staff-pass1' });
  assert.equal(r.status, 201, r.body);
  staff2 = new Client(srv.base);
  assert.equal((await staff2.login('rules.staff2', 'Staff-pass1')).status, 200);
});
after(async () => { await srv?.stop(); });

let seq = 0;
async function register(c, extra = {}) {
  seq += 1;
  const r = await c.post('/api/hazard', {
    title: `规则测试隐患${seq}`, location: '三号车间', found_at: '2026-11-15', level: 'general',
    category: 'thing', org_id: mgr.me.org.id, ...extra,
  });
  assert.equal(r.status, 201, r.body);
  return r.json;
}
const major = { level: 'major', major_criterion: '工贸企业重大事故隐患判定标准 第十三条第（一）项：有限空间未辨识' };
const plan = (resp, deadline = '2026-12-10', extra = {}) => ({
  plan_responsible_id: resp, plan_measures: '整改', plan_funds: 1000, plan_deadline: deadline,
  plan_contingency: '设置警戒', ...extra,
});
const majorPlan = (resp, deadline) => plan(resp, deadline, {
  plan_goal: '消除隐患', plan_team: '安全管理部', plan_safety: '停用并监护',
});
const act = (c, id, verb, body = {}) => c.post(`/api/hazard/${id}/${verb}`, body);
const get = async (c, id) => (await c.get(`/api/hazard/${id}`)).json;
const verbs = (row) => row._actions.map((a) => a.verb).sort();
async function audits(id) {
  const r = await admin.get(`/api/audit?entity=hazard&entity_id=${id}&size=200`);
  assert.equal(r.status, 200, r.body);
  return r.json.total;
}

test('a regulator-registered hazard: the enterprise rectifies and verifies with its report; only the regulator closes or sends back', async () => {
  const h = await register(reg, { title: '监管检查：配电柜未接地' });
  assert.equal(h.source, 'regulator_check');
  assert.equal(h.reg_org_id, reg.me.org.id);
  // the enterprise can neither dismiss nor edit it
  let r = await act(mgr, h.id, 'dismiss', { reason: '不是隐患' });
  assert.equal(r.status, 403, r.body);
  r = await mgr.put(`/api/hazard/${h.id}`, { title: '改名' });
  assert.equal(r.status, 403, r.body);
  assert.equal((await get(mgr, h.id)).title, '监管检查：配电柜未接地');
  assert.ok(!verbs(await get(mgr, h.id)).includes('dismiss'));

  assert.equal((await act(mgr, h.id, 'assign', plan(staff2.me.user.id))).status, 200);
  assert.equal((await act(staff2, h.id, 'submit', { rectify_note: '已接地' })).status, 200);
  // the regulator does not verify what the enterprise must assess first
  r = await act(reg, h.id, 'verify', {});
  assert.equal(r.status, 403, r.body);
  // the written assessment is required
  r = await act(pri, h.id, 'verify', {});
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'assess_report');
  const s0 = (await mgr.get('/api/hazard/stats')).json;
  r = await act(pri, h.id, 'verify', { assess_report: '接地电阻检测合格，隐患消除' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'verified');
  const s1 = (await mgr.get('/api/hazard/stats')).json;
  assert.equal(s1.verified, s0.verified + 1, '待销账 is counted');
  assert.equal(s1.open_total, s1.registered + s1.rectifying + s1.pending + s1.verified, 'open states add up');
  assert.equal(r.json.closed_at, null);
  // the enterprise cannot close it; the regulator sends it back once, then closes it
  assert.equal((await act(pri, h.id, 'close', {})).status, 403);
  assert.deepEqual(verbs(await get(pri, h.id)), []);
  assert.deepEqual(verbs(await get(reg, h.id)), ['close', 'review_reject']);
  r = await act(reg, h.id, 'review_reject', {});
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reason');
  r = await act(reg, h.id, 'review_reject', { reason: '接地线规格不符合要求' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'rectifying');
  assert.equal(r.json.reject_reason, '接地线规格不符合要求');
  assert.equal((await act(staff2, h.id, 'submit', { rectify_note: '已更换接地线' })).status, 200);
  assert.equal((await act(pri, h.id, 'verify', { assess_report: '复测合格' })).status, 200);
  r = await act(reg, h.id, 'close', { note: '复查合格，同意销账' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'closed');
  assert.equal(r.json.closed_by, reg.me.user.id);
  assert.equal(r.json.closed_at, '2026-11-22');
  const ev = (await (await mgr.get(`/api/hazard_event?hazard_id=${h.id}&size=50`)).json).items.map((e) => e.action);
  assert.deepEqual(ev, ['register', 'assign', 'submit', 'verify', 'review_reject', 'submit', 'verify', 'close']);
});

test('a major hazard: the principal issues the full plan; no 销账 without a complete 双报告; 摘牌 ends the 督办 with a record', async () => {
  const m = await register(mgr, major);
  // the enterprise cannot dismiss or edit a major hazard
  assert.equal((await act(mgr, m.id, 'dismiss', { reason: '误报' })).status, 403);
  assert.equal((await mgr.put(`/api/hazard/${m.id}`, { level: 'general' })).status, 403);
  assert.equal((await get(mgr, m.id)).level, 'major');
  assert.equal((await act(reg, m.id, 'supervise', { deadline: '2026-12-20', note: '限期治理' })).status, 200);
  // the safety manager may not issue a major hazard's plan; the principal must, in full
  let r = await act(mgr, m.id, 'assign', majorPlan(staff2.me.user.id, '2026-12-15'));
  assert.equal(r.status, 403, r.body);
  assert.match(r.json.error.message, /主要负责人/);
  r = await act(pri, m.id, 'assign', plan(staff2.me.user.id, '2026-12-15'));
  assert.equal(r.status, 400);
  assert.deepEqual(Object.keys(r.json.error.fields).sort(), ['plan_goal', 'plan_safety', 'plan_team']);
  // a plan cannot promise more time than the 督办 deadline
  r = await act(pri, m.id, 'assign', majorPlan(staff2.me.user.id, '2027-01-15'));
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'plan_deadline');
  r = await act(pri, m.id, 'assign', majorPlan(staff2.me.user.id, '2026-12-15'));
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.plan_issued_by, pri.me.user.id);
  assert.equal(r.json.plan_goal, '消除隐患');
  assert.equal((await act(staff2, m.id, 'submit', { rectify_note: '已完成' })).status, 200);
  assert.equal((await act(pri, m.id, 'verify', { assess_report: '评估合格' })).status, 200);
  // no 销账 without the 双报告; a report with dates but no content is not enough
  const before = await get(reg, m.id);
  const n0 = await audits(m.id);
  r = await act(reg, m.id, 'close', {});
  assert.equal(r.status, 409, r.body);
  assert.equal(r.json.error.code, 'dual_report_missing');
  assert.deepEqual({ ...(await get(reg, m.id)), _actions: 0 }, { ...before, _actions: 0 });
  assert.equal(await audits(m.id), n0, 'a refused action writes no audit row');
  const d = await mgr.post('/api/hazard_dual_report', {
    hazard_id: m.id, to_department_date: '2026-11-20', to_department_name: '区应急局', to_congress_date: '2026-11-21',
  });
  assert.equal(d.status, 201, d.body);
  assert.equal((await act(reg, m.id, 'close', {})).status, 409);
  assert.equal((await mgr.put(`/api/hazard_dual_report/${d.json.id}`, {
    content_status: '有限空间未辨识建档', content_harm: '可能导致中毒窒息', content_plan: '辨识建档并设置警示标志' })).status, 200);
  r = await act(reg, m.id, 'close', { note: '同意销账' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'closed');
  assert.equal(r.json.supervised, true, 'closing leaves the 督办 to be ended by 摘牌');
  // 摘牌: only by the supervising regulator, with a note
  assert.equal((await act(mgr, m.id, 'unsupervise', { note: '摘牌' })).status, 403);
  assert.equal((await act(reg, m.id, 'unsupervise', {})).status, 400);
  r = await act(reg, m.id, 'unsupervise', { note: '隐患已治理销账，予以摘牌' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.supervised, false);
  assert.equal(r.json.supervise_end_at, '2026-11-22');
  assert.equal(r.json.supervise_end_note, '隐患已治理销账，予以摘牌');
  r = await act(reg, m.id, 'unsupervise', { note: '再摘' });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.message, '该隐患未挂牌督办');
});

test('the verifier is neither the plan\'s responsible person nor whoever submitted', async () => {
  const h = await register(mgr);
  // the manager names himself responsible and submits: he cannot verify, the principal can
  assert.equal((await act(mgr, h.id, 'assign', plan(mgr.me.user.id))).status, 200);
  assert.equal((await act(mgr, h.id, 'submit', { rectify_note: '已修复' })).status, 200);
  let r = await act(mgr, h.id, 'verify', {});
  assert.equal(r.status, 403);
  assert.ok(!verbs(await get(mgr, h.id)).includes('verify'));
  // responsible staff2, submitted by the manager: staff2 is not a verifier anyway; the
  // manager is the submitter
  const h2 = await register(mgr);
  assert.equal((await act(mgr, h2.id, 'assign', plan(pri.me.user.id))).status, 200);
  assert.equal((await act(mgr, h2.id, 'submit', { rectify_note: '已修复' })).status, 200);
  r = await act(pri, h2.id, 'verify', {});
  assert.equal(r.status, 403, 'the responsible principal cannot verify');
  assert.match(r.json.error.message, /整改责任人/);
  r = await act(mgr, h2.id, 'verify', {});
  assert.equal(r.status, 403, 'the submitter cannot verify');
  r = await act(reg, h2.id, 'verify', { note: '合格' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'closed');
  r = await act(pri, h.id, 'verify', {});
  assert.equal(r.status, 200, r.body);
});

test('an extension of a supervised hazard is the supervising regulator\'s decision; approval past the 督办 deadline moves it', async () => {
  const m = await register(mgr, major);
  assert.equal((await act(reg, m.id, 'supervise', { deadline: '2026-12-20' })).status, 200);
  assert.equal((await act(pri, m.id, 'assign', majorPlan(staff2.me.user.id, '2026-12-18'))).status, 200);
  const x = await act(staff2, m.id, 'extend', { new_deadline: '2027-01-20', reason: '设备到货推迟' });
  assert.equal(x.status, 201, x.body);
  for (const c of [mgr, pri]) {
    const r = await c.post(`/api/hazard_extension/${x.json.id}/approve`, {});
    assert.equal(r.status, 403);
    assert.match(r.json.error.message, /督办的监管部门/);
  }
  assert.equal((await get(mgr, m.id)).deadline, '2026-12-18');
  const r = await reg.post(`/api/hazard_extension/${x.json.id}/approve`, { note: '同意延期' });
  assert.equal(r.status, 200, r.body);
  const now = await get(mgr, m.id);
  assert.equal(now.deadline, '2027-01-20');
  assert.equal(now.supervise_deadline, '2027-01-20');
});

test('provenance is the server\'s: an enterprise cannot claim 监管检查, and source and finder are fixed after registration', async () => {
  let r = await mgr.post('/api/hazard', { title: '伪造来源', found_at: '2026-11-20', source: 'regulator_check' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'source');
  const h = await register(staff, { source: 'self_check' });
  assert.equal(h.reg_org_id, null);
  r = await staff.put(`/api/hazard/${h.id}`, { source: 'regulator_check' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'source');
  r = await mgr.put(`/api/hazard/${h.id}`, { found_by: mgr.me.user.id });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'found_by');
  const now = await get(mgr, h.id);
  assert.equal(now.source, 'self_check');
  assert.equal(now.found_by, staff.me.user.id);
});

test('_actions are what each caller may do now: admin is not offered 提交验收; the responsible person is', async () => {
  const h = await register(mgr);
  assert.deepEqual(verbs(await get(mgr, h.id)), ['assign', 'dismiss']);
  assert.deepEqual(verbs(await get(staff, h.id)), []);
  assert.deepEqual(verbs(await get(reg, h.id)), [], 'a self-found general hazard: nothing for the regulator');
  assert.equal((await act(mgr, h.id, 'assign', plan(staff2.me.user.id))).status, 200);
  assert.deepEqual(verbs(await get(admin, h.id)), []);
  assert.equal((await act(admin, h.id, 'submit', { rectify_note: 'x' })).status, 403);
  assert.deepEqual(verbs(await get(staff2, h.id)), ['extend', 'submit']);
  assert.deepEqual(verbs(await get(mgr, h.id)), ['extend', 'submit']);
  assert.deepEqual(verbs(await get(staff, h.id)), []);
  // permission codes come from the same declarations
  const me = (await mgr.get('/api/auth/me')).json;
  assert.ok(me.permissions.includes('hazard:assign'));
  assert.ok(!me.permissions.includes('hazard:close'));
  const rme = (await reg.get('/api/auth/me')).json;
  assert.ok(rme.permissions.includes('hazard:close'));
  assert.ok(rme.permissions.includes('hazard:supervise'));
  const meta = (await mgr.get('/api/meta')).json.entities.find((e) => e.name === 'hazard');
  const assign = meta.actions.find((a) => a.verb === 'assign');
  assert.deepEqual(assign.from, ['registered']);
  assert.ok(assign.inputs.find((f) => f.name === 'plan_deadline').required);
  assert.ok(meta.states.find((s) => s.value === 'verified' && s.open));
});

test('the major-hazard list is a declared view: scope, subtree, choices, filters, paging, sort and export from the core', async () => {
  let r = await reg.get('/api/hazard/major?status=all&size=2&sort=-found_at');
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.page, 1);
  assert.equal(r.json.size, 2);
  assert.ok(r.json.items.length <= 2);
  assert.ok(r.json.total >= r.json.items.length);
  const [a, b] = r.json.items;
  if (b) assert.ok(a.found_at >= b.found_at);
  assert.ok(r.json.items.every((x) => typeof x.status_label === 'string'));
  r = await reg.get('/api/hazard/major?status=bogus');
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'status');
  r = await reg.get('/api/hazard/major?sort=password');
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'sort');
  r = await reg.get('/api/hazard/major?supervised=maybe');
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'supervised');
  // the subtree filter: an enterprise outside the caller's scope is 404
  const b2 = await loginAs(srv.base, 'manager2');
  r = await b2.get(`/api/hazard/major?org_id=${mgr.me.org.id}`);
  assert.equal(r.status, 404);
  r = await mgr.get(`/api/hazard/major?status=all&org_id=${mgr.me.org.id}`);
  assert.equal(r.status, 200);
  assert.ok(r.json.items.every((x) => x.enterprise_name));
  const sup = await reg.get('/api/hazard/major?status=all&supervised=true&size=200');
  assert.ok(sup.json.items.every((x) => x.supervised === true));
  r = await reg.get('/api/hazard/major/export?status=all', { raw: true });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /spreadsheetml/);
  assert.equal(r.body.subarray(0, 2).toString(), 'PK');
});

test('a major hazard\'s 判定标准 item comes from the shipped catalogue (应急管理部令第10号); 其他 needs the written basis', async () => {
  const cat = await staff.get('/api/hazard_criterion?q=' + encodeURIComponent('有限空间') + '&size=50');
  assert.equal(cat.status, 200, cat.body);
  const item = cat.json.items.find((x) => x.code === 'gm10-13-1');
  assert.ok(item, 'the catalogue is readable by every role');
  assert.match(item.text, /有限空间/);
  const all = await staff.get('/api/hazard_criterion?standard=gm10&size=200');
  assert.equal(all.json.total, 64);
  // cannot be written through the API
  assert.equal((await admin.post('/api/hazard_criterion', { code: 'x' })).status, 405);
  assert.equal((await mgr.put(`/api/hazard_criterion/${item.id}`, { text: '改' })).status, 403);
  let r = await mgr.post('/api/hazard', {
    title: '有限空间未辨识', found_at: '2026-11-20', level: 'major', major_criterion_id: item.id,
  });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.major_criterion_id, item.id);
  assert.match(r.json.major_criterion_id_label, /有限空间/);
  r = await mgr.post('/api/hazard', { title: '不存在的条款', found_at: '2026-11-20', level: 'major', major_criterion_id: 99999999 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'major_criterion_id');
});
