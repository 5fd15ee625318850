// The responsibility system, safety rules register and meetings (src/mod/duty.c,
// duty_meet.c; issue 9), on the demo district and a fixed clock, both backends
// (ANJIAN_TEST_DB):
//   - the scope matrix of every new entity (who creates, reads, updates, deletes;
//     another enterprise's rows are 404) and of the decision workflow's actions;
//   - validation: 400 naming the field, nothing written;
//   - the half-yearly 履职报告 duty (seeds/004 第1项: 6月、12月底): not due, due soon,
//     done, done late, overdue, and the proof removed;
//   - coverage: risk points without a responsible post and posts without duties,
//     counted independently from the lists, in the views and on the home;
//   - the missing required systems (条例第三十三条) per enterprise, in the regulator's
//     view and on the home, following writes;
//   - the decision workflow (待办 → 已办结 → 重新打开) and overdue decisions;
//   - the seven-duty card's data lines computed from the records.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs } from './lib.mjs';

const NOW = '2026-11-22 10:00:00';
let srv, admin, reg, mgr, pri, staff, mgr2, pri2;
let orgA, orgB;

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d4944415478da63f8cfc0f01f0005000201a0e5a1d60000000049454e44ae426082', 'hex');

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: NOW, ANJIAN_SCHED: 'off' } });
  [admin, reg, mgr, pri, staff, mgr2, pri2] = await Promise.all(
    ['admin', 'regulator', 'manager', 'principal', 'staff', 'manager2', 'principal2'].map((u) => loginAs(srv.base, u)));
  orgA = mgr.me.org.id;
  orgB = mgr2.me.org.id;
});
after(async () => { await srv?.stop(); });

/* ------------------------------------------------------------------ helpers */

async function upload(c, name = '照片.png') {
  const fd = new FormData();
  fd.append('file', new Blob([PNG]), name);
  const r = await c.req('POST', '/api/files', fd);
  assert.equal(r.status, 201, r.body);
  return r.json.id;
}

async function all(c, path) {
  const out = [];
  for (let page = 1; ; page++) {
    const r = await c.get(`${path}${path.includes('?') ? '&' : '?'}page=${page}&size=200`);
    assert.equal(r.status, 200, r.body);
    out.push(...r.json.items);
    if (!r.json.items.length || out.length >= r.json.total) return out;
  }
}

async function notice(c, key) {
  const r = await c.get('/api/dashboard/home');
  assert.equal(r.status, 200, r.body);
  const n = r.json.notices.find((x) => x.key === key);
  assert.ok(n, `notice ${key} in ${JSON.stringify(r.json.notices)}`);
  return n.count;
}

async function obl(duty, key, org) {
  const r = await admin.get(`/api/obligation?duty=${duty}&period_key=${encodeURIComponent(key)}&size=200`);
  assert.equal(r.status, 200, r.body);
  return r.json.items.find((x) => x.org_id === org);
}

/** The posts (units of level 岗位) of enterprise org (its own, not a subsidiary's). */
async function postsOf(c) {
  return (await all(c, '/api/org?kind=unit&unit_level=post'));
}

/* A valid body of each entity for enterprise A (files uploaded by c); post_duty's
 * post is chosen by the test. */
async function bodies(c) {
  const f = await upload(c, '文件.png');
  const meeting = (await all(c, '/api/meeting')).find((m) => m.org_id === orgA);
  return {
    post_duty: { post_id: null, responsible_name: '测试员', scope: '范围', duties: '职责', criteria: '标准' },
    principal_duty: { year: 2031, principal_name: '朱卫东', d5_note: '带队检查' },
    resp_letter: { year: 2026, dept_name: '测试部', signer_name: '李四', signed_date: '2026-02-01', files: [f] },
    duty_report: { year: 2030, half: 'H1', principal_name: '朱卫东', report_date: '2030-06-20', files: [f] },
    commitment: { year: 2026, principal_name: '朱卫东', signed_date: '2026-01-05', files: [f] },
    resp_assessment: { year: 2025, target_kind: 'person', target_name: '张三', result: 'pass', assessed_date: '2026-01-10' },
    accountability: { person_name: '王五', failure: '未执行操作规程', measure: 'notice', decided_date: '2026-11-01' },
    safety_rule: { kind: 'other', name: '测试制度', approved_date: '2026-01-01', files: [f] },
    meeting: { kind: 'safety', title: '测试例会', held_date: '2026-11-01', host: '朱卫东', attendees: '全体', minutes: '纪要' },
    meeting_decision: { meeting_id: meeting.id, content: '测试决议', owner_name: '李四', deadline: '2026-12-31' },
  };
}

