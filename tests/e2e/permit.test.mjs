// Browser test of a hazardous-work permit from request to close-out (src/mod/permit.c,
// web/src/views/permit/): on the demo district with the real clock,
//   1. staff applies (the request, through the API: 吊装 25 t, 三级, validity around now);
//   2. staff on a phone opens the permit and records 风险分析与技术交底 in the action dialog;
//   3. the manager finds it in the ledger, opens it, sees the chain of Table B.1
//      (专业部门) and approves it;
//   4. staff starts the work confirming the guardian on site (refused under the field
//      until confirmed; the server checks validity, guardian certificate and fitness);
//      the live board shows it in progress;
//   5. the manager closes it out (完工验收); the timeline shows every step; the request
//      form has the 临时用电 and 盲板抽堵 inputs; the demo's 临时用电 shows the 动火 it serves.
// Screenshots go to test-output/e2e/permit-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client, startServer } from '../api/lib.mjs';
import { OUT, DESKTOP, PHONE, launch, newPage, login, shooter } from './lib.mjs';

/** "YYYY-MM-DD HH:MM:SS" in Asia/Shanghai, hours from now. */
function sh(hours) {
  const d = new Date(Date.now() + hours * 3600e3);
  const f = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit',
    day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  return f.format(d).replace('T', ' ');
}

