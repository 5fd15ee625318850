// 应急管理 (src/mod/emergency.c), on the demo district and a fixed clock, both backends
// (ANJIAN_TEST_DB):
//   - 备案 within 20 working days of publication (应急管理部令第2号 第二十六条), counted
//     with the admin's holiday calendar: on time on the due day only because of the
//     holiday, late the day after, unfiled past due; the plan reads its calendar row;
//   - a new version supersedes the old one, which is kept (第三十六条 triggers);
//   - drills turn their frequency duties green (第三十三条; seeds/004 第19项; seeds/001
//     第10项), per period and per kind, half-yearly for the Art. 33 units;
//   - a drill reported by an Art. 33 unit messages its supervising regulators, once;
//   - supplies: next inspection, overdue inspection and expired flags, home notices;
//   - the contacts route; bad input; the scope matrix of every entity.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs } from './lib.mjs';

const NOW = '2026-12-01 10:00:00';	// a Tuesday
let srv, admin, reg, mgr, pri, staff, mgr2;
const org = {};	// enterprise name → org id

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: NOW, ANJIAN_SCHED: 'off' } });
  [admin, reg, mgr, pri, staff, mgr2] = await Promise.all(
    ['admin', 'regulator', 'manager', 'principal', 'staff', 'manager2'].map((u) => loginAs(srv.base, u)));
  const r = await admin.get('/api/enterprise?size=100');
  for (const e of r.json.items) org[e.short_name || e.name] = e.org_id;
  for (const e of r.json.items) org[e.name] = e.org_id;
});
after(async () => { await srv?.stop(); });

const A = () => mgr.me.org.id;
const B = () => mgr2.me.org.id;

async function created(p) {
  const r = await p;
  assert.equal(r.status, 201, r.body);
  return r.json;
}
/** The calendar row of duty for period key (or record id) of an enterprise org. */
async function obl(duty, key, orgId) {
  const r = await admin.get(`/api/obligation?duty=${duty}&period_key=${encodeURIComponent(String(key))}&size=200`);
  assert.equal(r.status, 200, r.body);
  return r.json.items.filter((x) => orgId === undefined || x.org_id === orgId);
}
async function notice(c, key) {
  const r = await c.get('/api/dashboard/home');
  assert.equal(r.status, 200, r.body);
  const n = r.json.notices.find((x) => x.key === key);
  assert.ok(n, `notice ${key}: ${JSON.stringify(r.json.notices)}`);
  return n.count;
}
const plan = (extra = {}) => ({
  name: '测试综合应急预案', kind: 'comprehensive', version: 'V1.0', published_at: '2026-10-30', ...extra,
});

test('备案 is due 20 working days after publication, skipping weekends and the admin\'s holiday', async () => {
  // 30 Oct 2026 is a Friday: 20 working days are 2 … 27 November; with 11 November off,
  // the 20th working day is Monday 30 November.
  const h = await admin.post('/api/holiday', { date: '2026-11-11', kind: 'off', name: '测试放假' });
  assert.equal(h.status, 201, h.body);

  const onTime = await created(mgr.post('/api/emergency_plan', plan({ filed_at: '2026-11-30', filed_to: '青浦区应急管理局' })));
  assert.equal(onTime.filing_due, '2026-11-30');
  assert.equal(onTime.filing_late, false, 'filed on the due day — on time only because of the holiday');
  const [o1] = await obl('em_plan_filing', onTime.id);
  assert.equal(o1.status, 'done');

  const late = await created(mgr.post('/api/emergency_plan', plan({ name: '迟备案预案', filed_at: '2026-12-01' })));
  assert.equal(late.filing_due, '2026-11-30');
  assert.equal(late.filing_late, true);
  assert.equal((await obl('em_plan_filing', late.id))[0].status, 'done_late');

  const before = await notice(mgr, 'em_filing_overdue');
  const unfiled = await created(mgr.post('/api/emergency_plan', plan({ name: '未备案预案', kind: 'special', published_at: '2026-10-09' })));
  assert.equal(unfiled.filing_late, true);
  assert.equal((await obl('em_plan_filing', unfiled.id))[0].status, 'overdue');
  assert.equal(await notice(mgr, 'em_filing_overdue'), before + 1);
  const flagged = await mgr.get('/api/emergency_plan?filing_late=true&size=100');
  const ids = flagged.json.items.map((x) => x.id);
  assert.ok(ids.includes(late.id) && ids.includes(unfiled.id) && !ids.includes(onTime.id));

  // filed now: the calendar row is done late, the home notice goes back
  const upd = await mgr.put(`/api/emergency_plan/${unfiled.id}`, { filed_at: '2026-12-01' });
  assert.equal(upd.status, 200, upd.body);
  assert.equal((await obl('em_plan_filing', unfiled.id))[0].status, 'done_late');
  assert.equal(await notice(mgr, 'em_filing_overdue'), before);
});

