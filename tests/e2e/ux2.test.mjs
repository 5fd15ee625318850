// Browser tests of what users see (issue 12, the points left over). On the demo district:
//   1. staff on a phone (390 px) open 我的岗位告知卡 from their home (随手拍): the card of their
//      own post (配电值班员) with its risk points, measures and emergency measures; the
//      risk point's name has the card's width, not a column two characters wide.
//   2. the cockpit's ranking is titled by what orders it (综合风险分): the column shows
//      the score, its tooltip the parts summing to it, the header the formula.
//   3. 重大隐患 exports what the tab shows: 未销号 downloads 重大隐患清单（未销号）_<date>.xlsx
//      with the open rows, 全部 重大隐患清单_<date>.xlsx with every row, each with the
//      ledger's columns (五落实, 验收人, 销号日期, 判定依据, 双报告) once.
//   4. 风险公告栏 printed: seven rows on one A4 landscape page (page.pdf with the CSS
//      page size), the table's right border inside the page; 纵向 prints portrait.
//   5. the group manager's hazard form: 所属企业 offers the group's enterprises and the
//      unit picker reads 公司 / 部门.
// Screenshots go to test-output/e2e/ux2-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loginAs } from '../api/lib.mjs';
import { OUT, DESKTOP, PHONE, settled, harness } from './lib.mjs';
import { sheetRows } from '../api/xlsx.mjs';

/* Pages of a PDF and the first page's MediaBox [w, h]. */
function pdfPages(buf) {
  const s = buf.toString('latin1');
  const pages = (s.match(/\/Type\s*\/Page[^s]/g) || []).length;
  const m = s.match(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/);
  return { pages, w: m ? Number(m[3]) - Number(m[1]) : 0, h: m ? Number(m[4]) - Number(m[2]) : 0 };
}

const h = harness('ux2', { context: { acceptDownloads: true } });
test.before(() => h.start());
test.after(() => h.stop());
async function guarded(fn) {
  try { await fn(); } catch (e) { await h.fail(); throw e; }
}

test('staff read their own post\'s risk card on a phone, from their home', { timeout: 120000 }, () => guarded(async () => {
  const staff = await loginAs(h.srv.base, 'staff');
  const mine = await staff.get('/api/risk/my-card');
  assert.equal(mine.status, 200, mine.body);
  assert.ok(mine.json.risk_points.length > 0, 'the demo post has risk points');

  const page = await h.page(PHONE, 'staff');
  await page.locator('[data-home="my-card"]').click();
  await page.waitForURL((u) => u.pathname === '/risk/my-card');
  const card = page.locator('.risk-card');
  await card.waitFor();
  await settled(page);
  assert.equal(await page.locator('.post-name').innerText(), mine.json.post.name);
  const text = await card.innerText();
  const p0 = mine.json.risk_points[0];
  assert.ok(text.includes(p0.name), text);
  assert.ok(text.includes(p0.measures[0].description), 'its measures');
  assert.ok(text.includes(p0.emergency_measures.split('\n')[0]), 'its emergency measures');
  // the name has the card's width: wider than two characters, and on few lines
  const box = await page.locator('.pt-name').first().evaluate((e) => {
    const r = e.getBoundingClientRect();
    const fs = parseFloat(getComputedStyle(e.querySelector('b')).fontSize);
    const b = e.querySelector('b').getBoundingClientRect();
    return { w: r.width, fs, lines: Math.round(b.height / (fs * 1.2)), vw: innerWidth };
  });
  assert.ok(box.w > 6 * box.fs, `name cell ${box.w}px wide at font ${box.fs}px`);
  assert.ok(box.w > box.vw / 2, `the name takes most of the ${box.vw}px card: ${box.w}px`);
  assert.ok(box.lines <= 2, `the name is on ${box.lines} line(s)`);
  // nothing wider than the phone
  const sw = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(sw <= 390 + 1, `no horizontal scroll: ${sw}px`);
  await h.shot(page, 'my-card-390');
  await page.context().close();
  assert.deepEqual(h.pageErrors, []);
}));

