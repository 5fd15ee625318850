// Browser tests of what users see (issue 12). On the demo district:
//   1. 操作日志 in Chinese: the manager changes a hazard's 隐患部位; the regulator opens
//      操作日志, filters by 数据类型 隐患, and reads the row: 修改 by the manager's 姓名
//      and org, and, expanded, the diff row 隐患部位 二号仓库 → 三号仓库; no raw JSON,
//      no English keys; the filters have no duplicate (one 操作人, each 数据类型 once).
//   2. the regulator's hazard ledger: the 企业 column is the first and visible at 1440
//      px; the query bar offers 企业 and the enterprise filters, not 所在车间/班组;
//      arriving from the cockpit's ranking (/hazard?org_id=N) shows 企业：<name> as a
//      tag over that enterprise's rows only; closing the tag lists the whole district;
//      高危行业企业 = 是 narrows to the API's count and shows its tag; rows past
//      已登记 offer no 修改 (the row's "_can").
//   3. the principal's home: a staff member asks to extend a plan; the principal's
//      home shows 待审批延期 with that hazard and the date asked for; the card opens
//      the hazard, where 批准延期 is offered.
// Screenshots at 1440×900 go to test-output/e2e/ux-*.png. Runs Debian's chromium
// through playwright-core from web/node_modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs } from '../api/lib.mjs';
import { DESKTOP, settled, harness } from './lib.mjs';

test('the regulator reads the audit log in Chinese, field by field', { timeout: 120000 }, () => harness('ux').run(async (h) => {
  const base = h.srv.base;
  const mgr = await loginAs(base, 'manager');
  let r = await mgr.post('/api/hazard', { title: '审计界面测试隐患', location: '二号仓库', found_at: '2026-11-01',
    level: 'general', category: 'thing', source: 'self_check' });
  assert.equal(r.status, 201, r.body);
  r = await mgr.put(`/api/hazard/${r.json.id}`, { location: '三号仓库' });
  assert.equal(r.status, 200, r.body);

  const page = await h.page(DESKTOP, 'regulator');
  await page.goto(base + '/audit');
  /* the view is loaded on demand: wait for its query bar, not just for no mask */
  await page.locator('.query-form .el-form-item__label', { hasText: '操作人' }).waitFor();
  await settled(page);
  // filters without duplicates: one 操作人, no 用户名 besides it, each 数据类型 once
  const labels = await page.locator('.query-form .el-form-item__label').allTextContents();
  assert.equal(labels.filter((l) => l.includes('操作人')).length, 1, labels.join(','));
  assert.ok(!labels.some((l) => l.includes('用户名')), labels.join(','));
  await page.locator('.query-form .el-form-item', { hasText: '数据类型' }).locator('.el-select').click();
  const opts = await page.locator('.el-select-dropdown__item:visible').allTextContents();
  assert.equal(new Set(opts).size, opts.length, `数据类型 options are distinct: ${opts.join(',')}`);
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^隐患$/ }).click();
  await page.getByRole('button', { name: '查询' }).click();
  await settled(page);

  const row = page.locator('.el-table__body tr.el-table__row').first();
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /修改/, text);
  assert.match(text, /隐患/, text);
  assert.ok(text.includes(mgr.me.user.name), `the operator by name: ${text}`);
  assert.ok(text.includes(mgr.me.org.name), `and by org: ${text}`);
  assert.ok(!text.includes(mgr.me.user.username), `not by username: ${text}`);
  await row.locator('.el-table__expand-icon').click();
  const diff = page.locator('.diff-table').first();
  await diff.waitFor();
  const dt = await diff.innerText();
  assert.match(dt, /隐患部位\s+二号仓库\s+三号仓库/, dt);
  assert.ok(!/[{}"]|location/.test(dt), `no raw JSON or English keys: ${dt}`);
  await h.shot(page, 'audit-diff');
  assert.deepEqual(h.pageErrors, []);
}));

