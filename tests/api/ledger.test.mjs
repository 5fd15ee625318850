// 专项台账 module (src/mod/ledger*.c; issue 10 "special ledgers the documents name") on
// the demo district at a fixed clock, both backends (ANJIAN_TEST_DB):
//   - 重大危险源: the grade from R (GB 18218-2018 表4) or chosen, a contradiction
//     refused; 未备案 and 包保责任人不全 flags; monitoring points with thresholds;
//   - 三级包保责任人: one per level, the next 履职 due by level (quarter / month /
//     week), moved by a 履职记录, late ones overdue in the obligations calendar;
//   - 危险化学品: CAS check digit and UN number, MSDS missing flagged, the linked major
//     hazard of the same enterprise only; the yearly 申报与自查 duty (seeds/004 第24项);
//   - 有限空间: the 令第10号 第十三条 flag; 环保设施: default next assessment, overdue,
//     a failed assessment creates its linked hazard once;
//   - 值班表: draft → submitted → confirmed, entries only in a draft, inside the period,
//     night/holiday entries without a 带班领导 flagged, the regulator's on-duty view;
//   - scope of every entity (another enterprise 404; the regulator reads, never writes);
//   - the home notices.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs } from './lib.mjs';

const NOW = '2026-12-20 10:00:00';
const TODAY = NOW.slice(0, 10);
let srv, admin, reg, mgr, pri, staff, mgr2;

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: NOW, ANJIAN_SCHED: 'off' } });
  [admin, reg, mgr, pri, staff, mgr2] = await Promise.all(
    ['admin', 'regulator', 'manager', 'principal', 'staff', 'manager2'].map((u) => loginAs(srv.base, u)));
});
after(async () => { await srv?.stop(); });

const ok = (r, status = 200) => { assert.equal(r.status, status, r.body); return r.json; };
const orgA = () => mgr.me.org.id;
function addDays(d, n) {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}
function refused(r, status, field, re) {
  assert.equal(r.status, status, r.body);
  if (field) assert.equal(r.json.error.field, field, r.body);
  if (re) assert.match(r.json.error.message, re);
}
async function obligation(code, id) {
  const r = ok(await admin.get(`/api/obligation?duty=${code}&size=200`));
  return r.items.find((x) => x.proof_id === id);
}
async function entOrg(shortName) {
  const r = ok(await reg.get(`/api/enterprise?q=${encodeURIComponent(shortName)}&size=5`));
  assert.equal(r.items.length, 1, shortName);
  return r.items[0].org_id;
}
const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
async function upload(c, name = 'MSDS.pdf') {
  const fd = new FormData();
  fd.append('file', new Blob([PDF]), name);
  const r = await c.req('POST', '/api/files', fd);
  assert.equal(r.status, 201, r.body);
  return r.json.id;
}

const MH = { name: '罐区', unit_kind: 'storage', location: '北区', identified_date: '2026-10-01', status: 'in_use' };

/* ------------------------------------------------------------ 重大危险源 */

test('major hazard: the grade follows R by GB 18218-2018 表4, a contradicting grade is refused', async () => {
  for (const [r, g] of [[100, 'first'], [99.9, 'second'], [50, 'second'], [10, 'third'], [9.99, 'fourth']]) {
    const m = ok(await mgr.post('/api/major_hazard', { ...MH, r_value: r }), 201);
    assert.equal(m.grade, g, `R ${r}`);
    assert.equal(m.org_id, orgA());
    ok(await mgr.del(`/api/major_hazard/${m.id}`));
  }
  refused(await mgr.post('/api/major_hazard', { ...MH, r_value: 120, grade: 'third' }), 400, 'grade', /一级/);
  refused(await mgr.post('/api/major_hazard', { ...MH }), 400, 'grade', /级别或填写R值/);
  refused(await mgr.post('/api/major_hazard', { ...MH, grade: 'first', name: '' }), 400, 'name');
  refused(await mgr.post('/api/major_hazard', { ...MH, grade: 'first', filing_date: '2026-09-01', filing_no: 'X' }),
    400, 'filing_date', /不能早于辨识日期/);
  refused(await mgr.post('/api/major_hazard', { ...MH, grade: 'first', filing_no: '备〔2026〕1号' }), 400, 'filing_date');
  // nothing was written by the refusals
  const all = ok(await mgr.get('/api/major_hazard?q=%E7%BD%90%E5%8C%BA&size=50'));
  assert.equal(all.items.filter((x) => x.name === '罐区').length, 0);
  // a chosen grade without R stands
  const m = ok(await mgr.post('/api/major_hazard', { ...MH, grade: 'third' }), 201);
  assert.equal(m.grade, 'third');
  assert.equal(m.not_filed, true);
  assert.equal(m.guardians_incomplete, true);
  const f = ok(await mgr.put(`/api/major_hazard/${m.id}`, { filing_date: '2026-10-15', filing_no: '沪青应急危源备〔2026〕031号' }));
  assert.equal(f.not_filed, false);
  ok(await mgr.del(`/api/major_hazard/${m.id}`));
});

