// Training and certificates (src/mod/training.c, rules/training.c; issue 9) against
// the demo district on a fixed clock: hours computed from the sessions a person
// attended and passed (原安监总局令第3号 第九条、第十三条), the declared view of people
// short of their hours, exams and 不得上岗 (seeds/004 第9项), certificate defaults,
// review and the 60-day warning (原安监总局令第30号 第十九、二十一、二十二条), the
// enterprise home's notices, the named trainings made from a plan, 标准化
// self-assessment against configured thresholds, PPE, and the scope matrix of every
// entity of the module. Runs on both backends (ANJIAN_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs } from './lib.mjs';

const NOW = '2026-06-15 10:00:00';
let srv, reg, mgr, mgr2, staff, admin, principal;
let orgA, orgB;

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: NOW, ANJIAN_SCHED: 'off' } });
  [reg, mgr, mgr2, staff, admin, principal] = await Promise.all(
    ['regulator', 'manager', 'manager2', 'staff', 'admin', 'principal'].map((u) => loginAs(srv.base, u)));
  orgA = mgr.me.org.id;
  orgB = mgr2.me.org.id;
});
after(async () => { await srv?.stop(); });

async function ok(p, status = 200) {
  const r = await p;
  assert.equal(r.status, status, r.body);
  return r.json;
}
const create = (c, entity, body) => ok(c.post(`/api/${entity}`, body), 201);
const get = (c, entity, id) => ok(c.get(`/api/${entity}/${id}`));
let seq = 0;
const person = (c, body = {}) => create(c, 'employee', {
  name: `测试人员${++seq}`, kind: 'employee', status: 'in_post', post: '操作工', ...body });
const session = (c, body = {}) => create(c, 'training_session', {
  topic: `测试培训${++seq}`, category: 'other', session_date: '2026-05-10', hours: 8, trainer: '张老师', ...body });
const attend = (c, s, p, body = {}) => create(c, 'training_attendance', { session_id: s.id, employee_id: p.id, ...body });

test('fixture: the demo accounts belong to two enterprises', () => {
  assert.ok(orgA > 0 && orgB > 0 && orgA !== orgB, JSON.stringify(mgr.me));
});

test('required hours follow the kind, the new flag and the industry (令第3号 第九条、第十三条)', async () => {
  // 城投集团 (A) is not in the five industries; 精工金属 (B) is 金属冶炼
  const cases = [
    [mgr, { kind: 'principal', new_employee: true }, 32, null],
    [mgr, { kind: 'safety_manager' }, 12, null],
    [mgr, { kind: 'employee', new_employee: true }, 24, null],
    [mgr, { kind: 'special_worker' }, 8, 'special_op'],
    [mgr2, { kind: 'principal', new_employee: true }, 48, 'principal'],
    [mgr2, { kind: 'safety_manager' }, 16, 'safety_manager'],
    [mgr2, { kind: 'employee', new_employee: true }, 72, null],
    [mgr2, { kind: 'employee' }, 20, null],
  ];
  for (const [c, body, hours, cert] of cases) {
    const p = await person(c, body);
    assert.equal(p.required_hours, hours, JSON.stringify(body));
    assert.equal(p.required_cert ?? null, cert, JSON.stringify(body));
  }
  // the fields are the server's: a body cannot set them
  const p = await person(mgr, { kind: 'employee', required_hours: 0 });
  assert.equal(p.required_hours, 8);
});

test('hours come from the sessions attended this year; the short-of-hours view and the roster follow', async () => {
  const p = await person(mgr, { kind: 'employee', new_employee: true, name: '学时测试甲' });
  assert.equal(p.hours_year, 0);
  assert.equal(p.hours_short, true);
  const inView = async () => {
    const v = await ok(mgr.get(`/api/training/short?q=${encodeURIComponent('学时测试甲')}&size=100`));
    return v.items.find((x) => x.id === p.id);
  };
  let row = await inView();
  assert.ok(row, 'a new person without training is short');
  assert.equal(row.required_hours, 24);
  assert.equal(row.missing, 24);

  const s1 = await session(mgr, { hours: 8, session_date: '2026-03-01' });
  await attend(mgr, s1, p);
  const last = await session(mgr, { hours: 40, session_date: '2025-12-20' });
  await attend(mgr, last, p);	// last year's hours do not count this year
  let got = await get(mgr, 'employee', p.id);
  assert.equal(got.hours_year, 8);
  assert.equal(got.hours_short, true);
  row = await inView();
  assert.equal(row.hours, 8);
  assert.equal(row.missing, 16);

  const s2 = await session(mgr, { hours: 16, session_date: '2026-04-02' });
  await attend(mgr, s2, p);
  got = await get(mgr, 'employee', p.id);
  assert.equal(got.hours_year, 24);
  assert.equal(got.hours_short, false);
  assert.equal(await inView(), undefined, 'met: gone from the view');

  // the session's hours are read, not copied: lowering them brings the person back
  await ok(mgr.put(`/api/training_session/${s2.id}`, { hours: 8 }));
  row = await inView();
  assert.equal(row.hours, 16);
  // the roster filter
  const short = await ok(mgr.get('/api/employee?hours_short=true&size=200'));
  assert.ok(short.items.some((x) => x.id === p.id));
  // the person's record: the attendances with credited hours
  const rec = await ok(mgr.get(`/api/training_attendance?employee_id=${p.id}&size=50`));
  assert.equal(rec.total, 3);
  assert.deepEqual(rec.items.map((x) => x.credited_hours).sort((a, b) => a - b), [8, 8, 40]);
  // a person who left is not owed hours any more
  await ok(mgr.put(`/api/employee/${p.id}`, { status: 'left' }));
  assert.equal(await inView(), undefined);
});

