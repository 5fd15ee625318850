// 任务清单 (issue 11, Task lists) on the demo district, both backends:
//   - the annex of seeds/003 imported as it is (tests/fixtures/task_003_annex.csv,
//     the 19 tasks verbatim): every task with its district leaders, responsible and
//     cooperating units, requirements; "/" means none;
//   - a bad file: the per-row report (row numbers as Excel shows them, the column's
//     label, a Chinese message), nothing imported; a wrong header; no file;
//   - progress reports move the task's progress and status;
//   - scope and roles: an enterprise does not see the district's list, staff and
//     departments do not import; an enterprise's own list uses the same entity.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, loginAs, Client, run } from './lib.mjs';

const NOW = '2026-11-22 10:00:00';
const CSV = readFileSync(new URL('../fixtures/task_003_annex.csv', import.meta.url), 'utf8');
const LIST = '区政府领导2023年安全生产重点工作任务清单';
let srv, admin, reg, mgr, staff, mgr2, yjj, jgw;
const depts = {};
let deptNames = [];

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: NOW } });
  [admin, reg, mgr, staff, mgr2] = await Promise.all(['admin', 'regulator', 'manager', 'staff', 'manager2'].map((u) => loginAs(srv.base, u)));
  // two 成员单位 of the annex (the demo has them), each with an account of this test
  const units = (await admin.get('/api/org?kind=department&size=100')).json.items;
  deptNames = units.map((o) => o.name);
  for (const [name, user] of [['区应急局', 'dept.yjj'], ['区建管委', 'dept.jgw']]) {
    let id = units.find((o) => o.name === name)?.id;
    if (!id) {
      const o = await admin.post('/api/org', { name, kind: 'department', parent_id: reg.me.org.id });
      assert.equal(o.status, 201, o.body);
      id = o.json.id;
      deptNames.push(name);
    }
    depts[name] = id;
    const u = await admin.post('/api/user', { username: user, name: `${name}科员`, role: 'department', org_id: id,
      password: 'Dept2026pass' });
    assert.equal(u.status, 201, u.body);
  }
  [yjj, jgw] = await Promise.all(['dept.yjj', 'dept.jgw'].map(async (u) => {
    const c = new Client(srv.base);
    assert.equal((await c.login(u, 'Dept2026pass')).status, 200);
    return c;
  }));
});
after(async () => { await srv?.stop(); });

function upload(c, text, name = 'annex.csv', list = LIST, year = 2023) {
  const fd = new FormData();
  fd.append('file', new Blob([text], { type: 'text/csv' }), name);
  return c.req('POST', `/api/task/import?list_name=${encodeURIComponent(list)}&year=${year}`, fd);
}

/** The fixture's rows as the seed has them (a minimal RFC 4180 reader). */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') q = false; else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\n') { row.push(cell.replace(/\r$/, '')); rows.push(row); row = []; cell = ''; } else cell += ch;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

test('a bad row is reported by row and column, and nothing is imported', async () => {
  const lines = CSV.trimEnd().split('\r\n');
  // row 3 (the second task) loses its 重点任务, row 5 gets a bad 序号
  const cells = parseCsv(CSV);
  const bad = cells.map((r) => r.map((c) => (c.includes(',') || c.includes('"') || c.includes('\n') ? `"${c.replace(/"/g, '""')}"` : c)));
  bad[2][1] = '';
  bad[4][0] = '第四';
  const text = bad.map((r) => r.join(',')).join('\r\n');
  assert.equal(lines.length, 20);
  const r = await upload(reg, text);
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.code, 'import_rejected');
  assert.match(r.json.error.message, /共 19 行，其中 2 行有错误，未导入任何数据/);
  assert.deepEqual(r.json.errors.map((e) => [e.row, e.field, e.label]), [[3, 'title', '重点任务'], [5, 'seq', '序号']]);
  assert.equal(r.json.errors[0].message, '重点任务不能为空');
  assert.match(r.json.errors[1].message, /序号/);
  assert.equal((await reg.get(`/api/task?list_name=${encodeURIComponent(LIST)}`)).json.total, 0);
  // a wrong header, no file, no list name
  const h = await upload(reg, '序号,任务\r\n1,x\r\n');
  assert.equal(h.status, 400);
  assert.match(h.json.error.message, /表头不正确/);
  assert.ok(h.json.errors.some((e) => e.message === '缺少列：区领导'));
  const none = await reg.req('POST', `/api/task/import?list_name=x&year=2023`, new FormData());
  assert.equal(none.status, 400);
  const nl = await upload(reg, CSV, 'a.csv', '');
  assert.equal(nl.status, 400);
  assert.equal(nl.json.error.field, 'list_name');
});