test('major hazard: three 包保 persons, one per level; points with thresholds; the regulator reads, never writes', async () => {
  const m = ok(await mgr.post('/api/major_hazard', { ...MH, name: '液氯储罐区', r_value: 60 }), 201);
  const people = [
    { role: 'principal', name: '王建国', position: '总经理', phone: '13800000001', duty: '保证安全投入，每季度组织检查' },
    { role: 'technical', name: '李技术', position: '总工程师', phone: '13800000002', duty: '每月组织安全检查' },
    { role: 'operator', name: '张操作', position: '罐区班长', phone: '13800000003', duty: '每周组织安全检查' },
  ];
  const ids = [];
  for (const p of people) ids.push(ok(await mgr.post('/api/major_hazard_guardian', { major_hazard_id: m.id, assigned_date: '2026-12-01', ...p }), 201).id);
  refused(await mgr.post('/api/major_hazard_guardian', { major_hazard_id: m.id, assigned_date: '2026-12-01', ...people[0], name: '又一位' }),
    400, 'role', /已确定主要负责人/);
  refused(await mgr.post('/api/major_hazard_guardian', { major_hazard_id: m.id, assigned_date: '2026-12-01', ...people[0], role: 'technical', phone: '12345' }),
    400, 'phone');
  const got = ok(await mgr.get(`/api/major_hazard/${m.id}`));
  assert.equal(got.guardians_incomplete, false);

  // the next due by level: assigned 2026-12-01 (a Tuesday): Q4 end, December end, that Sunday
  const g = await Promise.all(ids.map(async (id) => ok(await mgr.get(`/api/major_hazard_guardian/${id}`))));
  assert.deepEqual(g.map((x) => x.next_duty_due), ['2026-12-31', '2026-12-31', '2026-12-06']);
  assert.equal(g[2].duty_overdue, true);		// the week of 12-01 has passed without a record

  // monitoring points
  refused(await mgr.post('/api/major_hazard_point', { major_hazard_id: m.id, name: '液位', kind: 'level', low_alarm: 5, high_alarm: 2 }),
    400, 'high_alarm', /大于低报警值/);
  refused(await mgr.post('/api/major_hazard_point', { major_hazard_id: m.id, name: '氯气', kind: 'toxic_gas', low_alarm: 1 }),
    400, 'high_alarm', /气体监测点/);
  refused(await mgr.post('/api/major_hazard_point', { major_hazard_id: m.id, name: '温度', kind: 'temperature' }), 400, 'high_alarm');
  const p = ok(await mgr.post('/api/major_hazard_point', { major_hazard_id: m.id, name: '氯气浓度', kind: 'toxic_gas', unit: 'ppm', high_alarm: 1, online: false }), 201);
  assert.equal(p.org_id, orgA());
  const after = ok(await mgr.get(`/api/major_hazard/${m.id}`));
  assert.equal(after.point_count, 1);
  assert.equal(after.offline_points, 1);

  // the regulator reads the enterprise's source and persons, writes nothing
  const seen = ok(await reg.get(`/api/major_hazard/${m.id}`));
  assert.equal(seen.name, '液氯储罐区');
  const gl = ok(await reg.get(`/api/major_hazard_guardian?major_hazard_id=${m.id}`));
  assert.equal(gl.total, 3);
  assert.equal((await reg.put(`/api/major_hazard/${m.id}`, { name: '改' })).status, 403);
  assert.equal((await reg.post('/api/major_hazard', { ...MH, grade: 'first', org_id: orgA() })).status, 403);
  assert.equal((await reg.post('/api/major_hazard_guardian', { major_hazard_id: m.id, assigned_date: '2026-12-01', ...people[0] })).status, 403);
  // another enterprise neither sees nor attaches to it
  assert.equal((await mgr2.get(`/api/major_hazard/${m.id}`)).status, 404);
  assert.equal((await mgr2.get(`/api/major_hazard_guardian/${ids[0]}`)).status, 404);
  assert.equal((await mgr2.put(`/api/major_hazard/${m.id}`, { name: '改' })).status, 404);
  const foreign = await mgr2.post('/api/major_hazard_point', { major_hazard_id: m.id, name: 'x', kind: 'level', high_alarm: 1 });
  assert.equal(foreign.status, 400, foreign.body);
  assert.equal(foreign.json.error.field, 'major_hazard_id');
  const list2 = ok(await mgr2.get('/api/major_hazard?size=100'));
  assert.ok(!list2.items.some((x) => x.id === m.id));
  // staff reads, does not register sources
  assert.equal((await staff.post('/api/major_hazard', { ...MH, grade: 'first' })).status, 403);

  // a 履职记录 moves the person's due and its obligation: the operator's week is then on time
  refused(await mgr.post('/api/major_hazard_duty', { guardian_id: ids[2], duty_date: addDays(TODAY, 1), content: '检查' }),
    400, 'duty_date', /不能晚于今天/);
  refused(await mgr.post('/api/major_hazard_duty', { guardian_id: ids[2], duty_date: TODAY }), 400, 'content');
  let ob = await obligation('mh_guardian_operator', ids[2]);
  assert.equal(ob.status, 'overdue');
  assert.equal(ob.due_at.slice(0, 10), '2026-12-06');
  const d = ok(await mgr.post('/api/major_hazard_duty', { guardian_id: ids[2], duty_date: '2026-12-19', content: '周检：罐区巡检，监测系统正常' }), 201);
  assert.equal(d.role, 'operator');
  assert.equal(d.major_hazard_id, m.id);
  const op = ok(await mgr.get(`/api/major_hazard_guardian/${ids[2]}`));
  assert.equal(op.last_duty_date, '2026-12-19');
  assert.equal(op.next_duty_due, '2026-12-27');	// the Sunday of the next week (12-19 is a Saturday)
  assert.equal(op.duty_overdue, false);
  ob = await obligation('mh_guardian_operator', ids[2]);
  assert.equal(ob.due_at.slice(0, 10), '2026-12-27');
  assert.equal(ob.status, 'not_due');
  // the technical person's month: a record in December → due at the end of January
  ok(await mgr.post('/api/major_hazard_duty', { guardian_id: ids[1], duty_date: '2026-12-10', content: '月度检查' }), 201);
  assert.equal(ok(await mgr.get(`/api/major_hazard_guardian/${ids[1]}`)).next_duty_due, '2027-01-31');
  // deleting the record puts the due back
  ok(await mgr.del(`/api/major_hazard_duty/${d.id}`));
  const back = ok(await mgr.get(`/api/major_hazard_guardian/${ids[2]}`));
  assert.equal(back.last_duty_date, null);
  assert.equal(back.next_duty_due, '2026-12-06');
  assert.equal((await obligation('mh_guardian_operator', ids[2])).status, 'overdue');
  // the regulator does not record duties
  assert.equal((await reg.post('/api/major_hazard_duty', { guardian_id: ids[0], duty_date: TODAY, content: 'x' })).status, 403);
});

