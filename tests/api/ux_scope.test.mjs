// What users see, the points left over from issue 12, at the API:
//   - 我的岗位告知卡: staff read the card of their own post (their in-post employee
//     record's unit) through GET /api/risk/my-card, and no other post's card
//     (GET /api/risk/card leaves staff out); someone without a post gets none;
//     an enterprise cannot link another enterprise's account to its roster.
//   - a group manager registers a hazard in a subsidiary in scope (所属企业), and is
//     refused an enterprise outside it and a unit of another company; org units
//     carry their company for the pickers.
//   - exports: the major-hazard ledger follows ?status (its tab), carries 五落实,
//     验收人, 销号日期, 判定依据, 双报告, is named 重大隐患清单_<date>.xlsx (RFC 5987
//     filename*), ?title= names a list's file and is checked; no export repeats the
//     org in a 所属单位 column.
//   - the cockpit ranking: each row's score parts sum to its score, rows in score
//     order, the weights beside them.
// Demo district, fixed clock, both backends (ANJIAN_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs } from './lib.mjs';
import { sheetRows } from './xlsx.mjs';

const NOW = '2026-11-22 10:00:00';
const TODAY = NOW.slice(0, 10);
let srv, reg, mgr, mgr2, staff, principal, admin;

before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: NOW } });
  [reg, mgr, mgr2, staff, principal, admin] = await Promise.all(
    ['regulator', 'manager', 'manager2', 'staff', 'principal', 'admin'].map((u) => loginAs(srv.base, u)));
});
after(async () => { await srv?.stop(); });

async function ok(p, status = 200) {
  const r = await p;
  assert.equal(r.status, status, r.body);
  return r.json;
}

/* The UTF-8 file name of a Content-Disposition (RFC 5987 filename*). */
function fileName(r) {
  const cd = r.headers.get('content-disposition') || '';
  const m = cd.match(/filename\*=UTF-8''([^;]+)/);
  assert.ok(m, `filename* in ${cd}`);
  assert.match(cd, /^attachment; filename="[^"]*"; filename\*=/, 'an ASCII fallback before it');
  return decodeURIComponent(m[1]);
}
async function xlsx(c, path) {
  const r = await c.get(path, { raw: true });
  assert.equal(r.status, 200, r.body.toString());
  assert.equal(r.body.subarray(0, 2).toString(), 'PK');
  return { name: fileName(r), rows: sheetRows(r.body) };
}

// ---- 我的岗位告知卡 ------------------------------------------------------------

test('staff read their own post\'s card and no other', async () => {
  const me = (await staff.get('/api/auth/me')).json;
  const emp = (await ok(mgr.get('/api/employee?size=100'))).items.find((e) => e.user_id === me.user.id);
  assert.ok(emp && emp.unit_id, 'the demo staff account is on the roster with a post');
  assert.equal(emp.name, me.user.name);
  const card = await ok(staff.get('/api/risk/my-card'));
  assert.equal(card.post.id, emp.unit_id);
  assert.equal(card.post.name, '配电值班员');
  assert.equal(card.post.unit_level, 'post');
  assert.equal(card.enterprise.org_id, me.org.id);
  // the same body as the manager's card of that post, risks with measures and emergency measures
  const asMgr = await ok(mgr.get(`/api/risk/card?post_id=${emp.unit_id}`));
  assert.deepEqual(card, asMgr);
  assert.ok(card.risk_points.length > 0);
  for (const p of card.risk_points) {
    const rp = await ok(mgr.get(`/api/risk_point/${p.id}`));
    assert.ok(rp.post_id === emp.unit_id || rp.unit_id === emp.unit_id, `${p.name} is the post's`);
    assert.ok(p.measures.length > 0, `${p.name} has measures`);
    assert.ok(p.emergency_measures, `${p.name} has emergency measures`);
  }
  // no other post's card, not even by asking for their own through the manager's route
  const posts = (await ok(mgr.get('/api/org?kind=unit&unit_level=post&size=100'))).items;
  const other = posts.find((p) => p.id !== emp.unit_id);
  for (const id of [other.id, emp.unit_id]) {
    const r = await staff.get(`/api/risk/card?post_id=${id}`);
    assert.equal(r.status, 403, r.body);
    assert.ok(!r.body.includes('risk_points'));
  }
});