test('exams: a score is required, below the pass mark gives no hours and 不得上岗 until a later pass (004 第9项)', async () => {
  const p = await person(mgr, { kind: 'employee' });
  const ex = await session(mgr, { has_exam: true, hours: 12, session_date: '2026-05-01' });
  let r = await mgr.post('/api/training_attendance', { session_id: ex.id, employee_id: p.id });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'score');
  const a = await attend(mgr, ex, p, { score: 70 });
  assert.equal(a.passed, false);
  assert.equal(a.credited_hours, 0);
  let got = await get(mgr, 'employee', p.id);
  assert.equal(got.hours_year, 0);
  assert.equal(got.training_failed, true);
  assert.equal(got.not_on_duty, true);
  const listed = await ok(mgr.get('/api/employee?not_on_duty=true&size=200'));
  assert.ok(listed.items.some((x) => x.id === p.id));
  // the same person twice in one session: refused
  r = await mgr.post('/api/training_attendance', { session_id: ex.id, employee_id: p.id, score: 95 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'employee_id');
  // a later re-exam passed (pass mark 80 by default; 80 passes)
  const re = await session(mgr, { has_exam: true, hours: 12, session_date: '2026-05-20' });
  const b = await attend(mgr, re, p, { score: 80 });
  assert.equal(b.passed, true);
  got = await get(mgr, 'employee', p.id);
  assert.equal(got.not_on_duty, false);
  assert.equal(got.hours_year, 12);
  // a pass mark lowered later judges the first exam again
  await ok(mgr.put(`/api/training_session/${ex.id}`, { pass_mark: 60 }));
  got = await get(mgr, 'employee', p.id);
  assert.equal(got.hours_year, 24);
  // a session without scores cannot be turned into an examined one
  const plain = await session(mgr, { hours: 2 });
  await attend(mgr, plain, p);
  r = await mgr.put(`/api/training_session/${plain.id}`, { has_exam: true });
  assert.equal(r.status, 409);
  assert.ok(!(await get(mgr, 'training_session', plain.id)).has_exam, 'nothing changed');
  // a person of another enterprise cannot attend A's session
  const other = await person(mgr2, { kind: 'employee' });
  r = await mgr.post('/api/training_attendance', { session_id: ex.id, employee_id: other.id, score: 90 });
  assert.equal(r.status, 400, r.body);	// not even visible to A's manager: 「不存在」
  assert.equal(r.json.error.field, 'employee_id');
  r = await admin.post('/api/training_attendance', { session_id: ex.id, employee_id: other.id, score: 90 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'employee_id');
});

test('certificates: statutory defaults, the review date, 60-day warning and expiry on a fixed clock (令第30号)', async () => {
  const w = await person(mgr, { kind: 'special_worker', post: '电工' });
  assert.equal((await get(mgr, 'employee', w.id)).not_on_duty, true, 'a 特种作业人员 without the 操作证 may not work');
  // issued 2025-01-10: valid 6 years (第十九条), review every 3 (第二十一条)
  const c1 = await create(mgr, 'training_cert', { employee_id: w.id, kind: 'special_op', number: 'T-001', issued_on: '2025-01-10' });
  assert.equal(c1.expiry, '2031-01-10');
  assert.equal(c1.next_review, '2028-01-10');
  assert.equal(c1.due_date, '2028-01-10');
  assert.equal(c1.validity, 'valid');
  assert.equal((await get(mgr, 'employee', w.id)).not_on_duty, false);
  // a certificate of another kind does not count
  const w2 = await person(mgr, { kind: 'special_worker' });
  await create(mgr, 'training_cert', { employee_id: w2.id, kind: 'engineer', number: 'E-1', issued_on: '2024-01-01', expiry: '2029-01-01' });
  assert.equal((await get(mgr, 'employee', w2.id)).cert_missing, true);
  // review due 2026-08-13: 59 days after 2026-06-15 → expiring; 2026-08-15 (61 days) → valid
  const soon = await create(mgr, 'training_cert', { employee_id: w2.id, kind: 'special_op', number: 'T-002', issued_on: '2023-08-13' });
  assert.equal(soon.due_date, '2026-08-13');
  assert.equal(soon.validity, 'expiring');
  assert.equal(soon.expiring, true);
  const later = await create(mgr, 'training_cert', { employee_id: w2.id, kind: 'special_op', number: 'T-003', issued_on: '2023-08-15' });
  assert.equal(later.validity, 'valid');
  // the 14th of June passed: expired, and the holder may not work on it alone
  const w3 = await person(mgr, { kind: 'special_worker' });
  const old = await create(mgr, 'training_cert', { employee_id: w3.id, kind: 'special_op', number: 'T-004', issued_on: '2023-06-14' });
  assert.equal(old.validity, 'expired');
  assert.equal((await get(mgr, 'employee', w3.id)).not_on_duty, true);
  // a review recorded moves the next review three years on
  const rev = await ok(mgr.put(`/api/training_cert/${old.id}`, { last_review: '2026-06-10' }));
  assert.equal(rev.next_review, '2029-06-10');
  assert.equal(rev.validity, 'valid');
  assert.equal((await get(mgr, 'employee', w3.id)).not_on_duty, false);
  // filters
  const exp = await ok(mgr.get('/api/training_cert?expiring=true&size=200'));
  assert.ok(exp.items.some((x) => x.id === soon.id));
  assert.ok(!exp.items.some((x) => x.id === later.id));
  // bad dates
  const r = await mgr.post('/api/training_cert', { employee_id: w.id, kind: 'principal', number: 'X', issued_on: '2026-01-01', expiry: '2025-01-01' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'expiry');
});

test('the enterprise home counts short hours, 不得上岗, expiring and expired certificates as the lists do', async () => {
  const h = await ok(mgr.get('/api/dashboard/home'));
  const n = (k) => {
    const x = h.notices.find((y) => y.key === k);
    assert.ok(x, `${k} in ${JSON.stringify(h.notices)}`);
    return x.count;
  };
  const short = await ok(mgr.get('/api/training/short?size=1'));
  assert.equal(n('training_short'), short.total);
  assert.ok(short.total > 0);
  const nod = await ok(mgr.get('/api/employee?not_on_duty=true&size=1'));
  assert.equal(n('not_on_duty'), nod.total);
  const exp = await ok(mgr.get('/api/training_cert?expiring=true&size=1'));
  assert.equal(n('cert_expiring'), exp.total);
  assert.ok(exp.total > 0, 'the demo and the test above leave expiring certificates');
  const gone = await ok(mgr.get('/api/training_cert?expired=true&size=1'));
  assert.equal(n('cert_expired'), gone.total);
  // B's home does not count A's
  const hb = await ok(mgr2.get('/api/dashboard/home'));
  const expB = await ok(mgr2.get('/api/training_cert?expiring=true&size=1'));
  assert.equal(hb.notices.find((y) => y.key === 'cert_expiring').count, expB.total);
});

test('named trainings from the plan: 一法一条例 with exam and 学时证明, 重大事故隐患判定标准 (seeds/001 任务5、6)', async () => {
  const plan = await create(mgr, 'training_plan', { year: 2026, title: '测试计划', goals: '目标', content: '内容', audience: '全体' });
  const s = await ok(mgr.post(`/api/training/plan/${plan.id}/generate`, { training: 'law', session_date: '2026-07-01', trainer: '李老师' }), 201);
  assert.equal(s.category, 'law');
  assert.equal(s.has_exam, true);
  assert.equal(s.hours_certificate, true);
  assert.equal(s.plan_id, plan.id);
  const m = await ok(mgr.post(`/api/training/plan/${plan.id}/generate`, { training: 'major_hazard', session_date: '2026-07-02', trainer: '王老师' }), 201);
  assert.equal(m.category, 'major_hazard');
  assert.equal((await get(mgr, 'training_plan', plan.id)).session_count, 2);
  let r = await mgr.post(`/api/training/plan/${plan.id}/generate`, { training: 'x', session_date: '2026-07-01', trainer: 'a' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'training');
  r = await mgr.post(`/api/training/plan/${plan.id}/generate`, { training: 'law', session_date: '2027-01-05', trainer: 'a' });
  assert.equal(r.status, 400, 'outside the plan year');
  assert.equal(r.json.error.field, 'session_date');
  r = await mgr.post(`/api/training/plan/${plan.id}/generate`, { training: 'law', trainer: 'a' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'session_date');
  r = await mgr2.post(`/api/training/plan/${plan.id}/generate`, { training: 'law', session_date: '2026-07-01', trainer: 'a' });
  assert.equal(r.status, 404);
  r = await staff.post(`/api/training/plan/${plan.id}/generate`, { training: 'law', session_date: '2026-07-01', trainer: 'a' });
  assert.equal(r.status, 403);
  r = await mgr.del(`/api/training_plan/${plan.id}`);
  assert.equal(r.status, 409, 'a plan with sessions stays');
});

test('标准化 self-assessment: the grade threshold is configuration (DOMAIN.md §11 ⚠️); one per year; PPE issues', async () => {
  const a = await create(mgr, 'standard_assessment', { year: 2024, assessed_on: '2024-11-01', target_grade: 'level1', score: 85, files: [] }).catch(() => null);
  assert.equal(a, null, 'the report file is required');
  const file = await ok(mgr.get('/api/standard_assessment?size=1'));
  const fileIds = file.items[0]?.files;
  assert.ok(Array.isArray(fileIds) && fileIds.length, 'demo assessment with a file');
  const s = await create(mgr, 'standard_assessment', { year: 2023, assessed_on: '2023-11-01', target_grade: 'level1', score: 85, files: fileIds });
  assert.equal(s.threshold, 90);
  assert.equal(s.meets, false);
  let r = await mgr.post('/api/standard_assessment', { year: 2023, assessed_on: '2023-12-01', target_grade: 'level2', score: 85, files: fileIds });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'year');
  // only the administrator sets the thresholds
  const st = await ok(admin.get('/api/training_setting?key=standard_level1'));
  const row = st.items.find((x) => !x.industry);
  r = await mgr.put(`/api/training_setting/${row.id}`, { value: 80 });
  assert.equal(r.status, 403);
  await ok(admin.put(`/api/training_setting/${row.id}`, { value: 80 }));
  const s2 = await create(mgr, 'standard_assessment', { year: 2022, assessed_on: '2022-11-01', target_grade: 'level1', score: 85, files: fileIds });
  assert.equal(s2.threshold, 80);
  assert.equal(s2.meets, true);
  await ok(admin.put(`/api/training_setting/${row.id}`, { value: 90 }));
  // PPE: the person's enterprise owns the record
  const p = await person(mgr);
  const ppe = await create(mgr, 'ppe_issue', { employee_id: p.id, item: '安全帽', standard: 'GB 2811-2019', issued_on: '2026-06-01', quantity: 1 });
  assert.equal(ppe.org_id, orgA);
  r = await mgr.post('/api/ppe_issue', { employee_id: p.id, item: '安全帽', issued_on: '2026-06-01', quantity: 0 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'quantity');
});

test('scope matrix: every entity of the module — own enterprise writes, the other enterprise sees nothing, the regulator reads, staff reads only', async () => {
  const p = await person(mgr);
  const plan = await create(mgr, 'training_plan', { year: 2026, title: '矩阵计划', goals: 'g', content: 'c', audience: 'a' });
  const s = await session(mgr, { plan_id: plan.id });
  const att = await attend(mgr, s, p);
  const cert = await create(mgr, 'training_cert', { employee_id: p.id, kind: 'engineer', number: 'E-9', issued_on: '2025-01-01', expiry: '2030-01-01' });
  const grad = await create(mgr, 'standard_grading', { grade: 'level2', cert_no: 'AQBJ-T', graded_on: '2025-01-01', expiry: '2028-01-01' });
  const ppe = await create(mgr, 'ppe_issue', { employee_id: p.id, item: '手套', issued_on: '2026-06-01', quantity: 2 });
  const rows = [['employee', p, { post: '改' }], ['training_plan', plan, { audience: '改' }],
    ['training_session', s, { trainer: '改' }], ['training_attendance', att, { note: '改' }],
    ['training_cert', cert, { issuer: '改' }], ['standard_grading', grad, { issuer: '改' }],
    ['ppe_issue', ppe, { note: '改' }]];
  for (const [e, row, change] of rows) {
    assert.equal(row.org_id, orgA, e);
    assert.equal((await mgr2.get(`/api/${e}/${row.id}`)).status, 404, `${e}: other enterprise`);
    assert.equal((await mgr2.put(`/api/${e}/${row.id}`, change)).status, 404, `${e}: other enterprise writes`);
    const l2 = await ok(mgr2.get(`/api/${e}?size=200`));
    assert.ok(!l2.items.some((x) => x.id === row.id), `${e}: not in B's list`);
    assert.equal((await reg.get(`/api/${e}/${row.id}`)).status, 200, `${e}: regulator reads`);
    assert.equal((await reg.put(`/api/${e}/${row.id}`, change)).status, 403, `${e}: regulator does not write`);
    assert.equal((await staff.get(`/api/${e}/${row.id}`)).status, 200, `${e}: staff reads`);
    assert.equal((await staff.put(`/api/${e}/${row.id}`, change)).status, 403, `${e}: staff does not write`);
    assert.equal((await principal.put(`/api/${e}/${row.id}`, change)).status, 200, `${e}: principal writes`);
  }
  // the short view is scoped too
  const vb = await ok(mgr2.get('/api/training/short?size=200'));
  assert.ok(vb.items.every((x) => x.org_id === orgB));
  // a unit of another enterprise is refused
  const r = await mgr.post('/api/employee', { name: '跨企业', kind: 'employee', status: 'in_post', org_id: orgB });
  assert.equal(r.status, 404, r.body);
  // delete refuses a person with records
  assert.equal((await mgr.del(`/api/employee/${p.id}`)).status, 409);
});

test('demo: every enterprise has a roster; some are short, one failed an exam, certificates expiring and expired exist', async () => {
  const all = await ok(reg.get('/api/employee?size=1'));
  assert.ok(all.total >= 14 * 6);
  const short = await ok(reg.get('/api/training/short?size=1'));
  assert.ok(short.total > 0);
  const met = await ok(reg.get('/api/employee?hours_short=false&size=1'));
  assert.ok(met.total > 0);
  assert.ok((await ok(reg.get('/api/employee?not_on_duty=true&size=1'))).total > 0);
  assert.ok((await ok(reg.get('/api/training_cert?expiring=true&size=1'))).total > 0);
  assert.ok((await ok(reg.get('/api/training_cert?expired=true&size=1'))).total > 0);
});

test('duties: a certificate is a per-record duty due on its date (60 days warning); 标准化 self-assessment a yearly duty of graded enterprises', async () => {
  const p = await person(mgr, { kind: 'special_worker' });
  const c = await create(mgr, 'training_cert', { employee_id: p.id, kind: 'special_op', number: 'T-OB-1', issued_on: '2023-07-20' });
  assert.equal(c.due_date, '2026-07-20');
  const obs = await ok(mgr.get(`/api/obligation?duty=training_cert_due&size=200&org_id=${orgA}`));
  const o = obs.items.find((x) => x.proof_id === c.id);
  assert.ok(o, JSON.stringify(obs.items.slice(0, 2)));
  assert.equal(o.due_at, '2026-07-20');
  assert.equal(o.status, 'due_soon');
  assert.equal((await mgr2.get(`/api/obligation/${o.id}`)).status, 404);
  // renewed: the duty moves with the date
  await ok(mgr.put(`/api/training_cert/${c.id}`, { last_review: '2026-06-01' }));
  const o2 = await ok(mgr.get(`/api/obligation/${o.id}`));
  assert.equal(o2.due_at, '2029-06-01');
  assert.equal(o2.status, 'not_due');

  // 城投物业 has no 标准化 grade: the duty does not apply; 城投建设 (三级) has not
  // self-assessed this year in the demo, 城投集团 has
  const ents = await ok(admin.get('/api/enterprise?size=100'));
  const org = (short) => ents.items.find((e) => e.short_name === short).org_id;
  const duty = async (o) => (await ok(admin.get(`/api/obligation?duty=standard_self_assessment&period_key=2026&org_id=${o}`))).items
    .find((x) => x.org_id === o);
  assert.equal((await duty(org('城投物业')))?.status ?? 'na', 'na');
  assert.equal((await duty(org('青浦城投'))).status, 'done');
  const build = org('城投建设');
  assert.equal((await duty(build)).status, 'not_due');
  const files = (await ok(admin.get(`/api/standard_assessment?size=1&org_id=${orgA}`))).items[0].files;
  await create(admin, 'standard_assessment', { org_id: build, year: 2026, assessed_on: '2026-06-12', target_grade: 'level3', score: 72, files });
  assert.equal((await duty(build)).status, 'done');
});