test('major hazard: the demo shows sources filed and not, persons on time, late and missing', async () => {
  const all = ok(await reg.get('/api/major_hazard?size=50'));
  const gas = all.items.find((x) => x.name === 'LNG储配站储罐区');
  assert.equal(gas.grade, 'second');
  assert.equal(gas.not_filed, false);
  assert.equal(gas.guardians_incomplete, false);
  assert.equal(gas.offline_points, 1);
  const cold = all.items.find((x) => x.name === '液氨制冷机房及贮氨器');
  assert.equal(cold.grade, 'third');
  assert.equal(cold.guardians_incomplete, true);
  const wh = all.items.find((x) => x.name === '甲类危化品仓库');
  assert.equal(wh.not_filed, true);
  const late = ok(await reg.get('/api/major_hazard_guardian?duty_overdue=true&size=50'));
  assert.ok(late.items.some((x) => x.name === '何明'));		// never performed
  assert.ok(late.items.some((x) => x.name === '陆志强'));	// a month late
  assert.ok(!late.items.some((x) => x.name === '顾晓东'));	// weekly, on time
});

/* ------------------------------------------------------------ 危险化学品 */

test('hazardous chemical: CAS and UN checked, MSDS missing flagged, the major hazard of the same enterprise only', async () => {
  const base = { name: '液氯', max_storage: 10, unit: 't', storage_place: '液氯库' };
  refused(await mgr.post('/api/hazardous_chemical', { ...base, cas: '7782-50-4' }), 400, 'cas', /校验位/);
  refused(await mgr.post('/api/hazardous_chemical', { ...base, cas: '7782505' }), 400, 'cas');
  refused(await mgr.post('/api/hazardous_chemical', { ...base, cas: '7782-50-5', un_no: '10178' }), 400, 'un_no');
  refused(await mgr.post('/api/hazardous_chemical', { ...base, un_no: 'UN10' }), 400, 'un_no', /4位数字/);
  refused(await mgr.post('/api/hazardous_chemical', { ...base, storage_place: '' }), 400, 'storage_place');
  refused(await mgr.post('/api/hazardous_chemical', { ...base, unit: 'barrel' }), 400, 'unit');
  const foreign = ok(await mgr2.post('/api/major_hazard', { ...MH, name: '乙企业罐区', grade: 'fourth' }), 201);
  const x = await mgr.post('/api/hazardous_chemical', { ...base, major_hazard_id: foreign.id });
  assert.equal(x.status, 400, x.body);
  assert.equal(x.json.error.field, 'major_hazard_id');

  const c = ok(await mgr.post('/api/hazardous_chemical', { ...base, cas: '7782-50-5', un_no: '1017', key_supervised: true }), 201);
  assert.equal(c.msds_missing, true);
  const missing = ok(await mgr.get('/api/hazardous_chemical?msds_missing=true&size=100'));
  assert.ok(missing.items.some((r) => r.id === c.id));
  const fid = await upload(mgr);
  const u = ok(await mgr.put(`/api/hazardous_chemical/${c.id}`, { msds: [fid] }));
  assert.equal(u.msds_missing, false);
  assert.ok(!ok(await mgr.get('/api/hazardous_chemical?msds_missing=true&size=100')).items.some((r) => r.id === c.id));
  // scope
  assert.equal((await mgr2.get(`/api/hazardous_chemical/${c.id}`)).status, 404);
  assert.equal((await mgr2.del(`/api/hazardous_chemical/${c.id}`)).status, 404);
  assert.equal(ok(await reg.get(`/api/hazardous_chemical/${c.id}`)).name, '液氯');
  assert.equal((await reg.put(`/api/hazardous_chemical/${c.id}`, { name: '改' })).status, 403);
  assert.equal((await reg.del(`/api/hazardous_chemical/${c.id}`)).status, 403);
  ok(await mgr.del(`/api/hazardous_chemical/${c.id}`));
  ok(await mgr2.del(`/api/major_hazard/${foreign.id}`));
});

