// Browser test of the training module (src/mod/training.c; views/training/) on the
// demo district with a fixed clock (ANJIAN_NOW):
//   1. the manager records a session's attendance on the session screen: the new
//      employee's 培训档案 goes from 0 hours and 学时不足 to the session's hours, and
//      the person leaves the 学时不足 list;
//   2. an expiring certificate appears on the enterprise home as the notice
//      「人员证书60天内到期」 with the API's count; the notice opens the certificate list
//      filtered to the expiring ones, coloured; the roster shows 不得上岗 tags; the
//      roster at phone width as cards.
// Screenshots go to test-output/e2e/training-*.png. Runs Debian's chromium through
// playwright-core from web/node_modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loginAs, startServer } from '../api/lib.mjs';
import { OUT, DESKTOP, PHONE, launch, newPage, settled, login, shooter } from './lib.mjs';

const NOW = '2026-06-15 10:00:00';

async function ok(p, status = 200) {
  const r = await p;
  assert.equal(r.status, status, r.body.slice(0, 300));
  return r.json;
}

const shot = shooter('training');

test('training: attendance fills hours; an expiring certificate shows on the home page', { timeout: 180000 }, async () => {
  mkdirSync(OUT, { recursive: true });
  const srv = await startServer({ env: { ANJIAN_NOW: NOW, ANJIAN_SCHED: 'off' } });
  const browser = await launch();
  const errors = [];
  let page;
  try {
    const mgr = await loginAs(srv.base, 'manager');
    const name = `培训测试${Date.now() % 100000}`;
    const p = await ok(mgr.post('/api/employee', { name, kind: 'employee', new_employee: true, status: 'in_post', post: '操作工' }), 201);
    assert.equal(p.required_hours, 24);
    const s = await ok(mgr.post('/api/training_session', {
      topic: '新员工三级安全教育（E2E）', category: 'three_level', session_date: '2026-06-10', hours: 24, trainer: '沈卫东' }), 201);

    const ctx = await browser.newContext(DESKTOP);
    page = await newPage(ctx, errors);
    await login(page, srv.base, 'manager');

    // --- 1. the person before: 0 hours, 学时不足, on the short list -----------------
    await page.goto(`${srv.base}/training/employee/${p.id}`);
    await page.locator('[data-test="hours-year"]').waitFor();
    assert.equal((await page.locator('[data-test="hours-year"]').innerText()).trim(), '0');
    await page.locator('.el-tag', { hasText: '学时不足' }).first().waitFor();
    await page.goto(`${srv.base}/training/short`);
    await page.locator('[data-test="short-table"] .el-table__row', { hasText: name }).waitFor();

    // --- the session: 新增 an attendee --------------------------------------------
    await page.goto(`${srv.base}/training/session/${s.id}`);
    const att = page.locator('[data-entity="training_attendance"]');
    await att.getByRole('button', { name: '新增' }).click();
    const dlg = page.locator('.el-dialog', { hasText: '新增' }).last();
    await dlg.waitFor();
    await dlg.locator('[data-field="employee_id"] .el-select').click();
    await dlg.locator('[data-field="employee_id"] input').fill(name);
    await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click();
    await shot(page, 'attendance-form');
    await dlg.getByRole('button', { name: /确\s*定/ }).click();
    await att.locator('.el-table__row', { hasText: name }).waitFor();
    await shot(page, 'session');
    const rows = await ok(mgr.get(`/api/training_attendance?session_id=${s.id}`));
    assert.equal(rows.total, 1);
    assert.equal(rows.items[0].employee_id, p.id);

    // --- the person after: the session's hours, no 学时不足, off the short list -----
    await page.goto(`${srv.base}/training/employee/${p.id}`);
    await page.locator('[data-test="hours-year"]').waitFor();
    assert.equal((await page.locator('[data-test="hours-year"]').innerText()).trim(), '24');
    assert.equal(await page.locator('.el-card__header .el-tag', { hasText: '学时不足' }).count(), 0);
    await page.locator('[data-entity="training_attendance"] .el-table__row', { hasText: '三级安全教育' }).waitFor();
    await shot(page, 'person');
    await page.goto(`${srv.base}/training/short`);
    await page.locator('[data-test="short-table"] .el-table__row').first().waitFor();
    await settled(page);
    assert.equal(await page.locator('[data-test="short-table"] .el-table__row', { hasText: name }).count(), 0);

    // --- 2. the home's notice of expiring certificates --------------------------
    const home = await ok(mgr.get('/api/dashboard/home'));
    const n = home.notices.find((x) => x.key === 'cert_expiring');
    assert.ok(n && n.count > 0, 'the demo has an expiring certificate in 城投集团');
    await page.goto(`${srv.base}/`);
    const card = page.locator('[data-notice="cert_expiring"]');
    await card.waitFor();
    assert.match(await card.innerText(), /人员证书60天内到期/);
    assert.match(await card.innerText(), new RegExp(`\\b${n.count}\\b`));
    // tiles with something to see come first (home.vue sorts them so)
    const counts = await page.locator('[data-notice] .el-tag__content').allInnerTexts();
    const firstZero = counts.findIndex((t) => t.trim() === '0');
    assert.ok(firstZero < 0 || counts.slice(firstZero).every((t) => t.trim() === '0'),
      `no tile with a count after one without: ${counts.join(',')}`);
    await shot(page, 'home');
    await card.click();
    await page.waitForURL((u) => u.pathname === '/training/cert' && u.search.includes('expiring=true'));
    await page.locator('[data-test="validity-expiring"]').first().waitFor();
    await settled(page);
    const exp = await ok(mgr.get('/api/training_cert?expiring=true&size=100'));
    assert.equal(await page.locator('[data-entity="training_cert"] .el-table__body .el-table__row').count(), Math.min(exp.total, 20));
    assert.equal(await page.locator('[data-test="validity-valid"]').count(), 0, 'only the expiring ones');
    await shot(page, 'cert-expiring');

    // --- the roster: 不得上岗 tags -------------------------------------------------
    const nod = await ok(mgr.get('/api/employee?not_on_duty=true'));
    assert.ok(nod.total > 0, 'the demo has a failed exam in 城投集团');
    await page.goto(`${srv.base}/training/employee?not_on_duty=true`);
    await page.locator('[data-entity="employee"] .el-table__row', { hasText: nod.items[0].name }).waitFor();
    await page.locator('[data-entity="employee"] .el-tag', { hasText: '不得上岗' }).first().waitFor();
    await shot(page, 'roster');

    // --- phone width ------------------------------------------------------------
    const pctx = await browser.newContext(PHONE);
    const phone = await newPage(pctx, errors);
    await login(phone, srv.base, 'manager');
    await phone.goto(`${srv.base}/training/employee`);
    await phone.locator('.person-card').first().waitFor();
    await shot(phone, 'roster-phone');
    // the roster is cards at phone width; the filter of the home's link applies
    await phone.goto(`${srv.base}/training/employee?not_on_duty=true`);
    const pcard = phone.locator('.person-card', { hasText: nod.items[0].name });
    await pcard.waitFor();
    await pcard.locator('.el-tag', { hasText: '不得上岗' }).waitFor();
    assert.equal(await phone.locator('.person-card').count(), Math.min(nod.total, 10));
    assert.deepEqual(errors, []);
  } catch (e) {
    if (page) await page.screenshot({ path: join(OUT, 'training-failure.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
    await srv.stop();
  }
});