test('the annex of seeds/003 is imported as it is: all 19 tasks', async () => {
  assert.equal((await upload(staff, CSV)).status, 403);
  const r = await upload(reg, CSV);
  assert.equal(r.status, 200, r.body);
  const rows = parseCsv(CSV).slice(1);
  const leads = (name) => rows.filter((x) => x[3].split(' ').includes(name)).map((x) => Number(x[0]));
  const coops = (name) => rows.filter((x) => x[4].split(' ').includes(name)).map((x) => Number(x[0]));
  const assigned = deptNames.reduce((n, d) => n + leads(d).length + coops(d).length, 0);
  assert.deepEqual({ total: r.json.total, imported: r.json.imported, assigned: r.json.assigned },
    { total: 19, imported: 19, assigned });
  const got = (await reg.get(`/api/task?list_name=${encodeURIComponent(LIST)}&size=50&sort=seq`)).json;
  assert.equal(got.total, 19);
  for (const [i, t] of got.items.entries()) {
    const src = rows[i];
    assert.equal(t.seq, Number(src[0]));
    assert.equal(t.title, src[1]);
    assert.equal(t.leaders, src[2]);
    assert.equal(t.lead_units, src[3]);
    assert.equal(t.coop_units, src[4] === '/' ? null : src[4]);
    assert.equal(t.year, 2023);
    assert.equal(t.status, 'not_started');
    assert.equal(t.progress, 0);
  }
  const full = (await reg.get(`/api/task/${got.items[15].id}`)).json;
  assert.equal(full.title, '健全安全风险研判机制');
  assert.equal(full.requirements, rows[15][5]);
  assert.match(full.lead_units, /区卫生健康委 区体育局$/);
  assert.equal(got.items[18].title, '强化安全应急产业支撑');
  // enterprises do not see the district's list
  assert.equal((await mgr.get(`/api/task?list_name=${encodeURIComponent(LIST)}`)).json.total, 0);
  assert.equal((await mgr.get(`/api/task/${full.id}`)).status, 404);
});

test('progress reports move the task; an enterprise keeps its own list', async () => {
  const t = (await reg.get(`/api/task?list_name=${encodeURIComponent(LIST)}&seq=3&size=50`)).json.items.find((x) => x.seq === 3);
  let r = await reg.post('/api/task_progress', { task_id: t.id, report_date: '2026-11-20', progress: 150, content: 'x' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'progress');
  r = await reg.post('/api/task_progress', { task_id: t.id, report_date: '2026-11-20', progress: 60, content: '已完成两轮巡查' });
  assert.equal(r.status, 201, r.body);
  let row = (await reg.get(`/api/task/${t.id}`)).json;
  assert.equal(row.progress, 60);
  assert.equal(row.status, 'in_progress');
  assert.equal(row.last_report_at, '2026-11-20');
  r = await reg.post('/api/task_progress', { task_id: t.id, report_date: '2026-11-21', progress: 100, content: '全部完成' });
  assert.equal(r.status, 201);
  row = (await reg.get(`/api/task/${t.id}`)).json;
  assert.equal(row.status, 'done');
  // an enterprise may not report against the district's task (not in its scope)
  r = await mgr.post('/api/task_progress', { task_id: t.id, report_date: '2026-11-21', progress: 10, content: 'x' });
  assert.ok([400, 404].includes(r.status), r.body);
  // the enterprise's own 任务清单 (seeds/001): same entity, its own org
  r = await mgr.post('/api/task', { list_name: '2026年安全生产任务清单', year: 2026, seq: 1, title: '开展全员安全培训',
    lead_units: '安全管理部', deadline: '2026-06-30' });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.org_id, mgr.me.org.id);
  assert.equal(r.json.overdue, true, 'its deadline has passed');
  assert.equal((await mgr2.get(`/api/task/${r.json.id}`)).status, 404);
  assert.ok((await reg.get(`/api/task/${r.json.id}`)).status === 200, 'the supervising regulator sees it');
});