test('hazardous chemical: the yearly declaration and self-check is a duty of the enterprises using them', async () => {
  const chemOrg = await entOrg('青浦化贸');
  const gasOrg = await entOrg('青浦燃气');
  const all = ok(await admin.get('/api/obligation?duty=chemical_check_annual&size=200')).items
    .filter((x) => x.period_key === '2026');
  const byOrg = Object.fromEntries(all.map((x) => [x.org_id, x]));
  assert.equal(byOrg[gasOrg].status, 'done');		// 2026 declared and self-checked
  assert.equal(byOrg[chemOrg].status, 'due_soon');	// due 2026-12-31, not yet
  assert.equal(byOrg[chemOrg].due_at.slice(0, 10), '2026-12-31');
  // an enterprise without hazardous chemicals owes nothing
  const printer = await entOrg('淀湖酒店');
  assert.equal(byOrg[printer], undefined);

  refused(await mgr.post('/api/chemical_check', { year: 2026, selfcheck_date: '2026-06-01' }), 400, 'result');
  refused(await mgr.post('/api/chemical_check', { year: 2026, declared_date: '2026-05-01', selfcheck_date: '2026-06-01', result: 'rectifying' }),
    400, 'problems');
  const k = ok(await admin.post('/api/chemical_check', { org_id: chemOrg, year: 2026, declared_date: '2026-05-10' }), 201);
  assert.equal(k.completed_date, null);
  refused(await admin.post('/api/chemical_check', { org_id: chemOrg, year: 2026 }), 400, 'year', /已登记/);
  const k2 = ok(await admin.put(`/api/chemical_check/${k.id}`, { selfcheck_date: '2026-06-20', result: 'pass' }));
  assert.equal(k2.completed_date, '2026-06-20');
  const now = ok(await admin.get('/api/obligation?duty=chemical_check_annual&size=200')).items
    .find((x) => x.org_id === chemOrg && x.period_key === '2026');
  assert.equal(now.status, 'done');
  assert.equal(now.proof_id, k.id);
  ok(await admin.del(`/api/chemical_check/${k.id}`));
});

