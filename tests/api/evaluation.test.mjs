// Evaluation module (src/mod/evaluation*.c, src/rules/evaluation.c; issue 11 "Evaluation
// (考核) and 一票否优", "Rankings (晾晒通报)") on the demo district at a fixed clock, both
// backends (ANJIAN_TEST_DB):
//   - a hand-worked scheme: weights, deductions, a capped bonus and a veto capping the
//     grade whatever the score (seeds/001 task 2 一票否优);
//   - every figure drills down to the records that add up to it (the same SQL);
//   - publishing freezes: data changed afterwards leaves the frozen figures and their
//     records as they were, while a draft scheme recomputes;
//   - the enterprise sees the published table and only its own detail;
//   - accountability measures (点名/通报/约谈/移交) linked to a finding of the same
//     enterprise;
//   - the scope matrix of every new entity and action; bad input 400 naming the field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs } from './lib.mjs';

const NOW = '2026-11-22 10:00:00';
let srv, admin, reg, mgr, pri, staff, mgr2;

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: NOW, ANJIAN_SCHED: 'off' } });
  [admin, reg, mgr, pri, staff, mgr2] = await Promise.all(
    ['admin', 'regulator', 'manager', 'principal', 'staff', 'manager2'].map((u) => loginAs(srv.base, u)));
});
after(async () => { await srv?.stop(); });

const ok = (r, status = 200) => { assert.equal(r.status, status, r.body); return r.json; };
const orgA = () => mgr.me.org.id;
const orgB = () => mgr2.me.org.id;
// points = weight × ok / total, half up to 0.01; nothing owed = the full weight
const points = (w, o, t) => (t === 0 ? w : Math.floor((2 * w * 100 * o + t) / (2 * t)) / 100);
const WEIGHTS = { hazard_ontime: 30, major_cleared: 20, obligation_ontime: 30, accident_free: 20 };

async function scheme(body = {}) {
  const s = ok(await reg.post('/api/eval_scheme', { name: '2026年度安全生产考核（测试）', year: 2026,
    band_excellent: 20, band_good: 10, band_pass: 5, veto_accident_death: true, ...body }), 201);
  for (const [code, weight] of Object.entries(WEIGHTS))
    ok(await reg.post('/api/eval_indicator', { scheme_id: s.id, code, weight }), 201);
  return s;
}
async function ranking(c, id, by) {
  return ok(await c.get(`/api/eval/scheme/${id}/ranking${by ? `?by=${by}` : ''}`));
}
async function source(c, id, org, code) {
  return ok(await c.get(`/api/eval/scheme/${id}/source?org_id=${org}&code=${code}`));
}
const accident = (o = {}) => ({
  occurred_at: '2026-11-21 08:30:00', place: '三号车间冲压线', accident_type: '2025:04',
  account: '操作工在更换模具时被挤压，经抢救无效死亡', reporter: '沈卫东',
  reported_at: '2026-11-21 09:10:00', deaths: 1, ...o,
});

let S;	// the hand-worked scheme, published in the freezing test

