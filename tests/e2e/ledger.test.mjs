// Browser test of the 专项台账 screens (src/mod/ledger*.c, web/src/views/ledger/) on the
// demo district with the real clock:
//   1. the manager of 青浦城投 opens 专项台账 → 重大危险源, registers a source with its R
//      value (the server grades it 二级, GB 18218-2018 表4), opens it and records its
//      三级包保责任人 (主要负责人 / 技术负责人 / 操作负责人); 包保责任人不全 goes away;
//   2. the regulator finds the source in its list and sees the three persons;
//   3. the manager makes a 元旦 roster, adds a day's entry, submits it (已提交);
//   4. the regulator's 值班查询 for 1 January shows the enterprise with its 带班领导, and
//      the enterprises without a roster; at phone width as cards.
// Screenshots go to test-output/e2e/ledger-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer } from '../api/lib.mjs';
import { OUT, DESKTOP, PHONE, launch, newPage, settled, login, shooter, pick, fillDate, menuEntry } from './lib.mjs';

const shot = shooter('ledger');
async function openCreate(page, list) {
  await list.getByRole('button', { name: '新增' }).click();
  const dlg = page.locator('.el-dialog', { hasText: '新增' }).last();
  await dlg.waitFor();
  return dlg;
}
async function save(page, dlg) {
  await dlg.getByRole('button', { name: /确\s*定/ }).click();
  await page.getByText('新增成功').last().waitFor();
  await dlg.waitFor({ state: 'hidden' });
}

