// Entity core over HTTP (src/entity): /api/meta, generic CRUD of a declared entity
// (outlet, 网点), validation errors that change nothing, list filters / keyword /
// sort / paging, the .xlsx export, the audit log, and the cross-enterprise scope
// matrix (manager2 of enterprise B must not read, list, change, delete or export
// enterprise A's rows; the regulator sees both).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs } from './lib.mjs';
import { unzipEntry } from './xlsx.mjs';

let srv, mgr, mgr2, reg, admin;
const tag = `T${Date.now() % 100000}`;	// a keyword only our rows contain

before(async () => {
  srv = await startServer();
  mgr = await loginAs(srv.base, 'manager');
  mgr2 = await loginAs(srv.base, 'manager2');
  reg = await loginAs(srv.base, 'regulator');
  admin = await loginAs(srv.base, 'admin');
});
after(async () => { await srv?.stop(); });

/** A valid outlet body of the manager's own org. */
function outlet(c, extra = {}) {
  return { name: `${tag}网点`, kind: 'self_operated', address: '上海市青浦区测试路1号',
    org_id: c.me.org.id, ...extra };
}

async function total(c, qs) {
  const r = await c.get(`/api/outlet?size=1&${qs}`);
  assert.equal(r.status, 200, r.body);
  return r.json.total;
}

test('GET /api/meta describes entities, fields and the caller\'s permissions', async () => {
  const r = await mgr.get('/api/meta');
  assert.equal(r.status, 200);
  const o = r.json.entities.find((e) => e.name === 'outlet');
  assert.ok(o, 'outlet declared');
  assert.equal(o.label, '网点');
  assert.equal(o.can_create, true);
  assert.equal(o.can_update, true);
  assert.equal(o.can_delete, true);
  const name = o.fields.find((f) => f.name === 'name');
  for (const k of ['name', 'label', 'type', 'required', 'filter', 'search', 'sort', 'list',
    'readonly', 'hidden', 'range', 'unique', 'virtual']) assert.ok(k in name, `field key ${k}`);
  assert.equal(name.type, 'text');
  assert.equal(name.required, true);
  const kind = o.fields.find((f) => f.name === 'kind');
  assert.equal(kind.type, 'enum');
  assert.deepEqual(kind.options.map((x) => x.value).sort(), ['leased_in', 'leased_out', 'self_operated']);
  assert.ok(kind.options.every((x) => x.label));
  const c = r.json.entities.find((e) => e.name === 'contractor');
  const exp = c.fields.find((f) => f.name === 'qualification_expired');
  assert.equal(exp.virtual, true);
  assert.equal(exp.readonly, true);
  assert.ok(r.json.roles.some((x) => x.value === 'regulator' && x.label));
  // the audit log is for admin and regulator only
  assert.equal(r.json.entities.some((e) => e.name === 'audit'), false);
  const rr = await reg.get('/api/meta');
  const a = rr.json.entities.find((e) => e.name === 'audit');
  assert.ok(a);
  assert.equal(a.can_create, false);
  assert.equal(a.can_delete, false);
  // unknown entity
  assert.equal((await mgr.get('/api/no_such_thing')).status, 404);
});

