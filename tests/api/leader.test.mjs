// 区领导 (issue 11; seeds/003 一(一)3: 职责清单和工作任务清单制度, 履职述职报告制度,
// 带队督查检查机制) on the demo district and a fixed clock, both backends:
//   - the demo's seven leaders of the annex; each leader's 工作任务清单 is the task
//     list's tasks whose 区领导 column names them ("蒋 龙" is 蒋龙), never a copy;
//   - the duty list and the led inspections, with their checks (Chinese errors
//     naming the field), a linked inspection record of the enterprise visited;
//   - the yearly report as a duty of the calendar: last year's five on time, one
//     late, one missing; this year's row for every serving leader, due 31 January
//     next year; submitting a late one; the due date is a rule an admin changes;
//   - scope and roles: enterprises and departments do not read leaders.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs } from './lib.mjs';

const NOW = '2026-11-22 10:00:00';
let srv, admin, reg, mgr, dept, leaders;

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: NOW } });
  [admin, reg, mgr, dept] = await Promise.all(['admin', 'regulator', 'manager', 'department'].map((u) => loginAs(srv.base, u)));
  leaders = Object.fromEntries((await reg.get('/api/leader?size=50')).json.items.map((l) => [l.name, l]));
});
after(async () => { await srv?.stop(); });

test('the annex\'s leaders and the tasks that name them (not copies)', async () => {
  assert.deepEqual(Object.keys(leaders), ['肖文高', '姜爱锋', '李荣华', '王珏', '张骏', '蒋龙', '肖立']);
  const tasks = async (name) => {
    const r = await reg.get(`/api/leader/tasks?leader_id=${leaders[name].id}`);
    assert.equal(r.status, 200, r.body);
    return r.json.items;
  };
  // the demo's tasks write "姜爱锋 蒋龙" and "姜爱锋 蒋 龙": both are 蒋龙's
  const jl = await tasks('蒋龙');
  assert.deepEqual(jl.map((t) => t.seq), [3, 9, 18]);
  assert.ok(jl.some((t) => t.leaders === '姜爱锋 蒋 龙') && jl.some((t) => t.leaders === '姜爱锋 蒋龙'));
  assert.equal(leaders['姜爱锋'].task_count, 6);
  assert.equal(leaders['肖立'].task_count, 0);
  assert.deepEqual(await tasks('肖立'), []);
  // a task naming "肖 立" joins 肖立's list; its progress is the task's own
  let r = await reg.post('/api/task', { list_name: '2026年度安全生产重点工作任务清单', year: 2026, seq: 15,
    title: '提升特种设备监管效能', leaders: '肖 立', lead_units: '区市场监管局', deadline: '2026-12-31' });
  assert.equal(r.status, 201, r.body);
  const tid = r.json.id;
  assert.equal((await reg.post('/api/task_progress', { task_id: tid, report_date: '2026-11-20', progress: 30, content: '完成电梯专项检查' })).status, 201);
  const xl = await tasks('肖立');
  assert.deepEqual(xl.map((t) => [t.id, t.progress, t.status]), [[tid, 30, 'in_progress']]);
  assert.equal((await reg.get(`/api/leader/${leaders['肖立'].id}`)).json.task_count, 1);
  // filters of the view: one leader only; the keeper's scope
  assert.equal((await reg.get('/api/leader/tasks?leader_id=abc')).status, 400);
  assert.equal((await mgr.get(`/api/leader/tasks?leader_id=${leaders['蒋龙'].id}`)).status, 403);
});

test('a leader is named without blanks, in a district org; bad input names the field', async () => {
  let r = await reg.post('/api/leader', { name: '周 明', position: '副区长', units: '区教育局' });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.name, '周明');
  assert.equal(r.json.active, true);
  assert.equal(r.json.org_id, reg.me.org.id);
  r = await reg.post('/api/leader', { name: '周%', position: '副区长' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'name');
  r = await reg.post('/api/leader', { name: '周明' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'position');
  r = await admin.post('/api/leader', { name: '赵刚', position: '副区长', org_id: mgr.me.org.id });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'org_id');
  assert.match(r.json.error.message, /监管部门或安委办/);
});