/* ------------------------------------------------------------ 有限空间 */

test('confined space: not identified or not signposted is the 令第10号 第十三条 flag', async () => {
  const base = { name: '污水井', kind: 'underground', location: '厂区东侧', hazards: '硫化氢中毒', responsible: '张三' };
  refused(await mgr.post('/api/confined_space', { ...base, identified: true }), 400, 'identified_date');
  refused(await mgr.post('/api/confined_space', { ...base, hazards: '' }), 400, 'hazards');
  refused(await mgr.post('/api/confined_space', { ...base, last_check: addDays(TODAY, 2) }), 400, 'last_check');
  const s = ok(await mgr.post('/api/confined_space', base), 201);
  assert.equal(s.art13_flag, true);
  const s2 = ok(await mgr.put(`/api/confined_space/${s.id}`, { identified: true, identified_date: '2026-12-01', sign_posted: true }));
  assert.equal(s2.art13_flag, true);		// a sign without its photo is not on record
  const photo = await upload(mgr, '警示标志.pdf');
  const s3 = ok(await mgr.put(`/api/confined_space/${s.id}`, { sign_photos: [photo] }));
  assert.equal(s3.art13_flag, false);
  // the regulator sees the flagged spaces of its enterprises, with the enterprise
  const flagged = ok(await reg.get('/api/confined_space?art13_flag=true&size=50'));
  assert.ok(flagged.items.some((x) => x.name === '污水处理调节池'));	// 青浦冷链 in the demo
  assert.ok(!flagged.items.some((x) => x.id === s.id));
  assert.equal((await reg.put(`/api/confined_space/${s.id}`, { name: 'x' })).status, 403);
  assert.equal((await mgr2.get(`/api/confined_space/${s.id}`)).status, 404);
  ok(await mgr.del(`/api/confined_space/${s.id}`));
});

/* ------------------------------------------------------------ 环保设施 */

