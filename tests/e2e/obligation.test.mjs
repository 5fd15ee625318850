// Browser test of the obligations calendar "Who is on time" and the inbox (their
// screens). On the demo district (its dates follow today, so every expectation is read
// from the API first, then looked for on the screen):
//   1. the regulator opens 履职情况 for the current year: the demo enterprises as rows,
//      coloured cells (green 已完成, red 逾期未完成 …), the counts and 按时完成率 of the
//      API; 导出 downloads an .xlsx of the same filter; a filter narrows the rows; a
//      per-record cell opens the drawer of that enterprise's obligations; a proved
//      cell opens the proving record; the cockpit card shows the summary;
//   2. the manager's home card shows the summary; 履职日历 shows every duty due this
//      month and the next, grouped by week and as a list; 去处理 opens the hazard;
//   3. the bell shows the manager's unread count; the dropdown lists the latest; 全部已读
//      clears the count; staff (phone) opens a message from 消息中心 and it is read;
//   4. the admin adds a rule version: a current period is refused under 起始期次, the
//      next period is saved as 第 2 版.
// Screenshots at 1440×900 and 390×844 go to test-output/e2e/obligation-*.png.
// Runs Debian's chromium through playwright-core from web/node_modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loginAs } from '../api/lib.mjs';
import { PHONE, settled, getJson, harness } from './lib.mjs';

const DESKTOP = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true };

/* The colours of api/obligation.js OB_STATUSES (solid variant of the matrix cells). */
const SOLID = { done: 'rgb(103, 194, 58)', overdue: 'rgb(245, 108, 108)', done_late: 'rgb(240, 140, 0)', due_soon: 'rgb(245, 200, 0)' };

const pct = (v) => (v === null || v === undefined ? '—' : `${(Number(v) * 100).toFixed(1)}%`);
/** Today in Asia/Shanghai (the server's clock for statuses). */
const todaySh = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