const ENTITIES = ['post_duty', 'principal_duty', 'resp_letter', 'duty_report', 'commitment', 'resp_assessment',
  'accountability', 'safety_rule', 'meeting', 'meeting_decision'];

/* -------------------------------------------------------------------- tests */

test('scope matrix: every entity — the enterprise writes, its regulator reads, staff reads only, another enterprise sees nothing', async () => {
  const b = await bodies(mgr);
  // a post without duties for post_duty (the demo leaves every fourth one)
  const without = (await all(mgr, '/api/duty/posts-without-duty'));
  const posts = await postsOf(mgr);
  const done = new Set((await all(mgr, '/api/post_duty')).map((x) => x.post_id));
  const free = without[0] || posts.find((p) => !done.has(p.id));
  assert.ok(free, 'a post of A without duties');
  b.post_duty.post_id = free.id;
  for (const ent of ENTITIES) {
    const body = b[ent];
    for (const [c, who] of [[reg, 'regulator'], [staff, 'staff'], [mgr2, 'manager2']]) {
      const r = await c.post(`/api/${ent}`, { ...body, org_id: orgA });
      assert.ok([403, 404].includes(r.status), `${ent}: ${who} create gives ${r.status} ${r.body}`);
      if (who !== 'manager2') assert.equal(r.status, 403, `${ent}: ${who} may not create`);
    }
    const cr = await mgr.post(`/api/${ent}`, body);
    assert.equal(cr.status, 201, `${ent}: manager creates: ${cr.body}`);
    const id = cr.json.id;
    assert.ok(cr.json.org_id === orgA || ent === 'post_duty', `${ent} belongs to A: ${cr.body}`);
    if (ent === 'post_duty') assert.equal(cr.json.org_id, free.id, 'a post duty is scoped to its post');
    for (const c of [reg, staff, pri, admin]) assert.equal((await c.get(`/api/${ent}/${id}`)).status, 200, `${ent} readable`);
    assert.equal((await mgr2.get(`/api/${ent}/${id}`)).status, 404, `${ent}: another enterprise gets 404`);
    assert.equal((await mgr2.put(`/api/${ent}/${id}`, {})).status, 404);
    assert.equal((await mgr2.del(`/api/${ent}/${id}`)).status, 404);
    assert.ok(!(await all(mgr2, `/api/${ent}`)).some((x) => x.id === id), `${ent}: not in B's list`);
    assert.equal((await reg.put(`/api/${ent}/${id}`, {})).status, 403, `${ent}: regulator may not update`);
    assert.equal((await staff.del(`/api/${ent}/${id}`)).status, 403, `${ent}: staff may not delete`);
    const up = await pri.put(`/api/${ent}/${id}`, {});
    assert.equal(up.status, 200, `${ent}: principal updates: ${up.body}`);
    if (ent !== 'meeting_decision') {
      const d = await mgr.del(`/api/${ent}/${id}`);
      assert.equal(d.status, 200, `${ent}: manager deletes: ${d.body}`);
      assert.equal((await mgr.get(`/api/${ent}/${id}`)).status, 404);
    }
  }
});

