// 区领导 (issue 11; seeds/003 一(一)3: 职责清单和工作任务清单制度, 履职述职报告制度,
// 带队督查检查机制) on the demo district and a fixed clock, both backends:
//   - the demo's seven leaders of the annex; each leader's 工作任务清单 is the task
//     list's tasks whose 区领导 column names them ("蒋 龙" is 蒋龙), never a copy;
//   - the duty list and the led inspections, with their checks (Chinese errors
//     naming the field), a linked inspection record of the enterprise visited;
//   - the yearly report as a duty of the calendar: last year's five on time, one
//     late, one missing; this year's row for every serving leader, due 31 January
//     next year; submitting a late one; the due date is a rule an admin changes;
//   - scope and roles: enterprises and departments do not read leaders;
//   - the list's 上年度述职 (last year's report: 已提交 / 逾期 / 未到期 with its date), a
//     declared column and filter of the core, in the list and the export;
//   - the reminders of the scheduler: the clock moves on (a second server on the same
//     data with a later ANJIAN_NOW) and a report falling due soon, then overdue,
//     reaches the district's regulators and administrators and the leader's own
//     account, once per status (not again on the next run).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startServer, loginAs, Client, BACKEND, sql } from './lib.mjs';
import { sheetRows } from './xlsx.mjs';

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

/* ------------------------------------------------ last year's report in the list */

test('the list shows each leader\'s 上年度述职 (submitted on its date, or overdue since its due) and filters by it', async () => {
  const rows = Object.fromEntries((await reg.get('/api/leader?size=50')).json.items.map((l) => [l.name, l]));
  // the demo's 2025 reports (due 2026-01-31): five on time, 张骏 late, 肖立 none
  const want = { 肖文高: '2026-01-20', 姜爱锋: '2026-01-18', 李荣华: '2026-01-26', 王珏: '2026-01-30', 张骏: '2026-02-20', 蒋龙: '2026-01-15' };
  for (const [n, d] of Object.entries(want)) assert.deepEqual([rows[n].last_report, rows[n].last_report_date], ['submitted', d], n);
  assert.deepEqual([rows['肖立'].last_report, rows['肖立'].last_report_date], ['overdue', '2026-01-31']);
  // a leader who began this year owed no report last year
  assert.equal(rows['周明'].last_report ?? null, null);
  const meta = (await reg.get('/api/meta')).json.entities.find((e) => e.name === 'leader');
  const f = meta.fields.find((x) => x.name === 'last_report');
  assert.deepEqual(f.options.map((o) => [o.value, o.label]), [['submitted', '已提交'], ['overdue', '逾期'], ['not_due', '未到期']]);
  assert.deepEqual([f.filter, f.list, f.virtual], [true, true, true], 'a declared column and filter');
  // the filter (the core's, on the declared expression)
  const over = (await reg.get('/api/leader?last_report=overdue&size=50')).json;
  assert.deepEqual(over.items.map((l) => l.name), ['肖立']);
  assert.equal((await reg.get('/api/leader?last_report=submitted&size=50')).json.total, 6);
  assert.equal((await reg.get('/api/leader?last_report=not_due&size=50')).json.total, 0);
  const bad = await reg.get('/api/leader?last_report=late');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'last_report');
  // the export carries the column with its Chinese label and the date
  const x = await reg.get('/api/leader/export?last_report=submitted', { raw: true });
  assert.equal(x.status, 200);
  const sheet = sheetRows(x.body);
  assert.deepEqual(sheet[0].slice(-2), ['上年度述职', '上年度述职日期']);
  assert.deepEqual(sheet.find((r) => r.includes('张骏')).slice(-2), ['已提交', '2026-02-20']);
  assert.equal(sheet.length, 1 + 6, 'the export follows the filter');
  assert.ok(!sheet.some((r) => r.includes('肖立')));
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
  // and the list's 上年度述职 of 肖立 reads 已提交 on that day
  const l = (await reg.get(`/api/leader/${leaders['肖立'].id}`)).json;
  assert.deepEqual([l.last_report, l.last_report_date], ['submitted', '2026-11-22']);
  assert.equal((await reg.get('/api/leader?last_report=overdue')).json.total, 0);
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

/* ------------------------------------------------- the leader's own account */

test('the leader\'s own account is a district account, one per leader', async () => {
  const id = leaders['李荣华'].id;
  let r = await reg.put(`/api/leader/${id}`, { user_id: mgr.me.user.id });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'user_id');
  assert.match(r.json.error.message, /本人账号/);
  // the demo's "leader" is 肖立's already
  const own = (await reg.get(`/api/leader/${leaders['肖立'].id}`)).json.user_id;
  assert.ok(own);
  r = await reg.put(`/api/leader/${id}`, { user_id: own });
  assert.equal(r.status, 409, r.body);
  assert.equal(r.json.error.field, 'user_id');
  assert.equal((await reg.get(`/api/leader/${id}`)).json.user_id ?? null, null, 'refused writes change nothing');
});

