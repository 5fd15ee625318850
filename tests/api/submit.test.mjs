// 信息报送 (issue 11, Submissions) on the demo district and a fixed clock, both
// backends (ANJIAN_TEST_DB):
//   - the documents' templates, enabled by the demo; a type's schedule and form
//     validated with Chinese errors naming the field;
//   - the matrix of the monthly report (seeds/001 §三(三), by the 20th) on
//     2026-11-22: enterprise A on time in months 1–7 and 10, late in 8, returned in
//     9, missing in 11; every other enterprise missing every month — counts, rows,
//     filters, .xlsx;
//   - a returned submission due again (the calendar), resubmitted with the form's
//     own validation, every version kept with its review;
//   - scope and roles: another enterprise does not see it, staff and regulators do
//     not submit, enterprises do not review, a submitted one is not edited;
//   - an event-driven submission (重要信息) due a day after the event;
//   - enabling a template generates each target enterprise's rows once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs } from './lib.mjs';

const NOW = '2026-11-22 10:00:00';
let srv, admin, reg, mgr, staff, mgr2;

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: NOW } });
  [admin, reg, mgr, staff, mgr2] = await Promise.all(
    ['admin', 'regulator', 'manager', 'staff', 'manager2'].map((u) => loginAs(srv.base, u)));
});
after(async () => { await srv?.stop(); });

async function typeId(c, template) {
  const r = await c.get(`/api/submit_type?template=${template}`);
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.items.length, 1, `one type of template ${template}`);
  return r.json.items[0].id;
}

async function mineMonthly(c) {
  const tid = await typeId(reg, 'monthly_progress');
  const r = await c.get(`/api/submission?type_id=${tid}&size=100&sort=period`);
  assert.equal(r.status, 200, r.body);
  return r.json.items.filter((x) => x.org_id === c.me.org.id);
}

test('the documents\' templates are shipped and the demo enabled them', async () => {
  const r = await reg.get('/api/submit_type/templates');
  assert.equal(r.status, 200);
  const codes = r.json.items.map((t) => t.code);
  for (const c of ['monthly_progress', 'monthly_progress_30', 'annual_plan', 'accident_stats',
    'campaign_summary', 'important_info', 'drill_report']) assert.ok(codes.includes(c), c);
  const types = (await reg.get('/api/submit_type?size=50')).json.items;
  assert.ok(types.length >= 6);
  assert.ok(types.every((t) => t.enabled === true));
  // enterprises do not read the regulator's types (they read the copy on their rows)
  assert.equal((await mgr.get('/api/submit_type')).status, 403);
  assert.equal((await mgr.get('/api/submit_type/templates')).status, 403);
});

test('due dates follow the documents: by the 20th, end of April, mid-January next year, 12月5日', async () => {
  const due = async (tpl) => {
    const tid = await typeId(reg, tpl);
    const rows = (await reg.get(`/api/submission/matrix?type_id=${tid}&size=200`)).json.items;
    return [...new Set(rows.map((x) => `${x.period}=${x.due_date}`))].sort();
  };
  const monthly = await due('monthly_progress');
  assert.equal(monthly.length, 11, 'January to November 2026');
  assert.equal(monthly[0], '2026-01=2026-01-20');
  assert.equal(monthly[1], '2026-02=2026-02-20');
  assert.equal(monthly[10], '2026-11=2026-11-20');
  assert.deepEqual(await due('annual_plan'), ['2026=2026-04-30']);
  assert.deepEqual(await due('accident_stats'), ['2025=2026-01-15', '2026=2027-01-15']);
  assert.deepEqual(await due('campaign_summary'), ['2026=2026-12-05']);
  const drill = await due('drill_report');
  assert.deepEqual(drill, ['2026-H1=2026-06-30', '2026-H2=2026-12-31']);
  // the drill report asks only the high-risk enterprises
  const tid = await typeId(reg, 'drill_report');
  const orgs = new Set((await reg.get(`/api/submission/matrix?type_id=${tid}&size=200`)).json.items.map((x) => x.org_id));
  const ents = (await reg.get('/api/enterprise?size=200')).json.items;
  const high = ents.filter((e) => e.high_risk && e.high_risk !== 'none').map((e) => e.org_id);
  assert.ok(high.length > 0);
  assert.deepEqual([...orgs].sort(), [...high].sort());
});

