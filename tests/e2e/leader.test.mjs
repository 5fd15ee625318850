// Browser test of the regulator's side of the loop (issue 11), on the demo district
// and a fixed clock (ANJIAN_NOW = 2026-11-22, as tests/api/leader.test.mjs):
//   1. the regulator opens 区领导履职 from the menu: the annex's seven leaders with
//      their 上年度述职 (肖立's 逾期 since 2026-01-31, 张骏's 已提交 on 2026-02-20), the
//      query bar's 上年度述职 select leaving 肖立 alone; 蒋龙's
//      page shows the 职责清单, the 工作任务清单 (the three tasks naming him, one opens
//      its task, whose 区领导 link back), the 带队督查检查 at 青浦化贸 and the 履职述职报告 with the due rule
//      marked as configuration; 肖立's 2025 report is 逾期未完成;
//   2. the 成员单位 (区应急局) logs in: it lands on 本单位任务 (not the enterprise home
//      it cannot open), its menu holds 本单位任务, 企业管理 and 隐患台账; it sees its
//      three tasks, the four enterprises of its 行业监管 and their hazards only, and
//      履职情况 from its menu: the matrix of those four; on a phone its tasks are
//      cards and it reports progress;
//   3. the regulator's 报送类型 form offers 专项行动参与企业 with the campaign to choose.
// Screenshots at 1440×900 and 390×844 go to test-output/e2e/leader-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loginAs, startServer } from '../api/lib.mjs';
import { OUT, DESKTOP, PHONE, launch, newPage, login, shooter, menuComplete, menuEntry } from './lib.mjs';

const NOW = '2026-11-22 10:00:00';
// the 区应急局's 行业监管 (tests/api/department.test.mjs)
const MINE = ['上海青浦精工金属制品有限公司', '上海青浦华新木业家具有限公司', '上海青浦化工物资贸易有限公司', '上海青浦冷链食品有限公司'];

const shot = shooter('leader');

