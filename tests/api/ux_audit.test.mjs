// The audit log in Chinese (issue 12 "The audit log", src/entity/audit.c): GET
// /api/audit names the entity and the action in Chinese (新增 / 修改 / a declared
// workflow action's label), the operator by 姓名 and org, and carries the
// field-by-field diff with the fields' labels and the values as the screens show
// them (enum labels, the referenced person's name, money in yuan, 是/否). Runs on
// the demo district at a fixed clock, on both backends (ANJIAN_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs } from './lib.mjs';

let srv, admin, reg, mgr;

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: '2026-11-22 10:00:00' } });
  [admin, reg, mgr] = await Promise.all(['admin', 'regulator', 'manager'].map((u) => loginAs(srv.base, u)));
});
after(async () => { await srv?.stop(); });

async function rows(c, entity, id) {
  const r = await c.get(`/api/audit?entity=${entity}&entity_id=${id}&sort=id&size=50`);
  assert.equal(r.status, 200, r.body);
  return r.json.items;
}
const change = (row, field) => row.changes.find((x) => x.field === field);

test('a hazard\'s audit rows read in Chinese, field by field', async () => {
  let r = await mgr.post('/api/hazard', {
    title: '审计测试隐患', location: '二号仓库', found_at: '2026-11-20', level: 'general',
    category: 'thing', source: 'self_check',
  });
  assert.equal(r.status, 201, r.body);
  const h = r.json;
  r = await mgr.put(`/api/hazard/${h.id}`, { location: '三号仓库' });
  assert.equal(r.status, 200, r.body);
  const staffUser = (await mgr.get('/api/user?role=staff&size=1')).json.items[0];
  r = await mgr.post(`/api/hazard/${h.id}/assign`, {
    plan_responsible_id: staffUser.id, plan_measures: '更换损坏部件并复查', plan_funds: 1234567.5,
    plan_deadline: '2026-12-10', plan_contingency: '整改期间设置警戒区并专人监护',
  });
  assert.equal(r.status, 200, r.body);

  const log = await rows(reg, 'hazard', h.id);
  assert.deepEqual(log.map((a) => a.action), ['create', 'update', 'assign']);
  for (const a of log) {
    assert.equal(a.entity_label, '隐患');
    assert.equal(a.operator_name, mgr.me.user.name, 'the operator by name, not username');
    assert.equal(a.operator_org, mgr.me.org.name);
  }
  const [created, updated, assigned] = log;
  assert.equal(created.action_label, '新增');
  assert.deepEqual(change(created, 'level'), { field: 'level', label: '隐患等级', before: null, after: '一般隐患' });
  assert.equal(change(created, 'category').after, '物的不安全状态');
  assert.equal(change(created, 'status').after, '已登记');
  assert.equal(change(created, 'supervised').after, '否', 'a bool reads 是/否');
  assert.ok(created.changes.every((x) => /[\u4e00-\u9fa5]/.test(x.label)), 'every field by its Chinese label');
  assert.ok(!created.changes.some((x) => ['org_id', 'created_at', 'id'].includes(x.field)), 'only declared fields');

  assert.equal(assigned.action_label, '下达整改', 'a workflow action by its declared label');
  assert.deepEqual(change(assigned, 'status'), { field: 'status', label: '状态', before: '已登记', after: '整改中' });
  assert.equal(change(assigned, 'plan_responsible_id').after, staffUser.name, 'a reference by the name of the row');
  assert.equal(change(assigned, 'plan_funds').after, '1,234,567.50 元', 'money in yuan as people write it');
  assert.equal(change(assigned, 'plan_deadline').after, '2026-12-10');

  assert.equal(updated.action_label, '修改');
  assert.deepEqual(updated.changes, [{ field: 'location', label: '隐患部位', before: '二号仓库', after: '三号仓库' }],
    'an update lists only what changed');
});

test('deletes and the system\'s writes read in Chinese too', async () => {
  let r = await mgr.post('/api/outlet', { name: '审计测试网点', address: '青浦区测试路1号', kind: 'leased_in' });
  assert.equal(r.status, 201, r.body);
  const id = r.json.id;
  assert.equal((await mgr.del(`/api/outlet/${id}`)).status, 200);
  const log = await rows(admin, 'outlet', id);
  assert.deepEqual(log.map((a) => a.action_label), ['新增', '删除']);
  const del = log[1];
  assert.equal(change(del, 'name').before, '审计测试网点');
  assert.equal(change(del, 'name').after, null);
  assert.equal(change(del, 'kind').before, '承租', 'an enum by its label');

  r = await admin.get('/api/audit?size=100&sort=id');
  const sys = r.json.items.find((a) => a.user_id === null);
  assert.ok(sys, 'the demo writes as the system');
  assert.equal(sys.operator_name, '系统');
  // every row of the page is named in Chinese
  for (const a of r.json.items) {
    assert.ok(/[\u4e00-\u9fa5]/.test(a.entity_label), `entity ${a.entity} → ${a.entity_label}`);
    assert.ok(/[\u4e00-\u9fa5]/.test(a.action_label), `action ${a.action} → ${a.action_label}`);
  }
  // the log stays read-only and the enterprise cannot read it
  assert.equal((await mgr.get('/api/audit')).status, 403);
});