test('create, read, partial update and delete of an outlet as manager', async () => {
  let r = await mgr.post('/api/outlet', outlet(mgr, { name: `${tag}增删改查`, area: 120.5, agreement_signed: false }));
  assert.equal(r.status, 201, r.body);
  const row = r.json;
  assert.ok(row.id > 0);
  assert.equal(row.name, `${tag}增删改查`);
  assert.equal(row.org_id, mgr.me.org.id);
  assert.equal(row.org_name, mgr.me.org.name);
  assert.equal(row.agreement_signed, false);
  assert.deepEqual(row.agreement_files, []);
  assert.match(row.created_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  r = await mgr.get(`/api/outlet/${row.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.area, 120.5);
  assert.deepEqual(r.json.agreement_files_files, []);
  // partial: only address changes, the rest stays
  r = await mgr.put(`/api/outlet/${row.id}`, { address: '上海市青浦区新地址2号' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.address, '上海市青浦区新地址2号');
  assert.equal(r.json.name, `${tag}增删改查`);
  assert.equal(r.json.kind, 'self_operated');
  assert.equal(r.json.area, 120.5);
  // our own output keys sent back are ignored, not refused
  r = await mgr.put(`/api/outlet/${row.id}`, { ...r.json, id: 999999, org_name: 'x', name: `${tag}改名` });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.id, row.id);
  assert.equal(r.json.name, `${tag}改名`);
  r = await mgr.del(`/api/outlet/${row.id}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { ok: true });
  assert.equal((await mgr.get(`/api/outlet/${row.id}`)).status, 404);
  assert.equal((await mgr.del(`/api/outlet/${row.id}`)).status, 404);
});

test('validation errors name every field and change nothing', async () => {
  const before = await total(mgr, '');
  let r = await mgr.post('/api/outlet', { kind: 'castle', address: '', lease_start: '2024-02-30',
    area: 'big', org_id: mgr.me.org.id });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.code, 'validation');
  const f = r.json.error.fields;
  assert.equal(f.name, '网点名称不能为空');
  assert.match(f.kind, /^经营方式/);
  assert.match(f.address, /不能为空/);
  assert.match(f.lease_start, /日期/);
  assert.match(f.area, /数字/);
  assert.ok(r.json.error.field in f);
  assert.equal(r.json.error.message, f[r.json.error.field]);
  // bool accepts true/false only
  r = await mgr.post('/api/outlet', outlet(mgr, { agreement_signed: 1 }));
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'agreement_signed');
  // over-long text
  r = await mgr.post('/api/outlet', outlet(mgr, { name: '名'.repeat(201) }));
  assert.equal(r.status, 400);
  assert.equal(r.json.error.fields.name, '网点名称不能超过200个字');
  // unknown key
  r = await mgr.post('/api/outlet', outlet(mgr, { bogus_field: 1 }));
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'bogus_field');
  assert.equal(r.json.error.message, '未知字段: bogus_field');
  // a files field may only hold files the user can see
  r = await mgr.post('/api/outlet', outlet(mgr, { agreement_files: [987654] }));
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'agreement_files');
  // not JSON
  r = await mgr.req('POST', '/api/outlet', '{"name":', { headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.code, 'bad_json');
  assert.equal(await total(mgr, ''), before, 'nothing was written');
  // a rejected update changes nothing either
  const ok = await mgr.post('/api/outlet', outlet(mgr, { name: `${tag}不变` }));
  assert.equal(ok.status, 201);
  r = await mgr.put(`/api/outlet/${ok.json.id}`, { name: '', address: '新地址' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'name');
  const g = await mgr.get(`/api/outlet/${ok.json.id}`);
  assert.equal(g.json.name, `${tag}不变`);
  assert.equal(g.json.address, '上海市青浦区测试路1号');
  assert.equal(g.json.updated_at, ok.json.updated_at);
});

