// Buttons follow the row's state and the person (issue 12 "Every role's home"):
// lists and reads of a hazard carry "_can" from the declaration's refuse_write
// (entity.h), so 修改 is offered only where PUT is accepted — never on a hazard past
// 已登记, never to staff for someone else's report — and the PUT answers the same
// refusal; a rectifier is not offered 验收 of their own work (_actions). Demo
// district, fixed clock, both backends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs } from './lib.mjs';

let srv, mgr, pri, staff;

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: '2026-11-22 10:00:00' } });
  [mgr, pri, staff] = await Promise.all(['manager', 'principal', 'staff'].map((u) => loginAs(srv.base, u)));
});
after(async () => { await srv?.stop(); });

const reg = (c, title) => c.post('/api/hazard', { title, location: '一号车间', found_at: '2026-11-20', level: 'general',
  category: 'thing', source: 'self_check' });

test('修改 is offered exactly where the update is accepted', async () => {
  const items = (await mgr.get('/api/hazard?size=100')).json.items;
  assert.ok(items.some((h) => h.status !== 'registered'));
  for (const h of items) {
    assert.equal(typeof h._can?.update, 'boolean', `row ${h.id} carries _can`);
    if (h.status !== 'registered') assert.equal(h._can.update, false, `${h.title} (${h.status}) offers no 修改`);
  }
  const closed = items.find((h) => h.status === 'closed');
  const r = await mgr.put(`/api/hazard/${closed.id}`, { location: '新部位', found_at: 'bad' });
  assert.equal(r.status, 409, 'the state answers before the fields');
  assert.match(r.json.error.message, /隐患当前状态为已销号，不能修改登记信息/);

  const mine = (await reg(staff, '本人上报')).json;
  const other = (await reg(mgr, '他人登记')).json;
  assert.equal((await staff.get(`/api/hazard/${mine.id}`)).json._can.update, true, 'staff edit their own report');
  assert.equal((await staff.get(`/api/hazard/${other.id}`)).json._can.update, false, 'not someone else\'s');
  assert.equal((await staff.put(`/api/hazard/${other.id}`, { location: 'x' })).status, 403);
  assert.equal((await staff.put(`/api/hazard/${mine.id}`, { location: '二号车间' })).status, 200);
  assert.equal((await mgr.get(`/api/hazard/${other.id}`)).json._can.update, true);
  assert.equal((await mgr.get(`/api/hazard/${other.id}`)).json._can.delete, false, 'hazards are never deleted');
});

test('the rectifier is not offered 验收 of their own work', async () => {
  const h = (await reg(mgr, '经理自改')).json;
  let r = await mgr.post(`/api/hazard/${h.id}/assign`, { plan_responsible_id: mgr.me.user.id, plan_measures: '更换',
    plan_funds: 10, plan_deadline: '2026-12-01', plan_contingency: '警戒' });
  assert.equal(r.status, 200, r.body);
  assert.equal((await mgr.post(`/api/hazard/${h.id}/submit`, { rectify_note: '已更换' })).status, 200);
  const verbs = (c) => c.get(`/api/hazard/${h.id}`).then((x) => x.json._actions.map((a) => a.verb));
  assert.ok(!(await verbs(mgr)).includes('verify'), 'not for the rectifier');
  assert.ok((await verbs(pri)).includes('verify'), 'the principal verifies');
  assert.equal((await mgr.post(`/api/hazard/${h.id}/verify`, {})).status, 403);
});

// A list decides each row's _can from the columns the entity declares refuse_write
// reads (refuse_fields) instead of loading the whole row; a read of one row uses the
// whole row. If the declaration missed a field refuse_write reads, the two disagree.
test('a list row\'s _can is the _can of the same row read alone, for every role', async () => {
  const reg2 = await loginAs(srv.base, 'regulator');
  await reg(staff, '员工自报_列表一致');
  for (const c of [mgr, pri, staff, reg2]) {
    const items = (await c.get('/api/hazard?size=100')).json.items;
    assert.ok(items.length > 5, `${c.me.user.username} sees hazards`);
    const states = new Set(items.map((h) => `${h.status}/${h.level}/${h.supervised}`));
    assert.ok(states.size > 2, `several states: ${[...states]}`);
    for (const h of items) {
      const one = (await c.get(`/api/hazard/${h.id}`)).json;
      assert.deepEqual(h._can, one._can, `${c.me.user.username}: ${h.title} (${h.status})`);
    }
  }
});