test('the regulator reads the hazard ledger by enterprise, with the filter as a tag', { timeout: 120000 }, () => harness('ux').run(async (h) => {
  const base = h.srv.base;
  const reg = await loginAs(base, 'regulator');
  const all = (await reg.get('/api/hazard?size=1')).json.total;
  const ents = (await reg.get('/api/enterprise?size=100')).json.items;
  const withHz = [];
  for (const e of ents) {
    const n = (await reg.get(`/api/hazard?size=1&org_id=${e.org_id}`)).json.total;
    if (n > 0 && n < all && !ents.some((x) => x.parent_id === e.id)) withHz.push({ e, n });
  }
  assert.ok(withHz.length > 0, 'an enterprise with hazards of its own');
  const { e: ent, n } = withHz[0];
  const high = (await reg.get('/api/hazard?size=1&ent_high_risk=true')).json.total;

  const page = await h.page(DESKTOP, 'regulator');
  await page.goto(`${base}/hazard?org_id=${ent.org_id}`);
  await settled(page);
  const tags = page.locator('[data-test=filter-tags]');
  await tags.waitFor();
  await page.waitForFunction((name) => document.querySelector('[data-test=filter-tags]').innerText.includes(name), ent.name);
  assert.match(await tags.innerText(), new RegExp(`企业：${ent.name}`));
  await page.locator('.el-pagination__total', { hasText: `共 ${n} 条` }).waitFor();
  // the 企业 column comes first (after the row selection) and is in view
  const heads = (await page.locator('.el-table__header-wrapper th').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
  assert.equal(heads[0], '企业', heads.join(','));
  const cell = page.locator('.el-table__body tr.el-table__row').first().locator('td', { hasText: ent.name }).first();
  const box = await cell.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 1440, 'the 企业 cell is on screen at 1440 px');
  // the query bar shows one row; 展开 opens the rest (the enterprise filters among them)
  await page.locator('[data-test=query-expand]', { hasText: '展开' }).click();
  await page.locator('.query-form .el-form-item__label', { hasText: '主管监管单位' }).waitFor();
  const labels = await page.locator('.query-form .el-form-item__label').allTextContents();
  for (const l of ['企业', '企业行业门类', '高危行业企业', '主管监管单位']) assert.ok(labels.includes(l), `${l} in ${labels}`);
  assert.ok(!labels.includes('所在车间/班组'), labels.join(','));
  // buttons follow the row: no 修改 on a hazard past 已登记
  const rows = page.locator('.el-table__body tr.el-table__row');
  let closedRows = 0;
  for (let i = 0; i < await rows.count(); i++) {
    const t = await rows.nth(i).innerText();
    if (/已销号|整改中|待验收/.test(t)) {
      closedRows++;
      assert.equal(await rows.nth(i).getByRole('button', { name: '修改' }).count(), 0, `no 修改 on: ${t}`);
    }
  }
  assert.ok(closedRows > 0, 'the enterprise has hazards past 已登记');
  await h.shot(page, 'ledger-enterprise-tag');

  // closing the tag lifts the filter
  await tags.locator('.el-tag', { hasText: '企业' }).locator('.el-tag__close').click();
  await page.locator('.el-pagination__total', { hasText: `共 ${all} 条` }).waitFor();
  assert.equal(await page.locator('[data-test=filter-tags]').count(), 0, 'no tag, no filter');

  // 高危行业企业 = 是
  await page.locator('.query-form .el-form-item', { hasText: '高危行业企业' }).locator('.el-select').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^是$/ }).click();
  await page.getByRole('button', { name: '查询' }).click();
  await page.locator('.el-pagination__total', { hasText: `共 ${high} 条` }).waitFor();
  assert.match(await page.locator('[data-test=filter-tags]').innerText(), /高危行业企业：是/);
  await h.shot(page, 'ledger-high-risk');
  assert.deepEqual(h.pageErrors, []);
}));

test('the principal\'s home shows the extension waiting for them', { timeout: 120000 }, () => harness('ux').run(async (h) => {
  const base = h.srv.base;
  const mgr = await loginAs(base, 'manager');
  const staff = await loginAs(base, 'staff');
  let r = await mgr.post('/api/hazard', { title: '延期卡片测试隐患', location: '二号仓库', found_at: '2026-11-01',
    level: 'general', category: 'thing', source: 'self_check' });
  assert.equal(r.status, 201, r.body);
  const hz = r.json;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const later = (d) => new Date(Date.parse(today) + d * 86400000).toISOString().slice(0, 10);
  r = await mgr.post(`/api/hazard/${hz.id}/assign`, { plan_responsible_id: staff.me.user.id, plan_measures: '更换',
    plan_funds: 100, plan_deadline: later(5), plan_contingency: '警戒' });
  assert.equal(r.status, 200, r.body);
  r = await staff.post(`/api/hazard/${hz.id}/extend`, { new_deadline: later(30), reason: '备件未到' });
  assert.equal(r.status, 201, r.body);

  const page = await h.page(DESKTOP, 'principal');
  await page.goto(base + '/');
  await settled(page);
  const kpi = page.locator('[data-kpi=ext_pending]');
  await kpi.waitFor();
  assert.match(await kpi.innerText(), /待审批延期\s*[1-9]/);
  const panel = page.locator('.panel', { hasText: '待审批延期' }).filter({ hasText: '延期卡片测试隐患' });
  await panel.waitFor();
  assert.match(await panel.innerText(), new RegExp(`申请延至\\s*${later(30)}`));
  await h.shot(page, 'principal-extension-card');
  await panel.locator('.todo', { hasText: '延期卡片测试隐患' }).click();
  await page.waitForURL((u) => u.pathname === `/hazard/${hz.id}`);
  await page.getByRole('button', { name: '批准延期' }).first().waitFor();
  assert.deepEqual(h.pageErrors, []);
}));
