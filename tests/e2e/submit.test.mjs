// Browser test of 信息报送 (its screens), on the demo district and a fixed clock
// (ANJIAN_NOW = 2026-11-22, as tests/api/submit.test.mjs):
//   1. the regulator opens 报送情况: the monthly report's matrix with the API's counts,
//      one coloured cell per submission (enterprise A: on time in 1–7 and 10, late in
//      8, returned in 9, missing in 11), opens A's October report and returns it with
//      a reason; the matrix counts move (returned + 1, on time − 1);
//   2. A's manager on a phone opens 我的报送: the returned reports as cards with the
//      regulator's 退回意见; the fill dialog shows the form's fields; a missing
//      required field is named under the field; filled in, 报送 submits it (version
//      2, and the API keeps both versions);
//   3. the regulator's 报送类型 lists the types and the templates dialog.
// Screenshots at 1440×900 and 390×844 go to test-output/e2e/submit-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loginAs, startServer } from '../api/lib.mjs';
import { OUT, DESKTOP, PHONE, launch, newPage, settled, login, shooter } from './lib.mjs';

const NOW = '2026-11-22 10:00:00';

const shot = shooter('submit');

test('the submission matrix, a return, and the enterprise resubmitting on a phone', { timeout: 180000 }, async () => {
  mkdirSync(OUT, { recursive: true });
  const srv = await startServer({ env: { ANJIAN_NOW: NOW } });
  const browser = await launch();
  const errors = [];
  let page;
  try {
    const reg = await loginAs(srv.base, 'regulator');
    const mgr = await loginAs(srv.base, 'manager');
    const tid = (await reg.get('/api/submit_type?template=monthly_progress')).json.items[0].id;
    const m = (await reg.get(`/api/submission/matrix?type_id=${tid}&size=200`)).json;
    assert.equal(m.counts.late, 1);

    // 1. the regulator's matrix
    let ctx = await browser.newContext(DESKTOP);
    page = await newPage(ctx, errors);
    await login(page, srv.base, 'regulator');
    await page.goto(`${srv.base}/submit/matrix`);
    const table = page.locator('[data-matrix]');
    await table.locator('.el-table__row').first().waitFor();
    await settled(page);
    for (const [code, n] of Object.entries(m.counts)) {
      assert.equal((await page.locator(`[data-count="${code}"] .count-num`).innerText()).trim(), String(n), `count ${code}`);
    }
    const ents = new Set(m.items.map((x) => x.org_id)).size;
    assert.equal(await table.locator('.el-table__body-wrapper .el-table__row').count(), ents);
    for (const code of ['on_time', 'late', 'missing', 'returned']) {
      assert.equal(await table.locator(`.el-table__body-wrapper [data-cell="${code}"]`).count(), m.counts[code], `cells ${code}`);
    }
    const bg = await table.locator('.el-table__body-wrapper [data-cell="late"]').first().evaluate((e) => getComputedStyle(e).backgroundColor);
    assert.equal(bg, 'rgb(250, 236, 216)');
    await shot(page, 'matrix');

    // A's October report (submitted, waiting): returned with a reason
    const aName = m.items.find((x) => x.org_id === mgr.me.org.id).enterprise_name;
    const octIdx = [...new Set(m.items.map((x) => x.period))].sort().indexOf('2026-10');
    const aRow = table.locator('.el-table__body-wrapper .el-table__row', { hasText: aName }).first();
    await aRow.locator('td').nth(octIdx + 1).locator('[data-cell]').click();
    const drawer = page.locator('[data-detail]');
    await drawer.waitFor();
    await drawer.getByText('待审核').first().waitFor();
    await drawer.locator('[data-versions] .el-table__row').first().waitFor();
    assert.equal(await drawer.locator('[data-versions] .el-table__body-wrapper .el-table__row').count(), 1);
    await drawer.locator('[data-verb="return"]').click();
    const dlg = page.locator('.el-dialog').filter({ hasText: '退回意见' });
    await dlg.waitFor();
    await dlg.locator('textarea, input').first().fill('请补充10月检查记录');
    await shot(page, 'return');
    await dlg.getByRole('button', { name: '退回' }).click();
    await drawer.getByText('已退回').first().waitFor();
    await page.keyboard.press('Escape');
    await page.locator('[data-count="returned"] .count-num').filter({ hasText: String(m.counts.returned + 1) }).waitFor();
    assert.equal((await page.locator('[data-count="on_time"] .count-num').innerText()).trim(), String(m.counts.on_time - 1));
    await ctx.close();

    // 2. the manager on a phone: 我的报送, the returned cards, resubmitting
    ctx = await browser.newContext(PHONE);
    page = await newPage(ctx, errors);
    await login(page, srv.base, 'manager');
    await page.goto(`${srv.base}/submit/mine`);
    const cards = page.locator('[data-cards] .card');
    await cards.first().waitFor();
    const returned = cards.filter({ hasText: '退回意见' });
    assert.ok(await returned.count() >= 2, 'September and October returned');
    await returned.filter({ hasText: '请补充10月检查记录' }).waitFor();
    await shot(page, 'mine-phone');
    await returned.filter({ hasText: '请补充10月检查记录' }).click();
    const fill = page.locator('.el-dialog').filter({ has: page.locator('[data-fill]') });
    await fill.waitFor();
    await fill.getByText('监管部门退回：请补充10月检查记录').waitFor();
    // clear a required field: the server's message under it
    const done = fill.locator('[data-field="tasks_done"] input');
    await done.fill('');
    await fill.locator('[data-submit]').click();
    await fill.locator('[data-field="tasks_done"] .el-form-item__error').filter({ hasText: '已完成任务数为必填项' }).waitFor();
    await shot(page, 'fill-error');
    await done.fill('10');
    await fill.locator('[data-field="summary"] textarea').fill('10月开展检查4次，检查记录已上传。');
    await fill.locator('[data-submit]').click();
    await page.getByText('已报送').first().waitFor();
    await ctx.close();

    const rows = (await mgr.get(`/api/submission?type_id=${tid}&size=100`)).json.items;
    const oct = rows.find((x) => x.org_id === mgr.me.org.id && x.period === '2026-10');
    assert.equal(oct.status, 'submitted');
    assert.equal(oct.version, 2);
    const v = (await mgr.get(`/api/submission_version?submission_id=${oct.id}&sort=version`)).json.items;
    assert.deepEqual(v.map((x) => x.result), ['returned', 'pending']);
    assert.match(v[1].content, /检查4次/);

    // 3. the types and their templates
    ctx = await browser.newContext(DESKTOP);
    page = await newPage(ctx, errors);
    await login(page, srv.base, 'regulator');
    await page.goto(`${srv.base}/submit/types`);
    await page.getByText('年度安全生产工作计划和任务清单').first().waitFor();
    await page.locator('[data-templates]').click();
    await page.locator('[data-template-list] [data-enable="accident_stats"]').waitFor();
    await shot(page, 'types');

    // 4. the task list: the seeds/003 annex imported through the dialog, a task's detail
    await page.goto(`${srv.base}/task`);
    await page.locator('[data-import]').click();
    await page.locator('[data-list-name]').fill('区政府领导2023年安全生产重点工作任务清单');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('.el-upload-dragger').click()]);
    await chooser.setFiles(fileURLToPath(new URL('../fixtures/task_003_annex.csv', import.meta.url)));
    await page.locator('[data-import-result]').getByText('成功导入 19 项任务').waitFor();
    await shot(page, 'task-import');
    await page.keyboard.press('Escape');
    await page.locator('.entity-list .query-form input').first().fill('强化安全应急产业支撑');
    await page.getByRole('button', { name: '查询' }).click();
    // (in the table: the active filter's tag above it names the keyword too)
    await page.locator('.entity-list .el-table__body').getByText('强化安全应急产业支撑').first().click();
    await page.waitForURL((u) => /\/task\/\d+$/.test(u.pathname));
    await page.locator('[data-task]').getByText('区商务委 区发改委 区应急局').waitFor();
    await shot(page, 'task-detail');
    await ctx.close();
    assert.deepEqual(errors, []);
  } catch (e) {
    if (page) await page.screenshot({ path: join(OUT, 'submit-failure.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
    await srv.stop();
  }
});