test('without a post there is no card, and the message says who sets it', async () => {
  for (const c of [mgr, reg]) {
    const r = await ok(c.get('/api/risk/my-card'));
    assert.equal(r.post, null);
    assert.deepEqual(r.risk_points, []);
    assert.match(r.message, /从业人员/);
  }
  assert.equal((await fetch(srv.base + '/api/risk/my-card')).status, 401);
});

test('linking an account to a post gives its owner that card; another enterprise cannot link it', async () => {
  const pme = (await principal.get('/api/auth/me')).json;
  const posts = (await ok(mgr.get('/api/org?kind=unit&unit_level=post&size=100'))).items;
  const post = posts.find((p) => p.name === '调压站巡检工');	// in the group's 燃气 subsidiary
  assert.ok(post);
  // the principal is the group's: the roster of 燃气 may name them (a group's people act in it)
  const gas = (await ok(mgr.get('/api/enterprise?size=100'))).items.find((e) => e.name === '上海青浦燃气有限公司');
  const row = await ok(mgr.post('/api/employee', { org_id: gas.org_id, name: pme.user.name, kind: 'principal',
    post: '巡检', unit_id: post.id, user_id: pme.user.id, status: 'in_post' }), 201);
  const card = await ok(principal.get('/api/risk/my-card'));
  assert.equal(card.post.id, post.id);
  assert.equal(card.enterprise.org_id, gas.org_id);
  // left the post: no card any more
  await ok(mgr.put(`/api/employee/${row.id}`, { status: 'left' }));
  assert.equal((await ok(principal.get('/api/risk/my-card'))).post, null);
  // 精工金属 cannot put the group's staff account on its roster
  const sme = (await staff.get('/api/auth/me')).json;
  const r = await mgr2.post('/api/employee', { name: '冒用账号', kind: 'employee', status: 'in_post', user_id: sme.user.id });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'user_id');
});

// ---- the group's hazards ---------------------------------------------------------

test('a group manager registers a hazard in a subsidiary in scope, and is refused outside it', async () => {
  const ents = (await ok(mgr.get('/api/enterprise?size=100'))).items;
  const gas = ents.find((e) => e.name === '上海青浦燃气有限公司');
  assert.ok(gas && ents.length > 1, 'the group sees its subsidiaries');
  const units = (await ok(mgr.get('/api/org?kind=unit&size=100'))).items;
  const gasUnit = units.find((u) => u.name === '调压运行部');
  assert.equal(gasUnit.company, '青浦燃气', 'units carry their company');
  const ownUnit = units.find((u) => u.name === '后勤保障部');
  assert.equal(ownUnit.company, '青浦城投');
  const nonUnit = (await ok(mgr.get(`/api/org/${gas.org_id}`)));
  assert.equal(nonUnit.company ?? null, null, 'an enterprise node has no company of its own');

  const h = await ok(mgr.post('/api/hazard', { title: '集团登记：调压站围栏破损', org_id: gas.org_id,
    unit_id: gasUnit.id, found_at: TODAY, level: 'general', category: 'thing' }), 201);
  assert.equal(h.org_id, gas.org_id, 'the hazard is the subsidiary\'s');
  assert.equal(h.unit_id, gasUnit.id);
  const seen = await ok(reg.get(`/api/hazard/${h.id}`));
  assert.equal(seen.org_id, gas.org_id);

  const before = (await ok(admin.get('/api/hazard?size=1'))).total;
  // another company's unit for the chosen enterprise: refused under the field
  let r = await mgr.post('/api/hazard', { title: '单位不符', org_id: gas.org_id, unit_id: ownUnit.id, found_at: TODAY });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'unit_id');
  // an enterprise outside the group's scope: as if it did not exist
  const metal = (await ok(reg.get('/api/enterprise?size=100'))).items.find((e) => e.name === '上海青浦精工金属制品有限公司');
  r = await mgr.post('/api/hazard', { title: '越权登记', org_id: metal.org_id, found_at: TODAY });
  assert.equal(r.status, 404, r.body);
  assert.equal(r.json.error.field, 'org_id');
  // and the other way round: 精工金属's manager may not register in the group's subsidiary
  r = await mgr2.post('/api/hazard', { title: '越权登记', org_id: gas.org_id, found_at: TODAY });
  assert.equal(r.status, 404, r.body);
  assert.equal((await ok(admin.get('/api/hazard?size=1'))).total, before, 'nothing written');
});