test('list: filters, keyword, sort, paging and size limit', async () => {
  const q = `${tag}列表`;
  const made = [];
  const kinds = ['self_operated', 'leased_out', 'leased_out', 'self_operated', 'leased_in'];
  for (let i = 0; i < kinds.length; i++) {
    const extra = { name: `${q}${i}`, kind: kinds[i], agreement_signed: i % 2 === 0 ? false : undefined };
    if (kinds[i] !== 'self_operated') Object.assign(extra, { tenant: '某某公司', lease_start: '2024-01-01', lease_end: '2026-12-31' });
    const r = await mgr.post('/api/outlet', outlet(mgr, extra));
    assert.equal(r.status, 201, r.body);
    made.push(r.json.id);
  }
  // a name with LIKE wildcards is matched literally
  const pct = await mgr.post('/api/outlet', outlet(mgr, { name: `${tag}百分%_号` }));
  assert.equal(pct.status, 201, pct.body);
  let r = await mgr.get(`/api/outlet?q=${encodeURIComponent(q)}&size=50`);
  assert.equal(r.status, 200);
  assert.equal(r.json.total, 5);
  assert.equal(r.json.page, 1);
  assert.equal(r.json.size, 50);
  r = await mgr.get(`/api/outlet?q=${encodeURIComponent(q)}&kind=leased_out`);
  assert.deepEqual(r.json.items.map((x) => x.kind), ['leased_out', 'leased_out']);
  assert.equal(r.json.total, 2);
  // bool filter: unset counts as false
  r = await mgr.get(`/api/outlet?q=${encodeURIComponent(q)}&agreement_signed=false`);
  assert.equal(r.json.total, 5);
  r = await mgr.get(`/api/outlet?q=${encodeURIComponent(q)}&agreement_signed=true`);
  assert.equal(r.json.total, 0);
  r = await mgr.get(`/api/outlet?q=${encodeURIComponent('%_')}`);
  assert.deepEqual(r.json.items.map((x) => x.id), [pct.json.id]);
  r = await mgr.get(`/api/outlet?q=${encodeURIComponent('%')}&size=200`);
  assert.ok(r.json.items.every((x) => /%/.test(x.name + x.address + (x.tenant || ''))), 'q=% is not a wildcard');
  // sort asc / desc by id
  r = await mgr.get(`/api/outlet?q=${encodeURIComponent(q)}&sort=id`);
  assert.deepEqual(r.json.items.map((x) => x.id), made);
  r = await mgr.get(`/api/outlet?q=${encodeURIComponent(q)}&sort=-id`);
  assert.deepEqual(r.json.items.map((x) => x.id), [...made].reverse());
  // paging
  r = await mgr.get(`/api/outlet?q=${encodeURIComponent(q)}&sort=id&size=2&page=2`);
  assert.deepEqual(r.json.items.map((x) => x.id), made.slice(2, 4));
  assert.equal(r.json.total, 5);
  r = await mgr.get(`/api/outlet?q=${encodeURIComponent(q)}&sort=id&size=2&page=3`);
  assert.deepEqual(r.json.items.map((x) => x.id), made.slice(4));
  assert.equal(r.json.total, 5);
  // bad parameters are 400 naming the parameter
  r = await mgr.get('/api/outlet?size=201');
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'size');
  assert.equal(r.json.error.message, '每页条数不能超过200');
  for (const [qs, field] of [['page=0', 'page'], ['sort=address', 'sort'], ['sort=name;drop', 'sort'],
    ['kind=castle', 'kind'], ['agreement_signed=maybe', 'agreement_signed'], ['org_id=x', 'org_id']]) {
    r = await mgr.get(`/api/outlet?${qs}`);
    assert.equal(r.status, 400, qs);
    assert.equal(r.json.error.field, field, qs);
  }
  // unknown parameters are ignored
  r = await mgr.get(`/api/outlet?q=${encodeURIComponent(q)}&whatever=1`);
  assert.equal(r.json.total, 5);
  // contractor: virtual bool filter
  r = await mgr.get('/api/contractor?qualification_expired=true&size=200');
  assert.equal(r.status, 200, r.body);
  assert.ok(r.json.items.every((x) => x.qualification_expired === true));
});

test('export: a valid xlsx with Chinese headers that honours the filters', async () => {
  const q = `${tag}导出`;
  for (const [i, kind] of ['self_operated', 'self_operated', 'leased_in'].entries()) {
    const extra = { name: `${q}${i}`, kind };
    if (kind !== 'self_operated') Object.assign(extra, { tenant: '出租方公司', lease_start: '2024-01-01', lease_end: '2025-01-01' });
    assert.equal((await mgr.post('/api/outlet', outlet(mgr, extra))).status, 201);
  }
  const r = await mgr.get(`/api/outlet/export?q=${encodeURIComponent(q)}&kind=self_operated`, { raw: true });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /spreadsheetml/);
  assert.match(r.headers.get('content-disposition'), /attachment/);
  assert.match(decodeURIComponent(r.headers.get('content-disposition')), /网点_\d{4}-\d\d-\d\d\.xlsx/);
  assert.equal(r.body.subarray(0, 2).toString(), 'PK');
  assert.ok(unzipEntry(r.body, '[Content_Types].xml'));
  const sheet = unzipEntry(r.body, 'xl/worksheets/sheet1.xml');
  const strings = unzipEntry(r.body, 'xl/sharedStrings.xml') || '';
  const all = sheet + strings;
  assert.ok(all.includes('网点名称'), 'Chinese header');
  assert.ok(all.includes('经营方式'));
  const meta = (await mgr.get('/api/meta')).json.entities.find((e) => e.name === 'outlet');
  const selfLabel = meta.fields.find((f) => f.name === 'kind').options.find((o) => o.value === 'self_operated').label;
  assert.ok(all.includes(selfLabel), 'enum written as its label');
  assert.ok(!all.includes('self_operated'), 'not as its code');
  assert.equal((sheet.match(/<row /g) || []).length, 1 + 2, 'header + the two matching rows');
  // export with a bad parameter is refused like the list
  assert.equal((await mgr.get('/api/outlet/export?kind=castle')).status, 400);
});

