// Helpers of the browser tests (playwright-core from web/node_modules, Debian's
// chromium): launching it, the desktop and phone contexts, pages that collect uncaught
// errors, a PNG made in memory, waiting for Element Plus loading masks, logging in,
// screenshots, the dialog fields, and a per-file harness (one server, one browser).
// Every tests/e2e/*.test.mjs takes them from here.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { Client, PASSWORD, startServer } from '../api/lib.mjs';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
export const { chromium } = require('playwright-core');

export const OUT = fileURLToPath(new URL('../../test-output/e2e/', import.meta.url));
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync'];
export const T = 15000;	/* upper bound for one UI step to appear; steps normally take < 1 s */
/* The district's browsers run in Asia/Shanghai: a date picker's today is then the
 * server's day at every hour (in UTC it is a day behind from 16:00). */
export const DESKTOP = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

/** Debian's chromium, headless. */
export const launch = () => chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

/** A new page of ctx with the step timeout; its uncaught errors go to errors. */
export async function newPage(ctx, errors) {
  const p = await ctx.newPage();
  p.setDefaultTimeout(T);
  p.on('pageerror', (e) => errors.push(String(e)));
  return p;
}

/* --- a small PNG (solid colour), built here so the test needs no fixture file --- */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** A w×h RGB PNG filled with [r,g,b]. */
export function png(w, h, [r, g, b]) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const row = Buffer.alloc(1 + w * 3);
  for (let x = 0; x < w; x++) { row[1 + x * 3] = r; row[2 + x * 3] = g; row[3 + x * 3] = b; }
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** GET /api/auth/me of a demo user (for the names the selects show). */
export async function meOf(base, username) {
  const c = new Client(base);
  const r = await c.login(username, PASSWORD);
  assert.equal(r.status, 200, `demo account ${username} logs in`);
  return c.me;
}

/** Waits until no Element Plus loading mask is shown. */
export const settled = (page) => page.waitForFunction(() => ![...document.querySelectorAll('.el-loading-mask')]
  .some((e) => e.offsetParent !== null));

/** Waits until the sidebar holds every entry: layout/SideMenu.vue draws the ones below
 * the fold after the first screen and then marks the menu data-menu-full. */
export const menuComplete = (page) => page.locator('.side-menu[data-menu-full]').waitFor();

/** Clicks the sidebar entry name, first opening its sub-menu group when the entry is
 * not shown (only once the menu is complete: an entry not drawn yet is not a closed
 * group, and clicking an open group's title would close it). */
export async function menuEntry(page, name, group) {
  await menuComplete(page);
  const item = page.getByRole('menuitem', { name });
  if (group && !(await item.isVisible())) await page.locator('.el-sub-menu__title', { hasText: group }).click();
  await item.click();
}

export async function login(page, base, username) {
  await page.goto(base + '/login');
  await page.getByPlaceholder('用户名').fill(username);
  await page.getByPlaceholder('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** GET path as c; asserts 200 and returns the JSON. */
export async function getJson(c, path) {
  const r = await c.get(path);
  assert.equal(r.status, 200, `${path} → ${r.status} ${r.body.slice(0, 200)}`);
  return r.json;
}

/** shot(page, name[, full]) writing OUT/<prefix>-<name>.png once the page has settled. */
export function shooter(prefix) {
  return async (p, name, full = true) => {
    await settled(p);
    await p.waitForTimeout(300);	/* dialog and drawer transitions finish: the picture only */
    await p.screenshot({ path: join(OUT, `${prefix}-${name}.png`), fullPage: full });
  };
}

/** Picks option text of the el-select inside field name of a dialog. */
export async function pick(page, dlg, name, text) {
  await dlg.locator(`[data-field="${name}"] .el-select`).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
}
/** Types date into the date picker of field name of a dialog. */
export async function fillDate(dlg, name, date) {
  const input = dlg.locator(`[data-field="${name}"] input`);
  await input.fill(date);
  await input.press('Enter');
}
/** The same, clicking into the field first (the pickers of ActionDialog). */
export async function typeDate(dlg, name, date) {
  await dlg.locator(`[data-field="${name}"] input`).click();
  await fillDate(dlg, name, date);
}

/** One browser and one demo server for a file's tests (start/stop), pages that collect
 * uncaught errors (page, logging in when given a username), shots named
 * <prefix>-<name>.png and, on failure, <prefix>-failure.png of the current page.
 * context: options every browser context gets (e.g. acceptDownloads). */
export function harness(prefix, { context = {} } = {}) {
  const h = { pageErrors: [], current: null };
  h.start = async (opts = {}) => {
    mkdirSync(OUT, { recursive: true });
    h.srv = await startServer(opts);
    h.browser = await launch();
  };
  h.page = async (opts, username) => {
    const ctx = await h.browser.newContext({ ...context, ...opts });
    const p = await newPage(ctx, h.pageErrors);
    h.current = p;
    if (username) await login(p, h.srv.base, username);
    return p;
  };
  h.shot = shooter(prefix);
  h.fail = async () => {
    if (h.current) await h.current.screenshot({ path: join(OUT, `${prefix}-failure.png`), fullPage: true }).catch(() => {});
  };
  h.stop = async () => {
    if (h.browser) await h.browser.close();
    if (h.srv) await h.srv.stop();
  };
  /* fn(h) between start(startOpts) and stop, with the failure shot */
  h.run = async (fn, startOpts) => {
    try {
      await h.start(startOpts);
      await fn(h);
    } catch (e) {
      await h.fail();
      throw e;
    } finally {
      await h.stop();
    }
  };
  return h;
}