test('the matrix of the monthly report on 2026-11-22: counts and cells', async () => {
  const tid = await typeId(reg, 'monthly_progress');
  const r = await reg.get(`/api/submission/matrix?type_id=${tid}&size=200`);
  assert.equal(r.status, 200, r.body);
  const ents = new Set(r.json.items.map((x) => x.org_id));
  const n = ents.size;
  assert.ok(n >= 2);
  assert.equal(r.json.total, 11 * n);
  // enterprise A: 1–7 and 10 on time, 8 late, 9 returned, 11 missing; the others
  // have submitted nothing, and the 20th of every month has passed
  assert.deepEqual(r.json.counts, { on_time: 8, late: 1, missing: 11 * n - 10, returned: 1, not_due: 0 });
  const a = r.json.items.filter((x) => x.org_id === mgr.me.org.id).sort((x, y) => x.period.localeCompare(y.period));
  assert.deepEqual(a.map((x) => x.cell), ['on_time', 'on_time', 'on_time', 'on_time', 'on_time', 'on_time',
    'on_time', 'late', 'returned', 'on_time', 'missing']);
  assert.equal(a[7].cell_label, '逾期报送');
  assert.equal(a[10].cell_label, '未报');
  // the cell filter narrows the rows and the counts alike
  const late = await reg.get(`/api/submission/matrix?type_id=${tid}&cell=late`);
  assert.equal(late.json.total, 1);
  assert.equal(late.json.counts.late, 1);
  assert.equal(late.json.counts.missing, 0);
  // the same matrix as an .xlsx ledger
  const x = await reg.get(`/api/submission/matrix/export?type_id=${tid}`, { raw: true });
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  assert.equal(x.body.subarray(0, 2).toString(), 'PK');
  // enterprises do not read the district matrix
  assert.equal((await mgr.get(`/api/submission/matrix?type_id=${tid}`)).status, 403);
});

