// Browser test of 应急管理 (src/mod/emergency.c): a manager records a drill on a phone and
// the drill duty turns green on the obligations calendar (令第2号 第三十三条; seeds/001
// 第10项: evacuation drills every half year in high-risk industries). On the demo
// district with fixed clocks (server ANJIAN_NOW and the browser's clock): 精工金属 (B,
// 金属冶炼) drilled its evacuation in the first half-year only, so 2026-H2 is 即将到期.
//   1. manager2 opens 履职日历 filtered to the duty: the item is 即将到期;
//   2. on a phone (390 px) manager2 opens 应急演练, 新增, fills the drill and saves;
//   3. the calendar shows the same item 已完成, as the API says;
//   4. on the desktop manager2 reports the drill (报送: the regulator's inbox gets it) and
//      registers a hazard from a problem it found (登记隐患 → the hazard's page);
//   5. the plan list shows the demo's late 备案 flagged (desktop), the supply list the
//      expired item from the home notice's link.
// Screenshots go to test-output/e2e/emergency-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client, startServer } from '../api/lib.mjs';
import { OUT, launch, newPage, login, shooter } from './lib.mjs';

const NOW = '2026-12-02 10:00:00';
const CLOCK = new Date('2026-12-02T10:00:00+08:00');
const DESKTOP = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