test('a 成员单位 sees and works only the tasks assigned to its unit', async () => {
  const rows = parseCsv(CSV).slice(1);
  const mine = async (c) => (await c.get(`/api/task_unit?size=100&sort=seq&list_name=${encodeURIComponent(LIST)}`)).json.items;
  const a = await mine(yjj), b = await mine(jgw);
  assert.deepEqual(a.map((x) => x.seq), rows.filter((x) => x[3].split(' ').includes('区应急局')).map((x) => Number(x[0])));
  assert.deepEqual(b.map((x) => x.seq), rows.filter((x) => x[3].split(' ').includes('区建管委')).map((x) => Number(x[0])));
  assert.ok(a.every((x) => x.unit_name === '区应急局' && x.role === 'lead' && x.org_id === depts['区应急局']));
  assert.equal(a.find((x) => x.seq === 18).title, '推进应急指挥体系建设');
  assert.equal(a.find((x) => x.seq === 18).requirements, rows[17][5]);
  // not the other unit's, not the keeper's task rows, not the enterprises'
  const other = b.find((x) => !a.some((y) => y.seq === x.seq));
  assert.equal((await yjj.get(`/api/task_unit/${other.id}`)).status, 404);
  assert.equal((await yjj.get('/api/task')).json.total, 0);
  assert.equal((await mgr.get('/api/task_unit')).json.total, 0);
  // it reports progress against its own assignment; the task follows its units
  const t12 = b.find((x) => x.seq === 12);	/* 区建管委 alone leads task 12 */
  let r = await jgw.post('/api/task_progress', { task_unit_id: t12.id, report_date: '2026-11-20', progress: 40,
    content: '完成2000年前市政燃气管道安全评估' });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.org_id, depts['区建管委']);
  assert.equal((await jgw.get(`/api/task_unit/${t12.id}`)).json.progress, 40);
  const task12 = (await reg.get(`/api/task?list_name=${encodeURIComponent(LIST)}&size=50`)).json.items.find((x) => x.seq === 12);
  assert.equal(task12.progress, 40);
  assert.equal(task12.status, 'in_progress');
  // task 1 has six responsible units, those of them that are 成员单位 here have
  // assignments: the mean of its units' progress
  const u1a = a.find((x) => x.seq === 1), u1b = b.find((x) => x.seq === 1);
  assert.equal((await yjj.post('/api/task_progress', { task_unit_id: u1a.id, report_date: '2026-11-21', progress: 100, content: '达成' })).status, 201);
  assert.equal((await jgw.post('/api/task_progress', { task_unit_id: u1b.id, report_date: '2026-11-21', progress: 50, content: '推进中' })).status, 201);
  const task1 = (await reg.get(`/api/task?list_name=${encodeURIComponent(LIST)}&size=50`)).json.items.find((x) => x.seq === 1);
  const n1 = rows[0][3].split(' ').filter((u) => deptNames.includes(u)).length;
  assert.ok(n1 >= 2);
  assert.equal(task1.progress, Math.round(150 / n1));
  // not another unit's assignment; not both or neither; no import, no task of its own
  r = await yjj.post('/api/task_progress', { task_unit_id: other.id, report_date: '2026-11-21', progress: 10, content: 'x' });
  assert.equal(r.status, 400, r.body);	/* an out-of-scope reference is "not found", by the field */
  assert.equal(r.json.error.field, 'task_unit_id');
  r = await yjj.post('/api/task_progress', { report_date: '2026-11-21', progress: 10, content: 'x' });
  assert.equal(r.status, 400);
  assert.equal((await upload(yjj, CSV)).status, 403);
  assert.equal((await yjj.post('/api/task', { list_name: 'x', year: 2026, seq: 1, title: 'x' })).status, 403);
  assert.equal((await yjj.post('/api/task_unit', { task_id: task1.id, role: 'lead', org_id: depts['区应急局'] })).status, 403);
  // their reports are theirs: the other unit does not read them
  const rep = (await jgw.get(`/api/task_progress?task_unit_id=${u1b.id}`)).json.items;
  assert.equal(rep.length, 1);
  assert.equal((await yjj.get(`/api/task_progress?task_unit_id=${u1b.id}`)).json.items.length, 0);
});

