// Browser test of the enterprise pages (issue: front end). A regulator logs in, opens
// 企业管理, opens an enterprise's profile, adds an outlet in 网点台账 and sees it in
// the list; then the enterprise list is shot at phone width (390×844). Runs Debian's
// chromium through playwright-core from web/node_modules (no browser download).
// Screenshots go to test-output/e2e/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, PASSWORD, freshDbUrl, run, startServer } from '../api/lib.mjs';
import { OUT, launch, newPage, meOf, settled } from './lib.mjs';

/** The demo's regulator account: ANJIAN_E2E_REGULATOR, else found in the demo's
 * printed account list (a line naming a regulator role), checked by logging in. */
async function findRegulator(base, demoOut) {
  const cands = [];
  if (process.env.ANJIAN_E2E_REGULATOR) cands.push(process.env.ANJIAN_E2E_REGULATOR);
  for (const line of demoOut.split('\n')) {
    if (!/监管|regulator/i.test(line) || /企业|ent_/i.test(line)) continue;
    for (const m of line.matchAll(/[A-Za-z][A-Za-z0-9_.-]{1,31}/g)) if (!cands.includes(m[0])) cands.push(m[0]);
  }
  for (const u of ['regulator', 'gzw', 'reg']) if (!cands.includes(u)) cands.push(u);
  for (const u of cands) {
    const c = new Client(base);
    if ((await c.login(u, PASSWORD)).status === 200 && c.me.role === 'regulator') return u;
  }
  throw new Error(`no regulator account found in the demo output:\n${demoOut}`);
}