// ---- exports -------------------------------------------------------------------

const LEDGER = ['隐患名称', '企业', '判定依据', '状态', '发现日期', '整改责任人', '整改措施', '整改资金（元）',
  '整改期限', '应急预案', '挂牌督办', '督办单位', '督办期限', '双报告', '验收人', '销号日期', '已逾期'];

test('the major-hazard ledger follows its tab, with the ledger\'s columns once each', async () => {
  const open = await ok(reg.get('/api/hazard/major?status=open'));
  const all = await ok(reg.get('/api/hazard/major?status=all'));
  assert.ok(all.total > open.total && open.total > 0, `demo: ${open.total} open of ${all.total}`);
  let x = await xlsx(reg, '/api/hazard/major/export?status=open');
  assert.equal(x.name, `重大隐患清单_${TODAY}.xlsx`);
  assert.deepEqual(x.rows[0], LEDGER, 'the columns in the ledger\'s order, none repeated');
  assert.equal(x.rows.length - 1, open.total, 'the open tab: the open rows');
  assert.ok(x.rows.slice(1).every((r) => r[3] !== '已销号'));
  x = await xlsx(reg, '/api/hazard/major/export?status=all');
  assert.equal(x.rows.length - 1, all.total, 'the whole list');
  const col = (n) => LEDGER.indexOf(n);
  for (const item of all.items) {
    const row = x.rows.find((r) => r[0] === item.title);
    assert.ok(row, item.title);
    assert.equal(row[col('判定依据')], item.criterion_text || '');
    assert.ok(row[col('判定依据')], `${item.title}: 判定依据 written`);
    assert.equal(row[col('整改责任人')], item.plan_responsible_name || '');
    assert.equal(row[col('验收人')], item.verifier_name || '');
    assert.equal(row[col('销号日期')], item.closed_at || '');
    assert.equal(row[col('双报告')], item.dual_reported ? '是' : '否');
    if (item.plan_funds !== null) assert.equal(Number(row[col('整改资金（元）')]), item.plan_funds);
  }
  const closed = all.items.find((i) => i.status === 'closed');
  assert.ok(closed && closed.verifier_name && closed.closed_at, 'a closed one names its 验收人 and 销号日期');
  // the catalogue item comes first, then the hazard's own basis
  const cat = all.items.find((i) => i.major_criterion_id);
  assert.ok(cat.criterion_text.includes('第'), cat.criterion_text);
  // the other filters narrow the export as they narrow the list
  const sup = await ok(reg.get('/api/hazard/major?status=all&supervised=true'));
  x = await xlsx(reg, '/api/hazard/major/export?status=all&supervised=true');
  assert.equal(x.rows.length - 1, sup.total);
});

test('?title= names the file of a list; a bad title is refused', async () => {
  let x = await xlsx(reg, `/api/hazard/major/export?status=open&title=${encodeURIComponent('重大隐患清单（未销号）')}`);
  assert.equal(x.name, `重大隐患清单（未销号）_${TODAY}.xlsx`);
  x = await xlsx(mgr, `/api/hazard/export?title=${encodeURIComponent('隐患台账')}`);
  assert.equal(x.name, `隐患台账_${TODAY}.xlsx`);
  x = await xlsx(mgr, '/api/hazard/export');
  assert.equal(x.name, `隐患_${TODAY}.xlsx`, 'without a title: the entity\'s label');
  for (const bad of ['../etc', 'a\\b', 'x"y', '.hidden', '隐'.repeat(41), 'a\u0001b']) {
    for (const path of ['/api/hazard/export', '/api/hazard/major/export']) {
      const r = await mgr.get(`${path}?title=${encodeURIComponent(bad)}`);
      assert.equal(r.status, 400, `${path} ${JSON.stringify(bad)}: ${r.body}`);
      assert.equal(r.json.error.field, 'title');
    }
  }
  x = await xlsx(mgr, `/api/hazard/export?title=${encodeURIComponent('隐'.repeat(40))}`);
  assert.equal(x.name, `${'隐'.repeat(40)}_${TODAY}.xlsx`, 'forty characters are allowed');
});