test('the 3-yearly evaluation is owed by the Art. 35 units only', async () => {
  // 青浦城投 is 规上 (medium size or larger): owed; 城投物业 (规下, not high-risk): not owed
  const a = await created(mgr.post('/api/emergency_plan', plan({ name: '评估测试预案', published_at: '2026-03-02', filed_at: '2026-03-20' })));
  assert.equal(a.next_evaluation, '2029-03-02');
  const ev = await mgr.put(`/api/emergency_plan/${a.id}`, { evaluated_at: '2026-11-20' });
  assert.equal(ev.json.next_evaluation, '2029-11-20');
  assert.equal((await obl('em_plan_evaluation', a.id))[0].due_at.slice(0, 10), '2029-11-20');
  const p = await created(mgr.post('/api/emergency_plan', plan({ name: '物业预案', org_id: org['城投物业'], filed_at: '2026-11-02' })));
  assert.equal(p.next_evaluation, null);
  assert.equal((await obl('em_plan_evaluation', p.id)).length, 0);
});

test('a new version supersedes the old one, which is kept; the reason is required (第三十六条)', async () => {
  const v1 = await created(mgr.post('/api/emergency_plan', plan({ name: '版本测试预案', filed_at: '2026-11-05' })));
  const bad = await mgr.post('/api/emergency_plan', plan({ name: '版本测试预案', version: 'V2.0', previous_id: v1.id }));
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'revision_trigger');
  const v2 = await created(mgr.post('/api/emergency_plan', plan({
    name: '版本测试预案', version: 'V2.0', published_at: '2026-11-20', previous_id: v1.id, revision_trigger: 'drill',
    revision_note: '演练发现通讯联络环节问题' })));
  const old = await mgr.get(`/api/emergency_plan/${v1.id}`);
  assert.equal(old.status, 200);
  assert.equal(old.json.superseded, true);
  assert.equal(v2.superseded, false);
  const cur = (await mgr.get('/api/emergency_plan?q=版本测试&size=50')).json.items.map((x) => x.id);
  assert.deepEqual(cur, [v2.id], 'the default list shows the current version');
  const every = (await mgr.get('/api/emergency_plan?q=版本测试&superseded=all&size=50')).json.items.map((x) => x.id);
  assert.deepEqual(every.sort(), [v1.id, v2.id].sort());
  const kind = await mgr.post('/api/emergency_plan', plan({ name: '版本测试预案', kind: 'onsite', version: 'V3', previous_id: v2.id, revision_trigger: 'risk' }));
  assert.equal(kind.status, 400);
  assert.equal(kind.json.error.field, 'kind');
  const again = await mgr.post('/api/emergency_plan', plan({ name: '版本测试预案', version: 'V3', previous_id: v1.id, revision_trigger: 'risk' }));
  assert.equal(again.status, 400);
  assert.equal(again.json.error.field, 'previous_id');
  const fix = await mgr.put(`/api/emergency_plan/${v2.id}`, { previous_id: null });
  assert.equal(fix.status, 400);
  assert.equal(fix.json.error.field, 'previous_id');
  // B may not revise A's plan
  const other = await mgr2.post('/api/emergency_plan', plan({ previous_id: v2.id, revision_trigger: 'risk' }));
  assert.ok([400, 404].includes(other.status), other.body);
  // deleting the new version reinstates the old one
  assert.equal((await mgr.del(`/api/emergency_plan/${v2.id}`)).status, 200);
  assert.equal((await mgr.get(`/api/emergency_plan/${v1.id}`)).json.superseded, false);
});

