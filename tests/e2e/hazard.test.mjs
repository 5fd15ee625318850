// Browser test of the hazard closed loop (issue 3). On the demo district:
//   1. the regulator's cockpit shows 未整改隐患 (read before);
//   2. staff, at phone size (390×844), opens 随手拍, attaches a photo (a PNG made here),
//      fills 位置 and 隐患描述, submits and sees 上报成功 with the record;
//   3. the manager (desktop) opens the hazard and 下达整改 with the 五落实 plan naming
//      staff as 整改责任人;
//   4. staff (phone) 提交验收 with a note and an after photo;
//   5. the principal — not the rectifier — 验收销号; the timeline shows every step;
//   6. the cockpit's 未整改隐患 went up by one after the report and back after closing.
// Each step is a screenshot under test-output/e2e/hazard-*.png. Assertions are on
// visible text. Runs Debian's chromium through playwright-core from web/node_modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, freshDbUrl, run, startServer } from '../api/lib.mjs';
import { OUT, launch, meOf, newPage, png, settled, login, typeDate } from './lib.mjs';

/** The cockpit's 未整改隐患 KPI as a number (reloads the cockpit). */
async function openHazardsKpi(page, base) {
  await page.goto(base + '/cockpit');
  const v = page.locator('[data-kpi="open"] .kpi-value');
  await v.waitFor();
  return Number((await v.innerText()).trim());
}

/** The hazard detail's status tag shows text. */
const statusIs = (page, text) => page.locator('.head .el-tag', { hasText: text }).first().waitFor();