test('a permit from request to close-out', { timeout: 180000 }, async () => {
  mkdirSync(OUT, { recursive: true });
  const srv = await startServer();
  const browser = await launch();
  const pageErrors = [];
  let current = null;
  const open = async (opts, username) => {
    const ctx = await browser.newContext(opts);
    const p = await newPage(ctx, pageErrors);
    await login(p, srv.base, username);
    current = p;
    return p;
  };
  const shot = shooter('permit');
  const statusIs = (p, label) => p.locator('.head .el-tag', { hasText: label }).first().waitFor();
  try {
    // --- 1. the request ---------------------------------------------------------------
    const staffApi = new Client(srv.base);
    assert.equal((await staffApi.login('staff')).status, 200);
    const people = (await staffApi.get('/api/employee?size=100')).json.items
      .filter((x) => x.org_id === staffApi.me.org.id && !x.not_on_duty);
    const guardian = people.find((x) => x.kind === 'safety_manager');
    const leader = people.find((x) => x.kind === 'special_worker') || people.find((x) => x.id !== guardian.id);
    const title = `E2E钢梁吊装${Date.now() % 100000}`;
    const r = await staffApi.post('/api/work_permit', {
      title, kind: 'lifting', lift_mass_t: 25, location: '城投大厦南广场', applicant: '员工',
      valid_from: sh(-1), valid_to: sh(6), guardian_id: guardian.id, leader_id: leader.id,
    });
    assert.equal(r.status, 201, r.body);
    const id = r.json.id;
    assert.equal(r.json.grade, 'third');
    assert.equal(r.json.chain_label, '专业部门');

    // --- 2. staff (phone): 风险分析与技术交底 -----------------------------------------
    const st = await open(PHONE, 'staff');
    await st.goto(`${srv.base}/permit/${id}`);
    await st.locator('.title', { hasText: title }).waitFor();
    await statusIs(st, '已申请');
    await shot(st, '1-staff-requested');
    await st.locator('.actions').getByRole('button', { name: '风险分析与技术交底' }).click();
    const bd = st.locator('.el-dialog', { hasText: '作业风险分析与技术交底' });
    await bd.waitFor();
    await bd.locator('[data-field="risk_analysis"] textarea').fill('起重伤害、物体打击：吊装半径内设警戒区');
    await bd.locator('[data-field="safety_measures"] textarea').fill('检查吊索具，专人指挥，风力五级以上停止吊装');
    await bd.locator('[data-field="briefed_by"] input').fill('安全员吴海涛');
    await shot(st, '2-staff-brief-dialog');
    await bd.getByRole('button', { name: '风险分析与技术交底' }).click();
    await st.getByText('作业风险分析与技术交底成功').waitFor();
    await statusIs(st, '已交底');

    // --- 3. manager (desktop): the ledger, the chain, 审批 ----------------------------
    const mgr = await open(DESKTOP, 'manager');
    await mgr.goto(`${srv.base}/permit/list`);
    const row = mgr.locator('.el-table__row', { hasText: title }).first();
    await row.waitFor();
    await shot(mgr, '3-manager-ledger');
    await row.getByText(title).click();
    await mgr.waitForURL((u) => u.pathname === `/permit/${id}`);
    await mgr.locator('.chain').getByText('专业部门').waitFor();
    await mgr.locator('.actions').getByRole('button', { name: '审批' }).click();
    const ad = mgr.locator('.el-dialog', { hasText: '逐级审批' });
    await ad.waitFor();
    await ad.locator('[data-field="approver"] input').fill('设备部 郑国强');
    await ad.getByRole('button', { name: '审批' }).click();
    await mgr.getByText('审批成功').waitFor();
    await statusIs(mgr, '已批准');
    await mgr.locator('.chain').getByText('设备部 郑国强', { exact: false }).waitFor();
    await shot(mgr, '4-manager-approved');

    // --- 4. staff: 开始作业; the board ------------------------------------------------
    await st.reload();
    await statusIs(st, '已批准');
    await st.locator('.actions').getByRole('button', { name: '开始作业' }).click();
    const sd = st.locator('.el-dialog', { hasText: '开始作业时系统核验' });
    await sd.waitFor();
    // 4.10: the guardian's presence is confirmed, and by whom; not confirmed, the
    // server's refusal shows under the field
    await sd.locator('[data-field="guardian_confirmer"] input').fill('当班班长 周建国');
    await sd.getByRole('button', { name: '开始作业' }).click();
    await sd.locator('[data-field="guardian_present"] .el-form-item__error', { hasText: '监护人未确认到场' }).waitFor();
    await shot(st, '5a-staff-guardian-not-confirmed');
    await sd.locator('[data-field="guardian_present"] .el-switch').click();
    await sd.getByRole('button', { name: '开始作业' }).click();
    await st.getByText('开始作业成功').waitFor();
    await st.locator('.el-descriptions', { hasText: '监护人到场确认人' }).getByText('当班班长 周建国').waitFor();
    await statusIs(st, '作业中');
    await shot(st, '5-staff-working');
    await mgr.goto(`${srv.base}/permit/board`);
    await mgr.locator('.el-table__row', { hasText: title }).first().waitFor();
    await shot(mgr, '6-board');

    // --- 5. manager: 完工验收; the timeline ---------------------------------------------
    await mgr.goto(`${srv.base}/permit/${id}`);
    await mgr.locator('.actions').getByRole('button', { name: '完工验收' }).click();
    const cd = mgr.locator('.el-dialog', { hasText: '验收关闭' });
    await cd.waitFor();
    await cd.locator('[data-field="acceptor"] input').fill('安全管理部 王海燕');
    await cd.locator('[data-field="close_note"] textarea').fill('吊装完毕，吊索具已收回，警戒区撤除');
    await cd.getByRole('button', { name: '完工验收' }).click();
    await mgr.getByText('完工验收成功').waitFor();
    await statusIs(mgr, '已完工验收');
    const tl = mgr.locator('.el-timeline');
    for (const s of ['风险分析与技术交底', '审批', '开始作业', '完工验收']) await tl.getByText(s, { exact: true }).waitFor();
    await shot(mgr, '7-manager-closed');
    // nothing to delete: the ledger offers no 删除
    await mgr.goto(`${srv.base}/permit/list`);
    await mgr.locator('.el-table__row', { hasText: title }).first().waitFor();
    assert.equal(await mgr.getByRole('button', { name: '删除' }).count(), 0);
    // the request form shows the inputs of 临时用电 (the served permit) and 盲板抽堵
    await mgr.getByRole('button', { name: '新增' }).first().click();
    const form = mgr.locator('.el-dialog', { hasText: '新增特殊作业票' });
    await form.waitFor();
    for (const sec of ['临时用电', '盲板抽堵']) await form.locator('.form-section', { hasText: sec }).waitFor();
    for (const f of ['served_permit_id', 'blind_no', 'blind_action', 'blind_pressure_mpa']) await form.locator(`[data-field="${f}"]`).waitFor();
    await form.getByRole('button', { name: /取\s*消/ }).click();
    // the demo's 电焊机 临时用电 names the 动火 it serves
    const power = (await staffApi.get(`/api/work_permit?q=${encodeURIComponent('锅炉房电焊机临时用电')}&size=5`)).json.items[0];
    assert.ok(power && power.served_permit_id, JSON.stringify(power));
    await mgr.goto(`${srv.base}/permit/${power.id}`);
    await mgr.locator('[data-test="served"]').getByText('锅炉房燃气管道法兰焊接').waitFor();
    await shot(mgr, '8-power-serves-hot');
    assert.deepEqual(pageErrors, []);
  } catch (e) {
    if (current) await current.screenshot({ path: join(OUT, 'permit-failure.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
    await srv.stop();
  }
});