test('bad input: 400 naming the field, nothing written', async () => {
  const n0 = (await mgr.get('/api/emergency_plan?superseded=all&size=1')).json.total;
  for (const [body, field] of [
    [plan({ kind: undefined }), 'kind'],
    [plan({ kind: 'drill' }), 'kind'],
    [plan({ published_at: undefined }), 'published_at'],
    [plan({ filed_at: '2026-10-01' }), 'filed_at'],
    [plan({ approved_at: '2026-11-01' }), 'published_at'],
    [plan({ filed_at: '2026-12-05' }), 'filed_at'],
  ]) {
    const r = await mgr.post('/api/emergency_plan', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.json.error.field, field, r.body);
    assert.match(r.json.error.message, /[\u4e00-\u9fa5]/);
  }
  assert.equal((await mgr.get('/api/emergency_plan?superseded=all&size=1')).json.total, n0);
  const drill = { title: '测试演练', kind: 'evacuation', drill_date: '2026-11-20' };
  for (const [body, field] of [
    [{ ...drill, drill_date: '2026-12-02' }, 'drill_date'],
    [{ ...drill, reported_at: '2026-11-19' }, 'reported_at'],
    [{ ...drill, kind: undefined }, 'kind'],
  ]) {
    const r = await mgr.post('/api/emergency_drill', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.json.error.field, field, r.body);
  }
  const onsitePlan = (await mgr.get('/api/emergency_plan?kind=onsite&size=1')).json.items[0];
  const wrong = await mgr.post('/api/emergency_drill', { ...drill, kind: 'special', plan_id: onsitePlan.id });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.json.error.field, 'plan_id');
  const agr = await mgr.post('/api/rescue_team', { name: '协议', kind: 'agreement', leader: '张三', phone: '13816001234' });
  assert.equal(agr.status, 400);
  assert.ok(['partner', 'agreement_end'].includes(agr.json.error.field));
  const sup = await mgr.post('/api/emergency_supply', { name: '灭火器', category: 'fire', location: '一楼', quantity: 2, keeper: '张三', inspect_interval: 0 });
  assert.equal(sup.status, 400);
  assert.equal(sup.json.error.field, 'inspect_interval');
  const ph = await mgr.post('/api/emergency_command', { role: 'commander', person_name: '张三', phone: '12345' });
  assert.equal(ph.status, 400);
  assert.equal(ph.json.error.field, 'phone');
});

test('a drill of the period turns its duty green; the kind decides which duty', async () => {
  const prop = org['城投物业'];	// not high-risk: evacuation yearly
  const [evac] = await obl('em_drill_evac_year', '2026', prop);
  assert.equal(evac.status, 'due_soon', 'due 31 December, 30 days of warning');
  assert.equal((await obl('em_drill_evac_half', '2026-H2', prop)).length, 0, 'not a high-risk unit');
  const [plan26] = await obl('em_drill_plan_year', '2026', prop);
  assert.notEqual(plan26.status, 'done');

  // an on-site drill proves neither the evacuation nor the plan drill
  await created(mgr.post('/api/emergency_drill', { org_id: prop, title: '电梯困人现场处置演练', kind: 'onsite', drill_date: '2026-11-25' }));
  assert.equal((await obl('em_drill_evac_year', '2026', prop))[0].status, 'due_soon');
  assert.equal((await obl('em_drill_onsite', '2026-H2', prop))[0].status, 'done');

  const d = await created(mgr.post('/api/emergency_drill', { org_id: prop, title: '物业全员疏散演练', kind: 'evacuation', drill_date: '2026-11-28', participant_count: 60 }));
  const [done] = await obl('em_drill_evac_year', '2026', prop);
  assert.equal(done.status, 'done');
  assert.equal(done.proof_id, d.id);
  assert.equal(done.done_at.slice(0, 10), '2026-11-28');
  // moved out of the period → the duty is open again
  assert.equal((await mgr.put(`/api/emergency_drill/${d.id}`, { drill_date: '2025-12-20' })).status, 200);
  assert.equal((await obl('em_drill_evac_year', '2026', prop))[0].status, 'due_soon');
  assert.equal((await obl('em_drill_evac_year', '2025', prop))[0].status, 'done');
  assert.equal((await mgr.put(`/api/emergency_drill/${d.id}`, { drill_date: '2026-11-28' })).status, 200);
  assert.equal((await obl('em_drill_evac_year', '2026', prop))[0].status, 'done');

  // a 专项 drill proves the plan drill (综合 "或者" 专项)
  await created(mgr.post('/api/emergency_drill', { org_id: prop, title: '消防专项演练', kind: 'special', drill_date: '2026-11-29' }));
  assert.equal((await obl('em_drill_plan_year', '2026', prop))[0].status, 'done');
});

