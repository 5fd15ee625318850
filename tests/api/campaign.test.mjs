// 专项行动 (issue 8, Campaigns) on the demo district and a fixed clock, both
// backends (ANJIAN_TEST_DB):
//   - the two templates of the documents (百日攻坚 seeds/004 with its four phases,
//     六个一 seeds/002 with its activities and the 12月5日 summary), launched for a
//     chosen year with every date moved to it;
//   - participants by filter (a list, all supervised), stored as the resulting list;
//   - the progress counts of the demo's 百日攻坚 for enterprise A (on time, late,
//     returned), rows and .xlsx export;
//   - submit / return (the comment, the inbox, the calendar due again) / resubmit;
//     activity rules (一谈 ≤ 2000字 with author and platform, 一学 attendance);
//   - a self-check item turning done from a finished 25条 inspection;
//   - the per-record duty on the obligations calendar;
//   - scope and roles for every new entity and action.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs } from './lib.mjs';

const NOW = '2026-12-02 10:00:00';
const TODAY = NOW.slice(0, 10);
let srv, admin, reg, mgr, pri, staff, mgr2;

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: NOW } });
  [admin, reg, mgr, pri, staff, mgr2] = await Promise.all(
    ['admin', 'regulator', 'manager', 'principal', 'staff', 'manager2'].map((u) => loginAs(srv.base, u)));
});
after(async () => { await srv?.stop(); });

async function all(c, path) {
  const r = await c.get(`${path}${path.includes('?') ? '&' : '?'}size=200`);
  assert.equal(r.status, 200, r.body);
  return r.json.items;
}
async function demoCampaign(template) {
  const rows = await all(reg, `/api/campaign?template=${template}`);
  const c = rows.find((x) => x.year === 2026);
  assert.ok(c, `demo ${template} campaign of 2026`);
  return c;
}
const taskOf = async (c, cmp, seq) =>
  (await all(c, `/api/campaign_task?campaign_id=${cmp.id}`)).find((t) => t.org_id === c.me.org.id && t.item_seq === seq);

test('the templates: 百日攻坚 four phases (004 三) and 六个一 with the 12月5日 summary (002 五)', async () => {
  const r = await reg.get('/api/campaign/templates');
  assert.equal(r.status, 200, r.body);
  const bd = r.json.items.find((t) => t.code === 'baiday');
  assert.deepEqual(bd.phases.map((p) => [p.name, p.start_date, p.end_date]), [
    ['动员部署阶段', '2025-06-20', '2025-06-30'], ['排查整治阶段', '2025-07-01', '2025-08-15'],
    ['集中攻坚阶段', '2025-08-16', '2025-09-15'], ['巩固提升阶段', '2025-09-16', '2025-09-30']]);
  const so = r.json.items.find((t) => t.code === 'six_one');
  for (const a of ['一学', '一拍', '一交流', '一讲', '一谈', '一检查'])
    assert.ok(so.items.some((i) => i.name.startsWith(a)), a);
  assert.ok(so.items.some((i) => i.name.includes('总结') && i.due_date === '2022-12-05'));
  assert.equal((await mgr.get('/api/campaign/templates')).status, 403);
});