test('validation: 400 naming the field, nothing written', async () => {
  const f = await upload(mgr);
  const before = (await all(mgr, '/api/duty_report')).length;
  const cases = [
    ['duty_report', { year: 2029, half: 'H1', principal_name: '甲', report_date: '2029-06-01', files: [f], posted_on_site: true }, 'posted_photos'],
    ['duty_report', { year: 2029, half: 'H1', principal_name: '甲', report_date: '2029-06-01', files: [f], reported_to_staff: true }, 'staff_report_date'],
    ['duty_report', { year: 2029, half: 'H2', principal_name: '甲', report_date: '2029-05-01', files: [f] }, 'report_date'],
    ['duty_report', { year: 2029, half: 'H3', principal_name: '甲', report_date: '2029-06-01', files: [f] }, 'half'],
    ['duty_report', { year: 2029, half: 'H1', principal_name: '甲', report_date: '2029-06-01' }, 'files'],
    ['duty_report', { year: 2029, half: 'H1', principal_name: '甲', report_date: '2029-06-01', files: [f], bogus: 1 }, 'bogus'],
    ['meeting', { kind: 'exchange', title: '大家谈', held_date: '2026-11-01', host: '甲', attendees: '全体', minutes: '纪要', absentees: '李四' }, 'leave_files'],
    ['meeting', { kind: 'exchange', title: '大家谈', held_date: '2026-11-01', host: '甲', attendees: '全体' }, 'minutes'],
    ['commitment', { year: 2026, principal_name: '甲', signed_date: '2026-01-01', files: [f], posted_on_site: true }, 'posted_photos'],
    ['resp_assessment', { year: 2025, target_kind: 'person', target_name: '甲', result: 'pass', assessed_date: '2026-01-01', tied_to_pay: true }, 'pay_effect'],
    ['safety_rule', { kind: 'meeting', name: '会议制度', approved_date: '2026-01-01', files: [f], revision_needed: true }, 'revision_reason'],
    ['safety_rule', { kind: 'meeting', name: '会议制度', approved_date: '2026-01-01', files: [f], revision_needed: true, revision_reason: '法规修订' }, 'revision_deadline'],
    ['safety_rule', { kind: 'meeting', name: '会议制度', approved_date: '2026-01-01', files: [f], next_revision: '2025-01-01' }, 'next_revision'],
    ['safety_rule', { kind: 'nope', name: '会议制度', approved_date: '2026-01-01', files: [f] }, 'kind'],
    ['principal_duty', { year: 2026, principal_name: '甲' }, 'year'],	// the demo's record of 2026 exists
    ['resp_letter', { year: 2026, dept_name: '甲', signer_name: '乙', signed_date: '2027-01-01', files: [f] }, 'signed_date'],
  ];
  const orgs = await all(mgr, '/api/org?kind=unit');
  const nonPost = orgs.find((o) => o.unit_level !== 'post');
  cases.push(['post_duty', { post_id: nonPost.id, responsible_name: '甲', scope: '1', duties: '2', criteria: '3' }, 'post_id']);
  const ms = (await all(mgr, '/api/meeting')).filter((m) => m.org_id === orgA);
  cases.push(['meeting_decision', { meeting_id: ms[0].id, content: '决议', owner_name: '甲', deadline: '2000-01-01' }, 'deadline']);
  for (const [ent, body, field] of cases) {
    const r = await mgr.post(`/api/${ent}`, body);
    assert.equal(r.status, 400, `${ent} ${field}: ${r.body}`);
    const fields = [r.json.error.field, ...Object.keys(r.json.error.fields || {})];
    assert.ok(fields.includes(field), `${ent}: the error names ${field}: ${r.body}`);
    assert.match(r.json.error.message, /[\u4e00-\u9fff]/, 'a Chinese message');
  }
  assert.equal((await all(mgr, '/api/duty_report')).length, before, 'nothing written');
});