test('Art. 33 units drill their plans every half year and report each drill to the regulator', async () => {
  // 精工金属 (B) is 金属冶炼: half-yearly plan drills, no yearly row
  assert.equal((await obl('em_drill_plan_year', '2026', B())).length, 0);
  const [h2] = await obl('em_drill_plan_half', '2026-H2', B());
  assert.notEqual(h2.status, 'done');
  const regInbox = async () => (await reg.get('/api/inbox?size=200')).json.items.filter((m) => m.entity === 'emergency_drill');
  const n0 = (await regInbox()).length;

  const d = await created(mgr2.post('/api/emergency_drill', { title: '熔炼车间综合应急演练', kind: 'comprehensive', drill_date: '2026-11-26' }));
  assert.equal(d.report_required, true);
  assert.equal(d.report_missing, true);
  assert.equal((await obl('em_drill_plan_half', '2026-H2', B()))[0].status, 'done');
  assert.equal((await regInbox()).length, n0, 'no message before the report');

  const r = await mgr2.put(`/api/emergency_drill/${d.id}`, { reported_at: '2026-11-30' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.report_missing, false);
  const msgs = (await regInbox()).filter((m) => m.entity_id === d.id);
  assert.equal(msgs.length, 1);
  assert.match(msgs[0].title, /精工金属.*熔炼车间综合应急演练/);
  // an edit after the report sends nothing more
  assert.equal((await mgr2.put(`/api/emergency_drill/${d.id}`, { evaluation: '效果良好' })).status, 200);
  assert.equal((await regInbox()).filter((m) => m.entity_id === d.id).length, 1);
  // the enterprise's own users get no such message
  assert.equal((await mgr2.get('/api/inbox?size=200')).json.items.filter((m) => m.entity === 'emergency_drill').length, 0);

  // a unit outside Art. 33 need not report
  const prop = await created(mgr.post('/api/emergency_drill', { org_id: org['城投物业'], title: '桌面推演', kind: 'comprehensive', drill_date: '2026-11-20', method: 'tabletop' }));
  assert.equal(prop.report_required, false);
  assert.equal(prop.report_missing, false);
});

test('supplies: next inspection from the interval, overdue and expired flags, home notices', async () => {
  const exp0 = await notice(mgr, 'em_supply_expired');
  const ovd0 = await notice(mgr, 'em_supply_overdue');
  const ok = await created(mgr.post('/api/emergency_supply', {
    name: '测试灭火器', category: 'fire', location: '一楼', quantity: 10, unit: '具', keeper: '张三',
    inspect_interval: 30, last_inspected: '2026-11-20', expiry: '2028-01-01' }));
  assert.equal(ok.next_inspection, '2026-12-20');
  assert.equal(ok.inspection_overdue, false);
  assert.equal(ok.expired, false);
  const bad = await created(mgr.post('/api/emergency_supply', {
    name: '测试急救箱', category: 'firstaid', location: '二楼', quantity: 1, keeper: '李四',
    inspect_interval: 30, last_inspected: '2026-10-01', expiry: '2026-11-30' }));
  assert.equal(bad.next_inspection, '2026-10-31');
  assert.equal(bad.inspection_overdue, true);
  assert.equal(bad.expired, true);
  const never = await created(mgr.post('/api/emergency_supply', {
    name: '测试呼吸器', category: 'rescue', location: '三楼', quantity: 2, keeper: '王五', inspect_interval: 90 }));
  assert.equal(never.next_inspection, '2026-12-01', 'never inspected: due at once');
  assert.equal(await notice(mgr, 'em_supply_expired'), exp0 + 1);
  assert.equal(await notice(mgr, 'em_supply_overdue'), ovd0 + 1);
  const ex = (await mgr.get('/api/emergency_supply?expired=true&size=100')).json.items.map((x) => x.id);
  assert.ok(ex.includes(bad.id) && !ex.includes(ok.id));
  // inspected today: no longer overdue
  const upd = await mgr.put(`/api/emergency_supply/${bad.id}`, { last_inspected: '2026-12-01' });
  assert.equal(upd.json.next_inspection, '2026-12-31');
  assert.equal(upd.json.inspection_overdue, false);
  assert.equal(await notice(mgr, 'em_supply_overdue'), ovd0);
});

test('the command body and teams are the enterprise\'s contacts, read in scope', async () => {
  await created(mgr.post('/api/emergency_command', { role: 'liaison', person_name: '测试联络员', phone: '13816009999', group_name: '通讯联络组' }));
  const c = await mgr.get('/api/emergency/contacts');
  assert.equal(c.status, 200, c.body);
  const liaison = c.json.command.find((m) => m.name === '测试联络员');
  assert.equal(liaison.role_label, '联络员');
  assert.equal(liaison.phone, '13816009999');
  assert.ok(c.json.command.some((m) => m.role === 'commander'));
  assert.ok(c.json.teams.length >= 1);
  assert.equal((await reg.get(`/api/emergency/contacts?org_id=${A()}`)).status, 200);
  assert.equal((await mgr2.get(`/api/emergency/contacts?org_id=${A()}`)).status, 404);
  assert.equal((await mgr.get('/api/emergency/contacts?org_id=x')).status, 400);
  const none = await reg.get('/api/emergency/contacts');
  assert.equal(none.status, 400, 'a district user names the enterprise');
  assert.equal(none.json.error.field, 'org_id');
  assert.equal((await reg.get(`/api/emergency/contacts?org_id=${reg.me.org.id}`)).status, 404, 'not an enterprise');
  // the chemicals trader (high-risk, no team) is flagged on its home; B has an agreement
  // though 规上: an own team is required
  assert.equal(await notice(mgr2, 'em_no_team'), 1);
  await created(mgr2.post('/api/rescue_team', { name: '精工金属兼职救援队', kind: 'parttime', leader: '马春生', phone: '13816002003', members: 12 }));
  assert.equal(await notice(mgr2, 'em_no_team'), 0);
});

test('a row given an internal unit belongs to the unit\'s enterprise (the calendar counts enterprises)', async () => {
  const units = (await admin.get('/api/org?kind=unit&size=200')).json.items;
  // a unit two levels below B (熔炼班 of 熔炼车间), and one of A's subsidiary 青浦燃气
  const child = (p) => units.find((x) => units.some((y) => y.id === x.parent_id && y.parent_id === p));
  const u = child(B());
  assert.ok(u, 'the demo has sub-units inside 精工金属');
  const d2 = await created(mgr2.post('/api/emergency_command', { org_id: u.id, role: 'member', person_name: '班组长', phone: '13816005555' }));
  assert.equal(d2.org_id, B());
  const gasUnit = units.find((x) => x.parent_id === org['青浦燃气']);
  const d = await created(mgr.post('/api/emergency_drill', { org_id: gasUnit.id, title: '调压站现场处置演练', kind: 'onsite', drill_date: '2026-11-18' }));
  assert.equal(d.org_id, org['青浦燃气'], 'a subsidiary is its own enterprise, not its group');
  const bad = await mgr.post('/api/emergency_supply', { org_id: reg.me.org.id, name: 'x', category: 'other', location: 'y', quantity: 1, keeper: 'z', inspect_interval: 30 });
  assert.ok([400, 404].includes(bad.status), bad.body);
});

test('scope matrix: every entity — who reads, who writes, out of scope is 404', async () => {
  const bodies = {
    emergency_plan: plan({ name: '矩阵预案', filed_at: '2026-11-02' }),
    emergency_command: { role: 'member', person_name: '矩阵成员', phone: '13816008888' },
    rescue_team: { name: '矩阵救援队', kind: 'parttime', leader: '赵六', phone: '13816007777' },
    emergency_supply: { name: '矩阵物资', category: 'other', location: '库房', quantity: 1, keeper: '赵六', inspect_interval: 30 },
    emergency_drill: { title: '矩阵演练', kind: 'evacuation', drill_date: '2026-11-15' },
  };
  for (const [ent, body] of Object.entries(bodies)) {
    const row = await created(mgr.post(`/api/${ent}`, body));
    assert.equal(row.org_id, A(), `${ent}: the manager's enterprise`);
    assert.equal((await pri.post(`/api/${ent}`, body)).status, 201, `${ent}: principal writes`);
    assert.equal((await staff.post(`/api/${ent}`, body)).status, 403, `${ent}: staff`);
    assert.equal((await reg.post(`/api/${ent}`, { ...body, org_id: A() })).status, 403, `${ent}: regulator`);
    assert.equal((await staff.get(`/api/${ent}/${row.id}`)).status, 200, `${ent}: staff reads`);
    assert.equal((await reg.get(`/api/${ent}/${row.id}`)).status, 200, `${ent}: regulator reads`);
    assert.equal((await mgr2.get(`/api/${ent}/${row.id}`)).status, 404, `${ent}: other enterprise`);
    assert.equal((await mgr2.put(`/api/${ent}/${row.id}`, {})).status, 404, `${ent}: other enterprise update`);
    assert.equal((await mgr2.del(`/api/${ent}/${row.id}`)).status, 404, `${ent}: other enterprise delete`);
    assert.ok(!(await mgr2.get(`/api/${ent}?size=200`)).json.items.some((x) => x.id === row.id), `${ent}: B's list`);
    assert.equal((await mgr2.post(`/api/${ent}`, { ...body, org_id: A() })).status, 404, `${ent}: B writing into A`);
    assert.equal((await reg.put(`/api/${ent}/${row.id}`, {})).status, 403, `${ent}: regulator update`);
    assert.equal((await mgr.del(`/api/${ent}/${row.id}`)).status, 200, `${ent}: manager deletes`);
  }
});