test('从模板创建 for 2027 moves every date to that year; bad input is 400 naming the field', async () => {
  let r = await reg.post('/api/campaign/from-template', { template: 'baiday', year: 2027 });
  assert.equal(r.status, 201, r.body);
  const c = r.json;
  assert.equal(c.start_date, '2027-06-20');
  assert.equal(c.end_date, '2027-09-30');
  assert.equal(c.year, 2027);
  const phases = await all(reg, `/api/campaign_phase?campaign_id=${c.id}&sort=seq`);
  assert.deepEqual(phases.map((p) => p.start_date), ['2027-06-20', '2027-07-01', '2027-08-16', '2027-09-16']);
  assert.deepEqual(phases.map((p) => p.end_date), ['2027-06-30', '2027-08-15', '2027-09-15', '2027-09-30']);
  const items = await all(reg, `/api/campaign_item?campaign_id=${c.id}&sort=seq`);
  const sc = items.find((i) => i.kind === 'selfcheck');
  assert.equal(sc.due_date, '2027-08-15');
  assert.ok(sc.checklist_id > 0);
  r = await reg.post('/api/campaign/from-template', { template: 'six_one', year: 2030 });
  assert.equal(r.status, 201);
  const so = await all(reg, `/api/campaign_item?campaign_id=${r.json.id}&sort=seq`);
  assert.ok(so.some((i) => i.name.includes('总结') && i.due_date === '2030-12-05'));
  r = await reg.post('/api/campaign/from-template', { template: 'nope', year: 2027 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'template');
  r = await reg.post('/api/campaign/from-template', { template: 'baiday', year: 1990 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'year');
  assert.equal((await mgr.post('/api/campaign/from-template', { template: 'baiday', year: 2027 })).status, 403);
});

test('participants by filter: a list, then all supervised; stored as the resulting list', async () => {
  let r = await reg.post('/api/campaign/from-template', { template: 'six_one', year: 2028 });
  const c = r.json;
  r = await reg.put(`/api/campaign/${c.id}`, { target: 'list', target_list: 'x' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'target_list');
  r = await reg.put(`/api/campaign/${c.id}`, { target: 'list', target_list: String(mgr.me.org.id) });
  assert.equal(r.status, 200, r.body);
  r = await reg.post(`/api/campaign/${c.id}/launch`, {});
  assert.equal(r.status, 200, r.body);
  const nitems = (await all(reg, `/api/campaign_item?campaign_id=${c.id}`)).length;
  assert.equal(r.json.participants, 1);
  assert.equal(r.json.created, nitems);
  let got = (await reg.get(`/api/campaign/${c.id}`)).json;
  assert.equal(got.participants, String(mgr.me.org.id));
  r = await reg.put(`/api/campaign/${c.id}`, { target: 'all' });
  r = await reg.post(`/api/campaign/${c.id}/launch`, {});
  assert.equal(r.status, 200);
  const demo = await demoCampaign('six_one');
  assert.equal(r.json.participants, demo.participant_count);
  assert.equal(r.json.created, (r.json.participants - 1) * nitems, 'the listed enterprise keeps its rows');
  r = await reg.post(`/api/campaign/${c.id}/launch`, {});
  assert.equal(r.json.created, 0, 're-launch creates nothing twice');
  assert.equal((await staff.post(`/api/campaign/${c.id}/launch`, {})).status, 403);
  assert.equal((await mgr.post(`/api/campaign/${c.id}/launch`, {})).status, 403);
});

test('progress of the demo 百日攻坚 for enterprise A: on time, late, returned; export', async () => {
  const c = await demoCampaign('baiday');
  const r = await reg.get(`/api/campaign/progress?campaign_id=${c.id}&org_id=${mgr.me.org.id}`);
  assert.equal(r.status, 200, r.body);
  const own = r.json.items.filter((x) => x.org_id === mgr.me.org.id);
  const cell = (n) => own.find((x) => x.item_seq === n).cell;
  assert.equal(cell(1), 'done');		// 宣讲 3 days before 6月30日
  assert.equal(cell(2), 'done');		// the 25条 self-check finished by 8月15日
  assert.equal(cell(3), 'late');		// 公示 5 days after 8月15日
  assert.equal(cell(4), 'returned');
  // the counts are those of the rows listed (A and its subsidiaries: ?org_id= is a subtree)
  const tally = { done: 0, late: 0, missing: 0, returned: 0, waiting: 0 };
  for (const x of r.json.items) tally[x.cell]++;
  assert.deepEqual({ ...r.json.counts, to_review: undefined }, { ...tally, to_review: undefined });
  assert.equal(r.json.counts.to_review, r.json.items.filter((x) => x.status === 'submitted').length);
  assert.ok(r.json.items.length > own.length, 'the subsidiaries are in the subtree');
  const all2 = await reg.get(`/api/campaign/progress?campaign_id=${c.id}`);
  assert.equal(all2.json.total, c.participant_count * 4);
  assert.ok(all2.json.counts.missing > 0, 'the other enterprises are missing items');
  const x = await reg.get(`/api/campaign/progress/export?campaign_id=${c.id}`);
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  // enterprises do not read the district's matrix
  assert.equal((await mgr.get(`/api/campaign/progress?campaign_id=${c.id}`)).status, 403);
});

test('return with a comment, due again on the calendar, resubmit keeps the first submission', async () => {
  const c = await demoCampaign('six_one');
  const t = await taskOf(mgr, c, 7);	// 一讲, submitted by the demo
  assert.equal(t.status, 'submitted');
  assert.equal((await mgr.post(`/api/campaign_task/${t.id}/accept`, {})).status, 403);
  assert.equal((await mgr2.post(`/api/campaign_task/${t.id}/return`, { reason: 'x' })).status, 404);
  let r = await reg.post(`/api/campaign_task/${t.id}/return`, {});
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reason');
  r = await reg.post(`/api/campaign_task/${t.id}/return`, { reason: '请补充授课课件' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'returned');
  assert.equal(r.json.review_comment, '请补充授课课件');
  let ob = await all(mgr, `/api/obligation?duty=campaign_task_due&period_key=${t.id}`);
  assert.equal(ob.length, 1);
  assert.equal(ob[0].done_at ?? null, null, 'a returned item is due again');
  const inbox = await all(mgr, '/api/inbox');
  assert.ok(inbox.some((m) => m.kind === 'returned' && m.entity === 'campaign_task' && m.entity_id === t.id));
  assert.equal((await staff.post(`/api/campaign_task/${t.id}/submit`, {})).status, 403);
  r = await pri.post(`/api/campaign_task/${t.id}/submit`, { theme: '落实第一责任人责任', activity_date: '2026-11-10', files: [] });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'submitted');
  assert.equal(r.json.first_submitted_at, t.first_submitted_at);
  assert.equal(r.json.version, 2);
  assert.equal(r.json.review_comment, null);
  ob = await all(mgr, `/api/obligation?duty=campaign_task_due&period_key=${t.id}`);
  assert.equal(ob[0].done_at, t.first_submitted_at.slice(0, 10));
  r = await reg.post(`/api/campaign_task/${t.id}/accept`, { note: '同意' });
  assert.equal(r.json.status, 'accepted');
  assert.equal((await reg.post(`/api/campaign_task/${t.id}/return`, { reason: 'x' })).status, 409);
});

test('activity rules: 一谈 ≤ 2000字 with author and platform (002 三(二)2); 一学 with attendance', async () => {
  const c = await demoCampaign('six_one');
  const art = await taskOf(mgr, c, 8);
  let r = await mgr.post(`/api/campaign_task/${art.id}/submit`, { content: '安'.repeat(2001), author: '张伟', published_in: '企业官微' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'content');
  assert.match(r.json.error.message, /2000字/);
  r = await mgr.post(`/api/campaign_task/${art.id}/submit`, { content: '谈一岗双责' });
  assert.equal(r.status, 400);
  assert.ok(['author', 'published_in'].includes(r.json.error.field));
  r = await mgr.post(`/api/campaign_task/${art.id}/submit`, { content: '管业务必须管安全。'.repeat(100), author: '张伟', published_in: '企业官微' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.cell, 'done');
  const study = await taskOf(mgr2, c, 1);
  const other = (await all(mgr, `/api/campaign_task?campaign_id=${c.id}`)).find((t) => t.item_seq === 1);
  assert.notEqual(study.id, other.id);
  assert.equal((await mgr.get(`/api/campaign_task/${study.id}`)).status, 404, 'another enterprise\'s row');
});

test('a self-check item turns done from a finished 25条 inspection; the duty is on the calendar', async () => {
  const d25 = (await all(mgr2, '/api/checklist?code=duty25'))[0];
  let r = await reg.post('/api/campaign', {
    name: '年末25条自查', year: 2026, start_date: TODAY, end_date: '2026-12-31',
    target: 'list', target_list: String(mgr2.me.org.id),
  });
  assert.equal(r.status, 201, r.body);
  const c = r.json;
  r = await reg.post('/api/campaign_item', { campaign_id: c.id, seq: 1, name: '25条自查', kind: 'selfcheck', due_date: '2026-12-20' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'checklist_id');
  r = await reg.post('/api/campaign_item', { campaign_id: c.id, seq: 1, name: '25条自查', kind: 'selfcheck', checklist_id: d25.id, due_date: '2026-12-20' });
  assert.equal(r.status, 201, r.body);
  r = await reg.post(`/api/campaign/${c.id}/launch`, {});
  assert.equal(r.json.created, 1);
  const task = (await all(mgr2, `/api/campaign_task?campaign_id=${c.id}`))[0];
  assert.equal(task.status, 'pending');
  assert.equal(task.cell, 'waiting');
  // the calendar carries it, due at the item's date
  let ob = await all(mgr2, `/api/obligation?duty=campaign_task_due&period_key=${task.id}`);
  assert.equal(ob.length, 1);
  assert.equal(ob[0].due_date, '2026-12-20');
  // submitting without an inspection is refused naming the inspection
  r = await mgr2.post(`/api/campaign_task/${task.id}/submit`, {});
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'inspection_id');
  assert.equal((await reg.post(`/api/campaign/${c.id}/sync`, {})).json.linked, 0);
  // the enterprise does the 25条 self-check
  r = await mgr2.post('/api/inspection', { title: '25条自查', kind: 'self', checklist_id: d25.id, org_id: mgr2.me.org.id, inspect_date: TODAY });
  assert.equal(r.status, 201, r.body);
  const insp = r.json;
  for (const x of await all(mgr2, `/api/inspection_result?inspection_id=${insp.id}`))
    assert.equal((await mgr2.put(`/api/inspection_result/${x.id}`, { result: 'pass' })).status, 200);
  assert.equal((await mgr2.post(`/api/inspection/${insp.id}/finish`, {})).status, 200);
  r = await reg.post(`/api/campaign/${c.id}/sync`, {});
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.linked, 1);
  const done = (await mgr2.get(`/api/campaign_task/${task.id}`)).json;
  assert.equal(done.status, 'submitted');
  assert.equal(done.cell, 'done');
  assert.equal(done.inspection_id, insp.id);
  ob = await all(mgr2, `/api/obligation?duty=campaign_task_due&period_key=${task.id}`);
  assert.equal(ob[0].done_at, TODAY);
  assert.equal((await reg.post(`/api/campaign/${c.id}/sync`, {})).json.linked, 0, 'linked once');
});

test('scope and roles of campaign, campaign_phase, campaign_item, campaign_task', async () => {
  const c = await demoCampaign('baiday');
  for (const p of [`/api/campaign/${c.id}`, `/api/campaign_phase?campaign_id=${c.id}`, `/api/campaign_item?campaign_id=${c.id}`]) {
    assert.equal((await reg.get(p)).status, 200, p);
    assert.equal((await admin.get(p)).status, 200, p);
    assert.equal((await mgr.get(p)).status, 403, p);
    assert.equal((await staff.get(p)).status, 403, p);
  }
  assert.equal((await mgr.post('/api/campaign', { name: 'x', year: 2026, start_date: TODAY, end_date: TODAY, target: 'all' })).status, 403);
  assert.equal((await mgr.post(`/api/campaign/${c.id}/sync`, {})).status, 403);
  assert.ok((await reg.post('/api/campaign_task', {})).status >= 400, 'tasks come from launch only');
  const mine = await all(mgr, `/api/campaign_task?campaign_id=${c.id}`);
  // the group's people see the group's and its subsidiaries' rows (scope), not B's
  assert.equal(mine.filter((t) => t.org_id === mgr.me.org.id).length, 4);
  assert.ok(!mine.some((t) => t.org_id === mgr2.me.org.id));
  const theirs = await all(mgr2, `/api/campaign_task?campaign_id=${c.id}`);
  assert.ok(theirs.every((t) => t.org_id === mgr2.me.org.id));
  assert.equal((await mgr2.get(`/api/campaign_task/${mine.find((t) => t.org_id === mgr.me.org.id).id}`)).status, 404);
  assert.equal((await mgr.put(`/api/campaign_task/${mine[0].id}`, { content: 'x' })).status >= 400, true);
  // staff see their enterprise's items but do not submit
  const st = await all(staff, `/api/campaign_task?campaign_id=${c.id}`);
  assert.ok(st.length > 0 && !st.some((t) => t.org_id === mgr2.me.org.id));
});