test('staff reports a hazard by phone; manager assigns, staff rectifies, principal verifies; cockpit counts follow',
  { timeout: 90000 }, async () => {
    mkdirSync(OUT, { recursive: true });
    const dataDir = mkdtempSync(join(tmpdir(), 'anjian-e2e-hz-'));
    const dbUrl = freshDbUrl(dataDir);
    await run(['demo', '--data', dataDir, '--db', dbUrl]);
    const srv = await startServer({ demo: false, dataDir, dbUrl });
    const browser = await launch();
    const pageErrors = [];
    const shots = [];
    let current = null;
    const open = async (ctx) => {
      current = await newPage(ctx, pageErrors);
      return current;
    };
    const shot = async (p, name, full = true) => {
      await settled(p);
      await p.screenshot({ path: join(OUT, `hazard-${name}.png`), fullPage: full });
      shots.push(name);
    };
    try {
      const staffMe = await meOf(srv.base, 'staff');
      const staffName = staffMe.user.name;
      /* the browser in Shanghai, as the users: the date picker's "today" is the
       * browser's local day, which from 16:00 UTC on is a day before the server's */
      const desktop = { viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
      const phoneOpts = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

      // --- 1. regulator: the cockpit before ----------------------------------------
      const regCtx = await browser.newContext(desktop);
      const reg = await open(regCtx);
      await login(reg, srv.base, 'regulator');
      await reg.getByText('监管驾驶舱').first().waitFor();
      const before = await openHazardsKpi(reg, srv.base);
      assert.ok(Number.isInteger(before), `未整改隐患 is a number (${before})`);
      await reg.locator('.echart canvas').first().waitFor();
      await shot(reg, '1-cockpit-before');

      // --- 2. staff at phone size: 随手拍 -------------------------------------------
      const staffCtx = await browser.newContext(phoneOpts);
      const st = await open(staffCtx);
      await login(st, srv.base, 'staff');
      await st.getByText('发现隐患，随手拍一张').waitFor();	// staff's home is 随手拍
      assert.equal(await st.locator('.el-aside').count(), 0, 'no fixed sidebar at phone width');
      const place = `E2E二号仓库北门${Date.now() % 10000}`;
      const text = '消防栓被货物遮挡无法使用';
      await st.locator('input[type=file]').setInputFiles({ name: 'hazard.png', mimeType: 'image/png', buffer: png(64, 48, [220, 40, 40]) });
      await st.locator('.thumb img').waitFor();
      await st.getByPlaceholder(/如：二号车间/).fill(place);
      await st.getByPlaceholder(/一句话说明问题/).fill(text);
      await st.locator('.qr-category').getByText('物的不安全状态').click();	// the reporter chooses 人/物/环境/管理
      await shot(st, '2-staff-report-filled');
      await st.getByRole('button', { name: /提\s*交/ }).click();
      await st.getByText('上报成功').waitFor();
      await st.locator('.qr-record', { hasText: place }).waitFor();
      await st.locator('.qr-record', { hasText: '已登记' }).waitFor();
      const idText = (await st.locator('.qr-record .el-descriptions__cell', { hasText: /^\d+$/ }).first().innerText()).trim();
      const hid = Number(idText);
      assert.ok(hid > 0, `the success screen shows the hazard number (${idText})`);
      await shot(st, '3-staff-report-done');

      // the cockpit counts the new open hazard
      assert.equal(await openHazardsKpi(reg, srv.base), before + 1, '未整改隐患 +1 after the report');

      // --- 3. manager (desktop): 下达整改 with the 五落实 plan ---------------------------
      const mgrCtx = await browser.newContext(desktop);
      const mgr = await open(mgrCtx);
      await login(mgr, srv.base, 'manager');
      await mgr.getByText('待下达整改').first().waitFor();	// the enterprise home
      await mgr.getByRole('menuitem', { name: '隐患台账' }).click();
      const ledger = mgr.locator('[data-entity="hazard"]');
      await ledger.locator('.el-table__row', { hasText: text }).first().waitFor();
      await ledger.locator('.el-table__row', { hasText: text }).first().getByText('已登记').waitFor();
      await mgr.goto(`${srv.base}/hazard/${hid}`);
      await mgr.locator('.hz-title', { hasText: text }).waitFor();
      await mgr.locator('.photo img').first().waitFor();	// the staff's photo as a thumbnail
      await statusIs(mgr, '已登记');
      await mgr.locator('.actions').getByRole('button', { name: '下达整改' }).click();
      const dlg = mgr.locator('.el-dialog', { hasText: '下达整改（五落实）' });
      await dlg.waitFor();
      // all five are required: submitting empty names them under each field
      await dlg.getByRole('button', { name: '下达整改' }).click();
      await dlg.locator('.el-form-item__error', { hasText: '请选择整改责任人' }).waitFor();	// not the placeholder
      await dlg.locator('.el-form-item__error', { hasText: '请填写应急预案' }).waitFor();
      await dlg.locator('[data-field="plan_responsible_id"] .el-select').click();
      await mgr.locator('.el-select-dropdown__item:visible', { hasText: staffName }).first().click();
      await dlg.locator('[data-field="plan_measures"] textarea').fill('清理消防栓前堆放的货物，划设禁止堆放区域');
      await dlg.locator('[data-field="plan_funds"] input').fill('500');
      // issue 12: the 整改期限 picker offers no day before today (the server refuses one too)
      await dlg.locator('[data-field="plan_deadline"] input').click();
      const panel = mgr.locator('.el-picker-panel:visible').first();
      await panel.locator('td.today:not(.disabled)').waitFor();
      const cells = panel.locator('.el-date-table td');
      const states = await cells.evaluateAll((tds) => tds.map((td) => ({ today: td.classList.contains('today'),
        disabled: td.classList.contains('disabled') })));
      const t = states.findIndex((x) => x.today);
      assert.ok(t >= 0, 'today is shown');
      assert.ok(states.slice(0, t).every((x) => x.disabled), 'every day before today is disabled');
      assert.ok(states.slice(t).every((x) => !x.disabled), 'today and later are offered');
      await typeDate(dlg, 'plan_deadline', '2099-12-31');
      await dlg.locator('[data-field="plan_contingency"] textarea').fill('整改前在附近增设两具灭火器并安排专人巡查');
      await shot(mgr, '4-manager-assign-dialog', false);
      await dlg.getByRole('button', { name: '下达整改' }).click();
      await mgr.getByText('下达整改（五落实）成功').waitFor();
      await statusIs(mgr, '整改中');
      await mgr.locator('.el-descriptions', { hasText: '五落实整改方案' }).getByText(staffName).waitFor();
      await shot(mgr, '5-manager-assigned');

      // --- 4. staff (phone): 提交验收 --------------------------------------------------
      await st.goto(`${srv.base}/hazard/mine?tab=rectify`);
      const card = st.locator('.hazard-card', { hasText: text }).first();	// cards, on a phone
      await card.waitFor();
      await shot(st, '6a-staff-mine-cards');
      await card.click();
      await st.waitForURL((u) => u.pathname === `/hazard/${hid}`);
      await statusIs(st, '整改中');
      await st.locator('.actions').getByRole('button', { name: '提交验收' }).click();
      const sdlg = st.locator('.el-dialog', { hasText: '整改情况' });	// the input's label as the server declares it
      await sdlg.waitFor();
      await sdlg.locator('[data-field="rectify_note"] textarea').fill('货物已清走，地面已划黄色禁止堆放线');
      await sdlg.locator('input[type=file]').setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: png(64, 48, [40, 180, 60]) });
      await sdlg.getByText('after.png').waitFor();
      await shot(st, '6-staff-submit-dialog', false);
      await sdlg.getByRole('button', { name: '提交验收' }).click();
      await st.getByText('提交验收成功').waitFor();
      await statusIs(st, '待验收');
      await shot(st, '7-staff-submitted');

      // --- 5. principal (desktop): 验收销号 -------------------------------------------
      const prCtx = await browser.newContext(desktop);
      const pr = await open(prCtx);
      await login(pr, srv.base, 'principal');
      await pr.goto(`${srv.base}/hazard/${hid}`);
      await statusIs(pr, '待验收');
      await pr.locator('.actions').getByRole('button', { name: '验收销号' }).click();
      const vdlg = pr.locator('.el-dialog', { hasText: '确认隐患已整改到位' });
      await vdlg.waitFor();
      await vdlg.locator('[data-field="note"] input').fill('现场复查合格');	// 验收意见: a one-line text input as declared
      await vdlg.getByRole('button', { name: '验收销号' }).click();
      await pr.getByText('验收销号成功').waitFor();
      await statusIs(pr, '已销号');
      const tl = pr.locator('.timeline');
      for (const step of ['登记', '下达整改', '提交验收', '验收销号']) await tl.getByText(step, { exact: true }).waitFor();
      await tl.getByText(staffName).first().waitFor();
      await shot(pr, '8-principal-verified');
      await tl.screenshot({ path: join(OUT, 'hazard-8b-timeline.png') });

      // --- 6. the cockpit is back where it started ---------------------------------
      assert.equal(await openHazardsKpi(reg, srv.base), before, '未整改隐患 back to the start after 验收销号');
      await reg.locator('.echart canvas').first().waitFor();
      await shot(reg, '9-cockpit-after');

      for (const c of [regCtx, staffCtx, mgrCtx, prCtx]) await c.close();
      assert.deepEqual(pageErrors, [], 'no uncaught errors in the pages');
      assert.equal(shots.length, 10);
    } catch (e) {
      if (current) await current.screenshot({ path: join(OUT, 'hazard-failure.png'), fullPage: true }).catch(() => {});
      throw e;
    } finally {
      await browser.close();
      try { await srv.stop(); } finally { rmSync(dataDir, { recursive: true, force: true }); }
    }
  });