test('a major hazard with its three 包保 persons, and a holiday roster, seen by the regulator', { timeout: 240000 }, async () => {
  mkdirSync(OUT, { recursive: true });
  const srv = await startServer();
  const browser = await launch();
  const pageErrors = [];
  const open = async (opts, username) => {
    const ctx = await browser.newContext(opts);
    const p = await newPage(ctx, pageErrors);
    await login(p, srv.base, username);
    return p;
  };
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const year = Number(today.slice(0, 4)) + 1;
  let page;
  try {
    // --- 1. the manager registers a source through the menu ------------------------------
    page = await open(DESKTOP, 'manager');
    await settled(page);
    await menuEntry(page, '重大危险源', '专项台账');
    await page.waitForURL(/\/ledger\/major-hazard/);
    await page.getByText('三级包保责任人常态化管控').waitFor();
    const sources = page.locator('[data-entity="major_hazard"]');
    await sources.locator('.el-table__body tr.el-table__row').first().waitFor();	// the demo's (燃气, a subsidiary)
    let dlg = await openCreate(page, sources);
    await dlg.locator('[data-field="name"] input').fill('集团LPG气瓶储存库');
    await pick(page, dlg, 'unit_kind', '储存单元');
    await dlg.locator('[data-field="location"] input').fill('公园路100号后院');
    await dlg.locator('[data-field="r_value"] input').fill('75');
    await fillDate(dlg, 'identified_date', today);
    await pick(page, dlg, 'status', '在用');
    await save(page, dlg);
    const row = sources.locator('.el-table__row', { hasText: '集团LPG气瓶储存库' });
    await row.getByText('二级').waitFor();			// graded by the server from R
    await row.getByText('包保责任人不全').waitFor();
    await shot(page, 'sources');

    await row.getByText('集团LPG气瓶储存库').click();
    await page.waitForURL(/\/ledger\/major-hazard\/\d+/);
    const detail = page.locator('[data-test="major-hazard-detail"]');
    await detail.getByText('二级重大危险源').waitFor();
    const persons = detail.locator('[data-entity="major_hazard_guardian"]');
    for (const [role, name, position, phone, duty] of [
      ['主要负责人', '张国强', '董事长', '13601700001', '保证安全投入，每季度组织一次针对重大危险源的安全检查'],
      ['技术负责人', '李振华', '总工程师', '13601700002', '负责监测监控体系建设，每月组织一次安全检查'],
      ['操作负责人', '王建军', '仓储主管', '13601700003', '负责日常安全管理，每周组织一次安全检查']]) {
      dlg = await openCreate(page, persons);
      await pick(page, dlg, 'role', role);
      await dlg.locator('[data-field="name"] input').fill(name);
      await dlg.locator('[data-field="position"] input').fill(position);
      await dlg.locator('[data-field="phone"] input').fill(phone);
      await dlg.locator('[data-field="duty"] textarea').fill(duty);
      await fillDate(dlg, 'assigned_date', today);
      await save(page, dlg);
      await persons.locator('.el-table__row', { hasText: name }).waitFor();
    }
    await page.reload();
    await detail.getByText('二级重大危险源').waitFor();
    await detail.locator('[data-entity="major_hazard_guardian"] .el-table__row').nth(2).waitFor();
    assert.equal(await detail.locator('.head').getByText('包保责任人不全').count(), 0);
    await shot(page, 'source-persons');

    // --- 2. the regulator sees it ---------------------------------------------------------
    const rp = await open(DESKTOP, 'regulator');
    await rp.goto(srv.base + '/ledger/major-hazard');
    const rsources = rp.locator('[data-entity="major_hazard"]');
    await rsources.locator('.el-table__row', { hasText: '集团LPG气瓶储存库' }).getByText('集团LPG气瓶储存库').click();
    const rdetail = rp.locator('[data-test="major-hazard-detail"]');
    const rpersons = rdetail.locator('[data-entity="major_hazard_guardian"]');
    for (const n of ['张国强', '李振华', '王建军']) await rpersons.locator('.el-table__row', { hasText: n }).waitFor();
    assert.equal(await rpersons.getByRole('button', { name: '新增' }).count(), 0);	// reads only
    await shot(rp, 'regulator-source');

    // --- 3. the manager's 元旦 roster, submitted ------------------------------------------
    await page.goto(srv.base + '/ledger/roster?tab=roster');
    const rosters = page.locator('[data-entity="duty_roster"]');
    await rosters.locator('.el-table__body tr.el-table__row').first().waitFor();	// the demo's
    dlg = await openCreate(page, rosters);
    await dlg.locator('[data-field="title"] input').fill(`${year}年元旦值班带班表`);
    await pick(page, dlg, 'kind', '节假日值班');
    await pick(page, dlg, 'holiday', '元旦');
    await fillDate(dlg, 'start_date', `${year}-01-01`);
    await fillDate(dlg, 'end_date', `${year}-01-03`);
    await dlg.locator('[data-field="duty_phone"] input').fill('021-59731000');
    await save(page, dlg);
    await rosters.locator('.el-table__row', { hasText: `${year}年元旦值班带班表` }).getByText(`${year}年元旦值班带班表`).click();
    await page.waitForURL(/\/ledger\/roster\/\d+/);
    const rd = page.locator('[data-test="roster-detail"]');
    const entries = rd.locator('[data-entity="duty_roster_entry"]');
    dlg = await openCreate(page, entries);
    await fillDate(dlg, 'duty_date', `${year}-01-01`);
    await pick(page, dlg, 'shift', '全天');
    await dlg.locator('[data-field="leader"] input').fill('张国强');
    await dlg.locator('[data-field="staff"] input').fill('杨敏、黄勇');
    await dlg.locator('[data-field="phone"] input').fill('13601700009');
    await save(page, dlg);
    await entries.locator('.el-table__row', { hasText: '杨敏、黄勇' }).waitFor();
    await rd.locator('[data-actions-of="duty_roster"] [data-verb="submit"]').click();
    const act = page.locator('.el-dialog', { hasText: '提交后不能再调整排班' }).last();
    await act.waitFor();
    await act.getByRole('button', { name: '提交' }).click();
    await rd.locator('.head').getByText('已提交').waitFor();
    await shot(page, 'roster-submitted');

    // --- 4. the regulator's 值班查询 for 1 January ----------------------------------------
    await rp.goto(srv.base + `/ledger/roster?tab=on-duty&date=${year}-01-01`);
    const od = rp.locator('[data-test="on-duty"]');
    const ent = od.locator('.el-table__row', { hasText: '上海青浦城市建设投资集团有限公司' });
    await ent.getByText('张国强').waitFor();
    await ent.getByText('杨敏、黄勇').waitFor();
    await od.getByText('未报值班表').first().waitFor();		// the others have none yet
    const missing = await od.locator('[data-test="on-duty-missing"]').innerText();
    assert.match(missing, /未报值班表 \d+ 家/);
    await shot(rp, 'regulator-on-duty');

    const phone = await open(PHONE, 'regulator');
    await phone.goto(srv.base + `/ledger/roster?tab=on-duty&date=${year}-01-01`);
    const card = phone.locator('[data-test="on-duty"] .card', { hasText: '上海青浦城市建设投资集团有限公司' });
    await card.getByText('张国强').waitFor();
    await shot(phone, 'on-duty-phone');
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    await srv.stop();
  }
});
