// Checks and enforcement (issue 8 "Checklists and inspections", "Regulator
// enforcement"), on the demo district and a fixed clock, both backends:
//   - the shipped lists (六大责任25条 of seeds/004 verbatim, the principal's seven
//     duties of seeds/000 二(一), 六个一 of seeds/002, 令第10号 as a deep check);
//   - template versioning: a used template saved again makes a new version, the
//     past inspection keeps its items;
//   - a plan's occurrences: due, overdue, done by an inspection of the period, in
//     the obligations calendar; the principal-led major-hazard inspection duty;
//   - an inspection item by item: 不符合 → a hazard of the register linked both
//     ways, a 判定标准 item → a major hazard with its criterion, in one action;
//   - the enforcement plan's proposals, the 双随机 draw re-run from its record, the
//     整改通知书 → reply → 复查 flow, the 百日攻坚 list;
//   - scope and roles for every new entity and action; bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs } from './lib.mjs';

const NOW = '2026-11-18 10:00:00';	// a Wednesday; week 2026-11-16 … 2026-11-22
const TODAY = NOW.slice(0, 10);
let srv, admin, reg, mgr, pri, staff, mgr2, pri2;

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: NOW, ANJIAN_SCHED: 'off' } });
  [admin, reg, mgr, pri, staff, mgr2, pri2] = await Promise.all(
    ['admin', 'regulator', 'manager', 'principal', 'staff', 'manager2', 'principal2'].map((u) => loginAs(srv.base, u)));
});
after(async () => { await srv?.stop(); });

async function all(c, path) {
  const r = await c.get(`${path}${path.includes('?') ? '&' : '?'}size=200`);
  assert.equal(r.status, 200, r.body);
  return r.json.items;
}
const shipped = async (code) => (await all(mgr, `/api/checklist?code=${code}`))[0];

/** Starts an inspection as c and answers every item: fails = {seq: note}, na = [seq]. */
async function runInspection(c, body, { fails = {}, na = [], criteria = {} } = {}) {
  const r = await c.post('/api/inspection', body);
  assert.equal(r.status, 201, r.body);
  const insp = r.json;
  const results = await all(c, `/api/inspection_result?inspection_id=${insp.id}`);
  assert.equal(results.length, insp.item_count);
  for (const x of results) {
    const b = fails[x.seq] ? { result: 'fail', note: fails[x.seq] } : na.includes(x.seq) ? { result: 'na' } : { result: 'pass' };
    if (criteria[x.seq]) b.criterion_id = criteria[x.seq];
    const u = await c.put(`/api/inspection_result/${x.id}`, b);
    assert.equal(u.status, 200, u.body);
  }
  return { insp, results };
}

test('shipped checklists: 六大责任25条 verbatim in six groups, seven duties, 六个一, 令第10号 deep check', async () => {
  const d25 = await shipped('duty25');
  assert.equal(d25.item_count, 25);
  assert.equal(d25.version, 1);
  assert.equal(d25.is_current, true);
  const items = await all(mgr, `/api/checklist_item?checklist_id=${d25.id}&sort=seq`);
  assert.equal(items.length, 25);
  assert.equal(new Set(items.map((x) => x.group_name)).size, 6);
  assert.ok(items[0].text.startsWith('1.压紧压实主要负责人第一责任。企业法定代表人和实际控制人是安全生产第一责任人'));
  assert.ok(items[19].text.startsWith('20.严格事故报告和应急处置。严格遵守事故报告规定，一小时内'));
  assert.ok(items[24].text.startsWith('25.严格履行环保设施安全评估'));
  assert.equal(items[17].group_name, '（四）落实基础管理责任');
  const p7 = await shipped('principal7');
  assert.equal(p7.item_count, 7);
  const p7items = await all(mgr, `/api/checklist_item?checklist_id=${p7.id}&sort=seq`);
  assert.equal(p7items[6].text, '7、及时、如实报告生产安全事故。');
  assert.equal((await shipped('six_one')).item_count, 6);
  const gm = await shipped('gm10');
  const crit = await all(mgr, '/api/hazard_criterion?standard=gm10&active=true');
  assert.ok(gm.item_count > 0);
  assert.equal(gm.item_count, crit.length);
  const gmItems = await all(mgr, `/api/checklist_item?checklist_id=${gm.id}`);
  assert.ok(gmItems.every((x) => x.criterion_id > 0));
  // the shipped lists are read-only to everyone but the admin
  assert.equal((await mgr.put(`/api/checklist/${d25.id}/items`, { items: [{ text: 'x' }] })).status, 403);
  assert.equal((await mgr.put(`/api/checklist/${d25.id}`, { name: 'x' })).status, 403);
  // everyone may read them (a library), and staff may not write
  assert.equal((await staff.get(`/api/checklist/${d25.id}`)).status, 200);
  assert.equal((await staff.post('/api/checklist', { name: '员工表' })).status, 403);
});