test('hand-worked scheme: weights, a deduction, a bonus capped at 5, the veto caps the grade', async () => {
  S = await scheme();
  const before = (await ranking(reg, S.id)).items.find((x) => x.org_id === orgA());
  assert.equal(before.vetoed, false);
  // the hand-worked sum from the records behind each figure
  let want = 0;
  for (const [code, w] of Object.entries(WEIGHTS)) {
    const src = await source(reg, S.id, orgA(), code);
    const okN = src.items.filter((x) => x.ok).length;
    assert.equal(before.figures[code].total, src.items.length, code);
    assert.equal(before.figures[code].ok, okN, code);
    assert.equal(before.figures[code].points, points(w, okN, src.items.length), code);
    want += points(w, okN, src.items.length);
  }
  assert.equal(before.points, Math.round(want * 100) / 100);

  // 扣分 3 with its reason; 加分 4 + 4 = 8, capped at the scheme's 5
  ok(await reg.post('/api/eval_adjust', { scheme_id: S.id, org_id: orgA(), kind: 'deduct', points: 3,
    reason: '10月份信息报送逾期', adjust_date: '2026-11-05' }), 201);
  ok(await reg.post('/api/eval_adjust', { scheme_id: S.id, org_id: orgA(), kind: 'bonus', points: 4,
    reason: '六个一活动成效突出（seeds/002 §五(三)）' }), 201);
  ok(await reg.post('/api/eval_adjust', { scheme_id: S.id, org_id: orgA(), kind: 'bonus', points: 4,
    reason: '区级表彰' }), 201);
  // a death in the year: accident_free loses its 20 points and 一票否优 applies
  const acc = ok(await mgr.post('/api/accident', accident()), 201);
  const a = (await ranking(reg, S.id)).items.find((x) => x.org_id === orgA());
  assert.equal(a.figures.accident_free.total, before.figures.accident_free.total + 1);
  assert.equal(a.figures.accident_free.points, 0);
  // (the accident's own 1-hour report duty joined the calendar: re-add from the records)
  let p = 0;
  for (const [code, w] of Object.entries(WEIGHTS)) {
    const src = await source(reg, S.id, orgA(), code);
    p += points(w, src.items.filter((x) => x.ok).length, src.items.length);
  }
  p = Math.round(p * 100) / 100;
  assert.equal(a.points, p);
  assert.equal(a.deductions, 3);
  assert.equal(a.bonuses, 8);
  assert.equal(a.score, Math.round((p - 3 + 5) * 100) / 100);
  // bands 20 / 10 / 5: the score alone is 优秀, the veto caps it at 良好
  assert.equal(a.grade_by_score, 'excellent');
  assert.equal(a.grade, 'good');
  assert.equal(a.capped, true);
  assert.equal(a.vetoed, true);
  assert.deepEqual(a.vetoes.map((v) => v.code), ['accident_death']);
  const v = await source(reg, S.id, orgA(), 'accident_death');
  assert.deepEqual(v.items.map((x) => x.id), [acc.id]);
  // the adjustments drill down too
  const adj = await source(reg, S.id, orgA(), 'adjust');
  assert.equal(adj.items.length, 3);
  assert.equal(adj.items.filter((x) => !x.ok).reduce((s, x) => s + x.points, 0), 3);
  // B has no veto and keeps its grade by score
  const b = (await ranking(reg, S.id)).items.find((x) => x.org_id === orgB());
  assert.equal(b.vetoed, false);
  assert.equal(b.grade, b.grade_by_score);
  // a scheme whose cap is 不合格 (一票否决)
  const strict = await scheme({ name: '一票否决方案', veto_cap: 'fail' });
  const sa = (await ranking(reg, strict.id)).items.find((x) => x.org_id === orgA());
  assert.equal(sa.grade, 'fail');
});

test('every figure of every enterprise adds up to its records', async () => {
  const r = await ranking(reg, S.id);
  assert.equal(r.frozen, false);
  assert.ok(r.items.length >= 10, 'the district\'s enterprises are ranked');
  // ranks follow the score
  for (let i = 1; i < r.items.length; i++) assert.ok(r.items[i - 1].score >= r.items[i].score);
  for (const it of r.items.slice(0, 5)) {
    let sum = 0;
    for (const code of Object.keys(WEIGHTS)) {
      const src = await source(reg, S.id, it.org_id, code);
      assert.equal(src.items.length, it.figures[code].total, `${it.enterprise_name} ${code}`);
      assert.equal(src.items.filter((x) => x.ok).length, it.figures[code].ok);
      sum += it.figures[code].points;
    }
    assert.equal(it.points, Math.round(sum * 100) / 100);
  }
  // the rankings by on-time rate and by overdue hazards
  const byOn = await ranking(reg, S.id, 'ontime');
  for (let i = 1; i < byOn.items.length; i++) assert.ok(byOn.items[i - 1].ontime_rate >= byOn.items[i].ontime_rate);
  const byOver = await ranking(reg, S.id, 'overdue');
  for (let i = 1; i < byOver.items.length; i++)
    assert.ok(byOver.items[i - 1].overdue_hazards >= byOver.items[i].overdue_hazards);
  const top = byOver.items[0];
  const hz = await source(reg, S.id, top.org_id, 'hazard_ontime');
  assert.equal(hz.items.filter((x) => !x.ok).length, top.overdue_hazards);
  const ob = await source(reg, S.id, top.org_id, 'obligation_ontime');
  assert.equal(ob.items.length ? Math.round(ob.items.filter((x) => x.ok).length * 1000 / ob.items.length) / 10 : 100,
    top.ontime_rate);
});