test('the regulator reads the district matrix for this year, exports it and opens its cells', { timeout: 120000 }, () => harness('obligation').run(async (h) => {
  const base = h.srv.base;
  const reg = await loginAs(base, 'regulator');
  const year = todaySh().slice(0, 4);
  const m = await getJson(reg, `/api/obligation/matrix?period=${year}&size=20`);
  assert.ok(m.total >= 10, `the demo district has its enterprises in the matrix (${m.total})`);
  assert.ok(m.counts.done > 0 && m.counts.overdue > 0, 'the demo has duties done and overdue');

  const page = await h.page(DESKTOP, 'regulator');
  await page.getByRole('menuitem', { name: '履职情况' }).click();
  await page.waitForURL((u) => u.pathname === '/obligation/matrix');
  const table = page.locator('.matrix-table');
  await table.locator('.el-table__row').first().waitFor();
  await settled(page);

  // this year by default, every enterprise of the page, every duty as a column
  assert.equal(await page.locator('.period-date input').inputValue(), year);
  for (const it of m.items) await table.locator('.el-table__row', { hasText: it.name }).first().waitFor();
  assert.equal(await table.locator('.el-table__row').count(), m.items.length);
  for (const du of m.duties) await table.locator(`.duty-head[data-duty="${du.code}"]`).waitFor();

  // the counts and the on-time rate of the API, above the table
  for (const [code, n] of Object.entries(m.counts)) {
    assert.equal((await page.locator(`[data-count="${code}"] .count-num`).innerText()).trim(), String(n), `count ${code}`);
  }
  assert.equal((await page.locator('[data-summary] [data-rate]').innerText()).trim(), pct(m.on_time_rate));
  await page.getByText(`${m.total} 家企业`).waitFor();

  // coloured cells: as many of each status as the API's cells, in their colours
  const want = {};
  for (const it of m.items) for (const c of Object.values(it.cells)) {
    const du = m.duties.find((d) => it.cells[d.code] === c);
    if (c.status === 'na' && (!du.per_record || !c.n)) continue;
    want[c.status] = (want[c.status] || 0) + 1;
  }
  for (const [st, n] of Object.entries(want)) {
    assert.equal(await table.locator(`.mx-cell.clickable[data-status="${st}"]`).count(), n, `cells ${st}`);
    if (SOLID[st]) {
      const bg = await table.locator(`.mx-cell.clickable[data-status="${st}"] .ob-tag`).first()
        .evaluate((e) => getComputedStyle(e).backgroundColor);
      assert.equal(bg, SOLID[st], `${st} cells are coloured`);
    }
  }
  // a per-record cell says how many fell due and how many are overdue
  const perRec = m.items.flatMap((it) => m.duties.filter((d) => d.per_record && it.cells[d.code].overdue > 0)
    .map((d) => ({ it, d, c: it.cells[d.code] })))[0];
  assert.ok(perRec, 'a per-record duty with overdue records');
  const prCell = table.locator('.el-table__row', { hasText: perRec.it.name }).first()
    .locator(`.mx-cell[data-duty="${perRec.d.code}"]`);
  assert.match(await prCell.innerText(), new RegExp(`共${perRec.c.n}项\\s*·\\s*逾期${perRec.c.overdue}`));
  await h.shot(page, '1-matrix');

  // 导出: the same filter as .xlsx
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export]').click()]);
  assert.match(dl.url(), new RegExp(`/api/obligation/matrix/export\\?period=${year}`));
  assert.match(dl.suggestedFilename(), /\.xlsx$/);
  const xlsx = readFileSync(await dl.path());
  assert.equal(xlsx.subarray(0, 2).toString('latin1'), 'PK', 'the export is an .xlsx (zip) file');
  assert.ok(xlsx.length > 2000, `the workbook has content (${xlsx.length} bytes)`);

  // a filter: 企业规模 = 规上 shows the API's rows for it
  const above = await getJson(reg, `/api/obligation/matrix?period=${year}&scale=above&size=20`);
  const scaleItem = page.locator('.query-form .el-form-item', { hasText: '企业规模' });
  await scaleItem.locator('.el-select').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '规上' }).first().click();
  await page.getByRole('button', { name: '查询' }).click();
  await page.waitForURL((u) => u.searchParams.get('scale') === 'above');
  await settled(page);
  await page.getByText(`${above.total} 家企业`).waitFor();
  assert.equal(await table.locator('.el-table__row').count(), above.items.length);
  const [dl2] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export]').click()]);
  assert.match(dl2.url(), /scale=above/, 'the export carries the filter');
  await page.getByRole('button', { name: '重置' }).click();
  await page.waitForURL((u) => !u.searchParams.get('scale'));
  await settled(page);

  // the per-record cell opens the drawer: that enterprise's records of that duty in the period
  const list = await getJson(reg, `/api/obligation?org_id=${perRec.it.org_id}&duty=${perRec.d.code}`
    + `&due_date_from=${m.first}&due_date_to=${m.last}&size=200`);
  const own = list.items.filter((x) => x.org_id === perRec.it.org_id);
  await table.locator('.el-table__row', { hasText: perRec.it.name }).first()
    .locator(`.mx-cell[data-duty="${perRec.d.code}"]`).click();
  const drawer = page.locator('.ob-drawer');
  await drawer.getByText(`${perRec.it.name} · ${perRec.d.label}`).waitFor();
  await drawer.locator('.ob-item').first().waitFor();
  assert.equal(await drawer.locator('.ob-item').count(), own.length);
  assert.equal(await drawer.locator('.ob-item[data-status="overdue"]').count(), perRec.c.overdue);
  await h.shot(page, '2-matrix-drawer', false);
  await drawer.locator('.el-drawer__close-btn').click();
  await drawer.waitFor({ state: 'hidden' });

  // a period's duty proved by a record opens that record
  const proved = m.items.flatMap((it) => m.duties.filter((d) => !d.per_record && it.cells[d.code].proof_id)
    .map((d) => ({ it, d, c: it.cells[d.code] })))[0];
  if (proved) {
    await table.locator('.el-table__row', { hasText: proved.it.name }).first()
      .locator(`.mx-cell[data-duty="${proved.d.code}"]`).click();
    const paths = { risk_report: `/risk/report/${proved.c.proof_id}`, hazard: `/hazard/${proved.c.proof_id}` };
    const want2 = paths[proved.c.proof_entity];
    if (want2) await page.waitForURL((u) => u.pathname === want2);
    else await page.waitForURL((u) => u.pathname !== '/obligation/matrix');
  }

  // the cockpit's card: the summary of the API, linking to the matrix
  const sum = await getJson(reg, '/api/obligation/summary');
  await page.goto(base + '/cockpit');
  const card = page.locator('[data-ob-summary]');
  await card.locator('[data-rate]').waitFor();
  assert.equal((await card.locator('[data-rate]').innerText()).trim(), pct(sum.on_time_rate));
  assert.equal((await card.locator('[data-count="overdue"] .num').innerText()).trim(), String(sum.counts.overdue));
  await h.shot(page, '3-cockpit-card', false);
  await card.getByText('履职情况矩阵').click();
  await page.waitForURL((u) => u.pathname === '/obligation/matrix');

  // the same matrix on a phone: one card per enterprise
  const phone = await h.page(PHONE, 'regulator');
  await phone.goto(base + '/obligation/matrix');
  await phone.locator('.ent-card').first().waitFor();
  assert.equal(await phone.locator('.el-table').count(), 0, 'no table at phone width');
  assert.equal(await phone.locator('.ent-card').count(), m.items.length);
  await h.shot(phone, '4-matrix-phone');

  assert.deepEqual(h.pageErrors, [], 'no uncaught errors in the pages');
}));

