// Browser test of hazard reports from people and the enterprise QR code (src/mod/
// report.c, report_pub.c; web/src/views/report/). On the demo district:
//   1. a member of the public (phone, not logged in) opens an enterprise's QR page:
//      the enterprise's 风险告知 (its 较大/重大 risks of the API) and the form; a
//      photo is taken; a description with markup is refused under the field and the
//      markup is never rendered; a plain one is sent and the tracking code shown;
//      the tracking page shows 待处理;
//   2. the enterprise's safety manager (desktop) finds the report in 隐患举报 and
//      受理 it: it becomes a hazard of the register, linked from the report;
//      the tracking page then shows 已受理;
//   3. the QR poster page shows the code and the A4 poster;
//   4. offline 随手拍: opened once, the page works without signal, a report with a
//      photo waits on the phone and is sent exactly once when the network returns.
// Screenshots at 390×844 and 1440×900 go to test-output/e2e/report-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client, PASSWORD, startServer } from '../api/lib.mjs';
import { OUT, DESKTOP, PHONE, launch, newPage, login, shooter } from './lib.mjs';

// A small JPEG with an EXIF block (the server strips it).
function seg(marker, payload) {
  const h = Buffer.alloc(4);
  h[0] = 0xff; h[1] = marker; h.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([h, payload]);
}
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8]), seg(0xe1, Buffer.from('Exif\0\0GPS=31.1N,121.1E', 'binary')),
  seg(0xdb, Buffer.alloc(65, 1)), seg(0xda, Buffer.alloc(10, 2)), Buffer.from('img'), Buffer.from([0xff, 0xd9])]);

const shot = shooter('report');

