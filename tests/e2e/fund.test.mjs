// Browser test of the fund module's screens (src/mod/fund.c; issue 10): the manager of
// 精工金属 (demo) opens 安全生产费用, registers next year's plan (机械制造, prior-year
// revenue 2000万) and sees the extraction the server computed (1000万 × 2.35% + 1000万
// × 1.25% = 36万, 财资〔2022〕136号); records one permitted expense and one outside the
// uses; the report tab shows the plan with its use and the 超范围列支 tag. The
// regulator's 安责险 screen lists the mandatory-industry enterprises without a policy; the
// equipment ledger opened with ?overdue=true shows the overdue inspection; 三同时 flags the
// project in use without acceptance.
// Phone width: the report as the enterprise sees it. Screenshots to
// test-output/e2e/fund-*.png. Runs Debian's chromium through playwright-core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client, PASSWORD, startServer } from '../api/lib.mjs';
import { OUT, DESKTOP, PHONE, launch, newPage, settled, login, shooter, pick, fillDate, menuEntry } from './lib.mjs';

const shot = shooter('fund');

test('fund plan → expense → report, and the regulator\'s uninsured list', { timeout: 180000 }, async () => {
  mkdirSync(OUT, { recursive: true });
  const srv = await startServer();
  const browser = await launch();
  const pageErrors = [];
  let page;
  try {
    const ctx = await browser.newContext(DESKTOP);
    page = await newPage(ctx, pageErrors);
    await login(page, srv.base, 'manager2');
    const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 4)) + 1;

    // --- the menu leads to 安全生产费用; 年度计划 → 新增 -----------------------------
    await settled(page);
    await menuEntry(page, '安全生产费用', '专项台账');
    await page.waitForURL(/\/fund/);
    await page.getByText('冶金企业费率为待核实的默认值').waitFor();	// the ⚠️ said on screen
    const plans = page.locator('[data-entity="fund_plan"]');
    await plans.locator('.el-table__body tr.el-table__row').first().waitFor();
    await plans.getByRole('button', { name: '新增' }).click();
    let dlg = page.locator('.el-dialog', { hasText: '新增' }).last();
    await dlg.waitFor();
    await dlg.locator('[data-field="year"] input').fill(String(year));
    await pick(page, dlg, 'industry', '机械制造');
    await dlg.locator('[data-field="base_revenue"] input').fill('20000000');
    await dlg.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByText('新增成功').waitFor();
    await dlg.waitFor({ state: 'hidden' });
    const planRow = plans.locator('.el-table__row', { hasText: String(year) });
    await planRow.getByText('360,000.00').first().waitFor();	// computed by the server
    await shot(page, 'plan');

    // --- 费用使用: one permitted expense, one outside the uses -----------------------
    await page.getByRole('tab', { name: '费用使用' }).click();
    const exps = page.locator('[data-entity="fund_expense"]');
    for (const [cat, desc, amount] of [['现场作业人员安全防护用品', '采购防护手套和护目镜', '120000'],
      ['与安全生产无关', '职工旅游费用', '5000']]) {
      await exps.getByRole('button', { name: '新增' }).click();
      dlg = page.locator('.el-dialog', { hasText: '新增' }).last();
      await dlg.waitFor();
      await pick(page, dlg, 'plan_id', String(year));
      await fillDate(dlg, 'spent_on', `${year}-03-01`);
      await dlg.locator('[data-field="amount"] input').fill(amount);
      await pick(page, dlg, 'category', cat);
      await dlg.locator('[data-field="description"] input').fill(desc);
      await dlg.getByRole('button', { name: /确\s*定/ }).click();
      await page.getByText('新增成功').last().waitFor();
      await dlg.waitFor({ state: 'hidden' });
    }
    await exps.locator('.el-table__row', { hasText: '职工旅游费用' }).waitFor();
    await shot(page, 'expense');

    // --- the report: extraction against use, the plan flagged 超范围列支 --------------
    await page.getByRole('tab', { name: '提取与使用情况' }).click();
    const rep = page.locator('[data-test="fund-report"]');
    const row = rep.locator('.el-table__row', { hasText: String(year) }).filter({ hasText: '机械制造' });
    await row.waitFor();
    await row.getByText('360,000.00').waitFor();
    await row.getByText('120,000.00').first().waitFor();	// used: the permitted one only
    await row.getByText('33.3%').waitFor();
    await row.getByText('超范围列支').waitFor();
    await page.getByText(/个年度计划存在使用不足或超范围列支/).waitFor();
    await shot(page, 'report');

    // the API agrees with the screen
    const api = new Client(srv.base);
    await api.login('manager2', PASSWORD);
    const r = (await api.get(`/api/fund/report?year=${year}`)).json.items[0];
    assert.equal(r.extraction, 360000);
    assert.equal(r.used, 120000);
    assert.equal(r.outside_amount, 5000);
    assert.equal(r.outside, true);

    // --- phone width: the report as cards or a scrolling table ---------------------
    const phone = await browser.newContext({ ...PHONE, storageState: await ctx.storageState() });
    const mp = await newPage(phone, pageErrors);
    await mp.goto(`${srv.base}/fund?tab=report`);
    await mp.locator('[data-test="fund-report"]').getByText('机械制造').first().waitFor();
    await shot(mp, 'report-phone');
    await phone.close();

    // --- the regulator: 安责险 → 未投保企业 -----------------------------------------
    const rctx = await browser.newContext(DESKTOP);
    const rp = await newPage(rctx, pageErrors);
    page = rp;
    await login(rp, srv.base, 'regulator');
    await rp.goto(`${srv.base}/liability?tab=uninsured`);
    const un = rp.locator('[data-test="uninsured"]');
    await un.getByText('上海青浦华新木业家具有限公司').waitFor();
    await un.getByText('从未投保').first().waitFor();
    await rp.getByText(/家强制投保行业企业无有效安责险保单/).waitFor();
    await shot(rp, 'uninsured');
    // the equipment ledger from its home-notice link: the overdue inspection only
    await rp.goto(`${srv.base}/equipment?overdue=true`);
    const eq = rp.locator('[data-entity="equipment"]');
    await eq.locator('.el-table__row', { hasText: 'LNG 储罐 1#' }).waitFor();
    assert.equal(await eq.locator('.el-table__body tr.el-table__row').count(), 1);
    await shot(rp, 'equipment');
    // 三同时: the project in use without acceptance carries the flag
    await rp.goto(`${srv.base}/project`);
    const pj = rp.locator('[data-entity="construction_project"]');
    await pj.locator('.el-table__row', { hasText: '冷库扩建工程（二期）' }).getByText('未验收投用').waitFor();
    await shot(rp, 'project');
    await rctx.close();
    assert.deepEqual(pageErrors, []);
  } catch (e) {
    if (page) await page.screenshot({ path: join(OUT, 'fund-failure.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
    await srv.stop();
  }
});