test('template versioning: saving a used template makes a new version; the past inspection keeps its items', async () => {
  let r = await mgr.post('/api/checklist', { name: '班前安全检查表' });
  assert.equal(r.status, 201, r.body);
  const v1 = r.json;
  assert.equal(v1.version, 1);
  assert.equal(v1.family_id, v1.id);
  assert.equal(v1.kind, 'custom');
  // bad items: nothing written
  r = await mgr.put(`/api/checklist/${v1.id}/items`, { items: [{ text: '' }] });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'items');
  r = await mgr.put(`/api/checklist/${v1.id}/items`, { items: [{ text: '消防通道畅通' }, { txt: 'x' }] });
  assert.equal(r.status, 400);
  r = await mgr.put(`/api/checklist/${v1.id}/items`, { items: [] });
  assert.equal(r.status, 400);
  // unused: saved in place
  r = await mgr.put(`/api/checklist/${v1.id}/items`, { items: [
    { group_name: '现场', text: '消防通道畅通', method: '现场查看' },
    { group_name: '现场', text: '灭火器在有效期内', evidence: '灭火器检查标签' }] });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.id, v1.id);
  assert.equal(r.json.item_count, 2);
  // another enterprise's manager may not edit it
  assert.equal((await mgr2.put(`/api/checklist/${v1.id}/items`, { items: [{ text: 'x' }] })).status, 403);
  // used by an inspection …
  const { insp } = await runInspection(mgr, { title: '班前检查', checklist_id: v1.id, org_id: mgr.me.org.id, inspect_date: TODAY });
  // … so saving again makes version 2
  r = await mgr.put(`/api/checklist/${v1.id}/items`, { name: '班前安全检查表（修订）', items: [
    { text: '消防通道畅通' }, { text: '灭火器在有效期内' }, { text: '安全出口标志完好' }] });
  assert.equal(r.status, 201, r.body);
  const v2 = r.json;
  assert.notEqual(v2.id, v1.id);
  assert.equal(v2.version, 2);
  assert.equal(v2.family_id, v1.id);
  assert.equal(v2.item_count, 3);
  assert.equal(v2.is_current, true);
  assert.equal(v2.owner_org_id, mgr.me.org.id);
  const old = (await mgr.get(`/api/checklist/${v1.id}`)).json;
  assert.equal(old.is_current, false);
  assert.equal(old.item_count, 2);
  assert.equal((await all(mgr, `/api/checklist_item?checklist_id=${v1.id}`)).length, 2);
  // the past inspection is as it was
  assert.equal((await all(mgr, `/api/inspection_result?inspection_id=${insp.id}`)).length, 2);
  assert.equal((await mgr.get(`/api/inspection/${insp.id}`)).json.checklist_id, v1.id);
  // an old version is not edited
  assert.equal((await mgr.put(`/api/checklist/${v1.id}/items`, { items: [{ text: 'x' }] })).status, 409);
  assert.equal((await all(mgr, `/api/checklist?family_id=${v1.id}`)).length, 2);
});

test('a 不符合 item becomes a hazard of the register, linked both ways, in the one finish action', async () => {
  const d25 = await shipped('duty25');
  const { insp, results } = await runInspection(mgr, {
    title: '百日攻坚25条自查', kind: 'self', checklist_id: d25.id, org_id: mgr.me.org.id, inspect_date: TODAY, location: '厂区',
  }, { fails: { 3: '特种设备检验报告过期' }, na: [24, 25] });
  // a participant with their signature
  let r = await mgr.post('/api/inspection_participant', { inspection_id: insp.id, name: '王专家', role: 'expert', company: '安全技术服务公司', signature: '李四' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'signature');
  r = await mgr.post('/api/inspection_participant', { inspection_id: insp.id, name: '王专家', role: 'expert', company: '安全技术服务公司', signature: '王专家' });
  assert.equal(r.status, 201, r.body);
  assert.ok(r.json.signed_at);
  // the other enterprise sees nothing of it
  assert.equal((await mgr2.get(`/api/inspection/${insp.id}`)).status, 404);
  assert.equal((await mgr2.put(`/api/inspection_result/${results[0].id}`, { result: 'fail' })).status, 404);
  assert.equal((await mgr2.post(`/api/inspection/${insp.id}/finish`, {})).status, 404);
  assert.equal((await all(mgr2, `/api/inspection_result?inspection_id=${insp.id}`)).length, 0);
  assert.equal((await all(mgr2, `/api/inspection_participant?inspection_id=${insp.id}`)).length, 0);
  // a 不符合 without a description is refused and nothing changes
  await mgr.put(`/api/inspection_result/${results[4].id}`, { result: 'fail', note: '' });
  const hzBefore = (await mgr.get('/api/hazard?size=1')).json.total;
  r = await mgr.post(`/api/inspection/${insp.id}/finish`, {});
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'results');
  assert.equal((await mgr.get('/api/hazard?size=1')).json.total, hzBefore);
  assert.equal((await mgr.get(`/api/inspection/${insp.id}`)).json.status, 'draft');
  await mgr.put(`/api/inspection_result/${results[4].id}`, { result: 'pass' });
  // unknown input
  r = await mgr.post(`/api/inspection/${insp.id}/finish`, { bogus: 1 });
  assert.equal(r.status, 400);
  r = await mgr.post(`/api/inspection/${insp.id}/finish`, { summary: '总体良好，1项不符合' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'done');
  assert.equal(r.json.pass_count, 22);
  assert.equal(r.json.fail_count, 1);
  assert.equal(r.json.na_count, 2);
  assert.equal(r.json.hazard_count, 1);
  assert.equal((await mgr.get('/api/hazard?size=1')).json.total, hzBefore + 1);
  const failed = (await all(mgr, `/api/inspection_result?inspection_id=${insp.id}&result=fail`));
  assert.equal(failed.length, 1);
  const hid = failed[0].hazard_id;
  assert.ok(hid > 0);
  const hz = (await mgr.get(`/api/hazard/${hid}`)).json;
  assert.equal(hz.source, 'self_check');
  assert.equal(hz.level, 'general');
  assert.equal(hz.status, 'registered');
  assert.equal(hz.found_at, TODAY);
  assert.equal(hz.org_id, mgr.me.org.id);
  assert.ok(hz.title.startsWith('3.坚持依法生产合法经营'), hz.title);
  assert.ok(hz.description.includes('特种设备检验报告过期'));
  assert.ok(hz.description.includes('百日攻坚25条自查'));
  // the way back: the hazard's inspection item
  const back = await all(mgr, `/api/inspection_result?hazard_id=${hid}`);
  assert.equal(back.length, 1);
  assert.equal(back[0].inspection_id, insp.id);
  // the hazard's own timeline opened through the hazard module's create path
  assert.ok((await all(mgr, `/api/hazard_event?hazard_id=${hid}`)).some((e) => e.action === 'register'));
  // done: nothing more changes
  assert.equal((await mgr.post(`/api/inspection/${insp.id}/finish`, {})).status, 409);
  assert.equal((await mgr.put(`/api/inspection_result/${results[0].id}`, { result: 'fail', note: 'x' })).status, 409);
  assert.equal((await mgr.post('/api/inspection_participant', { inspection_id: insp.id, name: '张三', role: 'other' })).status, 409);
  // 百日攻坚: the enterprise is on the list while the hazard is open
  r = await reg.get('/api/inspection/campaign100');
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.report_by, '2026-08-10');
  const row = r.json.items.find((x) => x.id === insp.id);
  assert.ok(row);
  assert.equal(row.open_count, 1);
  assert.equal((await mgr2.get('/api/inspection/campaign100')).status, 403);
});