test('a returned submission is due again, resubmitted with the form\'s checks, every version kept', async () => {
  const rows = await mineMonthly(mgr);
  assert.equal(rows.length, 11, 'A\'s 11 months');
  const ret = rows.find((x) => x.period === '2026-09');
  assert.equal(ret.status, 'returned');
  assert.equal(ret.version, 1);
  assert.match(ret.review_comment, /任务完成数/);
  // due again: the calendar holds it overdue (its due date has passed)
  const ob = (await mgr.get(`/api/obligation?duty=submission_due&period_key=${ret.id}`)).json.items;
  assert.equal(ob.length, 1);
  assert.equal(ob[0].status, 'overdue');
  // the enterprise's manager heard of the return
  const inbox = (await mgr.get('/api/inbox?size=100')).json.items;
  assert.ok(inbox.some((m) => m.kind === 'returned' && m.entity === 'submission' && m.entity_id === ret.id));
  // staff may not submit; another enterprise does not see it
  assert.equal((await staff.post(`/api/submission/${ret.id}/submit`, {})).status, 403);
  assert.equal((await mgr2.post(`/api/submission/${ret.id}/submit`, {})).status, 404);
  assert.equal((await mgr2.get(`/api/submission/${ret.id}`)).status, 404);
  // the form's own rules: required fields and ranges, Chinese, naming the field
  let r = await mgr.post(`/api/submission/${ret.id}/submit`,
    { content: JSON.stringify({ summary: '已核实', tasks_total: 12, tasks_done: 2000, bogus: 1 }) });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.code, 'validation');
  assert.equal(r.json.error.fields.tasks_done, '已完成任务数须在0至1000之间');
  assert.equal(r.json.error.fields.bogus, '未声明的填报项：bogus');
  r = await mgr.post(`/api/submission/${ret.id}/submit`, { content: JSON.stringify({ summary: '已核实' }) });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.fields.tasks_total, '任务清单任务数为必填项');
  assert.equal(r.json.error.fields.tasks_done, '已完成任务数为必填项');
  // unchanged by the refusals
  assert.equal((await mgr.get(`/api/submission/${ret.id}`)).json.status, 'returned');
  r = await mgr.post(`/api/submission/${ret.id}/submit`,
    { content: JSON.stringify({ summary: '已核实，9月完成任务9项。', tasks_total: 12, tasks_done: 9 }) });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'submitted');
  assert.equal(r.json.version, 2);
  assert.equal(r.json.review_comment, null);
  // the first submission still dates it (returned for content, not lateness)
  assert.equal(r.json.first_submitted_at.slice(0, 10), ret.first_submitted_at.slice(0, 10));
  // done again in the calendar, at the first submission
  const ob2 = (await mgr.get(`/api/obligation?duty=submission_due&period_key=${ret.id}`)).json.items;
  assert.equal(ob2[0].status, 'done');
  // a submitted one is not edited and not submitted twice
  assert.equal((await mgr.put(`/api/submission/${ret.id}`, { content: '{}' })).status, 409);
  assert.equal((await mgr.post(`/api/submission/${ret.id}/submit`, {})).status, 409);
  // the enterprise does not review; the regulator needs a reason to return
  assert.equal((await mgr.post(`/api/submission/${ret.id}/accept`, {})).status, 403);
  r = await reg.post(`/api/submission/${ret.id}/return`, {});
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reason');
  r = await reg.post(`/api/submission/${ret.id}/accept`, { note: '同意' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'accepted');
  assert.equal((await reg.post(`/api/submission/${ret.id}/return`, { reason: 'x' })).status, 409);
  // both versions kept, each with its review
  const v = (await mgr.get(`/api/submission_version?submission_id=${ret.id}&sort=version`)).json.items;
  assert.equal(v.length, 2);
  assert.equal(v[0].version, 1);
  assert.equal(v[0].result, 'returned');
  assert.match(v[0].review_comment, /任务完成数/);
  assert.match(v[0].content, /"tasks_done"/);
  assert.equal(v[1].version, 2);
  assert.equal(v[1].result, 'accepted');
  assert.equal(v[1].review_comment, '同意');
  assert.match(v[1].content, /已核实/);
  assert.equal((await mgr2.get(`/api/submission_version?submission_id=${ret.id}`)).json.items.length, 0);
});

test('a draft is saved and submitted; the regulator returns it with a reason', async () => {
  const rows = await mineMonthly(mgr);
  const d = rows.find((x) => x.period === '2026-11');
  assert.equal(d.status, 'draft');
  assert.equal(d.cell, 'missing');
  assert.ok(JSON.parse(d.form_schema).some((f) => f.name === 'tasks_done'));
  let r = await mgr.put(`/api/submission/${d.id}`, { content: 'not json' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'content');
  r = await mgr.put(`/api/submission/${d.id}`, { content: JSON.stringify({ summary: '草稿' }) });
  assert.equal(r.status, 200, r.body);
  assert.equal((await staff.put(`/api/submission/${d.id}`, { content: '{}' })).status, 403);
  r = await mgr.post(`/api/submission/${d.id}/submit`,
    { content: JSON.stringify({ summary: '11月检查3次', tasks_total: 12, tasks_done: 11 }) });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.cell, 'late', 'submitted 2026-11-22, due 2026-11-20');
  assert.equal((await reg.post(`/api/submission/${d.id}/return`, { reason: '请补充检查记录' })).status, 200);
  const back = (await mgr.get(`/api/submission/${d.id}`)).json;
  assert.equal(back.status, 'returned');
  assert.equal(back.cell, 'returned');
  assert.equal(back.review_comment, '请补充检查记录');
  assert.ok(back._actions.some((a) => a.verb === 'submit'));
});