test('the cockpit ranking shows its score, the parts and the formula', { timeout: 120000 }, () => guarded(async () => {
  const reg = await loginAs(h.srv.base, 'regulator');
  const cockpit = (await reg.get('/api/dashboard/cockpit')).json;
  const first = cockpit.ranking[0];
  const page = await h.page(DESKTOP, 'regulator');
  await page.goto(h.srv.base + '/cockpit');
  const head = page.locator('.panel', { hasText: '企业排名' });
  await head.waitFor();
  await settled(page);
  assert.match(await head.locator('.el-card__header').innerText(), /企业排名（综合风险分高的在前）/);
  const cell = page.locator(`[data-score="${first.org_id}"]`);
  assert.equal(await cell.innerText(), String(first.score));
  await cell.hover();
  const tip = page.locator('.score-tip:visible');
  await tip.waitFor();
  const tt = await tip.innerText();
  assert.match(tt, new RegExp(`合计\\s+${first.score}`), tt);
  assert.match(tt, /最高风险颜色/);
  assert.ok(tt.includes(`重大隐患 ${first.open_major} × ${cockpit.score_weights.open_major}`), tt);
  // each part as the server computed it, and they add up to the score shown
  const shown = (await tip.locator('.score-row:not(.total) b').allInnerTexts()).map(Number);
  assert.deepEqual(shown, Object.values(first.score_parts), tt);
  assert.equal(shown.reduce((a, b) => a + b, 0), first.score, 'the parts sum to the score');
  await h.shot(page, 'ranking-tooltip');
  await page.locator('[data-formula]').hover();
  const f = page.locator('.el-popper:visible', { hasText: '综合风险分 =' });
  await f.waitFor();
  assert.match(await f.innerText(), /红40.*10 × 未销号重大隐患.*5 × 超期隐患/);
  // the rows come in the order of their scores
  const scores = await page.locator('[data-score]').allInnerTexts();
  const nums = scores.map(Number);
  assert.deepEqual(nums, [...nums].sort((a, b) => b - a));
  await page.context().close();
  assert.deepEqual(h.pageErrors, []);
}));

test('重大隐患 exports the tab it shows, as the ledger', { timeout: 120000 }, () => guarded(async () => {
  const reg = await loginAs(h.srv.base, 'regulator');
  const open = (await reg.get('/api/hazard/major?status=open')).json.total;
  const all = (await reg.get('/api/hazard/major?status=all')).json.total;
  assert.ok(all > open && open > 0, `demo: ${open} open of ${all}`);
  const page = await h.page(DESKTOP, 'regulator');
  await page.goto(h.srv.base + '/hazard/major');
  await page.locator('.el-table__row').first().waitFor();
  await settled(page);
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const grab = async () => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出' }).click()]);
    return { name: dl.suggestedFilename(), rows: sheetRows(readFileSync(await dl.path())) };
  };
  let x = await grab();
  assert.equal(x.name, `重大隐患清单（未销号）_${today}.xlsx`);
  assert.equal(x.rows.length, 1 + open, 'the header and the open rows');
  const hdr = x.rows[0];
  for (const c of ['隐患名称', '企业', '判定依据', '状态', '整改责任人', '整改措施', '整改资金（元）', '整改期限',
    '应急预案', '挂牌督办', '双报告', '验收人', '销号日期']) assert.ok(hdr.includes(c), `column ${c}: ${hdr}`);
  assert.equal(new Set(hdr).size, hdr.length, `no column twice: ${hdr}`);
  await page.getByText('全部', { exact: true }).click();
  await settled(page);
  x = await grab();
  assert.equal(x.name, `重大隐患清单_${today}.xlsx`);
  assert.equal(x.rows.length, 1 + all);
  const closed = x.rows.find((r) => r.includes('已销号'));
  assert.ok(closed, 'a closed one is listed under 全部');
  assert.ok(closed[hdr.indexOf('验收人')] && closed[hdr.indexOf('销号日期')], `验收人 and 销号日期 filled: ${closed}`);
  await page.context().close();
  assert.deepEqual(h.pageErrors, []);
}));

