// Browser test of the accident quick report (事故快报) reaching the regulator. On the
// demo district with the server's clock fixed (ANJIAN_NOW):
//   1. the enterprise's safety manager, at phone size (390×844), opens 事故快报 from
//      the menu, fills the content of 国务院令第493号 第十二条 (time, place, type,
//      casualties, account, reporter) — 3 deaths — and submits;
//   2. the success screen shows the server's grade 较大事故 (第三条) and no 迟报 flag
//      (reported 40 minutes after);
//   3. the regulator (desktop) finds it at once on 事故快报动态 with its enterprise and
//      grade, and in its inbox; the detail page opens from the list;
//   4. the regulator's live list at phone width shows it as a card;
//   5. the manager (desktop) generates last year's statistics from the records on
//      年度事故统计 and submits them (上报); the regulator's list shows them 已上报.
// Screenshots under test-output/e2e/accident-*.png. Runs Debian's chromium through
// playwright-core from web/node_modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { Client, PASSWORD, startServer } from '../api/lib.mjs';
import { OUT, launch, newPage, login, shooter, PHONE } from './lib.mjs';

const NOW = '2026-11-22 10:00:00';

test('a quick report at phone width reaches the regulator\'s live list', { timeout: 120000 }, async () => {
  mkdirSync(OUT, { recursive: true });
  const srv = await startServer({ env: { ANJIAN_NOW: NOW } });
  const browser = await launch();
  const pageErrors = [];
  const shot = shooter('accident');
  try {
    const desktop = { viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
    const title = `E2E冲压线事故${Date.now() % 10000}`;

    // --- 1. the manager at phone size --------------------------------------------
    const mctx = await browser.newContext(PHONE);
    const m = await newPage(mctx, pageErrors);
    await login(m, srv.base, 'manager');
    await m.goto(srv.base + '/accident/report');
    await m.locator('.qa-title', { hasText: '事故快报' }).waitFor();
    const occ = m.locator('[data-field="occurred_at"] input');
    await occ.click();
    await occ.fill('2026-11-22 09:20');
    await occ.press('Enter');
    await m.locator('.qa-title').click();
    await m.locator('[data-field="place"] input').fill('三号车间冲压线');
    await m.locator('[data-field="accident_type"] .el-select').click();
    await m.locator('.el-select-dropdown__item:visible', { hasText: '机械致害' }).first().click();
    await m.locator('[data-field="deaths"] input').fill('3');
    await m.locator('[data-field="account"] textarea').fill('更换模具时冲床误动作，三名作业人员被压');
    await m.locator('[data-field="measures"] textarea').fill('停机断电，封闭现场，组织救援');
    const rep = m.locator('[data-field="reported_at"] input');
    await rep.click();
    await rep.fill('2026-11-22 10:00');
    await rep.press('Enter');
    await m.locator('.qa-title').click();
    assert.equal(await m.locator('.el-aside').count(), 0, 'no fixed sidebar at phone width');
    const width = await m.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the form fits the phone (${width}px)`);
    await shot(m, '1-phone-report-filled');
    await m.getByRole('button', { name: /提\s*交\s*快\s*报/ }).click();
    await m.getByText('快报已提交').waitFor();
    // --- 2. the server's grade ----------------------------------------------------
    await m.locator('[data-grade]', { hasText: '较大事故' }).waitFor();
    assert.equal(await m.locator('[data-late]').count(), 0, 'reported 40 minutes after: not late');
    const idText = (await m.locator('.qa-record .el-descriptions__cell', { hasText: /^\d+$/ }).first().innerText()).trim();
    const id = Number(idText);
    assert.ok(id > 0, `the success screen shows the number (${idText})`);
    await shot(m, '2-phone-report-done');
    // give it the title the regulator will look for
    const api = new Client(srv.base);
    await api.login('manager', PASSWORD);
    assert.equal((await api.put(`/api/accident/${id}`, { title })).status, 200);

    // --- 3. the regulator's live list and inbox -------------------------------------
    const rctx = await browser.newContext(desktop);
    const r = await newPage(rctx, pageErrors);
    await login(r, srv.base, 'regulator');
    await r.goto(srv.base + '/accident/live');
    const row = r.locator('.el-table__row', { hasText: title });
    await row.waitFor();
    await row.getByText('较大事故').waitFor();
    await row.getByText('上海青浦城市建设投资集团有限公司').waitFor();
    await shot(r, '3-regulator-live');
    const reg = new Client(srv.base);
    await reg.login('regulator', PASSWORD);
    const inbox = (await reg.get('/api/inbox?size=200')).json.items.filter((x) => x.entity === 'accident' && x.entity_id === id);
    assert.equal(inbox.length, 1, 'the regulator was notified once');
    await row.locator(`[data-live-id="${id}"]`).click();
    await r.waitForURL((u) => u.pathname === `/accident/${id}`);
    await r.locator('.acc-title', { hasText: title }).waitFor();
    await r.locator('[data-grade]', { hasText: '较大事故' }).waitFor();
    assert.equal(await r.locator('.actions [data-verb]').count(), 0, 'the regulator reads, it does not act');
    await shot(r, '4-regulator-detail');

    // --- 4. the live list at phone width: cards -------------------------------------
    const pctx = await browser.newContext(PHONE);
    const p = await newPage(pctx, pageErrors);
    await login(p, srv.base, 'regulator');
    await p.goto(srv.base + '/accident/live');
    await p.locator(`.live-card[data-live-id="${id}"]`, { hasText: title }).waitFor();
    await shot(p, '5-regulator-live-phone');

    // --- 5. annual statistics: generate and submit ------------------------------------
    const dctx = await browser.newContext(desktop);
    const d = await newPage(dctx, pageErrors);
    await login(d, srv.base, 'manager');
    await d.goto(srv.base + '/accident/stat');
    await d.locator('.toolbar .el-input-number input').fill('2025');
    await d.locator('[data-action="generate"]').click();
    const sdlg = d.locator('.el-dialog', { hasText: '年度事故统计' });
    await sdlg.locator('[data-stat-status]', { hasText: '草稿' }).waitFor();
    await sdlg.getByText('事故起数', { exact: true }).waitFor();
    await shot(d, '6-manager-stat-generated', false);
    await sdlg.locator('[data-verb="submit"]').click();
    const confirm = d.locator('.action-dialog');
    await confirm.getByRole('button', { name: '上报' }).click();
    await d.getByText('上报成功').waitFor();
    await sdlg.locator('[data-stat-status]', { hasText: '已上报' }).waitFor();
    await shot(d, '7-manager-stat-submitted', false);
    const stats = (await reg.get('/api/accident_stat?year=2025&size=200')).json.items;
    const mine = stats.find((x) => x.org_id === api.me.org.id);
    assert.ok(mine && mine.status === 'submitted', 'the regulator sees A\'s 2025 statistics submitted');
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    await srv.stop();
  }
});
