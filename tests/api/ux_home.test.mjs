// Every role's home (issue 12 "Every role's home"): GET /api/dashboard/home carries
// 待审批延期 (ext_pending) for the enterprise's managers and principal — the pending
// extension requests they may decide: not their own, not those of a major or
// supervised hazard (the regulator decides those) — and none for staff; 待我整改
// lists only hazards 整改中 naming the person, never one already 待验收. Demo
// district, fixed clock, both backends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs, Client } from './lib.mjs';

let srv, mgr, pri, staff, worker;

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: '2026-11-22 10:00:00' } });
  [mgr, pri, staff] = await Promise.all(['manager', 'principal', 'staff'].map((u) => loginAs(srv.base, u)));
  const r = await mgr.post('/api/user', { username: 'ux.worker', name: '延期申请人', role: 'staff', password: 'Worker-pass1' });
  assert.equal(r.status, 201, r.body);
  worker = new Client(srv.base);
  assert.equal((await worker.login('ux.worker', 'Worker-pass1')).status, 200);
});
after(async () => { await srv?.stop(); });

const home = async (c) => { const r = await c.get('/api/dashboard/home'); assert.equal(r.status, 200, r.body); return r.json; };
const act = (c, id, verb, body = {}) => c.post(`/api/hazard/${id}/${verb}`, body);

async function assigned(title, level = 'general') {
  let r = await mgr.post('/api/hazard', { title, location: '三号车间', found_at: '2026-11-20', level,
    ...(level === 'major' ? { major_criterion: '其他：测试用判定依据' } : {}),
    category: 'thing', source: 'self_check' });
  assert.equal(r.status, 201, r.body);
  const h = r.json;
  const plan = { plan_responsible_id: worker.me.user.id, plan_measures: '更换', plan_funds: 100,
    plan_deadline: '2026-11-30', plan_contingency: '警戒' };
  if (level === 'major') Object.assign(plan, { plan_goal: '消除', plan_team: '安全部', plan_safety: '停用' });
  r = await act(level === 'major' ? pri : mgr, h.id, 'assign', plan);
  assert.equal(r.status, 200, r.body);
  return h;
}

test('待审批延期 shows the principal what waits for them, and leaves when decided', async () => {
  const before0 = (await home(pri)).ext_pending.count;
  const h = await assigned('延期首页测试');
  const major = await assigned('重大延期首页测试', 'major');
  assert.equal((await act(worker, h.id, 'extend', { new_deadline: '2026-12-20', reason: '备件未到' })).status, 201);
  assert.equal((await act(worker, major.id, 'extend', { new_deadline: '2026-12-20', reason: '备件未到' })).status, 201);

  let p = (await home(pri)).ext_pending;
  assert.equal(p.count, before0 + 1, 'the general hazard\'s request only: the major one goes to the regulator');
  const it = p.items.find((x) => x.id === h.id);
  assert.ok(it, 'the hazard is among the items');
  assert.equal(it.deadline, '2026-12-20', 'with the date asked for');
  assert.ok(!p.items.some((x) => x.id === major.id));
  assert.equal((await home(mgr)).ext_pending.count, before0 + 1, 'the manager decides too');
  assert.equal((await home(worker)).ext_pending, undefined, 'staff decide no extension');

  // the principal decides it on the hazard: it leaves the card
  const ext = (await pri.get(`/api/hazard_extension?hazard_id=${h.id}&status=pending`)).json.items[0];
  assert.ok(ext.id);
  assert.equal((await pri.post(`/api/hazard_extension/${ext.id}/approve`, {})).status, 200);
  p = (await home(pri)).ext_pending;
  assert.equal(p.count, before0);
  assert.ok(!p.items.some((x) => x.id === h.id));
});

test('待我整改 lists only what is still to rectify for that person', async () => {
  const h = await assigned('待我整改首页测试');
  let mine = (await home(worker)).to_rectify;
  assert.ok(mine.items.some((x) => x.id === h.id));
  assert.ok(mine.items.every((x) => x.status === 'rectifying'));
  assert.equal((await act(worker, h.id, 'submit', { rectify_note: '已更换' })).status, 200);
  mine = (await home(worker)).to_rectify;
  assert.ok(!mine.items.some((x) => x.id === h.id), 'a hazard 待验收 is no longer 待我整改');
  assert.ok((await home(staff)).to_rectify.items.every((x) => x.status === 'rectifying'));
});