test('audit rows are written for create, update and delete and visible to the regulator', async () => {
  let r = await mgr.post('/api/outlet', outlet(mgr, { name: `${tag}审计` }));
  const id = r.json.id;
  await mgr.put(`/api/outlet/${id}`, { address: '审计地址' });
  await mgr.del(`/api/outlet/${id}`);
  r = await reg.get(`/api/audit?entity=outlet&entity_id=${id}&sort=id`);
  assert.equal(r.status, 200, r.body);
  assert.deepEqual(r.json.items.map((x) => x.action), ['create', 'update', 'delete']);
  const [c, u, d] = r.json.items;
  assert.equal(c.username, 'manager');
  assert.equal(c.org_id, mgr.me.org.id);
  assert.equal(c.before_json, null);
  assert.equal(JSON.parse(c.after_json).name, `${tag}审计`);
  assert.equal(JSON.parse(u.before_json).address, '上海市青浦区测试路1号');
  assert.equal(JSON.parse(u.after_json).address, '审计地址');
  assert.equal(d.after_json, null);
  assert.match(c.at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  // not for enterprise roles, and the log cannot be written through the API
  assert.equal((await mgr.get('/api/audit')).status, 403);
  assert.equal((await admin.post('/api/audit', { action: 'x' })).status, 405);
  assert.equal((await admin.del(`/api/audit/${c.id}`)).status, 405);
  // the other enterprise's manager's rows are not the regulator's only view: admin sees it too
  r = await admin.get(`/api/audit?entity=outlet&entity_id=${id}`);
  assert.equal(r.json.total, 3);
});

test('scope: enterprise B cannot see or touch enterprise A\'s rows; the regulator sees both', async () => {
  const a = await mgr.post('/api/outlet', outlet(mgr, { name: `${tag}甲企业网点` }));
  assert.equal(a.status, 201);
  const b = await mgr2.post('/api/outlet', outlet(mgr2, { name: `${tag}乙企业网点` }));
  assert.equal(b.status, 201, b.body);
  const id = a.json.id;
  const q = encodeURIComponent(`${tag}甲企业`);
  // read
  let r = await mgr2.get(`/api/outlet/${id}`);
  assert.equal(r.status, 404);
  assert.equal(r.json.error.code, 'not_found');
  assert.ok(!r.body.includes('甲企业网点'));
  // list and total
  r = await mgr2.get(`/api/outlet?q=${q}`);
  assert.equal(r.json.total, 0);
  assert.deepEqual(r.json.items, []);
  r = await mgr2.get('/api/outlet?size=200');
  assert.ok(r.json.items.every((x) => x.org_id !== mgr.me.org.id));
  assert.equal((await mgr2.get(`/api/outlet?org_id=${mgr.me.org.id}`)).json.total, 0);
  // update and delete
  r = await mgr2.put(`/api/outlet/${id}`, { name: '被篡改' });
  assert.equal(r.status, 404);
  r = await mgr2.del(`/api/outlet/${id}`);
  assert.equal(r.status, 404);
  r = await mgr.get(`/api/outlet/${id}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.name, `${tag}甲企业网点`);
  assert.equal(r.json.updated_at, a.json.updated_at);
  // export
  r = await mgr2.get(`/api/outlet/export?q=${q}`, { raw: true });
  assert.equal(r.status, 200);
  assert.equal((unzipEntry(r.body, 'xl/worksheets/sheet1.xml').match(/<row /g) || []).length, 1, 'header only');
  // creating into A's org or moving B's row into A's org
  r = await mgr2.post('/api/outlet', outlet(mgr2, { org_id: mgr.me.org.id }));
  assert.equal(r.status, 404);
  assert.equal(r.json.error.field, 'org_id');
  r = await mgr2.put(`/api/outlet/${b.json.id}`, { org_id: mgr.me.org.id });
  assert.equal(r.status, 404);
  assert.equal((await mgr2.get(`/api/outlet/${b.json.id}`)).json.org_id, mgr2.me.org.id);
  // A cannot see B either
  assert.equal((await mgr.get(`/api/outlet/${b.json.id}`)).status, 404);
  // the regulator supervising both sees both
  assert.equal((await reg.get(`/api/outlet/${id}`)).status, 200);
  assert.equal((await reg.get(`/api/outlet/${b.json.id}`)).status, 200);
  r = await reg.get(`/api/outlet?q=${encodeURIComponent(tag)}&size=200`);
  const ids = r.json.items.map((x) => x.id);
  assert.ok(ids.includes(id) && ids.includes(b.json.id));
  // audit rows follow the row's scope
  r = await reg.get(`/api/audit?entity=outlet&entity_id=${b.json.id}`);
  assert.equal(r.json.total, 1);
});

// List totals are served from a per-thread cache stamped with the database's data
// version (entity/list.c). Every write — by this user or another, on whichever worker
// thread — must show in the next total: many parallel reads spread the cached totals
// over all threads before each write.
test('list totals follow every write at once, on every worker thread', async () => {
  const qs = `q=${tag}缓存`;
  const readAll = async () => {
    const ts = await Promise.all(Array.from({ length: 8 }, () => total(reg, qs)));
    assert.equal(new Set(ts).size, 1, `all threads agree: ${ts}`);
    return ts[0];
  };
  const ids = [];
  let want = await readAll();
  for (let i = 0; i < 4; i++) {
    const writer = i % 2 ? mgr : reg;	// the regulator reads, either one writes
    const r = await writer.post('/api/outlet', outlet(mgr, { name: `${tag}缓存网点${i}` }));
    assert.equal(r.status, 201, r.body);
    ids.push(r.json.id);
    want += 1;
    assert.equal(await readAll(), want);
  }
  for (const id of ids) {
    assert.equal((await mgr.del(`/api/outlet/${id}`)).status, 200);
    want -= 1;
    assert.equal(await readAll(), want);
  }
});

// ?fields= narrows list rows to the named declared fields (the columns a page shows);
// the fixed columns stay; unknown and secret names are refused naming the parameter.
test('list ?fields= returns just the named fields and refuses unknown or secret ones', async () => {
  const r = await mgr.get('/api/outlet?size=5&fields=name,kind');
  assert.equal(r.status, 200, r.body);
  assert.ok(r.json.items.length > 0);
  for (const row of r.json.items) {
    assert.deepEqual(Object.keys(row).sort(),
      ['created_at', 'id', 'kind', 'name', 'org_id', 'org_name', 'updated_at']);
  }
  const full = await mgr.get('/api/outlet?size=5');
  assert.ok('address' in full.json.items[0], 'without fields every declared field is there');
  assert.equal(full.json.total, r.json.total);
  let bad = await mgr.get('/api/outlet?fields=name,bogus');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'fields');
  assert.match(bad.json.error.message, /bogus/);
  bad = await admin.get('/api/user?fields=username,password_hash');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'fields');
});

// A worker thread keeps the plans of the list requests it answered, keyed by the
// entity, the asker and the whole query string (src/entity/list.c "plan cache"). The
// same request must still answer from the data and the scope of the moment: a row
// created in between is listed, another user's identical request sees only its own
// scope, and a supervision added or removed widens or narrows the next answer.
test('a list asked again with the same query answers from live data and the asker\'s scope', async () => {
  const dept = await loginAs(srv.base, 'department');
  const qs = `/api/outlet?q=${encodeURIComponent(`${tag}同查询`)}&size=50`;
  const names = async (c) => (await c.get(qs)).json.items.map((x) => x.name).sort();
  for (let i = 0; i < 3; i++) assert.deepEqual(await names(mgr), []);	// every thread has it
  assert.equal((await mgr.post('/api/outlet', outlet(mgr, { name: `${tag}同查询甲` }))).status, 201);
  assert.equal((await mgr2.post('/api/outlet', outlet(mgr2, { name: `${tag}同查询乙` }))).status, 201);
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(await names(mgr), [`${tag}同查询甲`]);
    assert.deepEqual(await names(mgr2), [`${tag}同查询乙`]);
    assert.deepEqual(await names(reg), [`${tag}同查询乙`, `${tag}同查询甲`].sort());
  }
  // the department sees 乙 exactly while it supervises 乙's enterprise: the demo's
  // supervision (if any) is removed and made again, or one is made and removed
  const mine = async () => (await dept.get(qs)).json.items.map((x) => x.name);
  const supq = `/api/supervision?regulator_org=${dept.me.org.id}&enterprise_org=${mgr2.me.org.id}`;
  const had = (await admin.get(supq)).json.items[0];
  const add = async () => {
    const r = await admin.post('/api/supervision',
      { regulator_org: dept.me.org.id, enterprise_org: mgr2.me.org.id, kind: 'industry' });
    assert.equal(r.status, 201, r.body);
    return r.json.id;
  };
  const drop = async (id) => assert.equal((await admin.del(`/api/supervision/${id}`)).status, 200);
  const sees = async (want) => { for (let i = 0; i < 3; i++) assert.deepEqual(await mine(), want); };
  if (had) {
    await sees([`${tag}同查询乙`]);
    await drop(had.id);
    await sees([]);
    await add();
    await sees([`${tag}同查询乙`]);
  } else {
    await sees([]);
    const id = await add();
    await sees([`${tag}同查询乙`]);
    await drop(id);
    await sees([]);
  }
});