test('履职报告: due at the end of June and December; done, done late, overdue, and the proof removed', async () => {
  // A's report of 2026-H1 (demo: 06-26, reported and posted) is on time; B's (07-12) late
  const a1 = await obl('duty_report_half', '2026-H1', orgA);
  assert.equal(a1.due_date, '2026-06-30');
  assert.equal(a1.status, 'done');
  const b1 = await obl('duty_report_half', '2026-H1', orgB);
  assert.equal(b1.status, 'done_late');
  // an enterprise with no report at all is overdue for H1, not yet due for H2
  const ents = await all(admin, '/api/enterprise');
  const reps = await all(admin, '/api/duty_report');
  const none = ents.find((e) => !reps.some((r) => r.org_id === e.org_id) && e.org_id !== orgA && e.org_id !== orgB);
  assert.ok(none, 'an enterprise without reports');
  assert.equal((await obl('duty_report_half', '2026-H1', none.org_id)).status, 'overdue');
  const a2 = await obl('duty_report_half', '2026-H2', orgA);
  assert.equal(a2.due_date, '2026-12-31');
  assert.equal(a2.status, 'not_due', '2026-12-31 is more than 30 days after 2026-11-22');
  // A records the H2 report: reported, not yet posted → not proved; posted → done
  const photo = await upload(pri, '公示.png');
  const f = await upload(pri, '报告.png');
  const r = await pri.post('/api/duty_report', { year: 2026, half: 'H2', principal_name: '朱卫东',
    report_date: '2026-11-20', files: [f], reported_to_staff: true, staff_report_date: '2026-11-21' });
  assert.equal(r.status, 201, r.body);
  assert.equal((await obl('duty_report_half', '2026-H2', orgA)).status, 'not_due', 'not posted: no proof');
  const u = await pri.put(`/api/duty_report/${r.json.id}`, { posted_on_site: true, posted_photos: [photo] });
  assert.equal(u.status, 200, u.body);
  const a3 = await obl('duty_report_half', '2026-H2', orgA);
  assert.equal(a3.status, 'done');
  assert.equal(a3.proof_id, r.json.id);
  assert.equal(r.json.due_date, '2026-12-31');
  assert.equal(r.json.late, false);
  // a second report of the same half is refused
  const dup = await pri.post('/api/duty_report', { year: 2026, half: 'H2', principal_name: '朱卫东', report_date: '2026-11-21', files: [f] });
  assert.equal(dup.status, 400);
  assert.equal(dup.json.error.field, 'half');
  // proof removed: the duty is open again
  assert.equal((await pri.del(`/api/duty_report/${r.json.id}`)).status, 200);
  assert.equal((await obl('duty_report_half', '2026-H2', orgA)).status, 'not_due');
  // B's late report is marked late in its list
  const bl = (await all(mgr2, '/api/duty_report?year=2026&half=H1'));
  assert.equal(bl.length, 1);
  assert.equal(bl[0].late, true);
});

test('履职报告 due soon within 30 days of the end of December, overdue after it', async () => {
  const s2 = await startServer({ env: { ANJIAN_NOW: '2026-12-15 09:00:00', ANJIAN_SCHED: 'off' } });
  try {
    const ad = await loginAs(s2.base, 'admin');
    const m = await loginAs(s2.base, 'manager');
    const r = await ad.get('/api/obligation?duty=duty_report_half&period_key=2026-H2&size=200');
    const row = r.json.items.find((x) => x.org_id === m.me.org.id);
    assert.equal(row.status, 'due_soon');
    const h1 = await ad.get('/api/obligation?duty=duty_report_half&period_key=2026-H1&size=200');
    assert.ok(h1.json.items.some((x) => x.status === 'overdue'));
  } finally { await s2.stop(); }
});

test('coverage: risk points without a responsible post and posts without duties — views and home agree with the lists', async () => {
  const points = (await all(mgr, '/api/risk_point'));
  const duties = new Set((await all(mgr, '/api/post_duty')).map((d) => d.post_id));
  const uncovered = points.filter((p) => !p.post_id || !duties.has(p.post_id));
  const v = await mgr.get('/api/duty/uncovered-points?size=200');
  assert.equal(v.status, 200, v.body);
  assert.equal(v.json.total, uncovered.length);
  assert.deepEqual(v.json.items.map((x) => x.id).sort((a, b) => a - b), uncovered.map((x) => x.id).sort((a, b) => a - b));
  assert.equal(await notice(mgr, 'duty_uncovered_points'), uncovered.length);
  const posts = await postsOf(mgr);
  const nodesc = posts.filter((p) => !duties.has(p.id));
  const pv = await mgr.get('/api/duty/posts-without-duty?size=200');
  assert.equal(pv.json.total, nodesc.length);
  assert.equal(await notice(mgr, 'duty_posts_without_duty'), nodesc.length);
  // give duties to a post that has uncovered risk points: both counts drop
  const target = uncovered.find((p) => p.post_id && !duties.has(p.post_id));
  assert.ok(target, 'the demo leaves a post with risk points without duties');
  {
    const n = uncovered.filter((p) => p.post_id === target.post_id).length;
    const r = await mgr.post('/api/post_duty', { post_id: target.post_id, responsible_name: '甲', scope: '1', duties: '2', criteria: '3', key_post: true });
    assert.equal(r.status, 201, r.body);
    assert.equal(r.json.risk_point_count, points.filter((p) => p.post_id === target.post_id).length);
    assert.equal((await mgr.get('/api/duty/uncovered-points')).json.total, uncovered.length - n);
    assert.equal(await notice(mgr, 'duty_uncovered_points'), uncovered.length - n);
    assert.equal(await notice(mgr, 'duty_posts_without_duty'), nodesc.length - 1);
    // one record per post (the unique field's 409 naming it)
    const dup = await mgr.post('/api/post_duty', { post_id: target.post_id, responsible_name: '乙', scope: '1', duties: '2', criteria: '3' });
    assert.equal(dup.status, 409, dup.body);
    assert.equal(dup.json.error.field, 'post_id');
    assert.equal((await mgr.del(`/api/post_duty/${r.json.id}`)).status, 200);
  }
  // another enterprise's points are not in A's view; the regulator sees both
  const vb = await all(mgr2, '/api/duty/uncovered-points');
  assert.ok(!vb.some((x) => uncovered.some((u) => u.id === x.id)));
  const vr = await all(reg, '/api/duty/uncovered-points');
  assert.ok(vr.length >= uncovered.length + vb.length);
});

