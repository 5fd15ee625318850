// The regulator's ledgers (issue 12 "The regulator"): 行业大类 is declared with the
// GB/T 4754-2017 names (an enum of the 97 大类: the screens show 金属制品业, not
// "33", and filter by a select), and the hazard ledger filters by the hazard's
// enterprise — 企业行业门类, 高危行业企业, 主管监管单位 (virtual, filter-only
// fields of src/mod/hazard.c) — each answer checked against the enterprises'
// own records. Demo district, fixed clock, both backends (ANJIAN_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs } from './lib.mjs';

let srv, reg, mgr;

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: '2026-11-22 10:00:00' } });
  [reg, mgr] = await Promise.all(['regulator', 'manager'].map((u) => loginAs(srv.base, u)));
});
after(async () => { await srv?.stop(); });

async function all(c, path) {
  const r = await c.get(path + (path.includes('?') ? '&' : '?') + 'size=100');
  assert.equal(r.status, 200, r.body);
  assert.ok(r.json.total <= 100, 'one page holds the demo');
  return r.json.items;
}

test('行业大类 is a select of the GB/T 4754 names', async () => {
  const meta = (await reg.get('/api/meta')).json.entities.find((e) => e.name === 'enterprise');
  const f = meta.fields.find((x) => x.name === 'industry_division');
  assert.equal(f.type, 'enum');
  assert.equal(f.options.length, 97, 'the 97 大类 of GB/T 4754-2017');
  assert.equal(f.options.find((o) => o.value === '33').label, '金属制品业');
  assert.equal(f.options.find((o) => o.value === '72').label, '商务服务业');
  // the filter takes the code; a code that is no 大类 is refused under the field
  const ents = await all(reg, '/api/enterprise?industry_division=33');
  assert.ok(ents.length > 0 && ents.every((e) => e.industry_division === '33'));
  const bad = await reg.get('/api/enterprise?industry_division=99');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'industry_division');
});

test('the hazard ledger filters by the enterprise', async () => {
  const ents = await all(reg, '/api/enterprise');
  const byOrg = new Map(ents.map((e) => [e.org_id, e]));
  const hazards = await all(reg, '/api/hazard?fields=title');
  assert.ok(hazards.length > 10);

  const high = await all(reg, '/api/hazard?fields=title&ent_high_risk=true');
  const want = hazards.filter((h) => { const e = byOrg.get(h.org_id); return e && e.high_risk && e.high_risk !== 'none'; });
  assert.deepEqual(high.map((h) => h.id).sort(), want.map((h) => h.id).sort(), 'high-risk enterprises\' hazards');
  assert.ok(high.length > 0 && high.length < hazards.length);
  const low = await all(reg, '/api/hazard?fields=title&ent_high_risk=false');
  assert.equal(low.length + high.length, hazards.length);

  const c = await all(reg, '/api/hazard?fields=title&ent_section=C');
  assert.ok(c.length > 0);
  assert.ok(c.every((h) => byOrg.get(h.org_id).industry_section === 'C'), '制造业 only');
  assert.equal(c.length, hazards.filter((h) => byOrg.get(h.org_id)?.industry_section === 'C').length);

  // the principal supervisor is the 行业监管 member department where there is one, else
  // the district's regulator (出资监管): the two kinds split the ledger between them
  const sup = await all(reg, `/api/hazard?fields=title&ent_supervisor=${reg.me.org.id}`);
  const depts = (await all(reg, '/api/org')).filter((o) => o.kind === 'department');
  let byDept = 0;
  for (const d of depts) byDept += (await all(reg, `/api/hazard?fields=title&ent_supervisor=${d.id}`)).length;
  assert.ok(sup.length > 0 && byDept > 0, `regulator ${sup.length}, departments ${byDept}`);
  assert.equal(sup.length + byDept, hazards.length);
  assert.equal((await all(reg, '/api/hazard?fields=title&ent_supervisor=999999')).length, 0);

  // combined with the enterprise itself (by its org) and a hazard filter
  // (an enterprise without subsidiaries: ?org_id= is the org's subtree)
  const one = hazards.map((h) => h.org_id).find((o) => !ents.some((e) => e.parent_id === byOrg.get(o)?.id));
  const mine = await all(reg, `/api/hazard?fields=title&org_id=${one}&ent_high_risk=${byOrg.get(one).high_risk !== 'none'}`);
  assert.ok(mine.length > 0 && mine.every((h) => h.org_id === one));

  assert.equal((await reg.get('/api/hazard?ent_section=Z')).status, 400);
  // an enterprise's own ledger is unchanged by the filters: its scope still applies
  const own = await all(mgr, '/api/hazard?fields=title&ent_high_risk=true');
  assert.ok(own.every((h) => h.org_id === mgr.me.org.id || byOrg.get(h.org_id)));
});
