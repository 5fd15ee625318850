// Browser tests of the contract between the server's workflow and the UI (the front
// end decides nothing the server decides):
//   1. on a hazard in 整改中 the action buttons are exactly the row's "_actions" for
//      every role: the administrator has no 提交验收 (the server would answer 403),
//      the plan's responsible person (staff) and the enterprise manager have it; a
//      400 from the server shows under its field in the dialog generated from the
//      action's declared inputs; after an action the buttons follow the row's new
//      _actions; a 延期申请 row's buttons are its own _actions (the requester has none,
//      the principal decides);
//   2. regression: an enterprise named <img src=x onerror=alert(1)>测试 shows as text
//      in the regulator's cockpit map tooltip (ECharts builds that tooltip as HTML)
//      — no img element is created and no dialog opens.
// Screenshots under test-output/e2e/workflow-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client, PASSWORD, startServer } from '../api/lib.mjs';
import { OUT, T, DESKTOP, PHONE, launch, newPage, settled, login } from './lib.mjs';

const clients = new Map();
/** An API client logged in as username (one per server and user). */
async function api(base, username) {
  const key = `${base} ${username}`;
  if (!clients.has(key)) {
    const c = new Client(base);
    assert.equal((await c.login(username, PASSWORD)).status, 200, `demo account ${username} logs in`);
    clients.set(key, c);
  }
  return clients.get(key);
}

/** [verb, label] of the row's _actions as the server sends them to username. */
async function serverActions(base, username, id) {
  const r = await (await api(base, username)).get(`/api/hazard/${id}`);
  assert.equal(r.status, 200);
  assert.ok(Array.isArray(r.json._actions), 'GET /api/hazard/:id carries _actions');
  return r.json._actions.map((a) => [a.verb, a.label]);
}

/** [verb, label] of the hazard's action buttons on the detail page. */
async function shownActions(page) {
  const bs = page.locator('.actions .record-actions[data-actions-of="hazard"] > button');
  const n = await bs.count();
  const out = [];
  for (let i = 0; i < n; i++) out.push([await bs.nth(i).getAttribute('data-verb'), (await bs.nth(i).innerText()).trim()]);
  return out;
}

async function openHazard(page, base, id) {
  await page.goto(`${base}/hazard/${id}`);
  await page.locator('.hz-title').waitFor();
  await settled(page);
}