test('env facility: next assessment by default, not assessed and overdue flagged, a failed one creates its hazard once', async () => {
  const base = { name: 'RTO焚烧炉', kind: 'rto', location: '屋面' };
  refused(await mgr.post('/api/env_facility', { ...base, result: 'pass' }), 400, 'assessed_date');
  refused(await mgr.post('/api/env_facility', { ...base, assessed_date: '2026-12-01', assessor: '某评价机构' }), 400, 'result');
  refused(await mgr.post('/api/env_facility', { ...base, assessed_date: '2026-12-01', result: 'pass', assessor: 'x', next_assessment: '2026-11-01' }),
    400, 'next_assessment');
  refused(await mgr.post('/api/env_facility', { ...base, kind: 'boiler' }), 400, 'kind');
  const none = ok(await mgr.post('/api/env_facility', base), 201);
  assert.equal(none.not_assessed, true);
  refused(await mgr.post(`/api/env_facility/${none.id}/hazard`), 409, 'result');
  const f = ok(await mgr.put(`/api/env_facility/${none.id}`, { assessed_date: '2025-12-10', assessor: '上海某评价中心', result: 'fail',
    findings: '进口管道未设阻火器' }));
  assert.equal(f.next_assessment, '2026-12-10');	// 12 months by default
  assert.equal(f.assessment_overdue, true);
  assert.equal(f.not_assessed, false);
  const ob = await obligation('env_facility_assessment', f.id);
  assert.equal(ob.status, 'overdue');

  // the regulator and another enterprise cannot create the hazard
  assert.equal((await reg.post(`/api/env_facility/${f.id}/hazard`)).status, 403);
  assert.equal((await mgr2.post(`/api/env_facility/${f.id}/hazard`)).status, 404);
  const h = ok(await mgr.post(`/api/env_facility/${f.id}/hazard`), 201);
  assert.match(h.title, /不合格：RTO焚烧炉/);
  assert.equal(h.org_id, orgA());
  assert.equal(h.description, '进口管道未设阻火器');
  const linked = ok(await mgr.get(`/api/env_facility/${f.id}`));
  assert.equal(linked.hazard_id, h.id);
  refused(await mgr.post(`/api/env_facility/${f.id}/hazard`), 409, 'hazard_id', /已登记/);
  const after = ok(await mgr.put(`/api/env_facility/${f.id}`, { assessed_date: '2026-12-15', result: 'pass', next_assessment: '2027-12-15' }));
  assert.equal(after.assessment_overdue, false);
  assert.equal((await obligation('env_facility_assessment', f.id)).status, 'not_due');
  assert.equal((await mgr2.get(`/api/env_facility/${f.id}`)).status, 404);
  assert.equal(ok(await reg.get(`/api/env_facility/${f.id}`)).name, 'RTO焚烧炉');
});

/* ------------------------------------------------------------ 值班表 */