test('the manager sees the duties due this month and the next in 履职日历', { timeout: 90000 }, () => harness('obligation').run(async (h) => {
  const base = h.srv.base;
  const mgr = await loginAs(base, 'manager');
  const today = todaySh();
  const first = `${today.slice(0, 7)}-01`;
  const y = +today.slice(0, 4), mo = +today.slice(5, 7);
  const last = new Date(Date.UTC(y, mo + 1, 0)).toISOString().slice(0, 10);	/* end of next month */
  const win = await getJson(mgr, `/api/obligation?party=enterprise&due_date_from=${first}`
    + `&due_date_to=${last}&sort=due_at&size=200`);
  assert.ok(win.total > 0, `the demo has duties due this month or next (${win.total})`);
  const sum = await getJson(mgr, '/api/obligation/summary');

  const page = await h.page(DESKTOP, 'manager');
  // the home card, then the calendar from it
  const card = page.locator('[data-ob-summary]');
  await card.locator('[data-rate]').waitFor();
  assert.equal((await card.locator('[data-rate]').innerText()).trim(), pct(sum.on_time_rate));
  for (const code of ['overdue', 'done_late', 'due_soon', 'not_due', 'done']) {
    assert.equal((await card.locator(`[data-count="${code}"] .num`).innerText()).trim(), String(sum.counts[code]), `home ${code}`);
  }
  await h.shot(page, '5-home-card', false);
  await card.getByText('履职日历').click();
  await page.waitForURL((u) => u.pathname === '/obligation/calendar');
  await page.locator('.week[data-week] .ob-item').first().waitFor();
  await settled(page);

  // by week: every item of the window, coloured by status, this week marked
  const weekItems = page.locator('.week[data-week] .ob-item');
  assert.equal(await weekItems.count(), win.items.length);
  for (const it of win.items) {
    const el = page.locator(`.week[data-week] .ob-item[data-id="${it.id}"]`);
    assert.equal(await el.getAttribute('data-status'), it.status, `item ${it.id} status`);
    await el.getByText(it.duty_label, { exact: true }).waitFor();
  }
  const counts = {};
  for (const it of win.items) counts[it.status] = (counts[it.status] || 0) + 1;
  for (const [st, n] of Object.entries(counts)) {
    if (st === 'na') continue;	/* 不适用 has no chip */
    assert.equal((await page.locator(`.chip[data-count="${st}"] b`).innerText()).trim(), String(n), `chip ${st}`);
  }
  await h.shot(page, '6-calendar-weeks');

  // as a list by due date
  await page.locator('.view-switch').getByText('列表').click();
  await page.locator('.cal-table .el-table__row').first().waitFor();
  assert.equal(await page.locator('.cal-table .el-table__row').count(), win.items.length);
  await h.shot(page, '7-calendar-list', false);
  await page.locator('.view-switch').getByText('按周').click();

  // 状态 filter from a chip: only that status stays
  const st0 = (win.items.find((x) => x.status !== 'na') || win.items[0]).status;
  await page.locator(`.chip[data-count="${st0}"]`).click();
  await settled(page);
  await page.waitForFunction((s) => [...document.querySelectorAll('.week[data-week] .ob-item')]
    .every((e) => e.dataset.status === s), st0);
  assert.equal(await page.locator('.week[data-week] .ob-item').count(), counts[st0]);
  await page.getByRole('button', { name: '重置' }).click();
  await settled(page);

  // a hazard's deadline opens the hazard
  const hz = win.items.find((x) => x.proof_entity === 'hazard' && x.proof_id);
  if (hz) {
    await page.locator(`.week[data-week] .ob-item[data-id="${hz.id}"] .ob-act button`).click();
    await page.waitForURL((u) => u.pathname === `/hazard/${hz.proof_id}`);
  }

  // the calendar on a phone: cards in both views
  const phone = await h.page(PHONE, 'manager');
  await phone.goto(base + '/obligation/calendar');
  await phone.locator('.week[data-week] .ob-item').first().waitFor();
  await h.shot(phone, '8-calendar-phone');
  await phone.locator('.view-switch').getByText('列表').click();
  await phone.locator('.week.flat .ob-item').first().waitFor();
  assert.equal(await phone.locator('.el-table').count(), 0, 'no table at phone width');

  // the regulator opens one enterprise's calendar (?org_id=): titled with that
  // enterprise's name (the item's own org_name; the org_id filter of the duties also
  // takes in the subsidiaries, so their first duty may be another company's)
  const reg = await h.page(DESKTOP, 'regulator');
  await reg.goto(`${base}/obligation/calendar?org_id=${win.items[0].org_id}`);
  await reg.locator('.cal-title', { hasText: `${win.items[0].org_name} · 履职日历` }).waitFor();

  assert.deepEqual(h.pageErrors, [], 'no uncaught errors in the pages');
}));