test('the duty list: items with their basis, in the leader\'s org', async () => {
  const id = leaders['蒋龙'].id;
  const items = (await reg.get(`/api/leader_duty?leader_id=${id}&sort=seq`)).json.items;
  assert.equal(items.length, 4);
  assert.ok(items.every((d) => d.basis.startsWith('普安委〔2023〕4号')));
  assert.ok(items.some((d) => /履职述职报告制度/.test(d.content)));
  let r = await reg.post('/api/leader_duty', { leader_id: id, seq: 5, content: '牵头开展汛期安全检查' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'basis');
  r = await reg.post('/api/leader_duty', { leader_id: 999999, seq: 5, content: 'x', basis: 'y' });
  assert.ok([400, 404].includes(r.status));
  r = await reg.post('/api/leader_duty', { leader_id: id, seq: 5, content: '牵头开展汛期安全检查', basis: '普安委〔2023〕4号 一(二)6' });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.org_id, leaders['蒋龙'].org_id);
  assert.equal((await reg.get(`/api/leader_duty?leader_id=${id}`)).json.total, 5);
});

test('led inspections: an enterprise or units, not in the future, a linked record of the enterprise visited', async () => {
  const id = leaders['张骏'].id;
  const demo = (await reg.get(`/api/leader_inspection?leader_id=${leaders['姜爱锋'].id}`)).json.items;
  const linked = demo.find((x) => x.inspection_id);
  assert.ok(linked, 'the demo links the regulator\'s 监管执法检查');
  const insp = (await reg.get(`/api/inspection/${linked.inspection_id}`)).json;
  assert.equal(insp.kind, 'regulator');
  const entA = (await reg.get(`/api/enterprise?size=100`)).json.items.find((e) => e.org_id === insp.org_id);
  assert.equal(linked.enterprise_id, entA.id);
  const other = (await reg.get(`/api/enterprise?size=100`)).json.items.find((e) => e.org_id !== insp.org_id);
  const base = { leader_id: id, inspect_date: '2026-11-18', kind: 'inspection', findings: '消防通道堵塞' };
  let r = await reg.post('/api/leader_inspection', base);
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'enterprise_id');
  r = await reg.post('/api/leader_inspection', { ...base, units: '朱家角镇', inspect_date: '2026-11-23' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'inspect_date');
  r = await reg.post('/api/leader_inspection', { ...base, enterprise_id: other.id, inspection_id: insp.id });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'inspection_id');
  // the record alone names the enterprise
  r = await reg.post('/api/leader_inspection', { ...base, inspection_id: insp.id });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.enterprise_id, entA.id);
  assert.equal(r.json.org_id, leaders['张骏'].org_id);
  r = await reg.post('/api/leader_inspection', { ...base, units: '朱家角镇', hazard_count: 2 });
  assert.equal(r.status, 201, r.body);
  assert.equal((await reg.get(`/api/leader_inspection?leader_id=${id}`)).json.total, 3);
});

