// 事故快报与统计 on the demo district and a fixed clock, both backends (ANJIAN_TEST_DB):
//   - the grade of 国务院令第493号 Art. 3 computed by the server from the figures;
//   - the one-hour report of Art. 9: the late flag and the calendar's duty;
//   - the supervising regulators notified at once (an inbox row each) and their
//     live list;
//   - 补报/续报 (Art. 13): each re-grades; a casualty change inside the window (30
//     days, 7 for fire / road traffic) needs no reason, after it 400 naming reason;
//   - investigation: 较大及以上 needs the government's reply; closed is final;
//   - corrective actions: open → done → evaluated, not by whoever completed them;
//     overdue on the enterprise home;
//   - near misses: no grade, no duty, not sent;
//   - the annual statistics of seeds/000 §二(四)3 on a January clock: generated from
//     the records, a zero report is a report, the calendar shows who submitted;
//   - the scope matrix: another enterprise's manager 404, staff read-only, the
//     regulator read-only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs } from './lib.mjs';

const NOW = '2026-11-22 10:00:00';
let srv, admin, reg, mgr, pri, staff, mgr2;

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: NOW } });
  [admin, reg, mgr, pri, staff, mgr2] = await Promise.all(
    ['admin', 'regulator', 'manager', 'principal', 'staff', 'manager2'].map((u) => loginAs(srv.base, u)));
});
after(async () => { await srv?.stop(); });

const base = (o = {}) => ({
  occurred_at: '2026-11-22 08:30:00', place: '三号车间冲压线', accident_type: '2025:04',
  account: '操作工在更换模具时被压伤手部', reporter: '沈卫东', reported_at: '2026-11-22 09:10:00',
  ...o,
});

async function report(c, o) {
  const r = await c.post('/api/accident', base(o));
  assert.equal(r.status, 201, r.body);
  return r.json;
}

async function inboxOf(c, id) {
  const r = await c.get('/api/inbox?size=200');
  assert.equal(r.status, 200, r.body);
  return r.json.items.filter((m) => m.entity === 'accident' && m.entity_id === id);
}

async function duty(c, code, key) {
  const r = await c.get(`/api/obligation?duty=${code}&period_key=${encodeURIComponent(key)}&size=200`);
  assert.equal(r.status, 200, r.body);
  return r.json.items;
}

test('the grade is computed by the server per Art. 3 (highest criterion, 以上 includes the bound)', async () => {
  const cases = [
    [{ deaths: 0, serious_injuries: 0, direct_loss: 0 }, 'general'],
    [{ deaths: 2, serious_injuries: 9, direct_loss: 9999999.99 }, 'general'],
    [{ deaths: 3 }, 'larger'],
    [{ serious_injuries: 10 }, 'larger'],
    [{ direct_loss: 10000000 }, 'larger'],
    [{ deaths: 1, direct_loss: 50000000 }, 'major'],
    [{ serious_injuries: 100 }, 'especially_major'],
  ];
  for (const [figs, grade] of cases) {
    const a = await report(mgr, figs);
    assert.equal(a.grade, grade, JSON.stringify(figs));
    assert.equal(a.status, 'reported');
    assert.equal(a.kind, 'accident');
  }
  // the grade is not the client's to set
  const a = await report(mgr, { deaths: 0, grade: 'major' });
  assert.equal(a.grade, 'general');
});

test('the one-hour duty (Art. 9): late flag on a fixed clock and the calendar row', async () => {
  const onTime = await report(mgr, { occurred_at: '2026-11-22 08:00:00', reported_at: '2026-11-22 09:00:00' });
  assert.equal(onTime.late, false);
  const late = await report(mgr, { occurred_at: '2026-11-22 08:00:00', reported_at: '2026-11-22 09:00:01' });
  assert.equal(late.late, true);
  // no time given: the report is the submission itself (NOW, 2 h after)
  const now = await report(mgr, { occurred_at: '2026-11-22 08:00:00', reported_at: undefined });
  assert.equal(now.reported_at, NOW);
  assert.equal(now.late, true);
  const rows = await duty(mgr, 'accident_report_1h', String(onTime.id));
  assert.equal(rows.length, 1);
  assert.equal(rows[0].status, 'done');
  assert.equal(rows[0].due_at, '2026-11-22 09:00:00');
  assert.equal((await duty(mgr, 'accident_report_1h', String(late.id)))[0].status, 'done_late');
  // bad times: the report before the accident, the accident in the future
  let r = await mgr.post('/api/accident', base({ reported_at: '2026-11-22 08:00:00' }));
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reported_at');
  r = await mgr.post('/api/accident', base({ occurred_at: '2026-11-23 08:00:00', reported_at: undefined }));
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'occurred_at');
  r = await mgr.post('/api/accident', base({ accident_type: '1986:08' }));
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'accident_type');
  r = await mgr.post('/api/accident', base({ place: undefined }));
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'place');
});

