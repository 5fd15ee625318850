// Browser test of checks (issue 8): on the demo district, the manager at phone size
// (390×844) starts an inspection on the principal's seven duties, answers item by item
// with the big 符合 / 不符合 buttons, describes and photographs the failed item,
// finishes, and finds the hazard it became on the detail page and in the register;
// the regulator opens the demo's 整改通知书 as an A4 page and makes a 双随机 draw.
// Offline (a basement): mid-inspection the phone loses the network; the answers, the
// note and the photo wait on the phone (待同步 N 项, finishing refused until synced;
// the page reopens without signal),
// are sent when the network returns — once each even when an answer is lost on the
// way back — and the 不符合 item becomes exactly one hazard; a change the server
// refuses (the inspection was finished meanwhile) keeps its local copy, with the
// error in Chinese.
// Screenshots under test-output/e2e/inspect-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDbUrl, loginAs, run, startServer } from '../api/lib.mjs';
import { OUT, launch, newPage, png, login, shooter, PHONE, DESKTOP, harness, fillDate } from './lib.mjs';

/* Every change made on the run page has reached the server: 已全部同步 and nothing
 * 待同步 (a tag that is leaving still stands in the page for its transition). */
const allSynced = (page) => page.waitForFunction(() => document.querySelector('[data-test="synced"]')
  && !document.querySelector('[data-test="pending"], .run-item[data-pending="1"]'));