test('duty roster: entries in a draft inside the period, leaders flagged, submit and confirm, the regulator sees who is on duty', async () => {
  const base = { title: '元旦值班表', kind: 'holiday', holiday: 'new_year', start_date: '2026-12-31', end_date: '2027-01-03', duty_phone: '021-59731000' };
  refused(await mgr.post('/api/duty_roster', { ...base, holiday: null }), 400, 'holiday', /节日/);
  refused(await mgr.post('/api/duty_roster', { ...base, end_date: '2026-12-30' }), 400, 'end_date');
  refused(await mgr.post('/api/duty_roster', { ...base, end_date: '2027-06-30' }), 400, 'end_date', /最长/);
  refused(await mgr.post('/api/duty_roster', { ...base, duty_phone: '123' }), 400, 'duty_phone');
  assert.equal((await reg.post('/api/duty_roster', { ...base, org_id: orgA() })).status, 403);
  const r = ok(await mgr.post('/api/duty_roster', base), 201);
  assert.equal(r.status, 'draft');
  assert.equal(r.org_id, orgA());
  refused(await mgr.post(`/api/duty_roster/${r.id}/submit`), 409, null, /还没有排班/);

  const e = { roster_id: r.id, shift: 'day', leader: '张伟', staff: '杨敏', phone: '13900000001' };
  refused(await mgr.post('/api/duty_roster_entry', { ...e, duty_date: '2027-01-04' }), 400, 'duty_date', /起止日期/);
  refused(await mgr.post('/api/duty_roster_entry', { ...e, duty_date: '2027-01-01', staff: '' }), 400, 'staff');
  refused(await mgr.post('/api/duty_roster_entry', { ...e, duty_date: '2027-01-01', leader: '', leader_phone: '13900000009' }), 400, 'leader');
  const d1 = ok(await mgr.post('/api/duty_roster_entry', { ...e, duty_date: '2027-01-01' }), 201);
  assert.equal(d1.no_leader, false);
  refused(await mgr.post('/api/duty_roster_entry', { ...e, duty_date: '2027-01-01' }), 400, 'shift', /已排班/);
  // a holiday entry without a 带班领导 is flagged (seeds/004 第21项), day or night
  const d2 = ok(await mgr.post('/api/duty_roster_entry', { ...e, duty_date: '2027-01-01', shift: 'night', leader: null }), 201);
  assert.equal(d2.no_leader, true);
  assert.equal(ok(await mgr.get(`/api/duty_roster/${r.id}`)).no_leader_count, 1);
  ok(await mgr.put(`/api/duty_roster_entry/${d2.id}`, { leader: '刘志强', leader_phone: '13900000002' }));
  assert.equal(ok(await mgr.get(`/api/duty_roster/${r.id}`)).no_leader_count, 0);
  assert.equal(ok(await mgr.get(`/api/duty_roster/${r.id}`)).entry_count, 2);
  // another enterprise cannot add to it
  const x = await mgr2.post('/api/duty_roster_entry', { ...e, duty_date: '2027-01-02' });
  assert.equal(x.status, 400, x.body);
  assert.equal(x.json.error.field, 'roster_id');

  // the regulator does not see a draft on the day
  let view = ok(await reg.get('/api/duty_roster/on_duty?date=2027-01-01'));
  let mine = view.items.find((i) => i.org_id === orgA());
  assert.equal(mine.has_roster, false);

  const s = ok(await mgr.post(`/api/duty_roster/${r.id}/submit`));
  assert.equal(s.status, 'submitted');
  assert.ok(s.submitted_at);
  // submitted: frozen
  refused(await mgr.put(`/api/duty_roster/${r.id}`, { title: '改' }), 409, null, /撤回/);
  refused(await mgr.post('/api/duty_roster_entry', { ...e, duty_date: '2027-01-02' }), 409, null, /撤回/);
  refused(await mgr.put(`/api/duty_roster_entry/${d1.id}`, { staff: '改' }), 409);
  refused(await mgr.del(`/api/duty_roster_entry/${d1.id}`), 409);
  // confirmed by the principal, not the manager or the regulator
  assert.equal((await mgr.post(`/api/duty_roster/${r.id}/confirm`)).status, 403);
  assert.equal((await reg.post(`/api/duty_roster/${r.id}/confirm`)).status, 403);
  assert.equal((await mgr2.post(`/api/duty_roster/${r.id}/confirm`)).status, 404);

  view = ok(await reg.get('/api/duty_roster/on_duty?date=2027-01-01'));
  mine = view.items.find((i) => i.org_id === orgA());
  assert.equal(mine.has_roster, true);
  assert.deepEqual(mine.entries.map((x) => [x.shift_label, x.leader, x.staff]), [['白班', '张伟', '杨敏'], ['夜班', '刘志强', '杨敏']]);
  assert.equal(mine.entries[0].roster_status, 'submitted');
  assert.equal(view.total, view.items.length);
  assert.ok(view.missing >= 1);
  assert.equal(view.missing, view.items.filter((i) => !i.has_roster).length);
  const onlyMissing = ok(await reg.get('/api/duty_roster/on_duty?date=2027-01-01&missing=true'));
  assert.equal(onlyMissing.items.length, view.missing);
  assert.ok(!onlyMissing.items.some((i) => i.org_id === orgA()));
  refused(await reg.get('/api/duty_roster/on_duty?date=2027-13-01'), 400, 'date');
  // another enterprise sees only itself in the view, never A's roster
  const v2 = ok(await mgr2.get('/api/duty_roster/on_duty?date=2027-01-01'));
  assert.ok(!v2.items.some((i) => i.org_id === orgA()));
  assert.equal((await mgr2.get(`/api/duty_roster/${r.id}`)).status, 404);

  const c = ok(await pri.post(`/api/duty_roster/${r.id}/confirm`));
  assert.equal(c.status, 'confirmed');
  assert.ok(c.confirmed_by);
  refused(await mgr.del(`/api/duty_roster/${r.id}`), 409, null, /已确认/);
  refused(await mgr.post(`/api/duty_roster/${r.id}/withdraw`), 409);
  assert.equal(ok(await reg.get(`/api/duty_roster/${r.id}`)).status, 'confirmed');
});