/* ------------------------------------------------------ the reminders */

const sleep = (ms) => new Promise((res) => setTimeout(res, ms));
async function until(what, fn, ms = 15000) {
  for (const t = Date.now(); ;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t > ms) assert.fail(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
/** c's reminders about the yearly reports (every page). */
async function reportReminders(c) {
  const out = [];
  for (let page = 1; ; page++) {
    const r = (await c.get(`/api/inbox?size=100&page=${page}&q=${encodeURIComponent('区领导年度安全生产履职述职报告')}`)).json;
    out.push(...r.items.filter((x) => x.entity === 'obligation'));
    if (page * 100 >= r.total) return out;
  }
}
const runs = (s) => Number(sql(s, "SELECT runs FROM job WHERE name = 'obligations'") || 0);
/** 李荣华's own account (made by the test below). */
async function liLogin(s) {
  const c = new Client(s.base);
  const r = await c.login('li.ronghua', 'Leader-pass1');
  assert.equal(r.status, 200, r.body);
  return c;
}

test('the scheduler reminds the district\'s regulators, administrators and the leader himself: due soon, then overdue, once each', { timeout: 120000 }, async () => {
  const SCHED = { ANJIAN_SCHED: 'on', ANJIAN_SCHED_TICK: '1' };
  let s = await startServer({ env: { ANJIAN_NOW: NOW } });
  const servers = [s];
  try {
    // 李荣华's own account: a regulator of the 区安委办 — not an org that keeps the
    // leaders, so only the leader's link makes it a recipient
    const a = await loginAs(s.base, 'admin');
    const com = (await a.get(`/api/org?kind=committee&size=10`)).json.items[0];
    let r = await a.post('/api/user', { username: 'li.ronghua', name: '李荣华', role: 'regulator', org_id: com.id, password: 'Leader-pass1' });
    assert.equal(r.status, 201, r.body);
    const li = (await a.get('/api/leader?q=李荣华')).json.items[0];
    r = await a.put(`/api/leader/${li.id}`, { user_id: r.json.id });
    assert.equal(r.status, 200, r.body);
    // the scheduler is off at NOW: this year's reports are not due, nobody was told
    assert.equal((await reportReminders(a)).length, 0);
    const title = (name, year, soon) => `【${soon ? '即将到期' : '已逾期'}】区领导年度安全生产履职述职报告：${name}（${year}年度）`;

    // 2027-01-20: the 2026 reports fall due on 31 January (15 days' warning)
    await s.stop({ keep: true });
    s = await startServer({ demo: false, dataDir: s.dataDir, dbUrl: s.dbUrl, env: { ANJIAN_NOW: '2027-01-20 09:00:00', ...SCHED } });
    servers.push(s);
    let [ad, rg, own, dp, mg, lr] = await Promise.all(['admin', 'regulator', 'leader', 'department', 'manager'].map((u) => loginAs(s.base, u))
      .concat([liLogin(s)]));
    const soon = await until('the due-soon reminders', async () => {
      const x = (await reportReminders(rg)).filter((m) => m.kind === 'due_soon');
      return x.length >= 7 ? x : null;
    });
    const ob = (await rg.get(`/api/obligation?duty=leader_report_annual&size=100`)).json.items
      .find((o) => o.title.includes('李荣华（2026年度）'));
    assert.equal(ob.status, 'due_soon');
    assert.equal(ob.notified, 'due_soon');
    const msg = soon.find((m) => m.title === title('李荣华', 2026, true));
    assert.ok(msg, soon.map((m) => m.title).join('\n'));
    assert.deepEqual([msg.body, msg.link, msg.entity_id, msg.status], ['截止时间 2027-01-31', '/task/leader', ob.id, 'unread']);
    // the district's regulator and administrator, and 肖立's own account (the demo's
    // "leader", a regulator of that org): each one message per report
    for (const c of [rg, ad, own]) {
      const m = (await reportReminders(c)).filter((x) => x.kind === 'due_soon');
      assert.equal(m.length, 7, c.me.user.username);
      assert.equal(new Set(m.map((x) => x.title)).size, 7, `${c.me.user.username}: no duplicates`);
    }
    // 李荣华's own account hears of his report only
    assert.deepEqual((await reportReminders(lr)).map((x) => x.title), [title('李荣华', 2026, true)]);
    // the enterprises and the 成员单位 keep no leaders
    for (const c of [dp, mg]) assert.equal((await reportReminders(c)).length, 0, c.me.user.username);
    // the list reads the 2026 reports as last year's now: not yet due
    const l = (await rg.get(`/api/leader/${li.id}`)).json;
    assert.deepEqual([l.last_report, l.last_report_date], ['not_due', '2027-01-31']);

    // the next run of the job: nothing new for an unchanged status
    const n = runs(s);
    sql(s, "UPDATE job SET next_at = '2000-01-01 00:00:00' WHERE name = 'obligations'");
    await until('the next run of the obligations job', () => runs(s) > n);
    assert.equal((await reportReminders(rg)).filter((m) => m.kind === 'due_soon').length, 7);
    assert.equal((await reportReminders(lr)).length, 1);

    // 2027-02-01: overdue — one more message each, and only one
    await s.stop({ keep: true });
    s = await startServer({ demo: false, dataDir: s.dataDir, dbUrl: s.dbUrl, env: { ANJIAN_NOW: '2027-02-01 09:00:00', ...SCHED } });
    servers.push(s);
    [rg, lr] = await Promise.all([loginAs(s.base, 'regulator'), liLogin(s)]);
    await until('the overdue reminder', async () => (await reportReminders(lr)).some((m) => m.kind === 'overdue'));
    assert.deepEqual((await reportReminders(lr)).map((x) => [x.kind, x.title]).sort(),
      [['due_soon', title('李荣华', 2026, true)], ['overdue', title('李荣华', 2026, false)]]);
    assert.equal((await rg.get(`/api/obligation/${ob.id}`)).json.notified, 'overdue');
    const m = runs(s);
    sql(s, "UPDATE job SET next_at = '2000-01-01 00:00:00' WHERE name = 'obligations'");
    await until('another run', () => runs(s) > m);
    assert.equal((await reportReminders(lr)).length, 2, 'no repeated reminder');
    assert.equal((await reportReminders(rg)).filter((x) => x.title === title('李荣华', 2026, false)).length, 1);
    assert.equal((await rg.get(`/api/leader/${li.id}`)).json.last_report, 'overdue');
  } finally {
    for (const x of servers.slice(0, -1)) await x.stop({ keep: true }).catch(() => {});
    await servers[servers.length - 1].stop({ keep: true });
    rmSync(servers[0].dataDir, { recursive: true, force: true });
  }
});