test('督办: the unit replies by the deadline, only the issuer closes', async () => {
  const a = (await yjj.get(`/api/task_unit?size=100&sort=seq&list_name=${encodeURIComponent(LIST)}`)).json.items;
  const u = a.find((x) => x.seq === 9);
  let r = await reg.post('/api/task_notice', { task_unit_id: u.id, content: '请于月底前报送危化品源头管控进展', reply_deadline: '2026-11-01' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reply_deadline');
  assert.equal((await yjj.post('/api/task_notice', { task_unit_id: u.id, content: 'x', reply_deadline: '2026-11-30' })).status, 403);
  r = await reg.post('/api/task_notice', { task_unit_id: u.id, content: '请于月底前报送危化品源头管控进展', reply_deadline: '2026-11-30' });
  assert.equal(r.status, 201, r.body);
  const n = r.json;
  assert.equal(n.status, 'issued');
  assert.equal(n.org_id, depts['区应急局']);
  assert.equal(n.unit_name, '区应急局');
  assert.equal(n.title, '强化危险化学品源头管控');
  assert.equal(n.task_id, u.task_id);
  assert.equal((await reg.get(`/api/task_notice?task_id=${u.task_id}`)).json.total, 1);
  // the unit heard of it; the other unit does not see it
  assert.ok((await yjj.get('/api/inbox?size=50')).json.items.some((m) => m.kind === 'supervised' && m.entity_id === n.id));
  assert.equal((await jgw.get(`/api/task_notice/${n.id}`)).status, 404);
  assert.equal((await jgw.post(`/api/task_notice/${n.id}/reply`, { reply: 'x' })).status, 404);
  // the issuer may not close before the reply; the reply is required
  assert.equal((await reg.post(`/api/task_notice/${n.id}/close`, {})).status, 409);
  r = await yjj.post(`/api/task_notice/${n.id}/reply`, {});
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reply');
  r = await yjj.post(`/api/task_notice/${n.id}/reply`, { reply: '已完成重大危险源专项检查' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'replied');
  // a department does not close its own 督办; the issuer sends it back, then closes
  assert.equal((await yjj.post(`/api/task_notice/${n.id}/close`, {})).status, 403);
  r = await reg.post(`/api/task_notice/${n.id}/reject`, { reason: '请附检查记录' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'issued');
  assert.ok((await yjj.get('/api/inbox?size=50')).json.items.some((m) => m.kind === 'returned' && m.entity_id === n.id));
  assert.equal((await yjj.post(`/api/task_notice/${n.id}/reply`, { reply: '已附检查记录' })).status, 200);
  r = await reg.post(`/api/task_notice/${n.id}/close`, { note: '同意办结' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'closed');
  assert.equal(r.json.closed_at.slice(0, 10), '2026-11-22');
  assert.equal((await reg.post(`/api/task_notice/${n.id}/reject`, { reason: 'x' })).status, 409);
});

test('督办: only the issuer closes — another regulator may not', async () => {
  const o2 = await admin.post('/api/user', { username: 'reg.other', name: '另一监管员', role: 'regulator', org_id: reg.me.org.id,
    password: 'Dept2026pass' });
  assert.equal(o2.status, 201, o2.body);
  const other = new Client(srv.base);
  assert.equal((await other.login('reg.other', 'Dept2026pass')).status, 200);
  const u = (await yjj.get(`/api/task_unit?size=100&sort=seq&list_name=${encodeURIComponent(LIST)}`)).json.items.find((x) => x.seq === 10);
  const n = (await reg.post('/api/task_notice', { task_unit_id: u.id, content: '请说明环保设施安全治理进展', reply_deadline: '2026-12-05' })).json;
  assert.equal((await yjj.post(`/api/task_notice/${n.id}/reply`, { reply: '已排查12处' })).status, 200);
  const r = await other.post(`/api/task_notice/${n.id}/close`, {});
  assert.equal(r.status, 403);
  assert.equal(r.json.error.message, '只有督办发起人可以办结或退回');
  assert.equal((await admin.post(`/api/task_notice/${n.id}/close`, {})).status, 200);
});

test('an overdue task escalates once to the list\'s leaders (anjian check, as the scheduler)', async () => {
  // the demo's 2026 list: 巩固经营性自建房整治成果 was due 2026-10-31 at 30 %
  const demo = (await reg.get('/api/task?overdue=true&size=50')).json.items.filter((x) => x.org_id === reg.me.org.id);
  const late = demo.find((x) => x.title === '巩固经营性自建房整治成果');
  assert.ok(late, 'the demo has an overdue task');
  const msgs = async () => (await reg.get('/api/inbox?size=200')).json.items.filter((m) => m.entity === 'task' && m.kind === 'overdue');
  assert.equal((await msgs()).length, 0);
  await run(['check', '--data', srv.dataDir, '--db', srv.dbUrl], { ANJIAN_NOW: NOW });
  const got = await msgs();
  assert.deepEqual(got.map((m) => m.title).sort(), demo.filter((x) => x.status !== 'done').map((x) => `任务逾期：${x.title}`).sort());
  assert.ok(got.some((m) => m.entity_id === late.id && m.link === `/task/${late.id}`));
  // once: a second run adds nothing; a done task never escalates
  await run(['check', '--data', srv.dataDir, '--db', srv.dbUrl], { ANJIAN_NOW: NOW });
  assert.equal((await msgs()).length, got.length);
  assert.ok(!got.some((m) => m.title.includes('强化危险化学品源头管控')), 'done (100 %) by its deadline');
  // an enterprise's own list escalates to its principal
  const pri = await loginAs(srv.base, 'principal');
  assert.ok((await pri.get('/api/inbox?size=200')).json.items.some((m) => m.entity === 'task' && m.title === '任务逾期：开展全员安全培训'));
});