test('regulator adds an outlet from an enterprise profile; enterprise list at phone width', { timeout: 60000 }, async () => {
  mkdirSync(OUT, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'anjian-e2e-'));
  const dbUrl = freshDbUrl(dataDir);
  const demoOut = await run(['demo', '--data', dataDir, '--db', dbUrl]);
  const srv = await startServer({ demo: false, dataDir, dbUrl });
  const browser = await launch();
  const pageErrors = [];
  let page = null;
  try {
    const username = await findRegulator(srv.base, demoOut);

    // --- desktop: log in -------------------------------------------------------
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page = await newPage(ctx, pageErrors);
    await page.goto(srv.base + '/');
    await page.getByPlaceholder('用户名').fill(username);
    await page.getByPlaceholder('密码').fill('wrong-password-1');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('用户名或密码错误').waitFor();
    await page.getByPlaceholder('密码').fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('企业数').waitFor();
    await page.locator('.header', { hasText: (await meOf(srv.base, username)).org.name }).waitFor();

    // --- 企业管理 → first enterprise's 档案 ----------------------------------------
    await page.getByRole('menuitem', { name: '企业管理' }).click();
    const entList = page.locator('[data-entity="enterprise"]');
    const firstRow = entList.locator('.el-table__body tr.el-table__row').first();
    await firstRow.waitFor();
    assert.match(await entList.locator('.el-pagination').innerText(), /共\s*\d+\s*条/);
    await settled(page);
    await page.screenshot({ path: join(OUT, 'enterprise-list.png'), fullPage: true });
    const entName = (await firstRow.locator('.el-link').first().innerText()).trim();
    assert.ok(entName.length > 0, 'the first enterprise has a name');
    await firstRow.getByRole('button', { name: '档案' }).click();
    await page.locator('.ent-name', { hasText: entName }).waitFor();
    await page.getByRole('tab', { name: '基本信息' }).waitFor();

    // --- 网点台账 → 新增 an outlet ------------------------------------------------
    await page.getByRole('tab', { name: '网点台账' }).click();
    const outlets = page.locator('[data-entity="outlet"]');
    await outlets.getByRole('button', { name: '新增' }).click();
    const dlg = page.locator('.el-dialog', { hasText: '新增' }).last();
    await dlg.waitFor();
    const outletName = `E2E测试网点${Date.now() % 100000}`;
    await dlg.locator('[data-field="name"] input').fill(outletName);
    await dlg.locator('[data-field="kind"] .el-select').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '自营' }).first().click();
    await dlg.locator('[data-field="address"] input, [data-field="address"] textarea').first().fill('示范区安康路 88 号');
    await dlg.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByText('新增成功').waitFor();
    await dlg.waitFor({ state: 'hidden' });
    // The list may be sorted so that the new row is on a later page: find it by keyword.
    await outlets.getByPlaceholder(/网点名称/).fill(outletName);
    await outlets.getByRole('button', { name: '查询' }).click();
    await outlets.locator('.el-table__body', { hasText: outletName }).waitFor();
    await outlets.locator('.el-table__row', { hasText: outletName }).getByText('自营').waitFor();
    assert.match(await outlets.locator('.el-pagination').innerText(), /共\s*1\s*条/);
    await settled(page);
    await page.screenshot({ path: join(OUT, 'enterprise-outlets.png'), fullPage: true });

    // --- phone width: the enterprise list ----------------------------------------
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
      isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', storageState: await ctx.storageState() });
    const mp = await newPage(phone, pageErrors);
    await mp.goto(srv.base + '/enterprise');
    // a ledger at phone width is cards: name, 经营状态 and the key fields, no table
    await mp.locator('[data-entity="enterprise"] .list-card').first().waitFor();
    assert.equal(await mp.locator('[data-entity="enterprise"] .el-table').count(), 0, 'no table at phone width');
    await mp.getByRole('button', { name: '菜单' }).waitFor();	// hamburger instead of the sidebar
    assert.equal(await mp.locator('.el-aside').count(), 0, 'no fixed sidebar at phone width');
    await settled(mp);
    await mp.screenshot({ path: join(OUT, 'enterprise-list-phone.png') });
    await mp.getByRole('button', { name: '菜单' }).click();
    await mp.locator('.el-drawer').getByText('企业管理').waitFor();
    await phone.close();
    await ctx.close();
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } catch (e) {
    if (page) await page.screenshot({ path: join(OUT, 'failure.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
    try { await srv.stop(); } finally { rmSync(dataDir, { recursive: true, force: true }); }
  }
});

// Issue: "A regulator registering an enterprise chooses the supervision kind". The
// 新增企业 dialog offers 监管类型, will not submit without it, and the chosen kind is
// the regulator's supervision of the new enterprise; 归档 then takes it off the
// roster the list shows by default.
test('regulator registers an enterprise choosing 监管类型 in the form', { timeout: 60000 }, async () => {
  mkdirSync(OUT, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'anjian-e2e-'));
  const dbUrl = freshDbUrl(dataDir);
  const demoOut = await run(['demo', '--data', dataDir, '--db', dbUrl]);
  const srv = await startServer({ demo: false, dataDir, dbUrl });
  const browser = await launch();
  const pageErrors = [];
  let page = null;
  try {
    const username = await findRegulator(srv.base, demoOut);
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page = await newPage(ctx, pageErrors);
    await page.goto(srv.base + '/');
    await page.getByPlaceholder('用户名').fill(username);
    await page.getByPlaceholder('密码').fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('企业数').waitFor();
    await page.getByRole('menuitem', { name: '企业管理' }).click();
    const entList = page.locator('[data-entity="enterprise"]');
    await entList.locator('.el-table__body tr.el-table__row').first().waitFor();
    await entList.getByRole('button', { name: '新增' }).click();
    const dlg = page.locator('.el-dialog', { hasText: '新增' }).last();
    await dlg.waitFor();
    const name = `上海青浦浏览器登记${Date.now() % 100000}有限公司`;
    await dlg.locator('[data-field="name"] input').fill(name);
    await dlg.locator('[data-field="uscc"] input').fill('91310118MA1G99990X');	// check is R, not X
    await dlg.locator('[data-field="address"] input').fill('上海市青浦区浏览器路1号');
    await dlg.locator('[data-field="principal_name"] input').fill('卫一');
    // without 监管类型 the form does not submit
    await dlg.getByRole('button', { name: /确\s*定/ }).click();
    await dlg.locator('[data-field="supervision_kind"]', { hasText: '请选择监管类型' }).waitFor();
    await dlg.locator('[data-field="supervision_kind"] .el-select').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '行业监管' }).first().click();
    // the USCC above has a wrong check character: the server's field error shows
    await dlg.getByRole('button', { name: /确\s*定/ }).click();
    await dlg.locator('[data-field="uscc"]', { hasText: '校验位不正确' }).waitFor();
    const s17 = '91310118MA1B' + String(Date.now() % 100000).padStart(5, '0');
    const CH = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += CH.indexOf(s17[i]) * W[i];
    await dlg.locator('[data-field="uscc"] input').fill(s17 + CH[(31 - (sum % 31)) % 31]);
    await dlg.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByText('新增成功').waitFor();
    await dlg.waitFor({ state: 'hidden' });
    await settled(page);
    await page.screenshot({ path: join(OUT, 'enterprise-registered.png'), fullPage: true });
    // the regulator supervises it, as 行业监管
    const api = new Client(srv.base);
    await api.login(username, PASSWORD);
    const ent = (await api.get(`/api/enterprise?q=${encodeURIComponent(name)}`)).json.items[0];
    assert.ok(ent, 'the enterprise exists');
    const sv = (await api.get(`/api/supervision?enterprise_org=${ent.org_id}`)).json.items;
    assert.deepEqual(sv.map((x) => [x.regulator_org, x.kind]), [[api.me.org.id, 'industry']]);

    // 归档 from the list: the roster (在册, the default filter) no longer shows it
    await entList.getByPlaceholder(/企业名称/).fill(name);
    await entList.getByRole('button', { name: '查询' }).click();
    const row = entList.locator('.el-table__row', { hasText: name });
    await row.waitFor();
    await row.getByRole('button', { name: '归档' }).click();	// the row's _actions
    const box = page.locator('.el-dialog[data-verb="archive"]');	// built from the declared inputs
    await box.locator('[data-field="reason"] input').fill('企业已注销');
    await box.getByRole('button', { name: '归档' }).click();
    await page.locator('.el-message', { hasText: '已归档' }).waitFor();
    await page.waitForFunction((n) => ![...document.querySelectorAll('[data-entity="enterprise"] .el-table__row')]
      .some((tr) => tr.textContent.includes(n)), name);
    assert.equal((await api.get(`/api/enterprise/${ent.id}`)).json.archive_status, 'archived');
    await ctx.close();
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } catch (e) {
    if (page) await page.screenshot({ path: join(OUT, 'failure-register.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
    try { await srv.stop(); } finally { rmSync(dataDir, { recursive: true, force: true }); }
  }
});