test('publishing freezes the figures and the records behind them', async () => {
  const live = (await ranking(reg, S.id)).items.find((x) => x.org_id === orgA());
  const liveSrc = await source(reg, S.id, orgA(), 'accident_free');
  const pub = ok(await reg.post(`/api/eval/scheme/${S.id}/publish`));
  assert.equal(pub.status, 'published');
  ok(await reg.post(`/api/eval/scheme/${S.id}/publish`), 409);
  // the data changes: another accident of A, and a draft scheme sees it
  ok(await mgr.post('/api/accident', accident({ occurred_at: '2026-11-21 14:00:00', deaths: 0,
    serious_injuries: 1, account: '叉车倒车撞伤一人', reported_at: '2026-11-21 14:30:00' })), 201);
  const frozen = (await ranking(reg, S.id)).items.find((x) => x.org_id === orgA());
  assert.equal((await ranking(reg, S.id)).frozen, true);
  for (const k of ['score', 'points', 'grade', 'rank', 'deductions', 'bonuses']) assert.equal(frozen[k], live[k], k);
  assert.deepEqual(frozen.figures, live.figures);
  const fsrc = await source(reg, S.id, orgA(), 'accident_free');
  assert.equal(fsrc.frozen, true);
  assert.deepEqual(fsrc.items.map((x) => x.id), liveSrc.items.map((x) => x.id));
  const fresh = await scheme({ name: '重算对照方案' });
  const now = (await ranking(reg, fresh.id)).items.find((x) => x.org_id === orgA());
  assert.equal(now.figures.accident_free.total, live.figures.accident_free.total + 1);
  // a published scheme, its indicators and adjustments are closed
  let r = await reg.put(`/api/eval_scheme/${S.id}`, { name: '改名' });
  assert.equal(r.status, 409);
  r = await reg.post('/api/eval_adjust', { scheme_id: S.id, org_id: orgA(), kind: 'deduct', points: 1, reason: '补扣' });
  assert.equal(r.status, 409);
  r = await reg.del(`/api/eval_scheme/${S.id}`);
  assert.equal(r.status, 409);
  // the frozen results are rows of their enterprises
  const rows = ok(await reg.get(`/api/eval_result?scheme_id=${S.id}&size=100`));
  assert.equal(rows.total, (await ranking(reg, S.id)).items.length);
  // the snapshot itself is served by the drill-down only (not in lists or exports)
  assert.equal(rows.items[0].detail, undefined);
  assert.equal(rows.items[0].figures, undefined);
  // the frozen table keeps the scheme's indicators and veto rules
  const head = await ranking(reg, S.id);
  assert.deepEqual(head.indicators.map((i) => [i.code, i.weight]), Object.entries(WEIGHTS));
  assert.deepEqual(head.veto_rules.map((v) => v.code), ['accident_death']);
});

test('the enterprise sees the published table and only its own detail', async () => {
  const t = await ranking(mgr, S.id);
  const mine = t.items.filter((x) => x.mine);
  assert.equal(mine.length, 1);
  assert.equal(mine[0].org_id, orgA());
  assert.ok(mine[0].figures, JSON.stringify(mine[0]));
  assert.ok(mine[0].result_id > 0, JSON.stringify(mine[0]));
  for (const x of t.items.filter((y) => !y.mine)) {
    assert.equal(x.figures, undefined);
    assert.equal(x.result_id, 0);
    assert.equal(typeof x.score, 'number');
  }
  const own = await source(mgr, S.id, orgA(), 'hazard_ontime');
  assert.equal(own.items.length, mine[0].figures.hazard_ontime.total);
  assert.equal((await mgr.get(`/api/eval/scheme/${S.id}/source?org_id=${orgB()}&code=hazard_ontime`)).status, 404);
  assert.equal((await mgr2.get(`/api/eval/scheme/${S.id}/source?org_id=${orgA()}&code=accident_death`)).status, 404);
  const res = ok(await mgr.get('/api/eval_result?size=100'));
  // (A is a group: its own subsidiaries' results are in its scope, B's are not)
  assert.ok(res.items.some((x) => x.org_id === orgA()));
  assert.ok(!res.items.some((x) => x.org_id === orgB()));
  assert.ok(res.items.length < t.items.length);
  // a draft is the district's only
  const draft = await scheme({ name: '未发布方案' });
  assert.equal((await mgr.get(`/api/eval/scheme/${draft.id}/ranking`)).status, 404);
  assert.equal((await mgr.get(`/api/eval/scheme/${draft.id}/source?org_id=${orgA()}&code=hazard_ontime`)).status, 404);
});