test('a failed 判定标准 item becomes a major hazard with that criterion', async () => {
  const gm = await shipped('gm10');
  const items = await all(pri, `/api/checklist_item?checklist_id=${gm.id}&sort=seq`);
  const { insp } = await runInspection(pri, {
    title: '专家深度检查', kind: 'expert', checklist_id: gm.id, org_id: pri.me.org.id, inspect_date: TODAY,
  }, { fails: { 1: '未设置安全生产管理机构' } });
  const r = await pri.post(`/api/inspection/${insp.id}/finish`, {});
  assert.equal(r.status, 200, r.body);
  const failed = await all(pri, `/api/inspection_result?inspection_id=${insp.id}&result=fail`);
  const hz = (await pri.get(`/api/hazard/${failed[0].hazard_id}`)).json;
  assert.equal(hz.level, 'major');
  assert.equal(hz.major_criterion_id, items[0].criterion_id);
  assert.equal(hz.source, 'inspection');
  // it is on the major-hazard list
  assert.ok((await pri.get('/api/hazard/major?size=200')).json.items.some((x) => x.id === hz.id));
});

test('the principal-led major-hazard inspection is a duty: quarterly, done by a finished inspection', async () => {
  // enterprise B (精工金属, 金属冶炼: a high-risk industry) owes it monthly; the demo left
  // this month's undone
  const ob = async () => (await all(pri2, `/api/obligation?duty=principal_major_inspection_hr&period_key=2026-11`))
    .filter((x) => x.org_id === pri2.me.org.id);
  const before = await ob();
  assert.equal(before.length, 1, JSON.stringify(before));
  assert.notEqual(before[0].status, 'done');
  assert.equal(before[0].due_date, '2026-11-30');
  // enterprise A (not high-risk) owes it quarterly, and the demo's principal did it
  const a = (await all(pri, '/api/obligation?duty=principal_major_inspection&period_key=2026-Q4')).filter((x) => x.org_id === pri.me.org.id);
  assert.equal(a.length, 1);
  assert.equal(a[0].status, 'done');
  assert.equal((await all(pri, '/api/obligation?duty=principal_major_inspection_hr&period_key=2026-11')).filter((x) => x.org_id === pri.me.org.id).length, 0);
  // only the principal leads it
  const p7 = await shipped('principal7');
  let r = await mgr2.post('/api/inspection', { title: 'x', kind: 'principal_major', checklist_id: p7.id, org_id: mgr2.me.org.id, inspect_date: TODAY });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'kind');
  const { insp } = await runInspection(pri2, { title: '11月重大隐患带队检查', kind: 'principal_major', checklist_id: p7.id, org_id: pri2.me.org.id, inspect_date: TODAY });
  const p = (await all(pri2, `/api/inspection_participant?inspection_id=${insp.id}`));
  assert.equal(p.length, 0);
  assert.equal((await pri2.post(`/api/inspection/${insp.id}/finish`, {})).status, 200);
  const afterRows = await ob();
  assert.equal(afterRows[0].status, 'done');
  assert.equal(afterRows[0].proof_id, insp.id);
});

