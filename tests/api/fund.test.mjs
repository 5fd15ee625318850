// Fund module (src/mod/fund.c, fund_ledger.c; issue 10) on the demo district at a fixed
// clock, both backends (ANJIAN_TEST_DB):
//   - 安全生产费用: the extraction computed by the server per 财资〔2022〕136号 (the
//     DOMAIN.md worked example, Art. 48, per tonne, project cost), never typed in;
//     the ⚠️ 冶金 tiers as configuration; expenses outside the permitted uses flagged;
//     the report (extraction against use, 使用不足 for a finished year) and the home;
//   - 安责险: the regulator's list of mandatory-industry enterprises without a current
//     policy, the mandatory industries as configuration, the renewal duty (30 days'
//     warning, overdue, done when a later policy is recorded), prevention visits;
//   - 证照 expiry duty; equipment next inspection and overdue; 三同时 in use without
//     acceptance;
//   - the scope matrix of every new entity (other enterprise 404, roles as declared);
//   - bad input: 400 naming the field, nothing written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs } from './lib.mjs';

const NOW = '2026-11-22 10:00:00';
const TODAY = NOW.slice(0, 10);
let srv, admin, reg, mgr, pri, staff, mgr2;

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: NOW, ANJIAN_SCHED: 'off' } });
  [admin, reg, mgr, pri, staff, mgr2] = await Promise.all(
    ['admin', 'regulator', 'manager', 'principal', 'staff', 'manager2'].map((u) => loginAs(srv.base, u)));
});
after(async () => { await srv?.stop(); });

function addDays(d, n) {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}
const ok = (r, status = 200) => { assert.equal(r.status, status, r.body); return r.json; };
const orgA = () => mgr.me.org.id;
const orgB = () => mgr2.me.org.id;
async function entOrg(shortName) {
  const r = ok(await reg.get(`/api/enterprise?q=${encodeURIComponent(shortName)}&size=5`));
  assert.equal(r.items.length, 1, shortName);
  return r.items[0].org_id;
}
async function duty(code, id) {
  const r = ok(await admin.get(`/api/obligation?duty=${code}&size=200`));
  return r.items.find((x) => x.proof_id === id);
}

/* ------------------------------------------------------------- extraction */

test('fund plan: the extraction is computed per 财资〔2022〕136号, never typed in', async () => {
  // DOMAIN.md §6 worked example: 危险品 (第二十一条), prior-year revenue 3亿 → 357.5万,
  // ≈ 29.79万 a month (months 1–11 rounded down)
  const p = ok(await mgr.post('/api/fund_plan', { year: 2027, industry: 'hazardous_goods',
    base_revenue: 300000000, extraction: 1, monthly: 1 }), 201);
  assert.equal(p.extraction, 3575000);
  assert.equal(p.monthly, 297916.66);
  assert.equal(p.basis, 'revenue');
  assert.match(p.basis_note, /第二十一条/);
  assert.equal(p.org_id, orgA());
  // a change of the base recomputes: 1000万 exactly is all at 4.5% (以下 includes the bound)
  const u = ok(await mgr.put(`/api/fund_plan/${p.id}`, { base_revenue: 10000000 }));
  assert.equal(u.extraction, 450000);
  // Art. 48: a new enterprise spends actual costs in the year, no monthly accrual
  const n = ok(await mgr.put(`/api/fund_plan/${p.id}`, { new_enterprise: true }));
  assert.equal(n.extraction, 450000);
  assert.equal(n.monthly, 0);
  assert.match(n.basis_note, /第四十八条/);
  ok(await mgr.del(`/api/fund_plan/${p.id}`));

  // per tonne (井工非金属 8元/t: the exam answer 5000 t → 40,000元) and project cost
  // (第十七条 房屋建筑 3%)
  const mine = ok(await mgr.post('/api/fund_plan', { year: 2027, industry: 'mine_nonmetal_under', base_output: 5000 }), 201);
  assert.equal(mine.extraction, 40000);
  assert.equal(mine.monthly, 0);
  ok(await mgr.del(`/api/fund_plan/${mine.id}`));
  const build = ok(await mgr.post('/api/fund_plan', { year: 2027, industry: 'construction_building', base_cost: 12345678.9 }), 201);
  assert.equal(build.extraction, 370370.37);	// 3% of 12,345,678.90 rounded to the fen
  ok(await mgr.del(`/api/fund_plan/${build.id}`));
});

