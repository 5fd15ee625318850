// Browser test of the responsibility system (src/mod/duty*.c, web/src/views/duty/), on
// the demo district at a fixed clock (2026-12-10: the principal's report of the second
// half-year is due on 2026-12-31, 即将到期):
//   1. the manager's 履职日历 shows 主要负责人半年履职报告 2026年下半年 as 即将到期;
//   2. the manager records the 履职报告 in 履职报告与承诺书 (report file, reported to all
//      staff with the date, posted on site with a photo) and the calendar item turns
//      green (已完成), as the API says;
//   3. the home shows the module's notices with the API's counts; 责任覆盖检查 and the
//      七项法定职责 card show the API's figures;
//   4. the regulator reads 必备制度缺项 (enterprises × systems) with enterprise B's two
//      missing systems; staff on a phone reads the meeting list as cards.
// Screenshots at 1440×900 and 390×844 go to test-output/e2e/duty-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loginAs, startServer } from '../api/lib.mjs';
import { OUT, DESKTOP, PHONE, launch, newPage, settled, login, getJson, shooter, typeDate } from './lib.mjs';

const NOW = '2026-12-10 10:00:00';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d4944415478da63f8cfc0f01f0005000201a0e5a1d60000000049454e44ae426082', 'hex');

test('the manager records the half-yearly 履职报告 and the duty turns green on the calendar', { timeout: 180000 }, async () => {
  mkdirSync(OUT, { recursive: true });
  const srv = await startServer({ env: { ANJIAN_NOW: NOW } });
  const browser = await launch();
  const errors = [];
  let page;
  const shot = shooter('duty');
  try {
    const base = srv.base;
    const mgrApi = await loginAs(base, 'manager');
    const orgA = mgrApi.me.org.id;
    const admin = await loginAs(base, 'admin');
    const row = async () => (await getJson(admin, '/api/obligation?duty=duty_report_half&period_key=2026-H2&size=200'))
      .items.find((x) => x.org_id === orgA);
    assert.equal((await row()).status, 'due_soon');

    const ctx = await browser.newContext(DESKTOP);
    page = await newPage(ctx, errors);
    await login(page, base, 'manager');

    // 1. the calendar: the report of the second half is 即将到期
    await page.goto(base + '/obligation/calendar?duty=duty_report_half');
    const h2 = (p) => p.locator('.ob-item').filter({ hasText: '主要负责人半年履职报告' }).filter({ hasText: '2026年下半年' }).first();
    const item = h2(page);
    await item.waitFor();
    assert.equal(await item.getAttribute('data-status'), 'due_soon');
    await shot(page, '1-calendar-due-soon');

    // 2. record the report in the module's screen
    await page.getByRole('menuitem', { name: '履职报告与承诺书' }).click();
    await page.waitForURL((u) => u.pathname === '/duty/report');
    await settled(page);
    await page.getByRole('button', { name: '新增' }).first().click();
    const dlg = page.locator('.el-dialog').filter({ hasText: '新增主要负责人履职报告' }).last();
    await dlg.locator('[data-field="year"] input').fill('2026');
    await dlg.locator('[data-field="half"] .el-select').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '下半年' }).first().click();
    await dlg.locator('[data-field="principal_name"] input').fill('朱卫东');
    await typeDate(dlg, 'report_date', '2026-12-08');
    await dlg.locator('[data-field="files"] input[type=file]').setInputFiles({ name: '履职报告.png', mimeType: 'image/png', buffer: PNG });
    await dlg.locator('[data-field="files"] .file-name', { hasText: '履职报告.png' }).waitFor();
    await dlg.locator('[data-field="reported_to_staff"] .el-switch').click();
    await typeDate(dlg, 'staff_report_date', '2026-12-09');
    // posted without a photo: the server names the field
    await dlg.locator('[data-field="posted_on_site"] .el-switch').click();
    await dlg.getByRole('button', { name: /确\s*定/ }).click();
    await dlg.locator('[data-field="posted_photos"] .el-form-item__error').waitFor();
    await dlg.locator('[data-field="posted_photos"] input[type=file]').setInputFiles({ name: '公示照片.png', mimeType: 'image/png', buffer: PNG });
    await dlg.locator('[data-field="posted_photos"] .file-name', { hasText: '公示照片.png' }).waitFor();
    await shot(page, '2-report-form', false);
    await dlg.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByText('新增成功').first().waitFor();
    await page.locator('.el-table__row', { hasText: '2026-12-08' }).first().waitFor();
    await shot(page, '3-report-list');

    // the calendar item is green now, as the API says
    const after = await row();
    assert.equal(after.status, 'done');
    await page.goto(base + '/obligation/calendar?duty=duty_report_half');
    await h2(page).waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('.ob-item')]
      .some((e) => e.textContent.includes('2026年下半年') && e.dataset.status === 'done'));
    assert.equal(await h2(page).getAttribute('data-status'), 'done');
    await shot(page, '4-calendar-done');

    // 3. the home's notices; coverage and the seven duties
    const home = await getJson(mgrApi, '/api/dashboard/home');
    const nUnc = home.notices.find((n) => n.key === 'duty_uncovered_points').count;
    await page.goto(base + '/');
    await page.getByText('风险点未落实责任岗位').first().waitFor();
    await shot(page, '5-home');
    const unc = await getJson(mgrApi, '/api/duty/uncovered-points');
    assert.equal(unc.total, nUnc);
    await page.goto(base + '/duty/coverage');
    await page.getByRole('tab', { name: `未落实责任岗位的风险点（${unc.total}）` }).waitFor();
    await shot(page, '6-coverage');
    const seven = await getJson(mgrApi, '/api/duty/seven?year=2026');
    await page.goto(base + '/duty/seven');
    await page.locator('.duty').nth(6).waitFor();
    const proved = seven.duties.filter((d) => d.recorded || d.proved_by_data).length;
    await page.getByText(`已有佐证 ${proved} / 7 项`).waitFor();
    const rp = seven.duties[4].data.find((x) => x.entity === 'risk_point');
    await page.locator('.duty').nth(4).getByText(`${rp.label} ${rp.count}`).waitFor();
    await shot(page, '7-seven');
    // the posts' duties, with the posts' names; the open decisions with 办结
    const pd = await getJson(mgrApi, '/api/post_duty?size=10');
    await page.goto(base + '/duty/post');
    await page.locator('.el-table__row', { hasText: pd.items[0].responsible_name }).first().waitFor();
    await shot(page, '7a-posts');
    await page.goto(base + '/duty/meeting?tab=decisions&status=open');
    await page.locator('#pane-decisions .el-table__row').first().waitFor();
    await page.locator('#pane-decisions').getByRole('button', { name: '办结' }).first().waitFor();
    await shot(page, '7b-decisions');

    // 4. the regulator's systems matrix; staff's meetings on a phone
    const regCtx = await browser.newContext(DESKTOP);
    const reg = await newPage(regCtx, errors);
    await login(reg, base, 'regulator');
    await reg.goto(base + '/duty/rules?tab=missing');
    const rowB = reg.locator('#pane-missing .el-table__row', { hasText: '上海青浦精工金属制品有限公司' }).first();
    await rowB.waitFor();
    assert.equal(await rowB.locator('.el-tag', { hasText: '缺' }).count(), 2);
    await shot(reg, '8-missing-systems');

    const phCtx = await browser.newContext(PHONE);
    const ph = await newPage(phCtx, errors);
    await login(ph, base, 'staff');
    await ph.goto(base + '/duty/meeting');
    await ph.getByText('大家谈').first().waitFor();
    await shot(ph, '9-meetings-phone');
    assert.deepEqual(errors, []);
  } catch (e) {
    if (page) await page.screenshot({ path: join(OUT, 'duty-failure.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
    await srv.stop();
  }
});