test('a plan yields its weekly tasks: past ones overdue, done by an inspection of the period', async () => {
  const d25 = await shipped('six_one');
  let r = await mgr.post('/api/inspection_plan', { name: '每周六个一检查', checklist_id: d25.id, frequency: 'weekly',
    owner_id: mgr.me.user.id, org_id: mgr.me.org.id, start_date: '2026-11-01' });
  assert.equal(r.status, 201, r.body);
  const plan = r.json;
  const tasks = await all(mgr, `/api/inspection_task?plan_id=${plan.id}&sort=due_date`);
  // weeks of 10-26…11-01, 11-02…08, 11-09…15, 11-16…22
  assert.deepEqual(tasks.map((t) => t.due_date), ['2026-11-01', '2026-11-08', '2026-11-15', '2026-11-22']);
  assert.deepEqual(tasks.map((t) => t.overdue), [true, true, true, false]);
  const obs = (await all(mgr, '/api/obligation?duty=inspection_plan_task')).filter((o) => tasks.some((t) => t.id === o.proof_id));
  assert.equal(obs.length, 4);
  assert.equal(obs.filter((o) => o.status === 'overdue').length, 3);
  // an inspection of the plan dated in the second week does that week's task (late)
  const { insp } = await runInspection(mgr, { title: '补做第二周检查', checklist_id: d25.id, plan_id: plan.id, org_id: mgr.me.org.id, inspect_date: '2026-11-05' });
  assert.equal((await mgr.post(`/api/inspection/${insp.id}/finish`, {})).status, 200);
  const t2 = (await mgr.get(`/api/inspection_task/${tasks[1].id}`)).json;
  assert.equal(t2.inspection_id, insp.id);
  assert.equal(t2.done_at, '2026-11-05');
  assert.equal(t2.overdue, false);
  const ob2 = (await all(mgr, '/api/obligation?duty=inspection_plan_task')).find((o) => o.proof_id === tasks[1].id);
  assert.equal(ob2.status, 'done');
  // bad plans
  r = await mgr.post('/api/inspection_plan', { name: '节前检查', checklist_id: d25.id, frequency: 'holiday', owner_id: mgr.me.user.id, org_id: mgr.me.org.id, start_date: TODAY });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'end_date');
  r = await mgr.post('/api/inspection_plan', { name: '车间检查', checklist_id: d25.id, frequency: 'daily', scope_kind: 'unit', owner_id: mgr.me.user.id, org_id: mgr.me.org.id, start_date: TODAY });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'unit_id');
  r = await mgr.post('/api/inspection_plan', { name: 'x', checklist_id: d25.id, frequency: 'yearly', owner_id: mgr.me.user.id, org_id: mgr.me.org.id, start_date: TODAY });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'frequency');
  // a one-off plan: one task due on its end date
  r = await mgr.post('/api/inspection_plan', { name: '元旦节前检查', checklist_id: d25.id, frequency: 'holiday', owner_id: mgr.me.user.id, org_id: mgr.me.org.id, start_date: '2026-12-25', end_date: '2026-12-30' });
  assert.equal(r.status, 201, r.body);
  const one = await all(mgr, `/api/inspection_task?plan_id=${r.json.id}`);
  assert.equal(one.length, 1);
  assert.equal(one[0].due_date, '2026-12-30');
  // stopping a plan cancels its coming tasks, keeps the past
  r = await mgr.put(`/api/inspection_plan/${plan.id}`, { active: false });
  assert.equal(r.status, 200, r.body);
  const after = await all(mgr, `/api/inspection_task?plan_id=${plan.id}&sort=due_date`);
  assert.deepEqual(after.map((t) => t.cancelled), [false, false, false, true]);
  // roles and scope
  assert.equal((await staff.post('/api/inspection_plan', { name: 'x', checklist_id: d25.id, frequency: 'daily', owner_id: mgr.me.user.id, org_id: mgr.me.org.id, start_date: TODAY })).status, 403);
  assert.equal((await mgr2.get(`/api/inspection_plan/${plan.id}`)).status, 404);
  assert.equal((await all(mgr2, `/api/inspection_task?plan_id=${plan.id}`)).length, 0);
});