test('a type\'s schedule and form are checked, Chinese errors naming the field', async () => {
  const base = { name: '测试报送', period: 'year', due_month: 6, due_day: 30, target: 'all',
    form_kind: 'fields', form_schema: JSON.stringify([{ name: 'a', label: '内容', type: 'text' }]) };
  let r = await reg.post('/api/submit_type', { ...base, due_month: 0 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'due_month');
  r = await reg.post('/api/submit_type', { ...base, form_schema: '[{"name":"A","label":"x","type":"text"}]' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'form_schema');
  assert.match(r.json.error.message, /名称须为小写英文标识/);
  r = await reg.post('/api/submit_type', { ...base, form_schema: '[{"name":"a","label":"类型","type":"color"}]' });
  assert.equal(r.status, 400);
  assert.match(r.json.error.message, /类型无效/);
  r = await reg.post('/api/submit_type', { ...base, start_period: '2026-05' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'start_period');
  r = await reg.post('/api/submit_type', { ...base, target: 'list', target_list: 'abc' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'target_list');
  assert.equal((await mgr.post('/api/submit_type', base)).status, 403);
  // a listed enterprise only: created enabled, its one row generated at once
  r = await reg.post('/api/submit_type', { ...base, enabled: true, start_period: '2026', target: 'list',
    target_list: String(mgr.me.org.id) });
  assert.equal(r.status, 201, r.body);
  const rows = (await reg.get(`/api/submission/matrix?type_id=${r.json.id}`)).json.items;
  assert.equal(rows.length, 1);
  assert.equal(rows[0].org_id, mgr.me.org.id);
  assert.equal(rows[0].due_date, '2026-06-30');
  assert.equal(rows[0].cell, 'missing');
});

test('enabling a template generates each target enterprise\'s rows once', async () => {
  let r = await reg.post('/api/submit_type/enable', { template: 'nope' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'template');
  r = await reg.post('/api/submit_type/enable', { template: 'monthly_progress_30', start_period: '2026-10' });
  assert.equal(r.status, 201, r.body);
  const tid = r.json.id;
  const m = (await reg.get(`/api/submission/matrix?type_id=${tid}&size=200`)).json;
  const n = new Set(m.items.map((x) => x.org_id)).size;
  assert.equal(m.total, 2 * n, 'October and November');
  assert.ok(m.items.every((x) => x.due_date === `${x.period}-30`));
  assert.equal(m.counts.missing, n, 'October past, November due on the 30th');
  assert.equal(m.counts.not_due, n);
  r = await reg.post(`/api/submit_type/${tid}/generate`, {});
  assert.equal(r.status, 200);
  assert.equal(r.json.created, 0);
  assert.equal((await mgr.post(`/api/submit_type/${tid}/generate`, {})).status, 403);
  assert.equal((await reg.post('/api/submit_type/999999/generate', {})).status, 404);
});

test('an event-driven submission (重要信息) is due a day after the event', async () => {
  const tid = await typeId(reg, 'important_info');
  let r = await mgr.post('/api/submission/event', { type_id: tid, event_date: '2026-11-21', title: '' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'title');
  r = await mgr.post('/api/submission/event', { type_id: tid, event_date: '2026-13-01', title: '仓库漏水' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'event_date');
  r = await mgr.post('/api/submission/event', { type_id: await typeId(reg, 'annual_plan'), event_date: '2026-11-21', title: 'x' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'type_id');
  assert.equal((await reg.post('/api/submission/event', { type_id: tid, event_date: '2026-11-21', title: 'x' })).status, 403);
  r = await mgr.post('/api/submission/event', { type_id: tid, event_date: '2026-11-21', title: '仓库屋顶漏水' });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.status, 'draft');
  assert.equal(r.json.due_date, '2026-11-22');
  assert.equal(r.json.org_id, mgr.me.org.id);
  assert.equal(r.json.cell, 'not_due');
  r = await mgr.post(`/api/submission/${r.json.id}/submit`,
    { content: JSON.stringify({ event_at: '2026-11-21', content: '仓库屋顶漏水，已停用' }) });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.cell, 'on_time');
});

test('a type asked of a campaign\'s participants yields submissions and duties for exactly them', async () => {
  // a campaign of the 六个一 template for two enterprises, not launched yet
  let r = await reg.post('/api/campaign/from-template', { template: 'six_one', year: 2029 });
  assert.equal(r.status, 201, r.body);
  const cmp = r.json;
  r = await reg.put(`/api/campaign/${cmp.id}`, { target: 'list', target_list: `${mgr.me.org.id},${mgr2.me.org.id}` });
  assert.equal(r.status, 200, r.body);
  const base = { name: '专项行动阶段总结', period: 'year', due_month: 12, due_day: 5, start_period: '2026',
    form_kind: 'files', enabled: true };
  r = await reg.post('/api/submit_type', { ...base, target: 'campaign' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'target_campaign_id');
  assert.match(r.json.error.message, /专项行动/);
  // the meta offers the choice on the form
  const meta = (await reg.get('/api/meta')).json;
  const fields = meta.entities.find((e) => e.name === 'submit_type').fields;
  assert.ok(fields.find((f) => f.name === 'target').options.some((o) => o.value === 'campaign' && o.label === '专项行动参与企业'));
  assert.equal(fields.find((f) => f.name === 'target_campaign_id').ref, 'campaign');
  r = await reg.post('/api/submit_type', { ...base, target: 'campaign', target_campaign_id: cmp.id });
  assert.equal(r.status, 201, r.body);
  const tid = r.json.id;
  const orgsOf = async (id) => (await reg.get(`/api/submission/matrix?type_id=${id}&size=200`)).json.items.map((x) => x.org_id).sort((a, b) => a - b);
  const two = [mgr.me.org.id, mgr2.me.org.id].sort((a, b) => a - b);
  assert.deepEqual(await orgsOf(tid), two, 'before the launch: those its filter selects');
  // every submission is a duty of the calendar of its enterprise, and only theirs
  const subs = (await reg.get(`/api/submission?type_id=${tid}&size=100`)).json.items;
  const obs = [];
  for (const s of subs) obs.push(...(await admin.get(`/api/obligation?duty=submission_due&period_key=${s.id}`)).json.items);
  assert.deepEqual(obs.map((o) => o.org_id).sort((a, b) => a - b), two);
  // launched with a wider filter: the stored participants decide, for a new type too
  r = await reg.put(`/api/campaign/${cmp.id}`, { target: 'high_risk' });
  assert.equal(r.status, 200, r.body);
  r = await reg.post(`/api/campaign/${cmp.id}/launch`, {});
  assert.equal(r.status, 200, r.body);
  const parts = (await reg.get(`/api/campaign/${cmp.id}`)).json;
  const hr = (await reg.get('/api/enterprise?size=100')).json.items.filter((e) => e.high_risk && e.high_risk !== 'none')
    .map((e) => e.org_id).sort((a, b) => a - b);
  assert.equal(parts.participant_count, hr.length);
  r = await reg.post('/api/submit_type', { ...base, name: '专项行动年度总结', target: 'campaign', target_campaign_id: cmp.id });
  assert.equal(r.status, 201, r.body);
  assert.deepEqual(await orgsOf(r.json.id), hr);
  assert.ok(!hr.includes(mgr.me.org.id), 'enterprise A is not high-risk: not asked');
  // the first type keeps what it asked and adds the new participants
  r = await reg.post(`/api/submit_type/${tid}/generate`, {});
  assert.equal(r.status, 200);
  assert.deepEqual(await orgsOf(tid), [...new Set([...two, ...hr])].sort((a, b) => a - b));
});
