// The built UI needs no 'unsafe-inline' in style-src: every page below is opened
// with the server's Content-Security-Policy tightened to style-src 'self' (the
// browser's copy of the header is rewritten), charts are hovered so their tooltips
// render (ECharts writes tooltips as HTML; utils/echarts.js formats them without
// inline styles), dialogs are opened, and no CSP violation may be reported. A probe
// element with an inline style attribute proves the tighter policy is in force.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, startServer } from '../api/lib.mjs';
import { launch, newPage, settled } from './lib.mjs';

test('the UI runs under style-src \'self\' (no inline styles needed)', { timeout: 300000 }, async () => {
  const srv = await startServer();
  const browser = await launch();
  const violations = [];
  const pageErrors = [];
  try {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await ctx.route('**/*', async (route) => {
      const resp = await route.fetch();
      const headers = { ...resp.headers() };
      const csp = headers['content-security-policy'];
      if (csp) headers['content-security-policy'] = csp.replace(/style-src ([^;]*)/, (m, v) => `style-src ${v.replace(/\s*'unsafe-inline'/g, '')}`);
      await route.fulfill({ response: resp, headers });
    });
    const page = await newPage(ctx, pageErrors);
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.sourceFile}:${e.lineNumber}`));
    });
    let where = '';
    const collect = async () => {
      for (const v of await page.evaluate(() => window.__csp.splice(0))) violations.push(`${where}: ${v}`);
    };
    const visit = async (path) => {
      where = path;
      await page.goto(srv.base + path);
      await settled(page);
      await page.waitForTimeout(600);
      await collect();
    };
    /* Moves the mouse across chart i of the page so its tooltip renders. */
    const hover = async (i) => {
      const box = await page.locator('.echart').nth(i).boundingBox();
      for (let k = 0; k <= 24; k++) await page.mouse.move(box.x + 20 + k * (box.width - 40) / 24, box.y + box.height * (0.3 + (k % 3) * 0.2));
      await page.waitForTimeout(300);
      await collect();
    };
    const login = async (user) => {
      await visit('/login');
      await page.getByPlaceholder('用户名').fill(user);
      await page.getByPlaceholder('密码').fill(PASSWORD);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    };

    await login('regulator');
    const policy = await page.evaluate(async () => (await fetch('/')).headers.get('content-security-policy'));
    assert.match(policy, /style-src 'self'(;|$)/, 'the page really runs under the tighter policy');
    // The probe: an inline style attribute is refused and reported.
    await page.evaluate(() => { const d = document.createElement('div'); d.innerHTML = '<span style="color:red">x</span>'; document.body.append(d); });
    await page.waitForFunction(() => window.__csp.length > 0);
    await page.evaluate(() => window.__csp.splice(0));

    await visit('/cockpit');
    await hover(0);
    await hover(1);
    await visit('/hazard/stats');
    await hover(0);
    await hover(1);
    for (const p of ['/enterprise', '/enterprise/1', '/hazard', '/hazard/major', '/risk-report', '/org-change', '/user', '/audit']) await visit(p);
    await visit('/hazard');
    await page.getByRole('button', { name: '新增' }).click();
    await page.locator('.el-dialog [data-field="found_at"] input').click();
    await page.waitForTimeout(400);
    await collect();

    await login('manager');
    for (const p of ['/home', '/risk', '/risk/card', '/risk/board', '/risk/report', '/hazard/15']) await visit(p);
    await visit('/risk/distribution');
    await hover(0);
    await visit('/home');
    await hover(0);
    await visit('/risk');
    await page.getByRole('button', { name: '新增' }).click();
    await page.locator('.el-dialog [data-field="name"]').waitFor();
    await collect();
    await visit('/hazard/15');
    await page.locator('.actions .record-actions button').first().click();
    await page.locator('.el-dialog.action-dialog').waitFor();
    await page.locator('.el-dialog.action-dialog .el-dialog__footer .el-button--primary').click();
    await page.waitForTimeout(400);
    await collect();

    assert.deepEqual(violations, [], 'no CSP violation under style-src \'self\'');
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    await srv.stop();
  }
});