test('enforcement plan: enterprises proposed from the data; flags; roles', async () => {
  let r = await reg.post('/api/enforcement_plan', { year: 2026, name: '2026年度安全生产执法计划' });
  assert.equal(r.status, 201, r.body);
  const plan = r.json;
  assert.equal(r.json.org_id, reg.me.org.id);
  assert.equal((await mgr.post('/api/enforcement_plan', { year: 2026, name: 'x' })).status, 403);
  assert.equal((await mgr.get(`/api/enforcement_plan/${plan.id}`)).status, 403);
  const ents = await all(reg, '/api/enterprise');
  const plain = ents.find((e) => !e.high_risk || e.high_risk === 'none');
  assert.ok(plain, 'a demo enterprise outside the high-risk industries');
  let p = (await reg.get(`/api/enforcement_plan/${plan.id}/proposals`)).json;
  assert.ok(!p.items.some((x) => x.enterprise_id === plain.id));
  for (const x of p.items) assert.ok(ents.find((e) => e.id === x.enterprise_id).high_risk !== 'none');
  // 失信 and a death in the last three years are flags until accidents exist
  assert.equal((await mgr.post('/api/enterprise_flag', { enterprise_id: plain.id, kind: 'dishonest', since: '2026-01-01' })).status, 403);
  r = await reg.post('/api/enterprise_flag', { enterprise_id: plain.id, kind: 'death', since: '2025-06-01' });
  assert.equal(r.status, 201, r.body);
  r = await reg.post('/api/enterprise_flag', { enterprise_id: plain.id, kind: 'dishonest', since: '2026-01-01', until: '2025-01-01' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'until');
  p = (await reg.get(`/api/enforcement_plan/${plan.id}/proposals`)).json;
  const px = p.items.find((x) => x.enterprise_id === plain.id);
  assert.ok(px);
  assert.deepEqual(px.reasons, ['近三年发生死亡事故']);
  assert.equal(px.listed, false);
  r = await reg.post(`/api/enforcement_plan/${plan.id}/propose`, {});
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.added, p.items.length);
  assert.equal((await reg.post(`/api/enforcement_plan/${plan.id}/propose`, {})).json.added, 0);
  const targets = await all(reg, `/api/enforcement_target?plan_id=${plan.id}`);
  assert.equal(targets.length, p.items.length);
  assert.equal(targets.find((t) => t.enterprise_id === plain.id).reason, 'death');
  r = await reg.post('/api/enforcement_target', { plan_id: plan.id, enterprise_id: plain.id, reason: 'other' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'enterprise_id');
  // the enterprises do not see the regulator's plan
  assert.equal((await mgr.get('/api/enforcement_target')).status, 403);
  assert.equal((await mgr.post(`/api/enforcement_plan/${plan.id}/propose`, {})).status, 403);
});

test('双随机: a recorded draw re-runs to the same result', async () => {
  const plan = (await reg.post('/api/enforcement_plan', { year: 2026, name: '双随机抽查计划' })).json;
  let r = await reg.post('/api/spot_draw', { title: '2026年第四季度双随机抽查', plan_id: plan.id, n_enterprises: 2, m_inspectors: 1 });
  assert.equal(r.status, 201, r.body);
  const d = r.json;
  assert.match(d.seed, /^[0-9a-f]{16}$/);
  assert.equal(d.drawn_by, reg.me.user.id);
  assert.equal(d.drawn_at, NOW);
  const cand = JSON.parse(d.candidates), ents = JSON.parse(d.result_enterprises), insp = JSON.parse(d.result_inspectors);
  assert.equal(ents.length, 2);
  assert.equal(new Set(ents).size, 2);
  for (const e of ents) assert.ok(cand.includes(e));
  assert.deepEqual([...cand].sort((a, b) => a - b), cand);
  // one inspector from the recorded pool: the org's regulators holding a valid 执法证
  // (国办发〔2015〕58号 draws from the enforcement officers). The demo org has two
  // regulator accounts; the 区领导 account 'leader' holds no certificate.
  const pool = JSON.parse(d.pool_ids);
  assert.deepEqual(pool, [reg.me.user.id], `the pool is the certified regulator only: ${d.pool_ids}`);
  assert.deepEqual(insp, [reg.me.user.id]);
  r = await reg.get(`/api/spot_draw/${d.id}/rerun`);
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.same, true);
  assert.equal(r.json.candidates_same, true);
  assert.deepEqual(r.json.enterprises, ents);
  assert.deepEqual(r.json.inspectors, insp);
  // the drawn enterprises are in the plan
  const t = await all(reg, `/api/enforcement_target?plan_id=${plan.id}`);
  assert.deepEqual(t.map((x) => x.enterprise_id).sort(), [...ents].sort());
  assert.ok(t.every((x) => x.reason === 'drawn'));
  // bad draws
  r = await reg.post('/api/spot_draw', { title: 'x', n_enterprises: 1, m_inspectors: 5 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'm_inspectors');
  r = await reg.post('/api/spot_draw', { title: 'x', n_enterprises: 0, m_inspectors: 1 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'n_enterprises');
  r = await reg.post('/api/spot_draw', { title: 'x', n_enterprises: 1, m_inspectors: 1, pool: String(mgr.me.user.id) });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'pool');
  // the leader is a regulator of the org but no enforcement officer
  const leader = (await admin.get('/api/user?q=leader&size=50')).json.items.find((u) => u.username === 'leader');
  r = await reg.post('/api/spot_draw', { title: 'x', n_enterprises: 1, m_inspectors: 1, pool: String(leader.id) });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'pool');
  assert.match(r.json.error.message, /执法证/);
  // an expired certificate leaves the regulator out of the default pool
  const mine = (await admin.get(`/api/user/${reg.me.user.id}`)).json;
  assert.ok(mine.enforce_cert && mine.enforce_cert_until >= TODAY, 'the demo regulator holds a valid 执法证');
  assert.equal((await admin.put(`/api/user/${reg.me.user.id}`, { enforce_cert_until: '2026-01-31' })).status, 200);
  r = await reg.post('/api/spot_draw', { title: 'x', n_enterprises: 1, m_inspectors: 1 });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'm_inspectors');
  assert.equal((await admin.put(`/api/user/${reg.me.user.id}`, { enforce_cert_until: mine.enforce_cert_until })).status, 200);
  r = await reg.post('/api/spot_draw', { title: 'x', n_enterprises: 1, m_inspectors: 1, seed: '0000000000000001' });
  assert.equal(r.status, 201);
  assert.notEqual(r.json.seed, '0000000000000001');	// the seed is the server's
  assert.equal((await mgr.post('/api/spot_draw', { title: 'x', n_enterprises: 1, m_inspectors: 1 })).status, 403);
  assert.equal((await mgr.get(`/api/spot_draw/${d.id}/rerun`)).status, 403);
  assert.equal((await reg.get('/api/spot_draw/999999/rerun')).status, 404);
  assert.equal((await reg.put(`/api/spot_draw/${d.id}`, { title: 'y' })).status, 405);
});

test('执法证 on a user: only the regulator and department roles carry one; number and date go together', async () => {
  const staffRow = (await admin.get('/api/user?q=staff&size=50')).json.items.find((u) => u.username === 'staff');
  let r = await admin.put(`/api/user/${staffRow.id}`, { enforce_cert: '沪执310118009999', enforce_cert_until: '2027-12-31' });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'enforce_cert');
  const leader = (await admin.get('/api/user?q=leader&size=50')).json.items.find((u) => u.username === 'leader');
  r = await admin.put(`/api/user/${leader.id}`, { enforce_cert: '沪执310118009998' });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'enforce_cert_until');
  r = await admin.put(`/api/user/${leader.id}`, { enforce_cert_until: '2027-12-31' });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'enforce_cert');
  const after = (await admin.get(`/api/user/${leader.id}`)).json;
  assert.ok(!after.enforce_cert && !after.enforce_cert_until, 'nothing was written');
});

