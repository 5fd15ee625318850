// Browser test of 晾晒通报 (src/mod/evaluation_calc.c, web/src/views/evaluation/) on the
// demo district (this year's scheme is a draft computed live; last year's is published
// with a 一票否优): every expectation is read from the API first, then looked for on
// the screen.
//   1. the regulator opens this year's ranking, clicks an enterprise's 隐患按期整改率
//      figure: the dialog lists as many records as the figure counts; a record's link
//      opens that hazard;
//   2. last year's published ranking shows the vetoed enterprise's 一票否优, which opens
//      the accident behind it;
//   3. the manager (phone, cards) sees the published table with only its own row's detail.
// Screenshots at 1440×900 and 390×844 go to test-output/e2e/evaluation-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loginAs, startServer } from '../api/lib.mjs';
import { OUT, DESKTOP, PHONE, launch, newPage, settled, login, getJson, shooter } from './lib.mjs';

const shot = shooter('evaluation');

test('a ranking number drills down to its records and a record opens', { timeout: 180000 }, async () => {
  mkdirSync(OUT, { recursive: true });
  const srv = await startServer();
  const browser = await launch();
  const errors = [];
  let page;
  try {
    const reg = await loginAs(srv.base, 'regulator');
    const mgr = await loginAs(srv.base, 'manager');
    const schemes = (await getJson(reg, '/api/eval_scheme?size=100')).items;
    const draft = schemes.find((s) => s.status === 'draft');
    const pub = schemes.find((s) => s.status === 'published');
    assert.ok(draft && pub, 'the demo has a draft and a published scheme');
    const live = await getJson(reg, `/api/eval/scheme/${draft.id}/ranking`);
    const row = live.items.find((x) => x.figures.hazard_ontime.total > 0);
    assert.ok(row, 'an enterprise with hazards due this year');
    const rowIdx = live.items.indexOf(row);
    const src = await getJson(reg, `/api/eval/scheme/${draft.id}/source?org_id=${row.org_id}&code=hazard_ontime`);
    assert.equal(src.items.length, row.figures.hazard_ontime.total);

    const ctx = await browser.newContext(DESKTOP);
    page = await newPage(ctx, errors);
    await login(page, srv.base, 'regulator');
    await page.goto(`${srv.base}/evaluation/ranking?scheme=${draft.id}`);
    const table = page.locator('[data-test=ranking]');
    await table.locator('tbody tr').first().waitFor();
    await settled(page);
    assert.equal(await table.locator('tbody tr').count(), live.items.length);
    const tr = table.locator('tbody tr').nth(rowIdx);
    assert.match(await tr.innerText(), new RegExp(row.enterprise_name));
    const fig = tr.locator('[data-test=fig-hazard_ontime]');
    assert.match(await fig.innerText(), new RegExp(`（${row.figures.hazard_ontime.ok}/${row.figures.hazard_ontime.total}）`));
    await shot(page, 'ranking');
    await fig.click();
    const dlg = page.locator('.el-dialog').filter({ hasText: '隐患按期整改率' });
    await dlg.locator('[data-test=src] tbody tr').first().waitFor();
    assert.equal(await dlg.locator('[data-test=src] tbody tr').count(), row.figures.hazard_ontime.total);
    assert.match(await dlg.locator('[data-test=src-sum]').innerText(),
      new RegExp(`共 ${row.figures.hazard_ontime.total} 条记录，其中按要求完成 ${row.figures.hazard_ontime.ok} 条`));
    await shot(page, 'source');
    await dlg.locator('[data-test=src-link]').first().click();
    await page.waitForURL(new RegExp(`/hazard/${src.items[0].id}$`));
    await page.getByText(src.items[0].title).first().waitFor();
    await shot(page, 'record');

    // last year's, published: the veto opens the accident behind it
    const frozen = await getJson(reg, `/api/eval/scheme/${pub.id}/ranking`);
    const vetoed = frozen.items.find((x) => x.vetoes && x.vetoes.length);
    assert.ok(vetoed, 'the demo\'s published scheme has a vetoed enterprise');
    await page.goto(`${srv.base}/evaluation/ranking?scheme=${pub.id}`);
    await table.locator('tbody tr').first().waitFor();
    await page.getByText('结果已冻结').first().waitFor();
    const vtr = table.locator('tbody tr').nth(frozen.items.indexOf(vetoed));
    await vtr.locator('.veto').first().click();
    const vd = page.locator('.el-dialog').filter({ hasText: vetoed.vetoes[0].label });
    await vd.locator('[data-test=src-link]').first().waitFor();
    await shot(page, 'veto');
    await vd.locator('[data-test=src-link]').first().click();
    await page.waitForURL(/\/accident\/\d+$/);
    await ctx.close();

    // the manager on a phone: the published table, detail on its own row only
    const mine = await getJson(mgr, `/api/eval/scheme/${pub.id}/ranking`);
    const pctx = await browser.newContext(PHONE);
    page = await newPage(pctx, errors);
    await login(page, srv.base, 'manager');
    await page.goto(`${srv.base}/evaluation/ranking?scheme=${pub.id}`);
    const cards = page.locator('[data-test=card]');
    await cards.first().waitFor();
    await settled(page);
    assert.equal(await cards.count(), mine.items.length);
    assert.equal(await page.locator('[data-test=card].mine').count(), 1);
    const own = page.locator('[data-test=card].mine [data-test=fig-hazard_ontime]');
    assert.equal(await page.locator('[data-test=fig-hazard_ontime]').count(), 1);
    const me = mine.items.find((x) => x.mine);
    assert.match(await own.innerText(), new RegExp(`（${me.figures.hazard_ontime.ok}/${me.figures.hazard_ontime.total}）`));
    await shot(page, 'phone');
    await pctx.close();
    assert.deepEqual(errors, []);
  } catch (e) {
    if (page) await page.screenshot({ path: join(OUT, 'evaluation-failure.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
    await srv.stop();
  }
});