test('a manager records a drill on a phone and the duty turns green on the calendar', { timeout: 120000 }, async () => {
  mkdirSync(OUT, { recursive: true });
  const srv = await startServer({ env: { ANJIAN_NOW: NOW } });
  const browser = await launch();
  const errors = [];
  let current;
  const open = async (opts) => {
    const ctx = await browser.newContext(opts);
    await ctx.clock.setFixedTime(CLOCK);
    const p = await newPage(ctx, errors);
    current = p;
    await login(p, srv.base, 'manager2');
    return p;
  };
  const shot = shooter('emergency');
  try {
    const api = new Client(srv.base);
    assert.equal((await api.login('manager2')).status, 200);
    const org = api.me.org.id;
    const duty = async () => {
      const r = await api.get('/api/obligation?duty=em_drill_evac_half&period_key=2026-H2&size=50');
      assert.equal(r.status, 200, r.body);
      const rows = r.json.items.filter((x) => x.org_id === org);
      assert.equal(rows.length, 1);
      return rows[0];
    };
    const before = await duty();
    assert.equal(before.status, 'due_soon', 'the demo has no evacuation drill of B in the second half-year');

    // 1. the calendar, filtered to the duty
    const page = await open(DESKTOP);
    const calUrl = `${srv.base}/obligation/calendar?duty=em_drill_evac_half`;
    await page.goto(calUrl);
    const item = page.locator(`.week[data-week] .ob-item[data-id="${before.id}"]`);
    await item.waitFor();
    assert.equal(await item.getAttribute('data-status'), 'due_soon');
    await shot(page, '1-calendar-due');

    // 2. the drill, recorded on a phone
    const phone = await open(PHONE);
    await phone.goto(`${srv.base}/emergency/drill`);
    const list = phone.locator('[data-entity="emergency_drill"]');
    await list.getByRole('button', { name: '新增' }).click();
    const dlg = phone.locator('.el-dialog', { hasText: '新增' }).last();
    await dlg.waitFor();
    await dlg.locator('[data-field="title"] input').fill('下半年全厂疏散逃生演练');
    await dlg.locator('[data-field="kind"] .el-select').click();
    await phone.locator('.el-select-dropdown__item:visible', { hasText: '疏散逃生演练' }).first().click();
    const date = dlg.locator('[data-field="drill_date"] input');
    await date.click();
    await date.fill('2026-11-30');
    await date.press('Enter');
    await dlg.locator('[data-field="participant_count"] input').fill('180');
    await dlg.locator('[data-field="participants"] textarea').fill('熔炼车间、机加工车间、仓储班组全体人员');
    await dlg.locator('[data-field="evaluation"] textarea').fill('3分42秒全员到达集合点，清点无误。');
    await shot(phone, '2-drill-form-phone', false);
    await dlg.getByRole('button', { name: /确\s*定/ }).click();
    await phone.getByText('新增成功').waitFor();
    await dlg.waitFor({ state: 'hidden' });
    await phone.getByText('下半年全厂疏散逃生演练').first().waitFor();
    await shot(phone, '3-drill-list-phone');

    // 3. the duty is done, on the API and on the calendar
    const after = await duty();
    assert.equal(after.status, 'done');
    assert.equal(after.done_at.slice(0, 10), '2026-11-30');
    await page.goto(calUrl);
    await item.waitFor();
    await page.waitForFunction((id) => document.querySelector(`.week[data-week] .ob-item[data-id="${id}"]`)
      ?.dataset.status === 'done', before.id);
    await shot(page, '4-calendar-done');

    // 4. desktop: 报送 the drill (an Art. 33 unit) — the regulator gets a message —
    //    and 登记隐患 from it: the hazard opens in its own closed loop
    await page.goto(`${srv.base}/emergency/drill?report_missing=true`);
    const drills = page.locator('[data-entity="emergency_drill"]');
    const row = drills.locator('.el-table__row', { hasText: '下半年全厂疏散逃生演练' }).first();
    await row.waitFor();
    await row.getByRole('button', { name: '报送' }).click();
    await page.locator('.el-message-box').getByRole('button', { name: '报送' }).click();
    await page.getByText('已报送').first().waitFor();
    const mine = (await api.get('/api/emergency_drill?q=下半年全厂疏散逃生演练')).json.items[0];
    assert.equal(mine.reported_at, '2026-12-02');
    assert.equal(mine.report_missing, false);
    const rc = new Client(srv.base);
    assert.equal((await rc.login('regulator')).status, 200);
    const msg = (await rc.get('/api/inbox?size=100')).json.items.filter((m) => m.entity === 'emergency_drill' && m.entity_id === mine.id);
    assert.equal(msg.length, 1);
    await page.goto(`${srv.base}/emergency/drill`);
    const row2 = drills.locator('.el-table__row', { hasText: '下半年全厂疏散逃生演练' }).first();
    await row2.waitFor();
    assert.equal(await row2.getByRole('button', { name: '报送' }).count(), 0, 'reported: no 报送 any more');
    await shot(page, '5-drills-reported');
    await row2.getByRole('button', { name: '登记隐患' }).click();
    const hd = page.locator('.el-dialog', { hasText: '登记隐患（演练' }).last();
    await hd.waitFor();
    await hd.locator('[data-field="title"] input').fill('演练发现东侧集合点标识不清');
    const fd = hd.locator('[data-field="found_at"] input');
    await fd.click();
    await fd.fill('2026-11-30');
    await fd.press('Enter');
    await hd.getByRole('button', { name: /确\s*定/ }).click();
    await page.waitForURL((u) => /^\/hazard\/\d+$/.test(u.pathname));
    const hid = Number(new URL(page.url()).pathname.split('/').pop());
    const hz = (await api.get(`/api/hazard/${hid}`)).json;
    assert.equal(hz.title, '演练发现东侧集合点标识不清');
    assert.equal(hz.org_id, org);
    assert.equal(hz.source, 'self_check');
    await shot(page, '6-hazard-from-drill');

    // 5. the lists the home notices open: late 备案 (regulator's view of the district), expired supplies
    const reg = await browser.newContext(DESKTOP);
    await reg.clock.setFixedTime(CLOCK);
    const rp = await newPage(reg, errors);
    current = rp;
    await login(rp, srv.base, 'regulator');
    await rp.goto(`${srv.base}/emergency/plan?filing_late=true`);
    const plans = rp.locator('[data-entity="emergency_plan"] .el-table__row');
    await plans.first().waitFor();
    const ra = new Client(srv.base);
    assert.equal((await ra.login('regulator')).status, 200);
    const late = await ra.get('/api/emergency_plan?filing_late=true&size=50');
    assert.ok(late.json.total >= 2, 'the demo has a late and an unfiled plan');
    assert.equal(await plans.count(), late.json.total);
    for (const p of late.json.items) await rp.locator('[data-entity="emergency_plan"]').getByText(p.name).first().waitFor();
    await shot(rp, '7-plans-late');
    await rp.goto(`${srv.base}/emergency/supply?expired=true`);
    const sup = rp.locator('[data-entity="emergency_supply"] .el-table__row');
    await sup.first().waitFor();
    const exp = await ra.get('/api/emergency_supply?expired=true&size=50');
    assert.equal(await sup.count(), exp.json.total);
    await shot(rp, '8-supplies-expired');
    assert.deepEqual(errors, []);
  } catch (e) {
    if (current) await current.screenshot({ path: join(OUT, 'emergency-failure.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
    await srv.stop();
  }
});