test('missing required systems (条例第三十三条): per enterprise in the regulator view, on the home, following writes', async () => {
  const rowB = async (c = reg) => (await all(c, '/api/duty/missing-systems')).find((x) => x.org_id === orgB);
  let b = await rowB();
  // the demo leaves B without 投入及费用 and 档案
  assert.equal(b.missing_count, 2);
  assert.equal(b.has_funding, false);
  assert.equal(b.has_archive, false);
  assert.equal(b.has_meeting, true);
  assert.equal(await notice(mgr2, 'duty_missing_systems'), 2);
  // the enterprise sees only its own row; the missing filter
  const own = await all(mgr2, '/api/duty/missing-systems');
  assert.deepEqual(own.map((x) => x.org_id), [orgB]);
  const miss = await reg.get('/api/duty/missing-systems?show=missing&size=200');
  assert.ok(miss.json.items.every((x) => x.missing_count > 0));
  assert.equal(miss.json.incomplete, miss.json.total);
  const comp = await all(reg, '/api/duty/missing-systems?show=complete');
  assert.ok(comp.every((x) => x.missing_count === 0));
  assert.ok(comp.some((x) => x.org_id === orgA), 'A is complete');
  // B adopts a 投入及费用 system: one missing; superseded: two again
  const f = await upload(mgr2);
  const r = await mgr2.post('/api/safety_rule', { kind: 'funding', name: '安全生产投入及费用管理制度', approved_date: '2026-03-01', files: [f] });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.status, 'in_force');
  assert.equal(r.json.next_revision, '2029-03-01', 'platform default: approval + 3 years');
  b = await rowB();
  assert.equal(b.missing_count, 1);
  assert.equal(b.has_funding, true);
  assert.equal(await notice(mgr2, 'duty_missing_systems'), 1);
  assert.equal((await mgr2.put(`/api/safety_rule/${r.json.id}`, { status: 'superseded' })).status, 200);
  assert.equal((await rowB()).missing_count, 2);
  assert.equal(await notice(mgr2, 'duty_missing_systems'), 2);
  // revision: B's demo rule past its revision date counts, as does A's flagged one
  assert.equal(await notice(mgr2, 'duty_rules_revision'), 1);
  assert.ok(await notice(mgr, 'duty_rules_revision') >= 1);
  const rev = await admin.get('/api/obligation?duty=safety_rule_revision&status=overdue&size=200');
  assert.ok(rev.json.items.some((x) => x.org_id === orgB));
  // a regulation changed: the revision is due at the deadline, earlier than the next revision
  const r2 = await mgr2.post('/api/safety_rule', { kind: 'funding', name: '投入及费用管理制度（2026版）', approved_date: '2026-03-01', files: [f] });
  assert.equal(r2.status, 201, r2.body);
  const ob = async () => (await admin.get(`/api/obligation?duty=safety_rule_revision&period_key=${r2.json.id}`)).json.items[0];
  assert.equal((await ob()).due_date, '2029-03-01');
  const before = await notice(mgr2, 'duty_rules_revision');
  const u = await mgr2.put(`/api/safety_rule/${r2.json.id}`, { revision_needed: true, revision_reason: '财资〔2022〕136号施行', revision_deadline: '2026-11-30' });
  assert.equal(u.status, 200, u.body);
  assert.equal(u.json.revision_overdue, false);
  assert.equal((await ob()).due_date, '2026-11-30');
  assert.equal((await ob()).status, 'due_soon');
  assert.equal(await notice(mgr2, 'duty_rules_revision'), before + 1);
  // revised: a new version supersedes it and its duty goes
  assert.equal((await mgr2.put(`/api/safety_rule/${r2.json.id}`, { status: 'superseded' })).status, 200);
  assert.equal(await ob(), undefined);
  assert.equal(await notice(mgr2, 'duty_rules_revision'), before);
});