test('the supervising regulator is notified at once and sees the live list', async () => {
  const a = await report(mgr, { deaths: 1, serious_injuries: 2, title: '冲压线机械伤害事故' });
  const msgs = await inboxOf(reg, a.id);
  assert.equal(msgs.length, 1);
  assert.match(msgs[0].title, /事故快报：冲压线机械伤害事故（一般事故）/);
  assert.match(msgs[0].body, /死亡1人，重伤2人/);
  assert.equal(msgs[0].link, `/accident/${a.id}`);
  // the enterprise's own people get no copy
  assert.equal((await inboxOf(mgr, a.id)).length, 0);
  const live = await reg.get('/api/accident/live?size=200');
  assert.equal(live.status, 200, live.body);
  const row = live.json.items.find((x) => x.id === a.id);
  assert.ok(row, 'the new accident is on the live list');
  assert.equal(row.enterprise_name, '上海青浦城市建设投资集团有限公司');
  assert.equal(row.grade, 'general');
  // enterprise B's manager sees neither the record nor the row
  assert.ok(!(await mgr2.get('/api/accident/live?size=200')).json.items.some((x) => x.id === a.id));
});

test('scope matrix: another enterprise 404, staff and regulator read-only', async () => {
  const a = await report(mgr, {});
  assert.equal((await mgr2.get(`/api/accident/${a.id}`)).status, 404);
  assert.equal((await mgr2.put(`/api/accident/${a.id}`, { place: 'x' })).status, 404);
  assert.equal((await mgr2.post(`/api/accident/${a.id}/investigate`, { investigation_team: 'x' })).status, 404);
  assert.equal((await mgr2.post('/api/accident_update', { accident_id: a.id, content: 'x' })).status, 400);
  for (const c of [staff, reg]) {
    assert.equal((await c.get(`/api/accident/${a.id}`)).status, 200);
    assert.equal((await c.post('/api/accident', base())).status, 403);
    assert.equal((await c.put(`/api/accident/${a.id}`, { place: 'x' })).status, 403);
    assert.equal((await c.post(`/api/accident/${a.id}/investigate`, { investigation_team: 'x' })).status, 403);
    assert.equal((await c.post('/api/accident_update', { accident_id: a.id, content: 'x' })).status, 403);
  }
  assert.ok((await mgr.del(`/api/accident/${a.id}`)).status >= 400, 'accidents are evidence: never deleted');
  const g = await admin.get(`/api/accident/${a.id}`);
  assert.equal(g.status, 200);
  // the figures are not edited directly: 补报/续报 carry them
  const r = await mgr.put(`/api/accident/${a.id}`, { deaths: 2 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'deaths');
  const ok = await mgr.put(`/api/accident/${a.id}`, { measures: '已停机，伤者送医' });
  assert.equal(ok.status, 200, ok.body);
  assert.equal(ok.json.measures, '已停机，伤者送医');
});

test('updates re-grade; inside the window no reason, after it 400 naming reason (Art. 13)', async () => {
  const a = await report(mgr, { deaths: 1 });
  let r = await mgr.post('/api/accident_update', { accident_id: a.id, kind: 'supplement', deaths: 3, content: '两名重伤员抢救无效死亡' });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.in_window, true);
  assert.equal(r.json.grade_before, 'general');
  assert.equal(r.json.grade_after, 'larger');
  let acc = (await mgr.get(`/api/accident/${a.id}`)).json;
  assert.equal(acc.deaths, 3);
  assert.equal(acc.grade, 'larger');
  assert.equal(acc.updates, 1);
  assert.ok((await inboxOf(reg, a.id)).some((m) => /事故补报/.test(m.title) && /较大事故/.test(m.title)));
  // 52 days after: outside the 30-day window
  const old = await report(mgr, { occurred_at: '2026-10-01 08:00:00', reported_at: '2026-10-01 08:40:00', serious_injuries: 2 });
  assert.equal(old.update_until, '2026-10-31');
  r = await mgr.post('/api/accident_update', { accident_id: old.id, serious_injuries: 3, content: '一名轻伤员转为重伤' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reason');
  assert.match(r.json.error.message, /30日/);
  assert.equal((await mgr.get(`/api/accident/${old.id}`)).json.serious_injuries, 2, 'nothing changed');
  r = await mgr.post('/api/accident_update', { accident_id: old.id, serious_injuries: 3, content: '一名轻伤员转为重伤', reason: '伤情鉴定结论迟于补报期限' });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.in_window, false);
  // a change of facts without casualty change needs no reason
  r = await mgr.post('/api/accident_update', { accident_id: old.id, content: '现场已恢复生产' });
  assert.equal(r.status, 201, r.body);
  // fire: 7 days; 12 days after is outside
  const fire = await report(mgr, { occurred_at: '2026-11-10 08:00:00', reported_at: '2026-11-10 08:30:00', accident_type: '2025:09' });
  assert.equal(fire.update_until, '2026-11-17');
  r = await mgr.post('/api/accident_update', { accident_id: fire.id, deaths: 1, content: '一人死亡' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reason');
  assert.match(r.json.error.message, /7日/);
  // a fire 5 days ago is inside
  const fire2 = await report(mgr, { occurred_at: '2026-11-17 08:00:00', reported_at: '2026-11-17 08:30:00', accident_type: '2025:09' });
  r = await mgr.post('/api/accident_update', { accident_id: fire2.id, deaths: 1, content: '一人死亡' });
  assert.equal(r.status, 201, r.body);
  acc = (await mgr.get(`/api/accident/${fire2.id}`)).json;
  assert.equal(acc.deaths, 1);
  r = await mgr.post('/api/accident_update', { accident_id: fire2.id, content: '' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'content');
});

test('investigation: 较大及以上 needs the reply; closed is final and the regulator hears of it', async () => {
  const a = await report(mgr, { deaths: 3, occurred_at: '2026-11-10 08:00:00', reported_at: '2026-11-10 08:30:00' });
  assert.equal(a.grade, 'larger');
  let r = await mgr.post(`/api/accident/${a.id}/conclude`, {});
  assert.equal(r.status, 409);
  r = await mgr.post(`/api/accident/${a.id}/investigate`, {});
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'investigation_team');
  r = await pri.post(`/api/accident/${a.id}/investigate`, { investigation_team: '青浦区人民政府事故调查组' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'investigating');
  const body = { cause: '模具更换未执行停机挂牌', inv_report_date: '2026-11-20', accountability: '对车间主任给予记过处分' };
  r = await mgr.post(`/api/accident/${a.id}/conclude`, body);
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reply_no');
  r = await mgr.post(`/api/accident/${a.id}/conclude`, { ...body, reply_no: '青府〔2026〕88号', reply_date: '2026-11-19' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reply_date');
  r = await mgr.post(`/api/accident/${a.id}/conclude`, { ...body, reply_no: '青府〔2026〕88号', reply_date: '2026-11-21' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'closed');
  assert.equal(r.json.closed_at, '2026-11-22');
  assert.equal(r.json.reply_no, '青府〔2026〕88号');
  assert.ok((await inboxOf(reg, a.id)).some((m) => /事故结案/.test(m.title)));
  r = await mgr.post('/api/accident_update', { accident_id: a.id, content: '补充' });
  assert.equal(r.status, 409);
  assert.equal((await mgr.put(`/api/accident/${a.id}`, { measures: 'x' })).status, 409);
  // a general accident closes without a reply
  const g = await report(mgr, { occurred_at: '2026-11-10 08:00:00', reported_at: '2026-11-10 08:30:00' });
  await mgr.post(`/api/accident/${g.id}/investigate`, { investigation_team: '企业内部调查组' });
  r = await mgr.post(`/api/accident/${g.id}/conclude`, body);
  assert.equal(r.status, 200, r.body);
  const ev = await mgr.get(`/api/accident_event?accident_id=${a.id}&size=50`);
  assert.deepEqual(ev.json.items.map((e) => e.action), ['report', 'investigate', 'conclude']);
});

test('corrective actions: open → done → evaluated, overdue on the home', async () => {
  const a = await report(mgr, {});
  let r = await mgr.post('/api/accident_action', { accident_id: a.id, measure: '冲压线加装双手按钮', responsible_id: staff.me.user.id, deadline: '2026-11-20' });
  assert.equal(r.status, 201, r.body);
  const act = r.json;
  assert.equal(act.status, 'open');
  assert.equal(act.overdue, true);
  assert.ok((await staff.get('/api/inbox?size=200')).json.items.some((m) => m.entity === 'accident_action' && m.entity_id === act.id));
  const home = await mgr.get('/api/dashboard/home');
  assert.equal(home.status, 200, home.body);
  const n = home.json.notices.find((x) => x.key === 'accident_action_overdue');
  assert.ok(n && n.count >= 1, JSON.stringify(home.json.notices));
  r = await mgr2.post('/api/accident_action', { accident_id: a.id, measure: 'x', deadline: '2026-12-01' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'accident_id');
  r = await mgr.post('/api/accident_action', { accident_id: a.id, measure: 'x', deadline: '2026-12-01', responsible_id: mgr2.me.user.id });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'responsible_id');
  r = await mgr.post(`/api/accident_action/${act.id}/evaluate`, { eval_date: '2026-11-22', eval_result: 'effective' });
  assert.equal(r.status, 409);
  r = await staff.post(`/api/accident_action/${act.id}/complete`, { done_note: '已加装并验收' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'done');
  assert.equal(r.json.done_at, '2026-11-22');
  r = await staff.post(`/api/accident_action/${act.id}/evaluate`, { eval_date: '2026-11-22', eval_result: 'effective' });
  assert.equal(r.status, 403);
  r = await mgr.post(`/api/accident_action/${act.id}/evaluate`, { eval_date: '2026-11-23', eval_result: 'effective' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'eval_date');
  r = await mgr.post(`/api/accident_action/${act.id}/evaluate`, { eval_date: '2026-11-22', eval_result: 'effective', eval_note: '同类作业未再发生' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'evaluated');
  assert.equal(r.json.eval_result, 'effective');
  // an ineffective measure is taken up again
  const b = (await mgr.post('/api/accident_action', { accident_id: a.id, measure: '班前安全交底', deadline: '2026-12-10' })).json;
  assert.equal((await mgr.post(`/api/accident_action/${b.id}/complete`, { done_note: '已交底' })).status, 200);
  // whoever completed it does not post-evaluate it
  r = await mgr.post(`/api/accident_action/${b.id}/evaluate`, { eval_date: '2026-11-22', eval_result: 'effective' });
  assert.equal(r.status, 403);
  assert.match(r.json.error.message, /落实人不能/);
  r = await pri.post(`/api/accident_action/${b.id}/evaluate`, { eval_date: '2026-11-22', eval_result: 'ineffective' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'open');
  assert.equal((await duty(mgr, 'accident_action_deadline', String(act.id)))[0].status, 'done_late');
});

test('near misses: no grade, no one-hour duty, not sent; no casualties', async () => {
  const r0 = await mgr.post('/api/accident', base({ kind: 'near_miss', reported_at: undefined, deaths: 1 }));
  assert.equal(r0.status, 400);
  assert.equal(r0.json.error.field, 'deaths');
  const n = await report(mgr, { kind: 'near_miss', reported_at: undefined, occurred_at: '2026-11-21 14:00:00' });
  assert.equal(n.grade, null);
  assert.equal(n.late, false);
  assert.equal(n.reported_at, null);
  assert.equal((await inboxOf(reg, n.id)).length, 0);
  assert.equal((await duty(mgr, 'accident_report_1h', String(n.id))).length, 0);
  assert.ok(!(await reg.get('/api/accident/live?period=all&size=200')).json.items.some((x) => x.id === n.id));
  assert.ok((await reg.get('/api/accident?kind=near_miss&size=200')).json.items.some((x) => x.id === n.id));
});

test('annual statistics (seeds/000 §二(四)3): generated from the records, zero report, due mid-January', async () => {
  const s2 = await startServer({ env: { ANJIAN_NOW: '2027-01-10 09:00:00' } });
  try {
    const [m, m2, r, st] = await Promise.all(['manager', 'manager2', 'regulator', 'staff'].map((u) => loginAs(s2.base, u)));
    const listed = await m.get('/api/accident?kind=accident&size=200');
    assert.equal(listed.status, 200, listed.body);
    const prior = listed.json.items.filter((a) => a.occurred_at.startsWith('2026'));
    let res = await m.post('/api/accident', base({ occurred_at: '2026-12-30 08:00:00', reported_at: '2026-12-30 08:20:00', deaths: 3, direct_loss: 120000.5 }));
    assert.equal(res.status, 201, res.body);
    await m.post('/api/accident', base({ kind: 'near_miss', occurred_at: '2026-12-29 08:00:00', reported_at: undefined }));
    // an accident of 2027 is not in 2026's statistics
    await m.post('/api/accident', base({ occurred_at: '2027-01-05 08:00:00', reported_at: '2027-01-05 08:20:00' }));
    res = await m.post('/api/accident_stat/generate', { year: 2026 });
    assert.equal(res.status, 201, res.body);
    const s = res.json;
    const acc = [...prior, { deaths: 3, serious_injuries: 0, missing: 0, direct_loss: 120000.5 }];
    assert.equal(s.accidents, acc.length);
    assert.equal(s.deaths, acc.reduce((x, a) => x + a.deaths, 0));
    assert.equal(s.direct_loss, Math.round(acc.reduce((x, a) => x + a.direct_loss * 100, 0)) / 100);
    assert.ok(s.larger_plus >= 1);
    assert.ok(s.near_misses >= 1);
    assert.equal(s.due_date, '2027-01-15');
    assert.equal(s.status, 'draft');
    assert.equal((await st.post('/api/accident_stat/generate', { year: 2026 })).status, 403);
    assert.equal((await m.post('/api/accident_stat/generate', { year: 2028 })).status, 400);
    assert.equal((await m.post('/api/accident_stat/generate', { year: 2026, org_id: m2.me.org.id })).status, 404);
    // the group's manager also sees its subsidiaries' rows: take the group's own
    let d = (await duty(m, 'accident_stat_annual', '2026')).filter((x) => x.org_id === m.me.org.id);
    assert.equal(d.length, 1);
    assert.equal(d[0].status, 'due_soon');
    res = await m.post(`/api/accident_stat/${s.id}/submit`, {});
    assert.equal(res.status, 200, res.body);
    assert.equal(res.json.status, 'submitted');
    assert.equal(res.json.late, false);
    assert.equal((await m.post('/api/accident_stat/generate', { year: 2026 })).status, 409);
    assert.equal((await m.put(`/api/accident_stat/${s.id}`, { note: 'x' })).status, 409);
    d = (await duty(m, 'accident_stat_annual', '2026')).filter((x) => x.org_id === m.me.org.id);
    assert.equal(d[0].status, 'done');
    // enterprise B: a zero report is a report
    res = await m2.post('/api/accident_stat/generate', { year: 2026 });
    assert.equal(res.status, 201, res.body);
    if (res.json.accidents === 0) assert.equal(res.json.deaths, 0);
    assert.equal((await m2.post(`/api/accident_stat/${res.json.id}/submit`, {})).status, 200);
    // the regulator sees who has submitted, and cannot submit for them
    const rows = await duty(r, 'accident_stat_annual', '2026');
    const done = rows.filter((x) => x.status === 'done').map((x) => x.org_id).sort();
    assert.deepEqual(done, [m.me.org.id, m2.me.org.id].sort());
    assert.ok(rows.length > 2, 'the other enterprises still owe it');
    const list = await r.get('/api/accident_stat?year=2026&size=200');
    assert.equal(list.json.items.filter((x) => x.status === 'submitted').length, 2);
    assert.equal((await r.post(`/api/accident_stat/${s.id}/submit`, {})).status, 403);
  } finally {
    await s2.stop();
  }
});