test('the bell shows the unread messages, 全部已读 clears them, 消息中心 opens one', { timeout: 90000 }, () => harness('obligation').run(async (h) => {
  const base = h.srv.base;
  const mgr = await loginAs(base, 'manager');
  /* its first pass runs just after start: wait until the count is there and stable */
  let unread = { total: 0 };
  for (let i = 0, prev = -1; i < 100; i++, prev = unread.total) {
    if (i) await new Promise((r) => setTimeout(r, 200));
    unread = await getJson(mgr, '/api/inbox?status=unread&size=5');
    if (unread.total > 0 && unread.total === prev) break;
  }
  assert.ok(unread.total > 0, `the demo manager has unread reminders (${unread.total})`);

  const page = await h.page(DESKTOP, 'manager');
  const bell = page.locator('.inbox-bell');
  await page.locator(`.inbox-bell[data-unread="${unread.total}"]`).waitFor();
  assert.equal((await bell.locator('.el-badge__content').innerText()).trim(), String(Math.min(unread.total, 99)));
  await bell.click();
  const pop = page.locator('.inbox-pop');
  await pop.locator('.pop-item').first().waitFor();
  assert.equal(await pop.locator('.pop-item').count(), Math.min(unread.total, 5));
  await pop.getByText(`${unread.total} 条未读`).waitFor();
  await h.shot(page, '9-bell-dropdown', false);
  await pop.getByRole('button', { name: '全部已读' }).click();
  await page.getByText(/已将 \d+ 条消息标为已读/).first().waitFor();
  await page.locator('.inbox-bell[data-unread="0"]').waitFor();
  await bell.locator('.el-badge__content').waitFor({ state: 'hidden' });	/* no badge once everything is read */
  assert.equal((await getJson(mgr, '/api/inbox?status=unread&size=1')).total, 0, 'the server agrees');
  await pop.getByText('暂无未读消息').waitFor();
  await h.shot(page, '10-bell-cleared', false);

  // staff, on a phone: 消息中心 as cards; opening a message reads it and follows it
  const staff = await loginAs(base, 'staff');
  const sUnread = await getJson(staff, '/api/inbox?status=unread&size=20');
  assert.ok(sUnread.total > 0, 'staff has unread messages');
  const phone = await h.page(PHONE, 'staff');
  await phone.goto(base + '/inbox?status=unread');	/* the same query as sUnread, so the same order */
  await phone.locator('.msg-card.unread').first().waitFor();
  await settled(phone);
  await phone.locator(`.inbox-bell[data-unread="${sUnread.total}"]`).waitFor();
  await h.shot(phone, '11-inbox-phone');
  const m0 = sUnread.items[0];
  await phone.locator('.msg-card.unread').first().click();
  if (m0.entity === 'hazard' && m0.entity_id) await phone.waitForURL((u) => u.pathname === `/hazard/${m0.entity_id}`);
  else await phone.waitForURL((u) => u.pathname !== '/inbox');
  await phone.locator(`.inbox-bell[data-unread="${sUnread.total - 1}"]`).waitFor();
  const after = await getJson(staff, `/api/inbox/${m0.id}`);
  assert.equal(after.status, 'read', 'the opened message is read');

  // 消息中心 on a desktop: the table, 标为已读 on one row
  const desk = await h.page(DESKTOP, 'staff');
  await desk.goto(base + '/inbox?status=unread');
  await desk.locator('.el-table__row').first().waitFor();
  await settled(desk);
  assert.equal(await desk.locator('.el-table__row').count(), Math.min(sUnread.total - 1, 20));
  await h.shot(desk, '12-inbox-desktop', false);
  await desk.locator('.el-table__row').first().getByRole('button', { name: '标为已读' }).click();
  await desk.locator(`.inbox-bell[data-unread="${sUnread.total - 2}"]`).waitFor();

  assert.deepEqual(h.pageErrors, [], 'no uncaught errors in the pages');
}, { env: { ANJIAN_SCHED: 'on' } }));	/* the scheduler sends the due / overdue reminders */