test('duty roster: withdraw returns a submitted roster to draft', async () => {
  const r = ok(await mgr.post('/api/duty_roster', { title: '一月值班', kind: 'month', start_date: '2027-01-04', end_date: '2027-01-10', duty_phone: '13900000001' }), 201);
  ok(await mgr.post('/api/duty_roster_entry', { roster_id: r.id, duty_date: '2027-01-04', shift: 'day', staff: '杨敏', phone: '13900000001' }), 201);
  // a month roster's day shift needs no leader; its night shift does
  const n = ok(await mgr.post('/api/duty_roster_entry', { roster_id: r.id, duty_date: '2027-01-04', shift: 'night', staff: '黄勇', phone: '13900000001' }), 201);
  assert.equal(n.no_leader, true);
  const day = ok(await mgr.get(`/api/duty_roster_entry?roster_id=${r.id}&shift=day`)).items[0];
  assert.equal(day.no_leader, false);
  ok(await mgr.post(`/api/duty_roster/${r.id}/submit`));
  const w = ok(await mgr.post(`/api/duty_roster/${r.id}/withdraw`));
  assert.equal(w.status, 'draft');
  ok(await mgr.put(`/api/duty_roster/${r.id}`, { title: '一月值班（修订）' }));
  refused(await mgr.put(`/api/duty_roster/${r.id}`, { end_date: '2027-01-03' }), 400);
  ok(await mgr.del(`/api/duty_roster_entry/${n.id}`));
  ok(await mgr.del(`/api/duty_roster_entry/${day.id}`));
  ok(await mgr.del(`/api/duty_roster/${r.id}`));
});

/* ------------------------------------------------------------------ home */

test('home: MSDS missing, assessments due, Art. 13 spaces and the next holiday roster are notices', async () => {
  const notices = async (c, org) => ok(await c.get(`/api/dashboard/home${org ? `?org_id=${org}` : ''}`)).notices;
  const find = (ns, key) => { const n = ns.find((x) => x.key === key); assert.ok(n, key); return n; };
  const chem = await notices(admin, await entOrg('青浦化贸'));
  assert.equal(find(chem, 'chemical_msds_missing').count, 2);
  assert.equal(find(chem, 'major_hazard_guardians').count, 0);
  assert.equal(find(chem, 'major_hazard_duty_overdue').count, 3);
  const cold = await notices(admin, await entOrg('青浦冷链'));
  assert.equal(find(cold, 'major_hazard_guardians').count, 1);
  assert.equal(find(cold, 'confined_space_art13').count, 1);
  const wood = await notices(admin, await entOrg('华新木业'));
  assert.equal(find(wood, 'env_assessment_due').count, 1);	// never assessed
  const water = await notices(admin, await entOrg('青浦自来水'));
  assert.equal(find(water, 'env_assessment_due').count, 1);	// overdue
  // 元旦 2027-01-01 is within 30 days of the clock: who has no roster covering it
  const r = find(water, 'roster_missing');
  assert.match(r.label, /元旦（2027-01-01起）/);
  assert.equal(r.count, 1);
  const gas = await notices(admin, await entOrg('青浦燃气'));
  assert.equal(find(gas, 'roster_missing').count, 1);	// its roster ends before the holiday
});