test('整改通知书: a regulator check issues it, the enterprise replies, the regulator reviews', async () => {
  const p7 = await shipped('principal7');
  // the regulator's check is a 监管执法检查; an enterprise cannot make one
  let r = await mgr.post('/api/inspection', { title: 'x', kind: 'regulator', checklist_id: p7.id, org_id: mgr.me.org.id, inspect_date: TODAY });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'kind');
  const { insp } = await runInspection(reg, { title: '百日攻坚专项执法检查', checklist_id: p7.id, org_id: mgr.me.org.id, inspect_date: TODAY },
    { fails: { 3: '未制定年度安全生产教育和培训计划' } });
  assert.equal(insp.kind, 'regulator');
  // the enterprise's people cannot fill in the regulator's check
  const res = await all(mgr, `/api/inspection_result?inspection_id=${insp.id}`);
  assert.equal((await mgr.put(`/api/inspection_result/${res[0].id}`, { result: 'pass' })).status, 403);
  // no notice before the check is done
  r = await reg.post('/api/rectify_notice', { inspection_id: insp.id, deadline: '2026-12-01' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'inspection_id');
  r = await reg.post(`/api/inspection/${insp.id}/finish`, {});
  assert.equal(r.status, 200, r.body);
  const fr = await all(reg, `/api/inspection_result?inspection_id=${insp.id}&result=fail`);
  const hz = (await reg.get(`/api/hazard/${fr[0].hazard_id}`)).json;
  assert.equal(hz.source, 'regulator_check');
  assert.equal(hz.reg_org_id, reg.me.org.id);
  // bad notices
  assert.equal((await mgr.post('/api/rectify_notice', { inspection_id: insp.id, deadline: '2026-12-01' })).status, 403);
  r = await reg.post('/api/rectify_notice', { inspection_id: insp.id, deadline: '2026-11-01' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'deadline');
  r = await reg.post('/api/rectify_notice', { inspection_id: insp.id });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'deadline');
  r = await reg.post('/api/rectify_notice', { inspection_id: insp.id, deadline: '2026-12-01', requirement: '限期整改完毕并书面回复' });
  assert.equal(r.status, 201, r.body);
  const n = r.json;
  assert.match(n.number, /^责改〔2026〕\d+号$/);
  assert.equal(n.status, 'issued');
  assert.equal(n.issued_at, TODAY);
  assert.equal(n.org_id, mgr.me.org.id);
  assert.ok(n.items.includes('未制定年度安全生产教育和培训计划'));
  assert.ok(n.legal_basis.includes('第六十五条'));
  // the enterprise's duty to reply by the deadline
  const ob = (await all(mgr, '/api/obligation?duty=rectify_notice_reply')).find((o) => o.proof_id === n.id);
  assert.ok(ob);
  assert.equal(ob.due_date, '2026-12-01');
  assert.notEqual(ob.status, 'done');
  // scope and roles of the actions
  assert.equal((await mgr2.get(`/api/rectify_notice/${n.id}`)).status, 404);
  assert.equal((await mgr2.post(`/api/rectify_notice/${n.id}/reply`, { reply_note: 'x' })).status, 404);
  assert.equal((await staff.post(`/api/rectify_notice/${n.id}/reply`, { reply_note: 'x' })).status, 403);
  assert.equal((await reg.post(`/api/rectify_notice/${n.id}/reply`, { reply_note: 'x' })).status, 403);
  assert.equal((await reg.post(`/api/rectify_notice/${n.id}/review_pass`, {})).status, 409);
  r = await mgr.post(`/api/rectify_notice/${n.id}/reply`, {});
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reply_note');
  r = await mgr.post(`/api/rectify_notice/${n.id}/reply`, { reply_note: '已制定2027年度培训计划并开始实施' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'replied');
  assert.equal((await all(mgr, '/api/obligation?duty=rectify_notice_reply')).find((o) => o.proof_id === n.id).status, 'done');
  assert.equal((await mgr.post(`/api/rectify_notice/${n.id}/review_pass`, {})).status, 403);
  r = await reg.post(`/api/rectify_notice/${n.id}/review_fail`, {});
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reason');
  r = await reg.post(`/api/rectify_notice/${n.id}/review_fail`, { reason: '培训计划未经主要负责人签发', deadline: '2026-12-10' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'issued');
  assert.equal(r.json.deadline, '2026-12-10');
  assert.equal(r.json.review_note, '培训计划未经主要负责人签发');
  assert.notEqual((await all(mgr, '/api/obligation?duty=rectify_notice_reply')).find((o) => o.proof_id === n.id).status, 'done');
  assert.equal((await pri.post(`/api/rectify_notice/${n.id}/reply`, { reply_note: '已由主要负责人签发' })).status, 200);
  r = await reg.post(`/api/rectify_notice/${n.id}/review_pass`, { note: '复查合格' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'passed');
  assert.equal((await reg.post(`/api/rectify_notice/${n.id}/review_fail`, { reason: 'x' })).status, 409);
  // the enterprise sees its notice; the notice is not edited or deleted
  assert.equal((await mgr.get(`/api/rectify_notice/${n.id}`)).status, 200);
  assert.equal((await reg.put(`/api/rectify_notice/${n.id}`, { deadline: '2027-01-01' })).status, 405);
  assert.equal((await reg.del(`/api/rectify_notice/${n.id}`)).status, 405);
});

test('scope: another enterprise and staff see none of an enterprise\'s checks', async () => {
  for (const e of ['inspection', 'inspection_result', 'inspection_participant', 'inspection_plan', 'inspection_task', 'rectify_notice']) {
    const mine = await all(mgr, `/api/${e}`);
    const theirs = await all(mgr2, `/api/${e}`);
    assert.ok(mine.length > 0, e);
    assert.ok(!theirs.some((x) => x.org_id === mgr.me.org.id), e);
  }
  for (const e of ['enforcement_plan', 'enforcement_target', 'enterprise_flag', 'spot_draw']) {
    assert.equal((await staff.get(`/api/${e}`)).status, 403, e);
    assert.equal((await admin.get(`/api/${e}`)).status, 200, e);
  }
  // the enterprise home flags what it owes: the demo's notice not yet replied to, and
  // the plan tasks past their due day
  const home = async (c) => {
    const r = await c.get('/api/dashboard/home');
    assert.equal(r.status, 200, r.body);
    return Object.fromEntries(r.json.notices.map((n) => [n.key, n.count]));
  };
  const hA = await home(mgr), hB = await home(mgr2);
  assert.equal(hA.rectify_notice_open, 1);
  assert.ok(hA.inspection_task_overdue > 0);
  assert.equal(hB.rectify_notice_open, 0);
  assert.equal(hB.inspection_task_overdue, 0);
});

test('scope matrix: who reads a row of every new entity, and who may create one', async () => {
  const users = { admin, reg, mgr, pri, staff, mgr2 };
  const first = async (c, e, q = '') => (await all(c, `/api/${e}${q}`))[0];
  const insp = await first(mgr, 'inspection', `?org_id=${mgr.me.org.id}&status=done`);
  const rows = {
    checklist: await first(mgr, 'checklist', '?code=duty25'),
    inspection: insp,
    inspection_result: await first(mgr, 'inspection_result', `?inspection_id=${insp.id}`),
    inspection_participant: (await all(mgr, '/api/inspection_participant')).find((x) => x.org_id === mgr.me.org.id),
    inspection_plan: (await all(mgr, '/api/inspection_plan')).find((x) => x.org_id === mgr.me.org.id),
    inspection_task: (await all(mgr, '/api/inspection_task')).find((x) => x.org_id === mgr.me.org.id),
    rectify_notice: (await all(mgr, '/api/rectify_notice')).find((x) => x.org_id === mgr.me.org.id),
    enforcement_plan: await first(reg, 'enforcement_plan'),
    enforcement_target: await first(reg, 'enforcement_target'),
    enterprise_flag: await first(reg, 'enterprise_flag'),
    spot_draw: await first(reg, 'spot_draw'),
  };
  // expected GET status of the row by user
  const ENT_A = { admin: 200, reg: 200, mgr: 200, pri: 200, staff: 200, mgr2: 404 };
  const DISTRICT = { admin: 200, reg: 200, mgr: 403, pri: 403, staff: 403, mgr2: 403 };
  const read = {
    checklist: { admin: 200, reg: 200, mgr: 200, pri: 200, staff: 200, mgr2: 200 },
    inspection: ENT_A, inspection_result: ENT_A, inspection_participant: ENT_A, inspection_plan: ENT_A,
    inspection_task: ENT_A, rectify_notice: ENT_A,
    enforcement_plan: DISTRICT, enforcement_target: DISTRICT, enterprise_flag: DISTRICT, spot_draw: DISTRICT,
  };
  for (const [e, row] of Object.entries(rows)) {
    assert.ok(row, `a row of ${e}`);
    for (const [u, c] of Object.entries(users))
      assert.equal((await c.get(`/api/${e}/${row.id}`)).status, read[e][u], `${u} GET ${e}`);
  }
  // who may not create (403 before any validation)
  const noCreate = {
    checklist: ['staff'], inspection_plan: ['staff', 'reg'], rectify_notice: ['mgr', 'pri', 'staff', 'mgr2'],
    enforcement_plan: ['mgr', 'pri', 'staff'], enforcement_target: ['mgr', 'staff'], enterprise_flag: ['mgr', 'staff'],
    spot_draw: ['mgr', 'pri', 'staff'],
  };
  for (const [e, who] of Object.entries(noCreate))
    for (const u of who)
      assert.equal((await users[u].post(`/api/${e}`, {})).status, 403, `${u} POST ${e}`);
  // rows the module makes itself are never created through the API
  for (const e of ['checklist_item', 'inspection_task', 'inspection_result'])
    assert.equal((await admin.post(`/api/${e}`, {})).status, 405, `POST ${e}`);
});

// last: the later clock's server purges the first server's sessions as idle
// The offline phone's queue (web/src/utils/offlineQueue.js) sends each saved change
// with an Idempotency-Key header (src/http/idempotency.c): a change sent again after
// its answer was lost is answered with the first answer and stored once — the
// result, the photo, and the finish (one hazard); a refused request releases its
// key; the same key for another request, or a malformed one, is refused.
test('idempotent writes: an offline queue sending a result, a photo and the finish twice stores each once', async () => {
  const p7 = await shipped('principal7');
  const r0 = await mgr.post('/api/inspection', {
    title: '离线检查：主要负责人职责', kind: 'self', checklist_id: p7.id, org_id: mgr.me.org.id, inspect_date: TODAY,
  });
  assert.equal(r0.status, 201, r0.body);
  const insp = r0.json;
  const items = await all(mgr, `/api/inspection_result?inspection_id=${insp.id}&sort=seq`);
  const key = (s) => `q-${insp.id}-${s}-${'0'.repeat(20)}`;
  const H = (k) => ({ headers: { 'idempotency-key': k } });
  const audits = async (entity, id) => (await admin.get(`/api/audit?entity=${entity}&entity_id=${id}&size=50`)).json.items;

  // the photo, twice: one file
  const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d4944415478da63f8cfc0f01f0005000201a0e5a1d60000000049454e44ae426082', 'hex');
  const up = () => { const fd = new FormData(); fd.append('file', new Blob([PNG]), '现场.png'); return fd; };
  const f1 = await mgr.req('POST', `/api/files?org_id=${mgr.me.org.id}`, up(), H(key('photo')));
  assert.equal(f1.status, 201, f1.body);
  const f2 = await mgr.req('POST', `/api/files?org_id=${mgr.me.org.id}`, up(), H(key('photo')));
  assert.equal(f2.status, 201);
  assert.equal(f2.headers.get('idempotent-replayed'), 'true');
  assert.equal(f2.json.id, f1.json.id, 'the same file');
  assert.equal((await audits('file', f1.json.id)).filter((a) => a.action === 'upload').length, 1);

  // the 不符合 result with its note and photo, twice: stored once
  const body = { result: 'fail', note: '离线记录：操作规程缺失', photos: [f1.json.id] };
  const a = await mgr.put(`/api/inspection_result/${items[1].id}`, body, H(key('r2')));
  assert.equal(a.status, 200, a.body);
  assert.equal(a.headers.get('idempotent-replayed'), null);
  const b = await mgr.put(`/api/inspection_result/${items[1].id}`, body, H(key('r2')));
  assert.equal(b.status, 200);
  assert.equal(b.headers.get('idempotent-replayed'), 'true');
  assert.deepEqual(b.json, a.json, 'the first answer again');
  assert.equal((await audits('inspection_result', items[1].id)).filter((x) => x.action === 'update').length, 1, 'stored once');
  // the same key for another request: refused, nothing runs
  const c = await mgr.put(`/api/inspection_result/${items[1].id}`, { ...body, note: '另一内容' }, H(key('r2')));
  assert.equal(c.status, 422);
  assert.equal(c.json.error.code, 'idempotency_mismatch');
  assert.equal((await mgr.get(`/api/inspection_result/${items[1].id}`)).json.note, body.note);
  // a malformed key: refused with the field named
  const d = await mgr.put(`/api/inspection_result/${items[1].id}`, body, H('short'));
  assert.equal(d.status, 400);
  assert.equal(d.json.error.field, 'idempotency_key');
  // a key is the user's: the principal's request with the same key runs as its own
  const e = await pri.put(`/api/inspection_result/${items[0].id}`, { result: 'pass' }, H(key('r2')));
  assert.equal(e.status, 200, e.body);
  assert.equal(e.headers.get('idempotent-replayed'), null);

  // finishing with items open is refused and releases the key …
  const fin = { summary: '离线完成' };
  let r = await mgr.post(`/api/inspection/${insp.id}/finish`, fin, H(key('finish')));
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'results');
  for (const x of items.slice(2)) assert.equal((await mgr.put(`/api/inspection_result/${x.id}`, { result: 'pass' })).status, 200);
  // … so the same finish, sent again once the items are answered, runs — and again is the same answer
  const hzBefore = (await mgr.get('/api/hazard?size=1')).json.total;
  r = await mgr.post(`/api/inspection/${insp.id}/finish`, fin, H(key('finish')));
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.hazard_count, 1);
  const again = await mgr.post(`/api/inspection/${insp.id}/finish`, fin, H(key('finish')));
  assert.equal(again.status, 200, 'not 409: the replay of the first finish');
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal((await mgr.get('/api/hazard?size=1')).json.total, hzBefore + 1, 'one hazard');
  assert.equal((await all(mgr, `/api/inspection_result?inspection_id=${insp.id}&result=fail`))[0].hazard_id > 0, true);
  // a change queued before the finish and sent after it: refused in Chinese (a new key runs)
  r = await mgr.put(`/api/inspection_result/${items[3].id}`, { result: 'na' }, H(key('late')));
  assert.equal(r.status, 409);
  assert.equal(r.json.error.message, '检查已完成，不能修改');
  // without the header nothing changes: the same finish again is 409
  assert.equal((await mgr.post(`/api/inspection/${insp.id}/finish`, fin)).status, 409);
});

test('overdue rectification: past its deadline the unanswered notice is overdue, for the enterprise and the regulator', async () => {
  // the same database read on a later day (a second server, fixed clock)
  const later = await startServer({ demo: false, dataDir: srv.dataDir, dbUrl: srv.dbUrl, env: { ANJIAN_NOW: '2026-12-20 09:00:00', ANJIAN_SCHED: 'off' } });
  try {
    const [m, r] = await Promise.all([loginAs(later.base, 'manager'), loginAs(later.base, 'regulator')]);
    const open = await all(m, '/api/rectify_notice?overdue=true');
    assert.equal(open.length, 1);
    assert.equal(open[0].status, 'issued');
    assert.ok(open[0].deadline < '2026-12-20');
    assert.ok((await all(r, '/api/rectify_notice?overdue=true')).some((x) => x.id === open[0].id));
    // the one replied and passed is not
    assert.equal((await all(m, '/api/rectify_notice?status=passed&overdue=true')).length, 0);
  } finally {
    await later.stop({ keep: true });
  }
});