/** Picks a date in a dialog's date field by typing it. */
async function typeDate(dlg, field, value) {
  const input = dlg.locator(`[data-field="${field}"] input`);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

test('hazard buttons are the row\'s _actions: no 提交验收 for admin on 整改中, yes for the responsible person and the manager',
  { timeout: 120000 }, async () => {
    mkdirSync(OUT, { recursive: true });
    const srv = await startServer();
    const browser = await launch();
    const pageErrors = [];
    let current = null;
    try {
      // A hazard of the demo in 整改中 whose 整改责任人 is the staff account.
      const staffId = (await api(srv.base, 'staff')).me.user.id;
      const mgrApi = await api(srv.base, 'manager');
      const found = await mgrApi.get(`/api/hazard?status=rectifying&plan_responsible_id=${staffId}&size=50`);
      assert.equal(found.status, 200);
      assert.ok(found.json.total > 0, 'the demo has a hazard in 整改中 for staff');
      const hid = found.json.items[0].id;

      const shots = { admin: DESKTOP, regulator: DESKTOP, principal: DESKTOP, manager: DESKTOP, staff: PHONE };
      const pages = {};
      for (const [user, opts] of Object.entries(shots)) {
        const ctx = await browser.newContext(opts);
        const page = await ctx.newPage();
        page.setDefaultTimeout(T);
        page.on('pageerror', (e) => pageErrors.push(`${user}: ${e}`));
        current = page;
        pages[user] = page;
        await login(page, srv.base, user);
        await openHazard(page, srv.base, hid);
        await page.locator('.head .el-tag', { hasText: '整改中' }).first().waitFor();
        const want = await serverActions(srv.base, user, hid);
        assert.deepEqual(await shownActions(page), want, `${user}: the buttons are the row's _actions`);
        await page.screenshot({ path: join(OUT, `workflow-1-${user}-rectifying.png`), fullPage: false });
      }
      // The administrator may not submit someone's rectification; the responsible
      // person and the enterprise's manager may.
      assert.equal(await pages.admin.getByRole('button', { name: '提交验收' }).count(), 0, 'admin: no 提交验收');
      assert.ok(!(await serverActions(srv.base, 'admin', hid)).some(([v]) => v === 'submit'));
      for (const u of ['staff', 'manager']) {
        await pages[u].locator('.actions').getByRole('button', { name: '提交验收' }).waitFor();
      }

      // A refusal of the server (400 with fields) shows under the field of the
      // dialog built from the action's declared inputs.
      const mgr = pages.manager;
      current = mgr;
      await mgr.locator('.actions [data-verb="extend"]').click();
      const edlg = mgr.locator('.el-dialog[data-verb="extend"]');
      await edlg.waitFor();
      await edlg.locator('.el-form-item.is-required[data-field="new_deadline"]').waitFor();	// required, as declared
      await typeDate(edlg, 'new_deadline', '2000-01-01');
      await edlg.locator('[data-field="reason"] input').fill('E2E：材料未到');
      await edlg.locator('.el-dialog__footer .el-button--primary').click();
      await edlg.locator('[data-field="new_deadline"] .el-form-item__error', { hasText: '晚于现行整改期限' }).waitFor();
      await mgr.screenshot({ path: join(OUT, 'workflow-2-field-error.png') });
      await edlg.getByRole('button', { name: /取\s*消/ }).click();
      await edlg.waitFor({ state: 'hidden' });

      // After an action the page reads the row again: its buttons are its new _actions.
      await mgr.locator('.actions').getByRole('button', { name: '提交验收' }).click();
      const sdlg = mgr.locator('.el-dialog[data-verb="submit"]');
      await sdlg.waitFor();
      await sdlg.locator('[data-field="rectify_note"] textarea').fill('E2E：已整改完毕');
      await sdlg.locator('.el-dialog__footer .el-button--primary').click();
      await mgr.locator('.head .el-tag', { hasText: '待验收' }).first().waitFor();
      await settled(mgr);
      const after = await serverActions(srv.base, 'manager', hid);
      assert.ok(!after.some(([v]) => v === 'submit'), 'no 提交验收 once 待验收');
      await mgr.waitForFunction((n) => document.querySelectorAll('.actions .record-actions[data-actions-of="hazard"] > button').length === n,
        after.length);
      assert.deepEqual(await shownActions(mgr), after, 'manager: the buttons follow the new _actions');
      // … and so do the principal's, who did not submit and may verify.
      await openHazard(pages.principal, srv.base, hid);
      assert.deepEqual(await shownActions(pages.principal), await serverActions(srv.base, 'principal', hid));
      await pages.principal.screenshot({ path: join(OUT, 'workflow-3-principal-pending.png') });

      // A 延期申请 row has actions of its own: the requester (staff) sees none, the
      // principal may decide it (a general hazard); after 批准延期 they are gone.
      const pend = await mgrApi.get('/api/hazard_extension?status=pending&size=1');
      assert.equal(pend.status, 200);
      assert.ok(pend.json.total > 0, 'the demo has a pending extension');
      const ext = pend.json.items[0];
      const extActions = async (user) => ((await (await api(srv.base, user)).get(`/api/hazard_extension/${ext.id}`)).json._actions || [])
        .map((a) => [a.verb, a.label]);
      const extButtons = async (page) => {
        const bs = page.locator('.ext-table .record-actions[data-actions-of="hazard_extension"] button');
        const out = [];
        for (let i = 0; i < await bs.count(); i++) out.push([await bs.nth(i).getAttribute('data-verb'), (await bs.nth(i).innerText()).trim()]);
        return out;
      };
      const pr = pages.principal;
      current = pr;
      await openHazard(pr, srv.base, ext.hazard_id);
      const prWant = await extActions('principal');
      assert.ok(prWant.some(([v]) => v === 'approve'), 'the principal may approve');
      await pr.locator('.ext-table [data-verb="approve"]').waitFor();
      assert.deepEqual(await extButtons(pr), prWant, 'principal: the extension buttons are its _actions');
      await openHazard(pages.staff, srv.base, ext.hazard_id);
      await pages.staff.locator('.ext-table').waitFor();
      await settled(pages.staff);
      assert.deepEqual(await extActions('staff'), [], 'the requester may not decide');
      assert.deepEqual(await extButtons(pages.staff), [], 'staff: no decision buttons');
      await pr.locator('.ext-table [data-verb="approve"]').click();
      const adlg = pr.locator('.el-dialog[data-verb="approve"]');
      await adlg.waitFor();
      await adlg.locator('[data-field="note"] input').fill('同意延期');
      await pr.screenshot({ path: join(OUT, 'workflow-4-extension-approve.png') });
      await adlg.locator('.el-dialog__footer .el-button--primary').click();
      await pr.locator('.ext-table .el-tag', { hasText: '已批准' }).waitFor();
      await settled(pr);
      assert.deepEqual(await extActions('principal'), []);
      await pr.waitForFunction(() => !document.querySelector('.ext-table [data-verb]'));

      assert.deepEqual(pageErrors, [], 'no uncaught errors in the pages');
    } catch (e) {
      if (current) await current.screenshot({ path: join(OUT, 'workflow-failure.png'), fullPage: true }).catch(() => {});
      throw e;
    } finally {
      await browser.close();
      await srv.stop();
    }
  });

/* Check digit of a 统一社会信用代码 (GB 32100-2015): weights 3^i mod 31 over the
 * first 17 characters. */
function usccWithCheck(first17) {
  const cs = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let sum = 0;
  for (let i = 0, w = 1; i < 17; i++, w = (w * 3) % 31) sum += cs.indexOf(first17[i]) * w;
  return first17 + cs[(31 - (sum % 31)) % 31];
}

test('regression: markup in an enterprise name is text in the cockpit map tooltip (no img, no script)',
  { timeout: 60000 }, async () => {
    mkdirSync(OUT, { recursive: true });
    const srv = await startServer();
    const browser = await launch();
    const pageErrors = [];
    const dialogs = [];
    let page = null;
    try {
      const NAME = '<img src=x onerror=alert(1)>测试';
      const reg = await api(srv.base, 'regulator');
      const r = await reg.post('/api/enterprise', { name: NAME, uscc: usccWithCheck('91310118MA1XKT001'),
        address: '上海市青浦区练塘镇E2E路1号', principal_name: '张测试', lat: 31.03, lng: 121.05, supervision_kind: 'territorial' });
      assert.equal(r.status, 201, JSON.stringify(r.json));
      const ck = await reg.get('/api/dashboard/cockpit');
      assert.ok(ck.json.map.some((m) => m.name === NAME && m.colour === 'none'), 'the enterprise is on the map, 未评估');

      const ctx = await browser.newContext(DESKTOP);
      page = await newPage(ctx, pageErrors);
      page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
      await login(page, srv.base, 'regulator');
      await page.goto(srv.base + '/cockpit');
      const map = page.locator('.echart').first();
      await map.locator('canvas').first().waitFor();
      await settled(page);
      await page.waitForTimeout(1500);	// the scatter's entry animation

      // The 未评估 point: grey #b0b6bf drawn at the scatter's opacity, so a greyish
      // blue over the map. Candidate patches of that hue on the map's canvases,
      // densest first (anti-aliased district labels have a similar hue in thin
      // strokes); hover each until the tooltip names the enterprise.
      const spots = await map.evaluate((el) => {
        const box = el.getBoundingClientRect();
        const cells = new Map();
        for (const cv of el.querySelectorAll('canvas')) {
          const c2 = cv.getContext('2d');
          if (!c2 || !cv.width) continue;
          const sx = cv.width / cv.getBoundingClientRect().width;
          const img = c2.getImageData(0, 0, cv.width, cv.height).data;
          for (let y = 0; y < cv.height; y++) {
            for (let x = 0; x < cv.width; x++) {
              const i = (y * cv.width + x) * 4;
              const [r, g, b, a] = [img[i], img[i + 1], img[i + 2], img[i + 3]];
              if (a < 200 || r < 165 || r > 205 || Math.abs(g - r - 6) > 4 || Math.abs(b - r - 14) > 5) continue;
              const k = `${Math.floor(x / sx / 6)},${Math.floor(y / sx / 6)}`;
              const c = cells.get(k) || { n: 0, x: 0, y: 0 };
              c.n++; c.x += x / sx; c.y += y / sx;
              cells.set(k, c);
            }
          }
        }
        return [...cells.values()].filter((c) => c.n >= 6).sort((p, q) => q.n - p.n).slice(0, 12)
          .map((c) => ({ x: box.left + c.x / c.n, y: box.top + c.y / c.n }));
      });
      const tip = page.locator('.map-tip');
      let hit = false;
      for (const at of spots) {
        await page.mouse.move(at.x, at.y);
        try {
          await tip.filter({ hasText: '测试' }).waitFor({ timeout: 800 });
          hit = true;
          break;
        } catch { /* not this one */ }
      }
      assert.ok(hit, `the tooltip of the grey point appears (${spots.length} candidates)`);
      const text = await tip.innerText();
      assert.ok(text.includes(NAME), `the tooltip shows the name as text: ${text}`);
      assert.equal(await tip.locator('img').count(), 0, 'no img element in the tooltip');
      assert.equal(await page.locator('img[src="x"]').count(), 0, 'no img element anywhere');
      await page.screenshot({ path: join(OUT, 'workflow-5-cockpit-tooltip.png') });
      assert.deepEqual(dialogs, [], 'no alert() ran');
      assert.deepEqual(pageErrors, []);
    } catch (e) {
      if (page) await page.screenshot({ path: join(OUT, 'workflow-failure.png'), fullPage: true }).catch(() => {});
      throw e;
    } finally {
      await browser.close();
      await srv.stop();
    }
  });
