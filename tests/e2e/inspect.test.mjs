// Browser test of checks (issue 8): on the demo district, the manager at phone size
// (390×844) starts an inspection on the principal's seven duties, answers item by item
// with the big 符合 / 不符合 buttons, describes and photographs the failed item,
// finishes, and finds the hazard it became on the detail page and in the register;
// the regulator opens the demo's 整改通知书 as an A4 page and makes a 双随机 draw.
// Screenshots under test-output/e2e/inspect-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDbUrl, run, startServer } from '../api/lib.mjs';
import { chromium, OUT, CHROMIUM_ARGS, T, png, settled, login } from './lib.mjs';


test('a manager runs an inspection at phone width; the failed item appears in the register; the notice prints on A4',
  { timeout: 120000 }, async () => {
    mkdirSync(OUT, { recursive: true });
    const dataDir = mkdtempSync(join(tmpdir(), 'anjian-e2e-insp-'));
    const dbUrl = freshDbUrl(dataDir);
    run(['demo', '--data', dataDir, '--db', dbUrl]);
    const srv = await startServer({ demo: false, dataDir, dbUrl });
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const pageErrors = [];
    const newPage = async (ctx) => {
      const p = await ctx.newPage();
      p.setDefaultTimeout(T);
      p.on('pageerror', (e) => pageErrors.push(String(e)));
      return p;
    };
    const shot = async (p, name, full = true) => {
      await settled(p);
      await p.screenshot({ path: join(OUT, `inspect-${name}.png`), fullPage: full });
    };
    try {
      const phoneOpts = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };
      const ctx = await browser.newContext(phoneOpts);
      const m = await newPage(ctx);
      await login(m, srv.base, 'manager');
      // --- 1. start an inspection on the principal's seven duties ------------------
      await m.goto(srv.base + '/inspect/inspection');
      await m.locator('[data-test="start-inspection"]').click();
      const dlg = m.locator('.el-dialog', { hasText: '开始检查' });
      await dlg.locator('[data-field="title"] input, input[maxlength="200"]').first().fill('手机端主要负责人职责检查');
      await dlg.locator('.el-select').first().click();
      await m.locator('.el-select-dropdown__item', { hasText: '主要负责人七项安全生产职责检查表' }).click();
      await shot(m, '1-start');
      await dlg.locator('[data-test="start-confirm"]').click();
      await m.waitForURL(/\/inspect\/run\/\d+/);
      const inspId = Number(/run\/(\d+)/.exec(m.url())[1]);
      // --- 2. item by item: 符合, but item 2 不符合 with a note and a photo -----------
      await m.locator('.run-item[data-seq="1"]').waitFor();
      for (let seq = 1; seq <= 7; seq++) {
        const card = m.locator(`.run-item[data-seq="${seq}"]`);
        const v = seq === 2 ? 'fail' : 'pass';
        await card.locator(`[data-answer="${v}"]`).click();
        await card.locator(`[data-answer="${v}"].on`).waitFor();
      }
      const failCard = m.locator('.run-item[data-seq="2"]');
      await failCard.locator('textarea').fill('安全生产规章制度三年未修订，操作规程缺失');
      await failCard.locator('textarea').blur();
      await failCard.locator('input[type="file"]').setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: png(64, 48, [200, 60, 40]) });
      await failCard.locator('img.thumb').waitFor();
      await m.getByText('已检查 7 / 7 项，不符合 1 项').waitFor();
      await shot(m, '2-run-phone');
      // --- 3. finish: the detail shows the hazard it became ------------------------
      await m.locator('[data-test="finish"]').click();
      await m.waitForURL(new RegExp(`/inspect/inspection/${inspId}$`));
      const link = m.locator('[data-test="hazard-link"]');
      await link.waitFor();
      assert.equal(await link.count(), 1);
      await shot(m, '3-detail');
      await link.click();
      await m.waitForURL(/\/hazard\/\d+/);
      await m.getByText('2、组织制定并实施本单位安全生产规章制度和操作规程').first().waitFor();
      await shot(m, '4-hazard');
      // --- 4. the register lists it --------------------------------------------------
      await m.goto(srv.base + '/hazard');
      await m.getByText('2、组织制定并实施本单位安全生产规章制度和操作规程').first().waitFor();
      await shot(m, '5-register');
      // --- 5. the regulator's notice as an A4 page, and the draw page -----------------
      const desk = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
      const r = await newPage(desk);
      await login(r, srv.base, 'regulator');
      await r.goto(srv.base + '/inspect/notice');
      await r.locator('.el-table .el-link').first().click();
      await r.locator('[data-test="notice-a4"]').waitFor();
      await r.getByText(/责改〔\d{4}〕\d+号/).first().waitFor();
      await shot(r, '6-notice-a4');
      await r.goto(srv.base + '/inspect/draw');
      await r.locator('.el-form-item', { hasText: '抽查名称' }).locator('input').fill('12月双随机抽查');
      await r.locator('[data-test="draw"]').click();
      await r.locator('[data-test="draw-result"]').waitFor();
      await r.getByText(/^[0-9a-f]{16}$/).first().waitFor();
      await shot(r, '7-draw');
      // 复核: the recorded draw re-runs to the same result
      await r.locator('[data-test="rerun"]:visible').first().click();
      await r.locator('.el-message-box', { hasText: '复核一致' }).waitFor();
      await shot(r, '8-rerun');
      assert.deepEqual(pageErrors, []);
    } finally {
      await browser.close();
      await srv.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