test('a public report from the QR page appears in triage and becomes a hazard', { timeout: 180000 }, async () => {
  mkdirSync(OUT, { recursive: true });
  const srv = await startServer();
  const browser = await launch();
  const errors = [];
  let current = null;
  try {
    const mgr = new Client(srv.base);
    assert.equal((await mgr.login('manager', PASSWORD)).status, 200);
    const ent = (await mgr.get('/api/enterprise?q=' + encodeURIComponent('上海青浦燃气有限公司'))).json.items[0];
    const qr = (await mgr.get(`/api/report/qr/${ent.id}`)).json;
    const card = (await new Client(srv.base).get(`/api/public/ent/${qr.token}`)).json;
    assert.ok(card.risks.length > 0);

    // 1. the public, on a phone, from the QR code
    const pctx = await browser.newContext(PHONE);
    const page = await newPage(pctx, errors);
    current = page;
    await page.goto(new URL(qr.url).pathname.replace(/^/, srv.base));
    await page.locator('[data-test="ent-card"]').getByText('上海青浦燃气有限公司').waitFor();
    for (const k of card.risks.slice(0, 3)) await page.locator('.risk', { hasText: k.name }).first().waitFor();
    assert.equal(await page.locator('.risk').count(), card.risks.length, 'every 较大/重大 risk of the API');
    await page.locator('[data-test="file"]').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: JPEG });
    await page.locator('.thumb').first().waitFor();
    await page.getByPlaceholder('如：某路某号仓库东门').fill('外青松公路调压站西门');
    const desc = page.locator('[data-field="description"] textarea');
    await desc.fill('围墙<b>倒塌</b>了<img src=x onerror="window.__xss=1">');
    await page.locator('[data-test="submit"]').click();
    await page.locator('[data-field="description"] .error').getByText(/网页标记/).waitFor();
    assert.equal(await page.locator('[data-field="description"] b, .pub-page img[src="x"]').count(), 0, 'markup never renders');
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    await shot(page, 'public-markup-refused');
    await desc.fill('调压站西门围墙倒塌，外人可随意进出');
    await page.locator('[data-test="submit"]').click();
    const codeEl = page.locator('[data-test="code"]');
    await codeEl.waitFor();
    const code = (await codeEl.innerText()).trim();
    assert.match(code, /^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
    await shot(page, 'public-done');
    await page.getByRole('button', { name: '查看处理进度' }).click();
    await page.locator('[data-test="track-result"]').getByText('待处理').waitFor();
    await shot(page, 'public-track');

    // 2. the manager triages it on the desktop
    const dctx = await browser.newContext(DESKTOP);
    const desk = await newPage(dctx, errors);
    current = desk;
    await login(desk, srv.base, 'manager');
    await desk.goto(srv.base + '/hazard-report');
    const row = desk.locator('.el-table__row', { hasText: '调压站西门围墙倒塌' }).first();
    await row.waitFor();
    await shot(desk, 'triage');
    await row.locator('[data-verb="accept"]').click();
    const dlg = desk.locator('.action-dialog[data-verb="accept"]');
    await dlg.waitFor();
    await dlg.locator('[data-field="title"] input').fill('调压站西门围墙倒塌');
    await dlg.locator('[data-field="category"] .el-select').click();
    await desk.locator('.el-select-dropdown__item', { hasText: '物的不安全状态' }).click();
    await shot(desk, 'triage-accept');
    await dlg.getByRole('button', { name: '受理' }).click();
    await dlg.waitFor({ state: 'hidden' });
    const list = (await mgr.get('/api/hazard_report?q=' + encodeURIComponent('调压站西门围墙倒塌'))).json.items;
    assert.equal(list.length, 1);
    assert.equal(list[0].status, 'accepted');
    const hz = (await mgr.get(`/api/hazard/${list[0].hazard_id}`)).json;
    assert.equal(hz.source, 'public_report');
    assert.equal(hz.photos_before.length, 1, 'the photo came along');
    await desk.goto(`${srv.base}/hazard-report/${list[0].id}`);
    await desk.getByRole('button', { name: '查看关联隐患' }).waitFor();
    await shot(desk, 'detail');

    await page.goto(`${srv.base}/p/track?code=${code}`);
    await page.locator('[data-test="track-result"]').getByText('已受理').waitFor();
    await page.locator('[data-test="track-result"]').getByText('隐患正在整改').waitFor();

    // 3. the poster
    await desk.goto(`${srv.base}/hazard-report/qr?id=${ent.id}`);
    await desk.locator('[data-test="poster"] .p-qr').waitFor();
    assert.equal(await desk.locator('[data-test="qr-url"]').innerText(), qr.url);
    await shot(desk, 'poster');
    await desk.goto(srv.base + '/hazard-report/yearly');
    await desk.locator('[data-test="totals"]').waitFor();
    await shot(desk, 'yearly');
    assert.deepEqual(errors, [], 'no uncaught page errors');
  } catch (e) {
    if (current) await current.screenshot({ path: join(OUT, 'report-failure.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
    await srv.stop();
  }
});

// 随手拍 without signal: the page opened once online keeps working offline (service
// worker), a report with a photo is saved on the phone and shown as waiting, and
// when the network returns it is sent — once, even when the first answer is lost
// (the idempotency key makes the server answer the second try with the same report).
test('offline 随手拍: saved on the phone, sent once when the network returns', { timeout: 180000 }, async () => {
  mkdirSync(OUT, { recursive: true });
  const srv = await startServer();
  const browser = await launch();
  const errors = [];
  let page = null;
  try {
    const reg = new Client(srv.base);
    assert.equal((await reg.login('regulator', PASSWORD)).status, 200);
    const count = async () => (await reg.get('/api/hazard_report?q=' + encodeURIComponent('离线测试：楼梯间堆放杂物'))).json.total;
    const ctx = await browser.newContext(PHONE);
    page = await newPage(ctx, errors);
    await page.goto(srv.base + '/p/report');
    await page.locator('[data-offline-ready="1"]').waitFor();
    assert.ok(await page.evaluate(() => !!document.querySelector('link[rel="manifest"]')), 'installable');

    // no signal: the page still opens (from the service worker) and saves the report
    await ctx.setOffline(true);
    await page.reload();
    await page.locator('[data-test="report-form"]').waitFor();
    await page.locator('[data-test="file"]').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: JPEG });
    await page.locator('.thumb').first().waitFor();
    await page.getByPlaceholder('如：某路某号仓库东门').fill('某小区3号楼楼梯间');
    await page.locator('[data-field="description"] textarea').fill('离线测试：楼梯间堆放杂物');
    await page.locator('[data-test="submit"]').click();
    await page.locator('[data-test="queued"]').waitFor();
    await page.locator('[data-test="pending"]').getByText('有 1 条举报').waitFor();
    await shot(page, 'offline-queued');
    assert.equal(await count(), 0, 'nothing reached the server while offline');

    // the network returns, and the first answer of the report is lost on the way back
    let posts = 0;
    await page.route('**/api/public/report', async (route) => {
      posts += 1;
      if (posts === 1) {
        await route.fetch();		/* the server stores it … */
        await route.abort('failed');	/* … but the phone never hears */
      } else {
        await route.continue();
      }
    });
    await ctx.setOffline(false);
    await page.locator('[data-test="sent-list"] .sent-code').first().waitFor({ timeout: 30000 });
    await page.locator('[data-test="pending"]').waitFor({ state: 'detached' });
    const code = (await page.locator('[data-test="sent-list"] .sent-code').first().innerText()).trim();
    assert.ok(posts >= 2, `sent again after the lost answer (${posts} posts)`);
    assert.equal(await count(), 1, 'stored exactly once');
    const t = await new Client(srv.base).get(`/api/public/report/${code}`);
    assert.equal(t.status, 200, 'the code shown is the stored report\'s');
    assert.equal(t.json.location, '某小区3号楼楼梯间');
    const row = (await reg.get('/api/hazard_report?q=' + encodeURIComponent('离线测试：楼梯间堆放杂物'))).json.items[0];
    assert.equal(row.photos.length, 1, 'the photo taken offline came along');
    await shot(page, 'offline-sent');
    assert.deepEqual(errors, [], 'no uncaught page errors');
  } catch (e) {
    if (page) await page.screenshot({ path: join(OUT, 'report-offline-failure.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
    await srv.stop();
  }
});