test('a manager runs an inspection at phone width; the failed item appears in the register; the notice prints on A4',
  { timeout: 120000 }, async () => {
    mkdirSync(OUT, { recursive: true });
    const dataDir = mkdtempSync(join(tmpdir(), 'anjian-e2e-insp-'));
    const dbUrl = freshDbUrl(dataDir);
    await run(['demo', '--data', dataDir, '--db', dbUrl]);
    const srv = await startServer({ demo: false, dataDir, dbUrl });
    const browser = await launch();
    const pageErrors = [];
    const shot = shooter('inspect');
    try {
      const ctx = await browser.newContext(PHONE);
      const m = await newPage(ctx, pageErrors);
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
      /* The answers are stored first: when an answer sent earlier comes back, the card
       * shows the server's row, and a note typed before that was emptied (the finish
       * was then refused, 不符合未填写问题描述, on a loaded machine). */
      await allSynced(m);
      const failCard = m.locator('.run-item[data-seq="2"]');
      await failCard.locator('textarea').fill('安全生产规章制度三年未修订，操作规程缺失');
      await failCard.locator('textarea').blur();
      await failCard.locator('input[type="file"]').setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: png(64, 48, [200, 60, 40]) });
      /* the photo and the note reached the server (the thumbnail is the stored one) */
      await failCard.locator('img.thumb:not(.local)').waitFor();
      await allSynced(m);
      assert.equal(await failCard.locator('textarea').inputValue(), '安全生产规章制度三年未修订，操作规程缺失');
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
      const desk = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const r = await newPage(desk, pageErrors);
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

// A slow network: the note of a 不符合 item is typed while the server's answer to the
// 不符合 itself is still on its way. When it arrives the card shows the server's row —
// which once emptied the textarea (the note was lost, and 完成检查 refused with
// 有1项不符合未填写问题描述). The note typed meanwhile stays, is queued and sent
// without leaving the field, and the inspection finishes with it.
test('a note typed while the 不符合 answer is on its way stays, reaches the server, and the inspection finishes',
  { timeout: 120000 }, async () => {
    mkdirSync(OUT, { recursive: true });
    const srv = await startServer();
    const browser = await launch();
    const pageErrors = [];
    let m = null;
    const shot = shooter('inspect-slow');
    try {
      const mgr = await loginAs(srv.base, 'manager');
      const today = new Date().toLocaleDateString('sv', { timeZone: 'Asia/Shanghai' });
      const p7 = (await mgr.get('/api/checklist?code=principal7')).json.items[0];
      const r0 = await mgr.post('/api/inspection', { title: '慢速网络检查', kind: 'self', checklist_id: p7.id, org_id: mgr.me.org.id, inspect_date: today });
      assert.equal(r0.status, 201, r0.body);
      const insp = r0.json;
      const items = (await mgr.get(`/api/inspection_result?inspection_id=${insp.id}&sort=seq&size=50`)).json.items;
      /* every item but the second is answered already (elsewhere) */
      for (const x of items) if (x.seq !== 2) assert.equal((await mgr.put(`/api/inspection_result/${x.id}`, { result: 'pass' })).status, 200);
      const failed = items.find((x) => x.seq === 2);
      const NOTE = '慢速网络：安全生产规章制度未按期修订';

      const ctx = await browser.newContext(PHONE);
      m = await newPage(ctx, pageErrors);
      await login(m, srv.base, 'manager');
      /* the first PUT of item 2 reaches the server, its answer is held back until released */
      let release;
      const released = new Promise((res) => { release = res; });
      let stored;
      const reached = new Promise((res) => { stored = res; });
      const puts = [];
      await m.route(`**/api/inspection_result/${failed.id}`, async (route) => {
        if (route.request().method() !== 'PUT') return route.continue();
        puts.push(route.request().postDataJSON());
        if (puts.length > 1) return route.continue();
        const response = await route.fetch();
        stored();
        await released;
        return route.fulfill({ response });
      });
      await m.goto(`${srv.base}/inspect/run/${insp.id}`);
      const card = m.locator('.run-item[data-seq="2"]');
      await card.locator('[data-answer="fail"]').click();
      await reached;
      assert.equal((await mgr.get(`/api/inspection_result/${failed.id}`)).json.result, 'fail', 'the server has the 不符合');
      /* typed while the answer is held back; the field keeps the focus (no blur, no save) */
      await m.locator('.run-item[data-seq="2"][data-pending="1"]').waitFor();	/* the 不符合 waits for its answer */
      await card.locator('textarea').fill(NOTE);
      release();
      /* the answer arrives: the note stays, is queued and sent; nothing waits any more */
      await allSynced(m);
      assert.equal(await card.locator('textarea').inputValue(), NOTE, 'the note typed meanwhile stays');
      assert.equal((await mgr.get(`/api/inspection_result/${failed.id}`)).json.note, NOTE, 'and reached the server');
      assert.deepEqual(puts.map((b) => b.note), [null, NOTE], 'sent once more, with the note');
      await m.getByText('已检查 7 / 7 项，不符合 1 项').waitFor();
      await shot(m, '1-note-kept');
      // finishing is not refused: the hazard it becomes carries the note
      await m.locator('[data-test="finish"]').click();
      await m.waitForURL(new RegExp(`/inspect/inspection/${insp.id}$`));
      await m.locator('[data-test="hazard-link"]').waitFor();
      assert.equal(await m.locator('[data-test="hazard-link"]').count(), 1);
      const after = (await mgr.get(`/api/inspection_result/${failed.id}`)).json;
      assert.equal(after.note, NOTE);
      assert.ok(after.hazard_id > 0);
      assert.ok((await mgr.get(`/api/hazard/${after.hazard_id}`)).json.description.includes(NOTE));
      assert.equal(puts.length, 2, 'leaving the field after the sync sends nothing more');
      await shot(m, '2-finished');
      assert.deepEqual(pageErrors, []);
    } catch (e) {
      if (m) await m.screenshot({ path: join(OUT, 'inspect-slow-failure.png'), fullPage: true }).catch(() => {});
      throw e;
    } finally {
      await browser.close();
      await srv.stop();
    }
  });

test('offline mid-inspection: answers, note and photo wait on the phone and are stored once when the network returns',
  { timeout: 180000 }, async () => {
    mkdirSync(OUT, { recursive: true });
    const srv = await startServer();
    const browser = await launch();
    const pageErrors = [];
    let m = null;
    const shot = shooter('inspect-offline');
    try {
      const mgr = await loginAs(srv.base, 'manager');
      const admin = await loginAs(srv.base, 'admin');
      const today = new Date().toLocaleDateString('sv', { timeZone: 'Asia/Shanghai' });
      const p7 = (await mgr.get('/api/checklist?code=principal7')).json.items[0];
      const start = async (title) => {
        const r = await mgr.post('/api/inspection', { title, kind: 'self', checklist_id: p7.id, org_id: mgr.me.org.id, inspect_date: today });
        assert.equal(r.status, 201, r.body);
        const items = (await mgr.get(`/api/inspection_result?inspection_id=${r.json.id}&sort=seq&size=50`)).json.items;
        return { insp: r.json, items };
      };
      const { insp, items } = await start('地下泵房离线检查');
      const updates = async (rid) => (await admin.get(`/api/audit?entity=inspection_result&entity_id=${rid}&size=50`)).json.items
        .filter((a) => a.action === 'update').length;

      const ctx = await browser.newContext(PHONE);
      m = await newPage(ctx, pageErrors);
      await login(m, srv.base, 'manager');
      await m.goto(`${srv.base}/inspect/run/${insp.id}`);
      const card = (seq) => m.locator(`.run-item[data-seq="${seq}"]`);
      await card(1).waitFor();
      // item 1 online: sent at once
      await card(1).locator('[data-answer="pass"]').click();
      await m.locator('[data-test="synced"]').waitFor();
      assert.equal((await mgr.get(`/api/inspection_result/${items[0].id}`)).json.result, 'pass');

      await m.locator('[data-offline-ready="1"]').waitFor();	/* the service worker keeps the page */

      // --- the network goes, mid-inspection ----------------------------------------
      await ctx.setOffline(true);
      await m.locator('[data-test="offline"]').waitFor();
      for (let seq = 2; seq <= 7; seq++) {
        const v = seq === 2 ? 'fail' : 'pass';
        await card(seq).locator(`[data-answer="${v}"]`).click();
        await card(seq).locator(`[data-answer="${v}"].on`).waitFor();
      }
      await card(2).locator('textarea').fill('离线记录：泵房应急照明损坏，操作规程未上墙');
      await card(2).locator('textarea').blur();
      await card(2).locator('input[type="file"]').setInputFiles({ name: 'pump.png', mimeType: 'image/png', buffer: png(64, 48, [40, 90, 200]) });
      await card(2).locator('img.thumb.local').waitFor();
      await m.locator('[data-test="pending"]').getByText('待同步 6 项').waitFor();
      await m.getByText('已检查 7 / 7 项，不符合 1 项').waitFor();
      assert.equal(await m.locator('.run-item[data-pending="1"]').count(), 6);
      await m.locator('[data-test="finish-blocked"]').getByText(/当前离线.*请联网同步后再完成检查/).waitFor();
      assert.equal(await m.locator('[data-test="finish"]').isDisabled(), true, 'finishing waits for the sync');
      await shot(m, '1-queued');
      // the phone reopens the page without signal: the inspection and what waits are there
      await m.reload();
      await card(7).locator('[data-answer="pass"].on').waitFor();
      await card(1).locator('[data-answer="pass"].on').waitFor();	/* answered online before */
      await m.getByText('已检查 7 / 7 项，不符合 1 项').waitFor();
      await m.locator('[data-test="offline"]').waitFor();
      await m.locator('[data-test="pending"]').getByText('待同步 6 项').waitFor();
      assert.equal(await card(2).locator('textarea').inputValue(), '离线记录：泵房应急照明损坏，操作规程未上墙');
      await card(2).locator('img.thumb.local').waitFor();
      await shot(m, '1b-reopened');
      const before = (await mgr.get(`/api/inspection_result?inspection_id=${insp.id}&sort=seq&size=50`)).json.items;
      assert.deepEqual(before.map((x) => x.result), ['pass', null, null, null, null, null, null], 'nothing reached the server');

      // --- the network returns; the first answer for the failed item is lost --------
      let puts = 0;
      await m.route(`**/api/inspection_result/${items[1].id}`, async (route) => {
        if (route.request().method() !== 'PUT') return route.continue();
        puts += 1;
        if (puts === 1) {
          await route.fetch();		/* the server stores it … */
          return route.abort('failed');	/* … but the phone never hears */
        }
        return route.continue();
      });
      await ctx.setOffline(false);
      await m.locator('[data-test="synced"]').waitFor({ timeout: 30000 });
      await m.locator('[data-test="pending"]').waitFor({ state: 'detached' });
      assert.equal(await m.locator('.run-item[data-pending="1"]').count(), 0);
      await card(2).locator('img.thumb:not(.local)').waitFor();
      assert.ok(puts >= 2, `sent again after the lost answer (${puts} PUTs)`);
      await shot(m, '2-synced');
      const after = (await mgr.get(`/api/inspection_result?inspection_id=${insp.id}&sort=seq&size=50`)).json.items;
      assert.deepEqual(after.map((x) => x.result), ['pass', 'fail', 'pass', 'pass', 'pass', 'pass', 'pass']);
      assert.equal(after[1].note, '离线记录：泵房应急照明损坏，操作规程未上墙');
      assert.equal(after[1].photos.length, 1, 'the photo taken offline, once');
      for (const x of after) assert.equal(await updates(x.id), 1, `item ${x.seq} stored once`);

      // --- online again: finishing registers exactly one hazard ---------------------
      const hzTotal = async () => (await mgr.get('/api/hazard?size=1')).json.total;
      const hzBefore = await hzTotal();
      await m.locator('[data-test="finish"]').click();
      await m.waitForURL(new RegExp(`/inspect/inspection/${insp.id}$`));
      await m.locator('[data-test="hazard-link"]').waitFor();
      assert.equal(await m.locator('[data-test="hazard-link"]').count(), 1);
      assert.equal(await hzTotal(), hzBefore + 1, 'exactly one hazard');
      const failed = (await mgr.get(`/api/inspection_result/${items[1].id}`)).json;
      assert.ok(failed.hazard_id > 0);
      assert.equal((await mgr.get(`/api/inspection_result?hazard_id=${failed.hazard_id}`)).json.total, 1);
      const hz = (await mgr.get(`/api/hazard/${failed.hazard_id}`)).json;
      assert.ok(hz.description.includes('离线记录：泵房应急照明损坏') && hz.description.includes('地下泵房离线检查'));
      assert.equal(hz.photos_before.length, 1, 'with the photo taken offline');
      await shot(m, '3-finished');

      // --- a conflict: finished elsewhere while the phone was offline ---------------
      const b = await start('配电室离线检查（冲突）');
      for (const x of b.items) assert.equal((await mgr.put(`/api/inspection_result/${x.id}`, { result: 'pass' })).status, 200);
      await m.goto(`${srv.base}/inspect/run/${b.insp.id}`);
      await card(3).locator('[data-answer="pass"].on').waitFor();
      await ctx.setOffline(true);
      await m.locator('[data-test="offline"]').waitFor();
      await card(3).locator('[data-answer="fail"]').click();
      await card(3).locator('textarea').fill('离线记录：配电柜前绝缘垫缺失');
      await card(3).locator('textarea').blur();
      await m.locator('[data-test="pending"]').getByText('待同步 1 项').waitFor();
      assert.equal((await mgr.post(`/api/inspection/${b.insp.id}/finish`, { summary: '办公室电脑上完成' })).status, 200);
      await ctx.setOffline(false);
      await card(3).locator('[data-test="item-error"]').getByText('本机记录未被服务器接受：检查已完成，不能修改').waitFor({ timeout: 30000 });
      await m.locator('[data-test="refused"]').getByText('1 项未被接受').waitFor();
      assert.equal(await card(3).locator('[data-answer="fail"].on').count(), 1, 'the local copy stays visible');
      assert.equal(await card(3).locator('textarea').inputValue(), '离线记录：配电柜前绝缘垫缺失');
      assert.equal((await mgr.get(`/api/inspection_result/${b.items[2].id}`)).json.result, 'pass', 'the server kept its record');
      await shot(m, '4-conflict');
      assert.deepEqual(pageErrors, []);
    } catch (e) {
      if (m) await m.screenshot({ path: join(OUT, 'inspect-offline-failure.png'), fullPage: true }).catch(() => {});
      throw e;
    } finally {
      await browser.close();
      await srv.stop();
    }
  });

// 执法证 on the user screen (用户管理): the generic form offers 执法证号 and 执法证有效期至;
// a number without its date is refused under the date field; saved, the account joins
// the 双随机 pool (国办发〔2015〕58号: inspectors drawn from the enforcement officers).
test('the admin registers a 执法证 on 用户管理; its holder joins the 双随机 pool', { timeout: 90000 },
  () => harness('inspect-cert').run(async (h) => {
    const base = h.srv.base;
    const reg = await loginAs(base, 'regulator');
    const before = await reg.post('/api/spot_draw', { title: '持证前', n_enterprises: 1, m_inspectors: 1 });
    assert.equal(before.status, 201, before.body);
    assert.equal(JSON.parse(before.json.pool_ids).length, 1, 'only the regulator holds a certificate');

    const page = await h.page(DESKTOP, 'admin');
    await page.goto(`${base}/user`);
    const row = page.locator('.el-table__row', { hasText: '肖立' });
    await row.getByRole('button', { name: '修改' }).click();
    const dlg = page.locator('.el-dialog', { has: page.locator('[data-field="enforce_cert"]') });
    await dlg.waitFor();
    await dlg.locator('[data-field="enforce_cert"] input').fill('沪执310118000999');
    await dlg.getByRole('button', { name: '确 定' }).click();
    await dlg.locator('[data-field="enforce_cert_until"] .el-form-item__error', { hasText: '请填写执法证有效期' }).waitFor();
    await h.shot(page, 'form-error');
    await fillDate(dlg, 'enforce_cert_until', '2027-12-31');
    await dlg.getByRole('button', { name: '确 定' }).click();
    await dlg.waitFor({ state: 'hidden' });

    const leader = (await reg.get('/api/user?q=leader&size=50')).json.items.find((u) => u.username === 'leader');
    const after = await reg.post('/api/spot_draw', { title: '持证后', n_enterprises: 1, m_inspectors: 1 });
    assert.equal(after.status, 201, after.body);
    assert.deepEqual(JSON.parse(after.json.pool_ids), [reg.me.user.id, leader.id].sort((a, b) => a - b));
    assert.deepEqual(h.pageErrors, []);
  }));