test('decisions: 待办 → 已办结 by the owner or a manager, reopened with a reason; overdue ones on the home', async () => {
  const ms = (await all(mgr, '/api/meeting')).filter((m) => m.org_id === orgA);
  const staffId = staff.me.user.id;
  const mk = async (body) => {
    const r = await mgr.post('/api/meeting_decision', { meeting_id: ms[0].id, content: '决议', owner_name: '员工', ...body });
    assert.equal(r.status, 201, r.body);
    assert.equal(r.json.status, 'open');
    return r.json;
  };
  const overdueBefore = await notice(mgr, 'duty_decisions_overdue');
  const d = await mk({ deadline: '2026-11-21', owner_id: staffId });
  assert.equal(d.overdue, true);
  assert.equal(await notice(mgr, 'duty_decisions_overdue'), overdueBefore + 1);
  const ob = (await admin.get(`/api/obligation?duty=meeting_decision_deadline&size=200`)).json.items.find((x) => x.proof_id === d.id);
  assert.equal(ob.status, 'overdue');
  const other = await mk({ deadline: '2026-12-20' });
  // who may complete
  assert.equal((await reg.post(`/api/meeting_decision/${d.id}/complete`, { done_date: '2026-11-22' })).status, 403);
  assert.equal((await mgr2.post(`/api/meeting_decision/${d.id}/complete`, { done_date: '2026-11-22' })).status, 404);
  assert.equal((await staff.post(`/api/meeting_decision/${other.id}/complete`, { done_date: '2026-11-22' })).status, 403, 'staff not the owner');
  // inputs
  let r = await staff.post(`/api/meeting_decision/${d.id}/complete`, {});
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'done_date');
  r = await staff.post(`/api/meeting_decision/${d.id}/complete`, { done_date: '2026-11-23' });
  assert.equal(r.status, 400, 'not in the future');
  r = await staff.post(`/api/meeting_decision/${d.id}/complete`, { done_date: '2026-11-22', bogus: 1 });
  assert.equal(r.status, 400);
  // the owner completes
  r = await staff.post(`/api/meeting_decision/${d.id}/complete`, { done_date: '2026-11-22', done_note: '已完成' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'done');
  assert.equal(r.json.done_date, '2026-11-22');
  assert.equal(r.json.overdue, false);
  assert.equal(await notice(mgr, 'duty_decisions_overdue'), overdueBefore);
  const ob2 = (await admin.get(`/api/obligation?duty=meeting_decision_deadline&size=200`)).json.items.find((x) => x.proof_id === d.id);
  assert.equal(ob2.status, 'done_late');
  assert.equal((await mgr.post(`/api/meeting_decision/${d.id}/complete`, { done_date: '2026-11-22' })).status, 409, 'done once');
  // reopen: manager or principal with a reason; never staff
  assert.equal((await staff.post(`/api/meeting_decision/${d.id}/reopen`, { reason: '未整改到位' })).status, 403);
  r = await pri.post(`/api/meeting_decision/${d.id}/reopen`, {});
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reason');
  r = await pri.post(`/api/meeting_decision/${d.id}/reopen`, { reason: '复查未整改到位' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.status, 'open');
  assert.equal(r.json.done_date, null);
  assert.equal((await mgr.post(`/api/meeting_decision/${d.id}/reopen`, { reason: '再次' })).status, 409);
  // a manager completes any decision; the actions offered
  const g = await mgr.get(`/api/meeting_decision/${other.id}`);
  assert.deepEqual(g.json._actions.map((a) => a.verb), ['complete']);
  assert.equal((await mgr.post(`/api/meeting_decision/${other.id}/complete`, { done_date: '2026-11-20' })).status, 200);
  // a meeting with decisions cannot be deleted
  assert.equal((await mgr.del(`/api/meeting/${ms[0].id}`)).status, 409);
});

test('大家谈 monthly and 安委会 quarterly duties are proved by meetings of their kind', async () => {
  const before = await obl('meeting_exchange_monthly', '2026-11', orgB);
  assert.notEqual(before.status, 'done');
  const f = await upload(mgr2);
  const r = await mgr2.post('/api/meeting', { kind: 'exchange', title: '十一月大家谈', held_date: '2026-11-18', host: '甲',
    attendees: '全体', absentees: '张三', leave_files: [f], minutes: '交流' });
  assert.equal(r.status, 201, r.body);
  assert.equal((await obl('meeting_exchange_monthly', '2026-11', orgB)).status, 'done');
  const q = await obl('meeting_committee_quarterly', '2026-Q4', orgB);
  assert.notEqual(q.status, 'done', 'a 大家谈 is not a 安委会 meeting');
  assert.equal((await obl('meeting_committee_quarterly', '2026-Q4', orgA)).status, 'done', 'demo: A held its 安委会');
});

test('commitment letter: an enterprise without one posted on site is flagged on its home', async () => {
  // the demo gives B a posted commitment; removing the posting flags it
  assert.equal(await notice(mgr2, 'duty_commitment_missing'), 0);
  const [m] = await all(mgr2, '/api/commitment');
  assert.ok(m, 'B has a commitment');
  assert.equal((await mgr2.put(`/api/commitment/${m.id}`, { posted_on_site: false })).status, 200);
  assert.equal(await notice(mgr2, 'duty_commitment_missing'), 1);
  assert.equal((await mgr2.put(`/api/commitment/${m.id}`, { posted_on_site: true })).status, 200);
  assert.equal(await notice(mgr2, 'duty_commitment_missing'), 0);
});

test('seven duties: the yearly card with the data that proves each duty', async () => {
  let r = await mgr.get('/api/duty/seven');
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'year');
  r = await mgr.get('/api/duty/seven?year=2026');
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.duties.length, 7);
  assert.match(r.json.duties[4].text, /双重预防/);
  const d5 = r.json.duties[4].data;
  const points = await all(mgr, '/api/risk_point');
  assert.equal(d5.find((x) => x.entity === 'risk_point').count, points.length);
  const hz = (await all(mgr, '/api/hazard')).filter((h) => (h.found_at || '').startsWith('2026'));
  assert.equal(d5.find((x) => x.label.includes('发现')).count, hz.length);
  assert.equal(r.json.duties[4].recorded, true, 'the demo records duty 5');
  assert.equal(r.json.duties[2].recorded, false);
  const rules = (await all(mgr, '/api/safety_rule?status=in_force'));
  assert.equal(r.json.duties[1].data.find((x) => x.entity === 'safety_rule').count, rules.length);
  // duty 6 (应急) is proved by the emergency module's drills of the year, duty 3 by
  // the training module's sessions of the year — counted from the other modules' records
  const drills = (await all(mgr, '/api/emergency_drill')).filter((x) => (x.drill_date || '').startsWith('2026'));
  const d6 = r.json.duties[5].data.find((x) => x.entity === 'emergency_drill');
  assert.ok(d6, 'duty 6 reads the drills');
  assert.equal(d6.count, drills.length);
  const sessions = (await all(mgr, '/api/training_session')).filter((x) => (x.session_date || '').startsWith('2026'));
  assert.equal(r.json.duties[2].data.find((x) => x.entity === 'training_session').count, sessions.length);
  // a year without a record: nothing recorded, data still computed
  r = await mgr.get('/api/duty/seven?year=2020');
  assert.equal(r.json.record_id, null);
  assert.ok(r.json.duties.every((d) => !d.recorded));
  // another enterprise's card is not visible; the regulator sees it
  assert.equal((await mgr2.get(`/api/duty/seven?year=2026&org_id=${orgA}`)).status, 404);
  assert.equal((await reg.get(`/api/duty/seven?year=2026&org_id=${orgA}`)).status, 200);
});