test('区领导: the list, a leader\'s duties, tasks, led inspections and yearly reports; the department\'s own view', { timeout: 240000 }, async () => {
  mkdirSync(OUT, { recursive: true });
  const srv = await startServer({ env: { ANJIAN_NOW: NOW } });
  const browser = await launch();
  const errors = [];
  let page;
  try {
    const reg = await loginAs(srv.base, 'regulator');
    const dept = await loginAs(srv.base, 'department');
    const jl = (await reg.get('/api/leader?q=蒋龙')).json.items[0];

    // 1. the regulator
    let ctx = await browser.newContext(DESKTOP);
    page = await newPage(ctx, errors);
    await login(page, srv.base, 'regulator');
    await menuEntry(page, '区领导履职', '信息报送');
    await page.waitForURL((u) => u.pathname === '/task/leader');
    const table = page.locator('.entity-list .el-table__body');
    for (const n of ['肖文高', '姜爱锋', '李荣华', '王珏', '张骏', '蒋龙', '肖立']) await table.getByText(n, { exact: true }).waitFor();
    // 上年度述职: 肖立's 2025 report is missing, 张骏's came late
    const row = (n) => table.locator('tr').filter({ has: page.getByText(n, { exact: true }) });
    await row('肖立').locator('[data-last-report]').getByText('逾期', { exact: true }).waitFor();
    await row('肖立').locator('[data-last-report][title="截止日期 2026-01-31"]').getByText('2026-01-31').waitFor();
    await row('张骏').locator('[data-last-report]').getByText('已提交', { exact: true }).waitFor();
    await row('张骏').locator('[data-last-report]').getByText('2026-02-20').waitFor();
    await shot(page, 'list');
    // the query bar's select: 逾期 leaves 肖立 alone; 重置 brings the others back
    const qf = page.locator('[data-test="query-form"]');
    await qf.locator('.el-form-item').filter({ hasText: '上年度述职' }).locator('.el-select').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: /^逾期$/ }).click();
    await qf.getByRole('button', { name: '查询' }).click();
    await table.getByText('蒋龙', { exact: true }).waitFor({ state: 'detached' });
    assert.equal(await table.locator('tr').count(), 1);
    await row('肖立').waitFor();
    await shot(page, 'list-overdue');
    await qf.getByRole('button', { name: '重置' }).click();
    await table.getByText('蒋龙', { exact: true }).waitFor();
    await table.getByText('蒋龙', { exact: true }).click();
    await page.waitForURL((u) => u.pathname === `/task/leader/${jl.id}`);
    await page.locator('[data-leader]').getByText('区应急局 区消防救援支队 区生态环境局').waitFor();
    await page.locator('[data-tab="duty"]').getByText('落实带队督查检查机制', { exact: false }).first().waitFor();
    await shot(page, 'duties');
    await page.getByRole('tab', { name: /工作任务清单（3）/ }).click();
    const tasks = page.locator('[data-leader-tasks]');
    for (const t of ['落实安全生产巡查考核', '强化危险化学品源头管控', '推进应急指挥体系建设']) await tasks.getByText(t).waitFor();
    await shot(page, 'tasks');
    await page.getByRole('tab', { name: '带队督查检查' }).click();
    await page.locator('[data-tab="insp"]').getByText('上海青浦化工物资贸易有限公司').waitFor();
    await page.getByRole('tab', { name: '履职述职报告' }).click();
    await page.locator('[data-due-rule]').getByText(/截止日期为配置项：年度终了后 31 日内（即次年1月31日前）/).waitFor();
    await page.locator('[data-tab="report"]').getByText('2026-01-31').first().waitFor();
    await page.locator('[data-tab="report"]').getByText('已完成').first().waitFor();
    await shot(page, 'reports');
    // a task of the list opens the task itself (not a copy)
    await page.getByRole('tab', { name: /工作任务清单/ }).click();
    await tasks.getByText('推进应急指挥体系建设').click();
    await page.waitForURL((u) => /^\/task\/\d+$/.test(u.pathname));
    await page.locator('[data-task]').getByText('推进应急指挥体系建设').waitFor();
    // and the task's 区领导 ("姜爱锋 蒋 龙") link back to the leaders' pages
    await page.locator('[data-task] [data-leader-link]', { hasText: '姜爱锋' }).waitFor();
    await page.locator('[data-task] [data-leader-link]', { hasText: '蒋龙' }).click();
    await page.waitForURL((u) => u.pathname === `/task/leader/${jl.id}`);
    // 肖立's missing report
    const xl = (await reg.get('/api/leader?q=肖立')).json.items[0];
    await page.goto(`${srv.base}/task/leader/${xl.id}?tab=report`);
    await page.locator('[data-tab="report"]').getByText('逾期未完成').waitFor();

    // 3. the 报送类型 form offers the campaign's participants
    await page.goto(`${srv.base}/submit/types`);
    await page.getByRole('button', { name: '新增' }).click();
    const dlg = page.locator('.el-dialog').filter({ hasText: '报送对象' }).last();
    const field = (label) => dlg.locator('.el-form-item').filter({ has: page.locator('.el-form-item__label', { hasText: new RegExp(`^${label}$`) }) });
    await field('专项行动').waitFor();
    await field('报送对象').locator('.el-select').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '专项行动参与企业' }).click();
    await field('专项行动').locator('.el-select').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '百日攻坚' }).first().waitFor();
    await shot(page, 'submit-campaign');
    await ctx.close();

    // 2. the 成员单位 on a desktop
    ctx = await browser.newContext(DESKTOP);
    page = await newPage(ctx, errors);
    await login(page, srv.base, 'department');
    await page.waitForURL((u) => u.pathname === '/task/mine');
    const menu = page.locator('.el-menu');
    await menuComplete(page);	/* the absent entries below are absent from the whole menu */
    for (const m of ['本单位任务', '企业管理', '隐患台账', '重大隐患', '履职监管']) await menu.getByText(m, { exact: true }).first().waitFor();
    assert.equal(await menu.getByText('企业首页', { exact: true }).count(), 0);
    assert.equal(await menu.getByText('区领导履职', { exact: true }).count(), 0);
    const cards = page.locator('[data-unit-tasks] [data-unit]');
    await cards.first().waitFor();
    assert.equal(await cards.count(), 3);
    await page.getByText('督办通知').first().waitFor();
    await shot(page, 'dept-tasks');
    await page.getByRole('menuitem', { name: '企业管理' }).click();
    await page.waitForURL((u) => u.pathname === '/enterprise');
    const ents = page.locator('.entity-list .el-table__body');
    for (const n of ['上海青浦精工金属制品有限公司', '上海青浦化工物资贸易有限公司']) await ents.getByText(n).first().waitFor();
    assert.equal(await ents.getByText('上海青浦城市建设投资集团有限公司').count(), 0);
    await shot(page, 'dept-enterprises');
    await page.getByRole('menuitem', { name: '隐患台账' }).click();
    await page.waitForURL((u) => u.pathname === '/hazard');
    const hz = (await dept.get('/api/hazard?size=1&sort=-id')).json;
    assert.ok(hz.total > 0);
    await page.locator('.el-pagination').getByText(`共 ${hz.total} 条`).waitFor();
    assert.equal(await page.locator('.el-table__body').getByText('上海青浦城市建设投资集团有限公司').count(), 0);
    await shot(page, 'dept-hazards');
    // 履职情况: the matrix of the four enterprises of its 行业监管 (the core's scope)
    await menuEntry(page, '履职情况', '履职监管');
    await page.waitForURL((u) => u.pathname === '/obligation/matrix');
    const mt = page.locator('.matrix-table .el-table__body');
    for (const n of MINE) await mt.getByText(n, { exact: true }).first().waitFor();
    assert.equal(await mt.getByText('上海青浦城市建设投资集团有限公司').count(), 0);
    await page.locator('[data-summary]').getByText('4 家企业').waitFor();
    await shot(page, 'dept-matrix');
    await ctx.close();

    // on a phone: its tasks as cards, a progress report
    ctx = await browser.newContext(PHONE);
    page = await newPage(ctx, errors);
    await login(page, srv.base, 'department');
    await page.waitForURL((u) => u.pathname === '/task/mine');
    const card = page.locator('[data-unit-tasks] [data-unit]').filter({ hasText: '落实安全生产巡查考核' });
    await card.locator('[data-report]').click();
    const pd = page.locator('[data-progress-form]');
    await pd.waitFor();
    await pd.locator('.el-slider .el-input-number input').fill('60');
    await pd.locator('.el-slider .el-input-number input').press('Tab');
    await pd.locator('[data-progress-content]').fill('完成迎检资料汇编');
    await shot(page, 'dept-phone');
    await page.locator('[data-progress-submit]').click();
    await card.locator('.el-progress').getByText('60%').waitFor();
    await ctx.close();
    assert.deepEqual(errors, []);
  } catch (e) {
    if (page) await page.screenshot({ path: join(OUT, 'leader-failure.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
    await srv.stop();
  }
});