test('fund plan: bad input is refused with the field named, nothing written', async () => {
  const before = ok(await mgr.get('/api/fund_plan?size=200')).total;
  let r = await mgr.post('/api/fund_plan', { year: 2027, industry: 'hazardous_goods' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'base_revenue');
  assert.match(r.json.error.message, /营业收入/);
  r = await mgr.post('/api/fund_plan', { year: 2027, industry: 'coal_open_pit' });
  assert.equal(r.json.error.field, 'base_output');
  r = await mgr.post('/api/fund_plan', { year: 2027, industry: 'construction_mine', base_cost: 1, new_enterprise: true });
  assert.equal(r.json.error.field, 'new_enterprise');
  r = await mgr.post('/api/fund_plan', { year: 2027, industry: 'no_such', base_revenue: 1 });
  assert.equal(r.json.error.field, 'industry');
  r = await mgr.post('/api/fund_plan', { year: 1999, industry: 'machinery', base_revenue: 1 });
  assert.equal(r.json.error.field, 'year');
  // one plan per enterprise and year: 2026 exists for 精工金属 (demo)
  r = await mgr2.post('/api/fund_plan', { year: 2026, industry: 'metallurgy', base_revenue: 1 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'year');
  assert.match(r.json.error.message, /已存在/);
  assert.equal(ok(await mgr.get('/api/fund_plan?size=200')).total, before);
});

test('fund rate: the ⚠️ 冶金 tiers are configuration an administrator edits', async () => {
  const rates = ok(await staff.get('/api/fund_rate?industry=metallurgy&size=50')).items;
  assert.equal(rates.length, 6);
  assert.deepEqual(rates.map((x) => x.rate), [3, 1.5, 0.5, 0.2, 0.1, 0.05]);
  assert.match(rates[0].source, /⚠️/);
  // demo: 精工金属 2亿 at the default → 30万 + 135万 + 50万
  const plan = ok(await mgr2.get('/api/fund_plan?year=2026')).items[0];
  assert.equal(plan.extraction, 2150000);
  assert.match(plan.basis_note, /待核实/);
  // only the admin writes, only uncertain industries
  assert.equal((await reg.put(`/api/fund_rate/${rates[0].id}`, { rate: 4 })).status, 403);
  assert.equal((await mgr.post('/api/fund_rate', { industry: 'metallurgy', seq: 7, rate: 1 })).status, 403);
  let r = await admin.post('/api/fund_rate', { industry: 'hazardous_goods', seq: 1, upto: 0, rate: 1 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'industry');
  ok(await admin.put(`/api/fund_rate/${rates[0].id}`, { rate: 4 }));
  const p = ok(await mgr2.post('/api/fund_plan', { year: 2027, industry: 'metallurgy', base_revenue: 20000000 }), 201);
  assert.equal(p.extraction, 550000);	// 1000万 × 4% + 1000万 × 1.5%
  // 上年结余 left empty: the balance of 2026 carries over (the demo's 2026 plan carries 2025's)
  const y2025 = ok(await mgr2.get('/api/fund_plan?year=2025')).items[0];
  assert.equal(y2025.balance, 2150000 - 860000);
  assert.equal(plan.carried_over, y2025.balance);
  assert.equal(p.carried_over, plan.balance);
  assert.equal(plan.balance, Math.round((plan.carried_over + plan.extraction - plan.used) * 100) / 100);
  ok(await mgr2.del(`/api/fund_plan/${p.id}`));
  ok(await admin.put(`/api/fund_rate/${rates[0].id}`, { rate: 3 }));
});

/* ---------------------------------------------------------------- expenses */

test('fund expense: outside the permitted uses is flagged; the report and the home show it', async () => {
  const p = ok(await mgr.post('/api/fund_plan', { year: 2025, industry: 'hazardous_goods',
    base_revenue: 300000000, budgeted: true, city_reg_date: '2025-01-15', city_reg_ref: 'SH-2025-9' }), 201);
  const e1 = ok(await mgr.post('/api/fund_expense', { plan_id: p.id, spent_on: '2025-03-01', amount: 1000000,
    category: 'ppe', description: '劳动防护用品' }), 201);
  assert.equal(e1.outside, false);
  assert.equal(e1.org_id, orgA());
  const e2 = ok(await mgr.post('/api/fund_expense', { plan_id: p.id, spent_on: '2025-04-01', amount: 5000,
    category: 'coal_gas', description: '瓦斯抽采' }), 201);
  assert.equal(e2.outside, true, 'a coal-only use is outside for 危险品');
  // an expense outside the plan's year, an unknown category
  let r = await mgr.post('/api/fund_expense', { plan_id: p.id, spent_on: '2026-01-01', amount: 1, category: 'ppe', description: 'x' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'spent_on');
  r = await mgr.post('/api/fund_expense', { plan_id: p.id, spent_on: '2025-01-01', amount: 1, category: 'party', description: 'x' });
  assert.equal(r.json.error.field, 'category');
  r = await mgr.post('/api/fund_expense', { plan_id: p.id, spent_on: '2025-01-01', amount: 0, category: 'ppe', description: 'x' });
  assert.equal(r.json.error.field, 'amount');

  const plan = ok(await mgr.get(`/api/fund_plan/${p.id}`));
  assert.equal(plan.used, 1000000);
  assert.equal(plan.outside_amount, 5000);
  assert.equal(plan.balance, 2575000);
  assert.equal(plan.under_used, true, '2025 is over and 100万 < 357.5万');

  const rep = ok(await reg.get('/api/fund/report?year=2025&size=200'));
  const row = rep.items.find((x) => x.id === p.id);
  assert.equal(row.extraction, 3575000);
  assert.equal(row.used, 1000000);
  assert.equal(row.use_rate, 28);
  assert.equal(row.under_used, true);
  assert.equal(row.outside, true);
  assert.equal(row.budgeted, true);
  assert.equal(row.city_reg_date, '2025-01-15');
  const flagged = ok(await reg.get('/api/fund/report?flag=flagged&size=200'));
  assert.equal(flagged.flagged, flagged.total);
  assert.ok(flagged.items.some((x) => x.id === p.id));
  assert.ok(flagged.items.every((x) => x.under_used || x.outside));
  // demo: 精工金属 under-used 2025, 青浦公交 spent outside, 青浦化贸 fine
  assert.ok(flagged.items.some((x) => x.enterprise_name.includes('精工金属') && x.year === 2025 && x.under_used));
  assert.ok(flagged.items.some((x) => x.enterprise_name.includes('公共交通') && x.outside));
  assert.ok(!flagged.items.some((x) => x.enterprise_name.includes('化工物资')));
  assert.equal((await reg.get('/api/fund/report?flag=maybe')).status, 400);
  // the enterprise sees only its own rows
  const own = ok(await mgr2.get('/api/fund/report?size=200'));
  assert.ok(own.items.length > 0 && own.items.every((x) => x.org_id === orgB()));

  const home = ok(await mgr.get('/api/dashboard/home')).notices;
  assert.equal(home.find((n) => n.key === 'fund_under_used').count, 1);
  assert.equal(home.find((n) => n.key === 'fund_outside').count, 1);
  // moved into the permitted uses, the flag goes
  ok(await mgr.put(`/api/fund_expense/${e2.id}`, { category: 'equipment' }));
  assert.equal(ok(await mgr.get(`/api/fund_plan/${p.id}`)).outside_amount, 0);
  assert.equal(ok(await mgr.get('/api/dashboard/home')).notices.find((n) => n.key === 'fund_outside').count, 0);
  for (const id of [e1.id, e2.id]) ok(await mgr.del(`/api/fund_expense/${id}`));
  ok(await mgr.del(`/api/fund_plan/${p.id}`));
});

/* ----------------------------------------------------------------- 安责险 */

test('安责险: mandatory enterprises without a current policy, as configuration', async () => {
  const un = ok(await reg.get('/api/liability/uninsured'));
  const names = un.items.map((x) => x.name);
  // demo: 华新木业 (涉爆粉尘) never insured; 青浦化贸's policy ended 40 days ago
  assert.ok(names.some((n) => n.includes('华新木业')));
  assert.ok(names.some((n) => n.includes('化工物资')));
  assert.ok(!names.some((n) => n.includes('精工金属')), 'a policy in force until 20 days from now');
  assert.ok(!names.some((n) => n.includes('淀山湖')), '人员密集场所 is not a mandatory industry');
  assert.equal(un.items.find((x) => x.name.includes('华新木业')).industry, '涉爆粉尘');
  assert.equal((await mgr.get('/api/liability/uninsured')).status, 403);

  // a policy from today takes 华新木业 off the list
  const hx = await entOrg('华新木业');
  const p = ok(await reg.post('/api/liability_policy', { org_id: hx, insurer: '人保', policy_no: 'T-HX-1',
    start_date: TODAY, end_date: addDays(TODAY, 364), insured_count: 145, cover_per_person: 400000, premium: 8000 }), 201);
  assert.equal(p.current, true);
  assert.equal(p.cover_low, false);
  assert.ok(!ok(await reg.get('/api/liability/uninsured')).items.some((x) => x.name.includes('华新木业')));
  ok(await reg.del(`/api/liability_policy/${p.id}`));

  // the list is configuration: disabling 涉爆粉尘 drops 华新木业, only the admin may
  const m = ok(await reg.get('/api/insurance_mandatory?size=50')).items;
  const dust = m.find((x) => x.industry === 'dust_explosion');
  assert.equal(dust.mandatory, true);
  assert.deepEqual(m.filter((x) => x.mandatory).map((x) => x.label).sort(),
    ['交通运输', '危险化学品', '建筑施工', '涉爆粉尘', '金属冶炼'].sort());
  assert.equal((await reg.put(`/api/insurance_mandatory/${dust.id}`, { mandatory: false })).status, 403);
  ok(await admin.put(`/api/insurance_mandatory/${dust.id}`, { mandatory: false }));
  assert.ok(!ok(await reg.get('/api/liability/uninsured')).items.some((x) => x.name.includes('华新木业')));
  ok(await admin.put(`/api/insurance_mandatory/${dust.id}`, { mandatory: true }));
});

test('安责险: the renewal duty warns 30 days ahead, is overdue after, done by a later policy', async () => {
  const mine = ok(await mgr2.get('/api/liability_policy')).items;
  assert.equal(mine.length, 1);
  const old = mine[0];
  assert.equal(old.end_date, addDays(TODAY, 20));
  let d = await duty('liability_policy_renewal', old.id);
  assert.equal(d.status, 'due_soon');
  assert.equal(d.due_date, old.end_date);
  assert.equal(d.org_id, orgB());
  const chem = ok(await reg.get('/api/liability_policy?expired=true')).items;
  assert.equal(chem.length, 1);
  assert.equal((await duty('liability_policy_renewal', chem[0].id)).status, 'overdue');

  // end before start; cover below 40万 is flagged
  let r = await mgr2.post('/api/liability_policy', { insurer: 'x', policy_no: 'x', start_date: TODAY,
    end_date: addDays(TODAY, -1), insured_count: 1, cover_per_person: 1, premium: 1 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'end_date');
  // the renewal: a policy from the old one's end
  const next = ok(await mgr2.post('/api/liability_policy', { insurer: '平安', policy_no: 'T-JG-2',
    start_date: addDays(old.end_date, 1), end_date: addDays(old.end_date, 365), insured_count: 260,
    cover_per_person: 300000, premium: 30000 }), 201);
  assert.equal(next.cover_low, true);
  assert.equal(next.current, false);
  const renewed = ok(await mgr2.get(`/api/liability_policy/${old.id}`));
  assert.equal(renewed.renewed, true);
  assert.equal(renewed.renewed_at, TODAY);
  d = await duty('liability_policy_renewal', old.id);
  assert.equal(d.status, 'done');
  assert.equal((await duty('liability_policy_renewal', next.id)).status, 'not_due');

  // a prevention visit takes the policy's enterprise; another enterprise's policy is not found
  const v = ok(await mgr2.post('/api/insurer_visit', { policy_id: next.id, visit_date: TODAY, service: 'inspection',
    provider: '平安风控中心', content: '现场隐患排查' }), 201);
  assert.equal(v.org_id, orgB());
  r = await mgr.post('/api/insurer_visit', { policy_id: next.id, visit_date: TODAY, service: 'inspection',
    provider: 'x', content: 'x' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'policy_id');
  ok(await mgr2.del(`/api/insurer_visit/${v.id}`));
  ok(await mgr2.del(`/api/liability_policy/${next.id}`));
});

/* ------------------------------------------------ licences, equipment, 三同时 */

test('证照: expiry is a duty with 90 days warning; expired flagged on the home', async () => {
  const gas = ok(await reg.get('/api/licence?expired=true')).items;
  assert.equal(gas.length, 1);
  assert.equal(gas[0].valid_until, addDays(TODAY, -10));
  assert.equal((await duty('licence_expiry', gas[0].id)).status, 'overdue');
  const soon = ok(await reg.get('/api/licence?kind=construction_safety')).items[0];
  assert.equal((await duty('licence_expiry', soon.id)).status, 'due_soon');

  const expiredNotice = async () => ok(await mgr.get('/api/dashboard/home')).notices.find((n) => n.key === 'licence_expired').count;
  const base = await expiredNotice();	// the group's subtree: 青浦燃气's expired licence
  assert.equal(base, 1);
  const l = ok(await mgr.post('/api/licence', { kind: 'safety_production', number: 'T-1', issuer: '上海市应急管理局',
    issued_on: '2024-01-01', valid_until: addDays(TODAY, -1) }), 201);
  assert.equal(l.expired, true);
  assert.equal((await duty('licence_expiry', l.id)).status, 'overdue');
  assert.equal(await expiredNotice(), base + 1);
  ok(await mgr.put(`/api/licence/${l.id}`, { valid_until: '2029-12-31' }));	// 延期
  assert.equal((await duty('licence_expiry', l.id)).status, 'not_due');
  assert.equal(await expiredNotice(), base);
  let r = await mgr.post('/api/licence', { kind: 'other', number: 'x', issuer: 'x', valid_until: '2030-01-01' });
  assert.equal(r.json.error.field, 'name');
  r = await mgr.post('/api/licence', { kind: 'fireworks', number: 'x', issuer: 'x', issued_on: '2030-01-02', valid_until: '2030-01-01' });
  assert.equal(r.json.error.field, 'valid_until');
  ok(await mgr.del(`/api/licence/${l.id}`));
});

test('equipment: next inspection computed, overdue flagged, special equipment needs an interval', async () => {
  const e = ok(await mgr.post('/api/equipment', { name: '电梯 T1', kind: 'elevator', location: '办公楼',
    interval_months: 12, last_inspection: '2025-11-21', status: 'in_use', next_inspection: '2099-01-01' }), 201);
  assert.equal(e.special, true);
  assert.equal(e.next_inspection, '2026-11-21');
  assert.equal(e.overdue, true);
  assert.equal((await duty('equipment_inspection', e.id)).status, 'overdue');
  const u = ok(await mgr.put(`/api/equipment/${e.id}`, { last_inspection: '2025-11-22' }));
  assert.equal(u.next_inspection, TODAY);
  assert.equal(u.overdue, false, 'due today is not yet overdue');
  assert.equal((await duty('equipment_inspection', e.id)).status, 'due_soon');
  // scrapped: no duty, no flag
  const s = ok(await mgr.put(`/api/equipment/${e.id}`, { status: 'scrapped', scrapped_on: TODAY, last_inspection: '2024-01-01' }));
  assert.equal(s.overdue, false);
  assert.equal(await duty('equipment_inspection', e.id), undefined);
  let r = await mgr.post('/api/equipment', { name: 'x', kind: 'crane', location: 'x', status: 'in_use' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'interval_months');
  r = await mgr.post('/api/equipment', { name: 'x', kind: 'production', location: 'x', status: 'scrapped' });
  assert.equal(r.json.error.field, 'scrapped_on');
  ok(await mgr.del(`/api/equipment/${e.id}`));
  // demo: 青浦燃气's LNG tank is overdue; 精工金属's obsolete furnace is still in use
  const over = ok(await reg.get('/api/equipment?overdue=true')).items;
  assert.deepEqual(over.map((x) => x.name), ['LNG 储罐 1#']);
  assert.equal(ok(await mgr2.get('/api/dashboard/home')).notices.find((n) => n.key === 'equipment_obsolete').count, 1);
});

test('三同时: a project in use without acceptance is flagged', async () => {
  const flagged = ok(await reg.get('/api/construction_project?unaccepted_in_use=true')).items;
  assert.deepEqual(flagged.map((x) => x.name), ['冷库扩建工程（二期）']);
  const p = ok(await mgr.post('/api/construction_project', { name: '办公楼改建', kind: 'rebuild',
    design_review_date: '2026-01-10', construction_start: '2026-02-01', in_use_date: '2026-10-01' }), 201);
  assert.equal(p.unaccepted_in_use, true);
  assert.equal(p.unreviewed_construction, false);
  const q = ok(await mgr.post('/api/construction_project', { name: '仓库新建', kind: 'new', construction_start: '2026-05-01' }), 201);
  assert.equal(q.unreviewed_construction, true, '未经设计审查不得施工 (seeds/004 第16项)');
  assert.equal(q.unaccepted_in_use, false);
  ok(await mgr.del(`/api/construction_project/${q.id}`));
  assert.equal(ok(await mgr.get('/api/dashboard/home')).notices.find((n) => n.key === 'project_unaccepted').count, 1);
  const a = ok(await mgr.put(`/api/construction_project/${p.id}`, { acceptance_date: '2026-09-20' }));
  assert.equal(a.unaccepted_in_use, false);
  let r = await mgr.put(`/api/construction_project/${p.id}`, { construction_start: '2026-01-01' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'construction_start');
  ok(await mgr.del(`/api/construction_project/${p.id}`));
});

/* ------------------------------------------------------------ scope matrix */

test('scope: every new entity — other enterprise 404, roles as declared', async () => {
  const mk = {
    fund_plan: () => ({ year: 2030, industry: 'machinery', base_revenue: 1000 }),
    liability_policy: () => ({ insurer: 'x', policy_no: 'S-1', start_date: TODAY, end_date: addDays(TODAY, 30),
      insured_count: 1, cover_per_person: 400000, premium: 1 }),
    licence: () => ({ kind: 'safety_production', number: 'S-1', issuer: 'x', valid_until: '2030-01-01' }),
    equipment: () => ({ name: 'S', kind: 'production', location: 'x', status: 'in_use' }),
    construction_project: () => ({ name: 'S', kind: 'new' }),
  };
  for (const [ent, body] of Object.entries(mk)) {
    // principal and staff read, do not write
    for (const c of [pri, staff]) assert.equal((await c.post(`/api/${ent}`, body())).status, 403, ent);
    const row = ok(await mgr.post(`/api/${ent}`, body()), 201);
    assert.equal(row.org_id, orgA(), ent);
    ok(await staff.get(`/api/${ent}/${row.id}`));
    ok(await reg.get(`/api/${ent}/${row.id}`));
    // the other enterprise: not found, like a missing row, and not in its list
    assert.equal((await mgr2.get(`/api/${ent}/${row.id}`)).status, 404, ent);
    assert.equal((await mgr2.put(`/api/${ent}/${row.id}`, {})).status, 404, ent);
    assert.equal((await mgr2.del(`/api/${ent}/${row.id}`)).status, 404, ent);
    assert.ok(!ok(await mgr2.get(`/api/${ent}?size=200`)).items.some((x) => x.id === row.id), ent);
    // a regulator registers for a named enterprise; a district org is not one
    const byReg = ok(await reg.post(`/api/${ent}`, { ...body(), org_id: orgB(), year: ent === 'fund_plan' ? 2031 : undefined }), 201);
    assert.equal(byReg.org_id, orgB());
    const bad = await reg.post(`/api/${ent}`, body());
    assert.equal(bad.status, 400, ent);
    assert.equal(bad.json.error.field, 'org_id');
    ok(await reg.del(`/api/${ent}/${byReg.id}`));
    ok(await mgr.del(`/api/${ent}/${row.id}`));
  }
  // children take their parent's enterprise: an expense on another enterprise's plan
  const planB = ok(await mgr2.get('/api/fund_plan?year=2026')).items[0];
  let r = await mgr.post('/api/fund_expense', { plan_id: planB.id, spent_on: '2026-01-05', amount: 1, category: 'ppe', description: 'x' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'plan_id');
  const eB = ok(await mgr2.get('/api/fund_expense?size=1')).items[0];
  assert.equal((await mgr.get(`/api/fund_expense/${eB.id}`)).status, 404);
  assert.equal((await staff.post('/api/fund_expense', { plan_id: planB.id })).status, 403);
  // configuration: everyone reads, only the admin writes
  for (const ent of ['fund_rate', 'insurance_mandatory']) {
    ok(await staff.get(`/api/${ent}`));
    assert.equal((await mgr.post(`/api/${ent}`, {})).status, 403, ent);
    assert.equal((await reg.post(`/api/${ent}`, {})).status, 403, ent);
  }
});
