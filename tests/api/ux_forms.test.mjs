// Strict forms (issue 12 "Forms"): out-of-range input is an error under the field,
// never clamped, with the range written as people write numbers (「0 到 1,000,000」);
// and every error comes in one answer — the field rules and the entity's cross-field
// rules together (a bad phone no longer hides the 行业大类/门类 mismatch until the
// second try). Nothing is changed by a refused save. Both backends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs } from './lib.mjs';

let srv, reg, mgr;

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: '2026-11-22 10:00:00' } });
  [reg, mgr] = await Promise.all(['regulator', 'manager'].map((u) => loginAs(srv.base, u)));
});
after(async () => { await srv?.stop(); });

test('an enterprise profile with four mistakes gets four errors at once, nothing clamped', async () => {
  const ent = (await reg.get('/api/enterprise?size=1&sort=id')).json.items[0];
  const before0 = (await reg.get(`/api/enterprise/${ent.id}`)).json;
  const r = await reg.put(`/api/enterprise/${ent.id}`, {
    employee_count: -5, lat: 131.2, principal_phone: '12345', industry_section: 'A', industry_division: '33',
  });
  assert.equal(r.status, 400, r.body);
  const f = r.json.error.fields;
  assert.equal(f.employee_count, '从业人员数须在 0 到 1,000,000 之间');
  assert.equal(f.lat, '纬度须在 -90 到 90 之间');
  assert.ok(f.principal_phone, 'the phone error');
  assert.match(f.industry_division, /不属于所选门类/, 'the cross-field rule in the same answer');
  const after0 = (await reg.get(`/api/enterprise/${ent.id}`)).json;
  for (const k of ['employee_count', 'lat', 'principal_phone', 'industry_section', 'industry_division'])
    assert.deepEqual(after0[k], before0[k], `${k} unchanged`);
});

test('money below its range is refused under the field, not saved as 0.00', async () => {
  const h = (await mgr.post('/api/hazard', { title: '资金校验隐患', location: '一号车间', found_at: '2026-11-20',
    level: 'general', category: 'thing', source: 'self_check' })).json;
  const staff = (await mgr.get('/api/user?role=staff&size=1')).json.items[0];
  const r = await mgr.post(`/api/hazard/${h.id}/assign`, {
    plan_responsible_id: staff.id, plan_measures: '更换', plan_funds: -500, plan_deadline: '2026-12-10',
    plan_contingency: '警戒',
  });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'plan_funds');
  assert.match(r.json.error.fields.plan_funds, /整改资金（元）须在 0 到 [\d,]+ 之间|整改资金（元）/);
  assert.ok(!/e\+/.test(r.json.error.fields.plan_funds), r.json.error.fields.plan_funds);
  assert.equal((await mgr.get(`/api/hazard/${h.id}`)).json.status, 'registered', 'nothing changed');
});
