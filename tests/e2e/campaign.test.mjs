// Browser test of 专项行动 (its screens), on the demo district and a fixed clock
// (ANJIAN_NOW = 2026-12-02, as tests/api/campaign.test.mjs):
//   1. the regulator opens 专项行动进度 of the demo's 2026 百日攻坚: the API's counts
//      above the matrix, one coloured cell per enterprise × item; enterprise A's
//      self-check cell drills to its evidence (the linked 25条 inspection), and on to
//      the printable 自查自改 A4 with the inspection's own results; A's 公示 cell is
//      逾期完成; the returned summary shows the regulator's comment;
//   2. 从模板创建: the templates dialog previews 六个一 moved to the chosen year;
//   3. A's manager on a phone opens 我的专项行动: the returned item first as a card
//      with its 退回意见, the submit dialog of an article counting its 字.
// Screenshots at 1440×900 and 390×844 go to test-output/e2e/campaign-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loginAs, startServer } from '../api/lib.mjs';
import { OUT, DESKTOP, PHONE, launch, newPage, settled, login, shooter } from './lib.mjs';

const NOW = '2026-12-02 10:00:00';

const shot = shooter('campaign');

test('the progress matrix drilled to evidence and the A4 self-check; the enterprise on a phone', { timeout: 180000 }, async () => {
  mkdirSync(OUT, { recursive: true });
  const srv = await startServer({ env: { ANJIAN_NOW: NOW } });
  const browser = await launch();
  const errors = [];
  let page;
  try {
    const reg = await loginAs(srv.base, 'regulator');
    const mgr = await loginAs(srv.base, 'manager');
    const bd = (await reg.get('/api/campaign?template=baiday')).json.items.find((c) => c.year === 2026);
    const m = (await reg.get(`/api/campaign/progress?campaign_id=${bd.id}&size=200`)).json;
    const mine = m.items.filter((x) => x.org_id === mgr.me.org.id);
    const selfcheck = mine.find((x) => x.kind === 'selfcheck');
    assert.equal(selfcheck.cell, 'done');
    assert.ok(selfcheck.inspection_id > 0);
    const results = (await reg.get(`/api/inspection_result?inspection_id=${selfcheck.inspection_id}&size=200`)).json.items;

    // 1. the regulator's matrix
    let ctx = await browser.newContext(DESKTOP);
    page = await newPage(ctx, errors);
    await login(page, srv.base, 'regulator');
    await page.goto(`${srv.base}/campaign/progress?campaign_id=${bd.id}`);
    const table = page.locator('[data-matrix]');
    await table.locator('.el-table__row').first().waitFor();
    await settled(page);
    for (const [code, n] of Object.entries(m.counts))
      assert.equal((await page.locator(`[data-count="${code}"] .count-num`).innerText()).trim(), String(n), `count ${code}`);
    assert.equal(await table.locator('.el-table__body-wrapper .el-table__row').count(), new Set(m.items.map((x) => x.org_id)).size);
    for (const code of ['done', 'late', 'missing', 'returned'])
      assert.equal(await table.locator(`.el-table__body-wrapper [data-cell="${code}"]`).count(), m.counts[code], `cells ${code}`);
    assert.equal(await page.locator('[data-phases] .phase').count(), 4);
    await shot(page, 'progress');

    // the late 公示 cell, then the self-check cell: its evidence one click away
    const late = mine.find((x) => x.cell === 'late');
    await table.locator(`[data-task="${late.id}"]`).click();
    const drawer = page.locator('[data-detail]');
    await drawer.locator('[data-cell]').filter({ hasText: '逾期完成' }).waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await table.locator(`[data-task="${selfcheck.id}"]`).click();
    await drawer.locator('[data-status]').filter({ hasText: '已提交' }).waitFor();
    await drawer.locator('[data-verb="accept"]').waitFor();
    await shot(page, 'evidence');
    await drawer.locator('[data-inspection]').click();
    await page.waitForURL((u) => u.pathname === `/campaign/selfcheck/${selfcheck.inspection_id}`);
    const a4 = page.locator('[data-test="selfcheck-a4"]');
    await a4.waitFor();
    assert.equal(await a4.locator('tbody tr[data-result]').count(), results.length);
    const pass = results.filter((r) => r.result === 'pass').length;
    await a4.locator('[data-total]').filter({ hasText: `符合 ${pass} 项` }).waitFor();
    await shot(page, 'selfcheck-a4');

    // 2. 从模板创建: the 六个一 preview moved to 2027
    await page.goto(`${srv.base}/campaign/list`);
    await page.locator('[data-templates]').click();
    const tl = page.locator('[data-template-list]');
    await tl.locator('[data-create="six_one"]').waitFor();
    await page.locator('[data-year] input').fill('2027');
    await page.locator('[data-year] input').press('Tab');
    await tl.getByText('总结报送：2027-12-01 至 2027-12-05').waitFor();
    await shot(page, 'templates');
    await ctx.close();

    // 3. the manager on a phone
    ctx = await browser.newContext(PHONE);
    page = await newPage(ctx, errors);
    await login(page, srv.base, 'manager');
    await page.goto(`${srv.base}/campaign/mine`);
    const cards = page.locator('[data-cards] .card');
    await cards.first().waitFor();
    await cards.first().filter({ hasText: '退回意见：总结未列明排查整治阶段问题整改情况' }).waitFor();
    await shot(page, 'mine-phone');
    await cards.filter({ hasText: '一谈' }).first().click();
    const dlg = page.locator('.el-dialog').filter({ has: page.locator('[data-submit-dialog]') });
    await dlg.waitFor();
    await dlg.locator('textarea').fill('管业务必须管安全 管生产经营必须管安全');
    await dlg.locator('[data-chars]').filter({ hasText: '18 / 2000 字' }).waitFor();
    await dlg.locator('[data-submit]').click();
    await dlg.locator('.el-form-item__error').filter({ hasText: '请填写作者' }).waitFor();
    await shot(page, 'submit-phone');
    await ctx.close();
    assert.deepEqual(errors, []);
  } catch (e) {
    if (page) await page.screenshot({ path: join(OUT, 'campaign-failure.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
    await srv.stop();
  }
});