test('the admin adds a rule version from the next period; the current one is refused under the field', { timeout: 60000 }, () => harness('obligation').run(async (h) => {
  const base = h.srv.base;
  const year = +todaySh().slice(0, 4);
  const page = await h.page(DESKTOP, 'admin');
  await page.goto(base + '/obligation/rules');
  // with every module's duties the rules fill several pages: find it as a user would
  const search = async (p) => {
    const q = p.locator('.query-form').getByPlaceholder('义务名称');
    await q.fill('年度安全风险报告申报');
    await q.press('Enter');
  };
  await search(page);
  const row = page.locator('.el-table__row', { hasText: '年度安全风险报告申报' }).first();
  await row.waitFor();
  await row.getByRole('button', { name: '新版本' }).click();
  const dlg = page.locator('.el-dialog', { hasText: '新增规则版本' });
  await dlg.getByText('已经判定的期次保持原截止日期和判定结果').waitFor();
  const from = dlg.locator('[data-field="effective_from"] input');
  assert.equal(await from.inputValue(), String(year + 1), 'the next period is proposed');
  await from.fill(String(year));
  await dlg.getByRole('button', { name: /确\s*定/ }).click();
  await dlg.locator('[data-field="effective_from"] .el-form-item__error', { hasText: '下一期次' }).waitFor();
  await h.shot(page, '13-rule-refused', false);
  await from.fill(String(year + 1));
  await dlg.locator('[data-field="due_month"] input').fill('10');
  await dlg.locator('[data-field="due_month"] input').press('Tab');
  await dlg.locator('[data-field="note"] textarea').fill('E2E：申报截止提前至10月底');
  await dlg.getByRole('button', { name: /确\s*定/ }).click();
  await page.getByText(/已新增「年度安全风险报告申报」第 2 版规则/).waitFor();
  const v2 = page.locator('.el-table__row', { hasText: `自 ${year + 1} 起` }).first();
  await v2.getByText('第 2 版').waitFor();
  await v2.getByText('当年10月底').waitFor();
  await v2.getByText('待生效').waitFor();	/* from next year; this year's v1 stays 现行 */
  await page.locator('.el-table__row', { hasText: '年度安全风险报告申报' }).filter({ hasText: '初始版本' })
    .getByText('现行').waitFor();
  await h.shot(page, '14-rule-added', false);

  // the regulator reads the rules, with no 新增
  const reg = await h.page(DESKTOP, 'regulator');
  await reg.goto(base + '/obligation/rules');
  await search(reg);
  await reg.locator('.el-table__row', { hasText: `自 ${year + 1} 起` }).first().waitFor();
  assert.equal(await reg.getByRole('button', { name: '新增' }).count(), 0);
  assert.equal(await reg.getByRole('button', { name: '新版本' }).count(), 0);

  assert.deepEqual(h.pageErrors, [], 'no uncaught errors in the pages');
}));