test('no export repeats the row\'s org in a 所属单位 column', async () => {
  const meta = (await ok(admin.get('/api/meta'))).entities;
  const checked = [];
  for (const e of meta) {
    const r = await admin.get(`/api/${e.name}/export`, { raw: true });
    if (r.status !== 200) continue;
    const rows = sheetRows(r.body);
    const hdr = rows[0] || [];
    assert.equal(new Set(hdr).size, hdr.length, `${e.name}: no header twice: ${hdr}`);
    if (hdr[0] !== '所属单位' || rows.length < 3) continue;
    checked.push(e.name);
    for (let k = 1; k < hdr.length; k++) {
      const same = rows.slice(1).every((row) => row[k] === row[0]) && rows.slice(1).some((row) => row[0]);
      assert.ok(!same, `${e.name}: 所属单位 repeats ${hdr[k]}`);
    }
  }
  assert.ok(checked.includes('hazard') && checked.includes('employee'), checked.join(','));
  for (const [name, first] of [['enterprise', '企业名称'], ['post_duty', '岗位'], ['org', '名称']]) {
    const x = await xlsx(admin, `/api/${name}/export`);
    assert.equal(x.rows[0][0], first, `${name}: the org is named by its own column`);
    assert.ok(!x.rows[0].includes('所属单位'));
  }
});

// ---- the cockpit ranking --------------------------------------------------------

test('the cockpit ranking carries its score\'s parts and weights, in score order', async () => {
  const c = await ok(reg.get('/api/dashboard/cockpit'));
  const w = c.score_weights;
  assert.deepEqual(Object.keys(w).sort(), ['late', 'open_general', 'open_major', 'orange', 'overdue', 'red', 'yellow']);
  assert.ok(c.ranking.length > 3);
  for (const r of c.ranking) {
    const p = r.score_parts;
    assert.equal(p.colour + p.open_major + p.overdue + p.open_general + p.late, r.score, r.name);
    assert.equal(p.colour, { red: w.red, orange: w.orange, yellow: w.yellow }[r.colour] ?? 0, `${r.name} ${r.colour}`);
    assert.equal(p.open_major, w.open_major * r.open_major);
    assert.equal(p.overdue, w.overdue * r.overdue);
    assert.equal(p.open_general, w.open_general * r.open_general);
    assert.equal(r.open_total, r.open_general + r.open_major);
    assert.equal(p.late, r.on_time_rate === null ? 0 : Math.round(w.late * (1 - r.on_time_rate)));
  }
  const scores = c.ranking.map((r) => r.score);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'worst score first');
});

// A list page and its total may leave out the per-row scope check when no row of the
// table lies in an org the asker does not see (src/entity/list.c lp_where, asking
// scope_covers_table, whose answer each thread remembers until the next commit; the
// unseen orgs are kept in scope_unseen by scope_rebuild). The regulator of 国资委 does
// not see 青浦区安委办: once a record of the 安委办 exists, the regulator's page and
// total, asked just before, must still hold only the records it may see.
test('a total counts only what the asker sees, also when a record lies in an org it does not see', async () => {
  const orgs = (await admin.get(`/api/org?q=${encodeURIComponent('安委办')}&size=20`)).json.items;
  const committee = orgs.find((o) => o.name === '青浦区安委办');
  assert.ok(committee, 'the demo has 青浦区安委办');
  assert.equal((await reg.get(`/api/org/${committee.id}`)).status, 404, 'the regulator does not see it');
  const counts = async (c) => {
    const one = (await c.get('/api/leader?size=1')).json;
    const all = (await c.get('/api/leader?size=200')).json;
    assert.equal(one.total, all.items.length, `${c.me.user.username}: total equals the rows listed`);
    return all.items;
  };
  const before = await counts(reg);
  const r = await admin.post('/api/leader', { name: '安委办测试', position: '专职副主任', org_id: committee.id });
  assert.equal(r.status, 201, r.body);
  const after = await counts(reg);
  assert.equal(after.length, before.length, 'the 安委办 record is not the regulator\'s');
  assert.ok(!after.some((l) => l.id === r.json.id));
  assert.ok((await counts(admin)).some((l) => l.id === r.json.id), 'the admin sees it');
});