test('the yearly report is a duty of the calendar: five on time, one late, one missing', async () => {
  const reports = (await reg.get('/api/leader_report?year=2025&size=50')).json.items;
  const by = Object.fromEntries(reports.map((x) => [x.leader_name, x]));
  assert.equal(reports.length, 7);
  assert.ok(reports.every((x) => x.due_date === '2026-01-31'));
  assert.deepEqual(Object.values(by).map((x) => x.ob_status).sort(),
    ['done', 'done', 'done', 'done', 'done', 'done_late', 'overdue']);
  assert.equal(by['张骏'].ob_status, 'done_late');
  assert.equal(by['张骏'].submitted_date, '2026-02-20');
  assert.equal(by['肖立'].ob_status, 'overdue');
  assert.equal(by['肖立'].submitted_date ?? null, null);
  // the calendar's own rows: the regulator's duty, one per report
  const obs = (await reg.get('/api/obligation?duty=leader_report_annual&size=100')).json.items;
  assert.ok(obs.every((o) => o.party === 'regulator' && o.org_id === reg.me.org.id));
  const xl = obs.find((o) => o.proof_id === by['肖立'].id);
  assert.equal(xl.status, 'overdue');
  assert.equal(xl.due_at, '2026-01-31');
  assert.match(xl.title, /肖立（2025年度）/);
  // this year's row of every serving leader, not due before 31 January 2027
  const cur = (await reg.get('/api/leader_report?year=2026&size=50')).json.items;
  assert.ok(cur.length >= 7);
  assert.ok(cur.every((x) => x.due_date === '2027-01-31' && x.ob_status === 'not_due'));
  // a new leader owes this year's report at once
  const zl = await reg.post('/api/leader', { name: '钱进', position: '副区长' });
  assert.equal(zl.status, 201, zl.body);
  const own = (await reg.get(`/api/leader_report?leader_id=${zl.json.id}`)).json.items;
  assert.deepEqual(own.map((x) => [x.year, x.ob_status]), [[2026, 'not_due']]);
  // checks
  const id = by['肖立'].id;
  let r = await reg.put(`/api/leader_report/${id}`, { submitted_date: '2026-11-23', content: '述职' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'submitted_date');
  r = await reg.put(`/api/leader_report/${id}`, { submitted_date: '2024-12-31', content: '述职' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'submitted_date');
  r = await reg.put(`/api/leader_report/${id}`, { submitted_date: '2026-11-22' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'content');
  r = await reg.post('/api/leader_report', { leader_id: leaders['肖立'].id, year: 2025 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'year');
  r = await reg.post('/api/leader_report', { leader_id: leaders['肖立'].id, year: 2027 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'year');
  assert.equal((await reg.get(`/api/leader_report/${id}`)).json.ob_status, 'overdue', 'refused writes change nothing');
  // submitted now: late
  r = await reg.put(`/api/leader_report/${id}`, { submitted_date: '2026-11-22', content: '2025年度安全生产履职情况报告' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.ob_status, 'done_late');
  assert.equal((await reg.get(`/api/obligation/${xl.id}`)).json.status, 'done_late');
});

test('the due date is configuration: a new rule version moves this year\'s reports', async () => {
  const rules = (await admin.get('/api/obligation_rule?code=leader_report_annual')).json.items;
  assert.deepEqual(rules.map((x) => [x.version, x.due_kind, x.due_n]), [[1, 'days_after', 31]]);
  let r = await reg.post('/api/obligation_rule', { code: 'leader_report_annual', effective_from: '2026-11-23', due_kind: 'days_after', due_n: 59, warn_days: 15 });
  assert.equal(r.status, 403);
  r = await admin.post('/api/obligation_rule', { code: 'leader_report_annual', effective_from: '2026-11-23', due_kind: 'month_day', due_month: 2, due_day: 28, warn_days: 15 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'due_kind');
  r = await admin.post('/api/obligation_rule', { code: 'leader_report_annual', effective_from: '2026-11-23', due_kind: 'days_after', due_n: 59, warn_days: 15, note: '次年2月底前' });
  assert.equal(r.status, 201, r.body);
  const cur = (await reg.get('/api/leader_report?year=2026&size=50')).json.items;
  assert.ok(cur.length >= 7);
  assert.ok(cur.every((x) => x.due_date === '2027-02-28'), JSON.stringify(cur.map((x) => x.due_date)));
  // last year's were judged by the rule of their time
  const old = (await reg.get('/api/leader_report?year=2025&size=50')).json.items;
  assert.ok(old.every((x) => x.due_date === '2026-01-31'));
});

test('scope and roles: only the district reads and keeps its leaders', async () => {
  for (const c of [mgr, dept]) {
    for (const e of ['leader', 'leader_duty', 'leader_inspection', 'leader_report']) assert.equal((await c.get(`/api/${e}`)).status, 403, e);
    assert.equal((await c.post('/api/leader', { name: '某某', position: '副区长' })).status, 403);
  }
  const meta = (await reg.get('/api/auth/me')).json.permissions;
  for (const p of ['leader:create', 'leader_report:update', 'leader_inspection:create', 'leader_duty:create']) assert.ok(meta.includes(p), p);
});