// A regulator registers a hazard found in a 监管检查 from the district-wide ledger: the
// form asks for 所属企业 (required), the hazard lands in that enterprise with source
// 监管检查, and the enterprise's manager sees it.
test('the regulator registers a hazard for an enterprise it picks in the form', { timeout: 60000 }, async () => {
  mkdirSync(OUT, { recursive: true });
  const srv = await startServer();
  const browser = await launch();
  const pageErrors = [];
  try {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await newPage(ctx, pageErrors);
    const title = `E2E监管检查发现的隐患${Date.now() % 100000}`;
    const ent = '上海青浦精工金属制品有限公司';	// enterprise B of the demo

    await login(page, srv.base, 'regulator');
    await page.goto(srv.base + '/hazard');
    await page.getByRole('button', { name: '新增' }).click();
    const dlg = page.locator('.el-dialog').filter({ hasText: '新增' }).last();
    await dlg.locator('[data-field="org_id"]').waitFor();
    // Saving without an enterprise is refused under the field.
    await dlg.locator('[data-field="title"] input').fill(title);
    await dlg.getByRole('button', { name: /确\s*定/ }).click();
    await dlg.locator('[data-field="org_id"] .el-form-item__error').waitFor();
    // Pick the enterprise and the found date, then save.
    await dlg.locator('[data-field="org_id"] .el-select').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: ent }).first().click();
    await typeDate(dlg, 'found_at', '2026-11-20');
    await dlg.locator('[data-field="location"] input').fill('二号车间东侧');
    await settled(page);
    await page.screenshot({ path: join(OUT, 'hazard-regulator-register.png') });
    await dlg.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByText('新增成功').first().waitFor();

    // The record, as its enterprise's manager sees it.
    const m2 = new Client(srv.base);
    assert.equal((await m2.login('manager2')).status, 200);
    const r = await m2.get(`/api/hazard?q=${encodeURIComponent(title)}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.total, 1, 'manager2 sees the hazard in its own enterprise');
    assert.equal(r.json.items[0].source, 'regulator_check');
    assert.equal(r.json.items[0].status, 'registered');
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    await srv.stop();
  }
});
