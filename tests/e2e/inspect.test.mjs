// Browser test of checks (issue 8): on the demo district, the manager at phone size
// (390×844) starts an inspection on the principal's seven duties, answers item by item
// with the big 符合 / 不符合 buttons, describes and photographs the failed item,
// finishes, and finds the hazard it became on the detail page and in the register;
// the regulator opens the demo's 整改通知书 as an A4 page and makes a 双随机 draw.
// Screenshots under test-output/e2e/inspect-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { Client, PASSWORD, freshDbUrl, run, startServer } from '../api/lib.mjs';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const OUT = fileURLToPath(new URL('../../test-output/e2e/', import.meta.url));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync'];
const T = 15000;	/* upper bound for one UI step to appear; steps normally take < 1 s */

/* --- a small PNG (solid colour), built here so the test needs no fixture file --- */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** A w×h RGB PNG filled with [r,g,b]. */
function png(w, h, [r, g, b]) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const row = Buffer.alloc(1 + w * 3);
  for (let x = 0; x < w; x++) { row[1 + x * 3] = r; row[2 + x * 3] = g; row[3 + x * 3] = b; }
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** GET /api/auth/me of a demo user (for the names the selects show). */
async function meOf(base, username) {
  const c = new Client(base);
  const r = await c.login(username, PASSWORD);
  assert.equal(r.status, 200, `demo account ${username} logs in`);
  return c.me;
}

/** Waits until no Element Plus loading mask is shown. */
const settled = (page) => page.waitForFunction(() => ![...document.querySelectorAll('.el-loading-mask')]
  .some((e) => e.offsetParent !== null));

async function login(page, base, username) {
  await page.goto(base + '/login');
  await page.getByPlaceholder('用户名').fill(username);
  await page.getByPlaceholder('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}


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