test('风险公告栏 prints seven rows on one A4 landscape page, border included', { timeout: 120000 }, () => guarded(async () => {
  const mgr = await loginAs(h.srv.base, 'manager');
  let board = (await mgr.get('/api/risk/board')).json;
  const units = (await mgr.get(`/api/org?kind=unit&size=100&org_id=${mgr.me.org.id}`)).json.items;
  const unit = units.find((u) => u.parent_id === mgr.me.org.id);	/* a unit of the group itself */
  assert.ok(unit, 'the group has a unit of its own');
  for (let i = board.total; i < 7; i++) {
    const r = await mgr.post('/api/risk_point', { name: `公告栏打印测试风险点${i}`, kind: 'equipment', unit_id: unit.id,
      location: '配电房二层东侧', method: 'lec', lec_l: 3, lec_e: 6, lec_c: 15, control_level: 'company',
      responsible_name: '王海燕', responsible_phone: '13816003378', emergency_measures: '立即断电，疏散人员。' });
    assert.equal(r.status, 201, r.body);
    for (const d of ['高压开关柜带电部位', '电缆沟积水受潮']) {
      assert.equal((await mgr.post('/api/danger_source', { risk_point_id: r.json.id, description: d,
        accident_type: '2025:06' })).status, 201);
    }
    for (const m of ['停送电执行工作票和操作票制度', '配电房设置挡鼠板并保持干燥', '每月检测接地电阻并记录', '值班员持电工证上岗']) {
      assert.equal((await mgr.post('/api/control_measure', { risk_point_id: r.json.id, kind: 'management',
        level: 'company', description: m })).status, 201);
    }
  }
  board = (await mgr.get('/api/risk/board')).json;
  assert.equal(board.total, 7, 'seven rows on the board');

  const page = await h.page(DESKTOP, 'manager');
  await page.goto(h.srv.base + '/risk/board');
  await page.locator('.bt tbody tr').nth(6).waitFor();
  await settled(page);
  await h.shot(page, 'board-screen');
  await page.emulateMedia({ media: 'print' });
  let pdf = pdfPages(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  assert.ok(pdf.w > pdf.h, `landscape: ${pdf.w}×${pdf.h} pt`);
  assert.ok(Math.abs(pdf.w - 842) < 2 && Math.abs(pdf.h - 595) < 2, `A4: ${pdf.w}×${pdf.h} pt`);
  assert.equal(pdf.pages, 1, 'seven rows fit one page');
  // the right border stays on the paper: at the printable width (297 − 2 × 10 mm)
  await page.setViewportSize({ width: Math.floor((297 - 20) / 25.4 * 96), height: 700 });
  const edge = await page.evaluate(() => {
    const t = document.querySelector('.bt').getBoundingClientRect();
    return { right: t.right, width: document.documentElement.clientWidth };
  });
  assert.ok(edge.right <= edge.width, `table right ${edge.right} ≤ page ${edge.width}`);
  await page.screenshot({ path: join(OUT, 'ux2-board-print.png'), fullPage: true });
  // 纵向 when asked
  await page.emulateMedia({ media: 'screen' });
  await page.getByText('A4 纵向').click();
  await page.emulateMedia({ media: 'print' });
  pdf = pdfPages(await page.pdf({ preferCSSPageSize: true }));
  assert.ok(pdf.h > pdf.w, `portrait when chosen: ${pdf.w}×${pdf.h}`);
  await page.context().close();
  assert.deepEqual(h.pageErrors, []);
}));

test('the group manager chooses the hazard\'s enterprise and reads units as 公司 / 部门', { timeout: 120000 }, () => guarded(async () => {
  const page = await h.page(DESKTOP, 'manager');
  await page.goto(h.srv.base + '/hazard');
  await page.getByRole('button', { name: '新增' }).click();
  const dlg = page.locator('.el-dialog:visible');
  await dlg.waitFor();
  const ent = dlg.locator('.el-form-item').filter({ has: page.locator('.el-form-item__label', { hasText: /^所属企业$/ }) });
  await ent.waitFor();
  await ent.locator('.el-select').click();
  /* the options load when the form opens: wait for them, then read them all */
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '上海青浦燃气有限公司' }).waitFor();
  const ents = await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').allInnerTexts();
  assert.ok(ents.includes('上海青浦燃气有限公司') && ents.includes('上海青浦城市建设投资集团有限公司'), ents.join(','));
  await page.keyboard.press('Escape');
  await dlg.locator('.el-form-item').filter({ has: page.locator('.el-form-item__label', { hasText: /^所在车间\/班组$/ }) })
    .locator('.el-select').click();
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '调压运行部' }).first().waitFor();
  const units = await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').allInnerTexts();
  assert.ok(units.includes('青浦燃气 / 调压运行部'), units.join(','));
  await h.shot(page, 'group-hazard-form');
  await page.context().close();
  assert.deepEqual(h.pageErrors, []);
}));