test('accountability measures are linked to a finding of the same enterprise', async () => {
  const hz = ok(await reg.get(`/api/hazard?org_id=${orgA()}&size=1`)).items[0];
  const hzB = ok(await reg.get(`/api/hazard?org_id=${orgB()}&size=1`)).items[0];
  const res = ok(await reg.get(`/api/eval_result?scheme_id=${S.id}&size=100`)).items.find((x) => x.org_id === orgA());
  const m = ok(await reg.post('/api/eval_measure', { org_id: orgA(), kind: 'interview', measure_date: '2026-11-22',
    finding_type: 'eval_result', finding_id: res.id, reason: '发生亡人事故，一票否优，约谈主要负责人',
    target_person: '张建国' }), 201);
  assert.equal(m.kind_label ?? '约谈', '约谈');
  ok(await reg.post('/api/eval_measure', { org_id: orgA(), kind: 'bulletin', measure_date: '2026-11-22',
    finding_type: 'hazard', finding_id: hz.id, reason: '隐患逾期未整改，予以通报' }), 201);
  let r = await reg.post('/api/eval_measure', { org_id: orgA(), kind: 'roll_call', measure_date: '2026-11-22',
    finding_type: 'hazard', finding_id: hzB.id, reason: '张冠李戴' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'finding_id');
  r = await reg.post('/api/eval_measure', { org_id: orgA(), kind: 'roll_call', measure_date: '2026-11-22',
    finding_type: 'hazard', reason: '缺少来源' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'finding_id');
  // the enterprise sees its own measures, not another's
  ok(await mgr.get(`/api/eval_measure/${m.id}`));
  assert.equal((await mgr2.get(`/api/eval_measure/${m.id}`)).status, 404);
  assert.equal((await mgr.post('/api/eval_measure', { org_id: orgA(), kind: 'roll_call', measure_date: '2026-11-22',
    finding_type: 'hazard', finding_id: hz.id, reason: '自己点自己' })).status, 403);
});

test('scope matrix of the new entities and actions', async () => {
  const s = await scheme({ name: '权限矩阵方案' });
  // the scheme and its parts: the district reads and writes, enterprises do neither
  for (const c of [mgr, pri, staff]) {
    assert.equal((await c.get('/api/eval_scheme')).status, 403);
    assert.equal((await c.get(`/api/eval_scheme/${s.id}`)).status, 403);
    assert.equal((await c.post('/api/eval_scheme', { name: 'x', year: 2026 })).status, 403);
    assert.equal((await c.get('/api/eval_indicator')).status, 403);
    assert.equal((await c.post('/api/eval_adjust', { scheme_id: s.id, org_id: orgA(), kind: 'bonus', points: 1, reason: 'x' })).status, 403);
    assert.equal((await c.post(`/api/eval/scheme/${s.id}/publish`)).status, 403);
  }
  ok(await admin.get(`/api/eval_scheme/${s.id}`));
  // results are written by publishing only
  assert.ok([403, 405].includes((await admin.post('/api/eval_result', { scheme_id: s.id })).status));
  assert.ok([403, 405].includes((await reg.del(`/api/eval_result/1`)).status));
  // an adjustment must name an enterprise
  let r = await reg.post('/api/eval_adjust', { scheme_id: s.id, kind: 'deduct', points: 1, reason: '未指定企业' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'org_id');
  ok(await reg.post(`/api/eval/scheme/${s.id}/publish`));
});

test('bad input: 400 naming the field, nothing written', async () => {
  let r = await reg.post('/api/eval_scheme', { name: '分数线颠倒', year: 2026, band_excellent: 70, band_good: 80 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'band_good');
  r = await reg.post('/api/eval_scheme', { name: '年度缺失' });
  assert.equal(r.json.error.field, 'year');
  const s = ok(await reg.post('/api/eval_scheme', { name: '分值校验', year: 2026 }), 201);
  ok(await reg.post('/api/eval_indicator', { scheme_id: s.id, code: 'hazard_ontime', weight: 80 }), 201);
  r = await reg.post('/api/eval_indicator', { scheme_id: s.id, code: 'drill_done', weight: 30 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'weight');
  assert.match(r.json.error.message, /100/);
  r = await reg.post('/api/eval_indicator', { scheme_id: s.id, code: 'hazard_ontime', weight: 10 });
  assert.equal(r.json.error.field, 'code');
  r = await reg.post('/api/eval_indicator', { scheme_id: s.id, code: 'no_such', weight: 10 });
  assert.equal(r.json.error.field, 'code');
  const n = ok(await reg.get(`/api/eval_indicator?scheme_id=${s.id}`)).total;
  assert.equal(n, 1);
  r = await reg.get(`/api/eval/scheme/${s.id}/ranking?by=name`);
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'by');
  r = await reg.get(`/api/eval/scheme/${s.id}/source?org_id=${orgA()}&code=nope`);
  assert.equal(r.json.error.field, 'code');
  r = await reg.get(`/api/eval/scheme/${s.id}/source?code=hazard_ontime`);
  assert.equal(r.json.error.field, 'org_id');
  const empty = ok(await reg.post('/api/eval_scheme', { name: '无指标', year: 2026 }), 201);
  r = await reg.post(`/api/eval/scheme/${empty.id}/publish`);
  assert.equal(r.status, 400);
  assert.equal(ok(await reg.get(`/api/eval_scheme/${empty.id}`)).status, 'draft');
});
