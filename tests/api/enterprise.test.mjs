// Enterprise module (一企一档) against the demo district: scope of the profile and its
// child records, the cross-field rules of outlets and contractors, the org-change
// report to the regulator (青国资委〔2025〕40号 二(四)4), and the bulk import from
// .csv and .xlsx (all or nothing). Runs on both backends (ANJIAN_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, loginAs, BACKEND } from './lib.mjs';

let srv, reg, mgr, mgr2, admin;

before(async () => {
  srv = await startServer();
  [reg, mgr, mgr2, admin] = await Promise.all(
    ['regulator', 'manager', 'manager2', 'admin'].map((u) => loginAs(srv.base, u)));
});
after(async () => { await srv?.stop(); });

// ---- helpers -------------------------------------------------------------

// GB 32100-2015 check character.
const CH = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function uscc(s17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CH.indexOf(s17[i]) * W[i];
  const c = (31 - (sum % 31)) % 31;
  return s17 + CH[c];
}
let seq = Math.floor(Math.random() * 50000);
function newUscc() { seq += 1; return uscc(`91310118MA1T${String(seq % 100000).padStart(5, '0')}`); }

// Runs one SQL statement directly on server s's database (only to make rows as an
// older version left them).
function sql(s, stmt) {
  if (BACKEND === 'postgres') execFileSync('psql', [s.dbUrl, '-q', '-c', stmt]);
  else execFileSync('sqlite3', [join(s.dataDir, 'anjian.db'), stmt]);
}

async function all(c, path) {
  const r = await c.get(path + (path.includes('?') ? '&' : '?') + 'size=200');
  assert.equal(r.status, 200, r.body);
  return r.json;
}

function upload(c, bytes, name) {
  const fd = new FormData();
  fd.append('file', new Blob([bytes]), name);
  return c.req('POST', '/api/enterprise/import', fd);
}

// A minimal zip writer (stored names, deflate) for a hand-made .xlsx.
const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 0xFF] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function zip(files) {
  const locals = []; const centrals = []; let off = 0;
  for (const [name, text] of files) {
    const data = Buffer.from(text, 'utf8'); const comp = deflateRawSync(data);
    const nm = Buffer.from(name, 'utf8'); const crc = crc32(data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt16LE(0x0800, 6);
    lh.writeUInt16LE(8, 8); lh.writeUInt32LE(crc, 14); lh.writeUInt32LE(comp.length, 18);
    lh.writeUInt32LE(data.length, 22); lh.writeUInt16LE(nm.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(20, 4); ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x0800, 8); ch.writeUInt16LE(8, 10); ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(comp.length, 20); ch.writeUInt32LE(data.length, 24);
    ch.writeUInt16LE(nm.length, 28); ch.writeUInt32LE(off, 42);
    locals.push(lh, nm, comp); centrals.push(ch, nm);
    off += 30 + nm.length + comp.length;
  }
  const cd = Buffer.concat(centrals); const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10); end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(off, 16);
  return Buffer.concat([...locals, cd, end]);
}
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
function colName(i) { let s = ''; i += 1; while (i) { const m = (i - 1) % 26; s = String.fromCharCode(65 + m) + s; i = Math.floor((i - 1) / 26); } return s; }
// rows: arrays of strings/numbers. Strings of the header go through the shared
// string table, data strings are inline strings, numbers are numbers.
function xlsx(rows) {
  const sst = [];
  const sheetRows = rows.map((row, r) => `<row r="${r + 1}">${row.map((v, c) => {
    const ref = `${colName(c)}${r + 1}`;
    if (v === '' || v === null || v === undefined) return '';
    if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
    if (r === 0) { sst.push(v); return `<c r="${ref}" t="s"><v>${sst.length - 1}</v></c>`; }
    return `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
  }).join('')}</row>`).join('');
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  return zip([
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'],
    ['xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}"><sheets><sheet name="企业信息" sheetId="1"/></sheets></workbook>`],
    ['xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${ns}" count="${sst.length}" uniqueCount="${sst.length}">${sst.map((s) => `<si><t>${esc(s)}</t></si>`).join('')}</sst>`],
    ['xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${ns}"><sheetData>${sheetRows}</sheetData></worksheet>`],
  ]);
}

const HEAD = ['企业名称', '统一社会信用代码', '注册地址', '行业门类', '行业大类', '高危行业类别',
  '企业规模', '从业人员数', '主要负责人（第一责任人）', '主要负责人电话'];
// A regulator's file also has 监管类型, the kind of its supervision of each row's
// enterprise: one kind for every row, or one per row.
function kinded(rows, kind = '出资监管') {
  return rows.map((r, i) => (i === 0 ? [...r, '监管类型'] : [...r, Array.isArray(kind) ? kind[i - 1] : kind]));
}
function csvRow(cells) {
  return cells.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : c)).join(',');
}

// ---- scope ---------------------------------------------------------------

test('regulator sees the whole demo district; managers only their own enterprise tree', async () => {
  const r = await all(reg, '/api/enterprise');
  assert.ok(r.total >= 12, `total ${r.total}`);
  const m = await all(mgr, '/api/enterprise');
  const names = m.items.map((e) => e.name).sort();
  assert.ok(names.includes('上海青浦城市建设投资集团有限公司'));
  assert.ok(names.includes('上海青浦燃气有限公司'), 'subsidiaries are in the group manager\'s scope');
  assert.ok(m.total >= 2 && m.total < r.total);
  assert.ok(!names.includes('上海青浦精工金属制品有限公司'));
  const m2 = await all(mgr2, '/api/enterprise');
  assert.deepEqual(m2.items.map((e) => e.name), ['上海青浦精工金属制品有限公司']);
});

test('manager2 cannot read, change or delete enterprise A\'s records (404) and they stay unchanged', async () => {
  const group = (await all(mgr, '/api/enterprise?q=城市建设投资集团')).items[0];
  assert.ok(group);
  const targets = [['enterprise', group.id]];
  for (const ent of ['outlet', 'contractor', 'safety_body', 'safety_member']) {
    const l = await all(mgr, `/api/${ent}?org_id=${group.org_id}`);
    assert.ok(l.items.length > 0, `${ent} of A exists`);
    targets.push([ent, l.items[0].id]);
  }
  for (const [ent, id] of targets) {
    const before = (await mgr.get(`/api/${ent}/${id}`)).json;
    assert.equal((await mgr2.get(`/api/${ent}/${id}`)).status, 404, `${ent} GET`);
    const put = await mgr2.put(`/api/${ent}/${id}`, { name: '被篡改' });
    assert.equal(put.status, 404, `${ent} PUT ${put.body}`);
    assert.equal((await mgr2.del(`/api/${ent}/${id}`)).status, 404, `${ent} DELETE`);
    const afterRow = (await mgr.get(`/api/${ent}/${id}`)).json;
    assert.deepEqual(afterRow, before, `${ent} unchanged`);
  }
});

test('enterprise managers cannot register enterprises; regulators can, and supervise them', async () => {
  const body = { name: '上海青浦测试注册有限公司', uscc: newUscc(), address: '上海市青浦区测试路1号',
    principal_name: '张三', industry_section: 'C', industry_division: '33', supervision_kind: 'investor' };
  const r = await mgr.post('/api/enterprise', body);
  assert.equal(r.status, 403, r.body);
  const bad = await reg.post('/api/enterprise', { ...body, industry_section: 'E' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'industry_division');
  const ok = await reg.post('/api/enterprise', body);
  assert.equal(ok.status, 201, ok.body);
  assert.equal((await reg.get(`/api/enterprise/${ok.json.id}`)).status, 200);
  // a parent cycle is refused
  const self = await reg.put(`/api/enterprise/${ok.json.id}`, { parent_id: ok.json.id });
  assert.equal(self.status, 400);
  assert.equal(self.json.error.field, 'parent_id');
  // an enterprise with records cannot be deleted; an empty one can
  const group = (await all(reg, '/api/enterprise?q=城市建设投资集团')).items[0];
  const d = await reg.del(`/api/enterprise/${group.id}`);
  assert.equal(d.status, 409, d.body);
  assert.equal((await reg.del(`/api/enterprise/${ok.json.id}`)).status, 200);
});

// Issue: "A regulator registering an enterprise chooses the supervision kind (出资 /
// 行业 / 属地)". Before, every registration by a regulator was silently 出资监管.
test('a regulator registering an enterprise must choose 监管类型, stored as its supervision kind', async () => {
  const body = () => ({ name: `上海青浦监管类型测试${seq}有限公司`, uscc: newUscc(), address: '上海市青浦区测试路5号',
    principal_name: '郑五' });
  const before = (await all(admin, '/api/enterprise')).total;
  // missing: a field error naming 监管类型, reported with the profile's own errors
  let r = await reg.post('/api/enterprise', body());
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'supervision_kind');
  assert.equal(r.json.error.message, '监管类型不能为空');
  r = await reg.post('/api/enterprise', { ...body(), address: '' });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'supervision_kind');
  assert.ok(r.json.error.fields.address, JSON.stringify(r.json.error));
  r = await reg.post('/api/enterprise', { ...body(), supervision_kind: 'friendly' });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'supervision_kind');
  // an administrator's registration supervises nobody, so it takes no kind
  r = await admin.post('/api/enterprise', { ...body(), supervision_kind: 'industry' });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'supervision_kind');
  assert.equal((await all(admin, '/api/enterprise')).total, before, 'nothing created');
  // each kind ends up as the regulator's supervision of the new enterprise
  for (const kind of ['investor', 'industry', 'territorial']) {
    r = await reg.post('/api/enterprise', { ...body(), supervision_kind: kind });
    assert.equal(r.status, 201, r.body);
    assert.ok(!('supervision_kind' in r.json), 'not a column of enterprise');
    const sv = (await all(reg, `/api/supervision?enterprise_org=${r.json.org_id}`)).items;
    assert.deepEqual(sv.map((x) => [x.regulator_org, x.kind]), [[reg.me.org.id, kind]]);
    assert.equal((await reg.get(`/api/enterprise/${r.json.id}`)).status, 200);
  }
  r = await admin.post('/api/enterprise', body());
  assert.equal(r.status, 201, r.body);
  assert.equal((await all(admin, `/api/supervision?enterprise_org=${r.json.org_id}`)).total, 0);
});

test('a regulator\'s import needs 监管类型 on every row', async () => {
  const before = (await all(reg, '/api/enterprise')).total;
  const row = (n) => [`上海青浦类型导入${n}有限公司`, newUscc(), '上海市青浦区类型路1号', '制造业', '33', '无', '规下', 10, '冯一', ''];
  let r = await upload(reg, Buffer.from([HEAD, row(1)].map(csvRow).join('\n'), 'utf8'), 'nokind.csv');
  assert.equal(r.status, 400, r.body);
  assert.deepEqual(r.json.errors.map((e) => [e.row, e.field, e.message]), [[1, 'supervision_kind', '缺少必填列“监管类型”']]);
  r = await upload(reg, Buffer.from(kinded([HEAD, row(2), row(3), row(4)], ['属地监管', '', '友好监管']).map(csvRow).join('\n'), 'utf8'), 'k.csv');
  assert.equal(r.status, 400, r.body);
  assert.deepEqual(r.json.errors.map((e) => [e.row, e.field, e.label]),
    [[3, 'supervision_kind', '监管类型'], [4, 'supervision_kind', '监管类型']]);
  assert.match(r.json.errors[1].message, /出资监管、行业监管、属地监管/);
  assert.equal((await all(reg, '/api/enterprise')).total, before, 'nothing imported');
});

// GB 32100-2015 §4: positions 3–8 are the administrative division code, six digits.
// A code with a letter there and a correct check character (so only this rule
// refuses it): 91 A10118 MA1G20170 + check.
const REGION_LETTER = uscc('91A10118MA1G20170');

test('USCC positions 3–8 must be digits on the server, not only in the form (GB 32100-2015 §4)', async () => {
  const before = (await all(admin, '/api/enterprise')).total;
  const r = await admin.post('/api/enterprise', { name: '上海青浦区划码测试有限公司', uscc: REGION_LETTER,
    address: '上海市青浦区测试路9号', principal_name: '周九' });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.code, 'validation');
  assert.equal(r.json.error.field, 'uscc');
  assert.equal(r.json.error.message, '统一社会信用代码第3至8位（登记管理机关行政区划码）须为数字');
  // the same code in lowercase, and as a contractor's code
  const lc = await admin.post('/api/enterprise', { name: '上海青浦区划码测试有限公司', uscc: REGION_LETTER.toLowerCase(),
    address: '上海市青浦区测试路9号', principal_name: '周九' });
  assert.equal(lc.status, 400, lc.body);
  assert.equal(lc.json.error.field, 'uscc');
  const k = await mgr.post('/api/contractor', { name: '上海区划码施工有限公司', kind: 'contractor', uscc: REGION_LETTER });
  assert.equal(k.status, 400, k.body);
  assert.equal(k.json.error.field, 'uscc');
  assert.equal((await all(admin, '/api/enterprise')).total, before, 'nothing created');
});

// Regression (issue): DELETE /api/enterprise/:id by an enterprise manager on a
// subsidiary the regulator registered answered 200 and removed the supervision.
// Registering is the regulator's, so is deleting; and an enterprise with records is
// archived, never deleted (the records are evidence).
test('only a regulator deletes an enterprise; one with records is archived instead (409 says so)', async () => {
  const group = (await all(mgr, '/api/enterprise?q=城市建设投资集团')).items[0];
  const sub = await reg.post('/api/enterprise', { name: `上海青浦城投测试子公司${seq}`, uscc: newUscc(),
    address: '上海市青浦区测试路7号', principal_name: '陈七', parent_id: group.id, supervision_kind: 'investor' });
  assert.equal(sub.status, 201, sub.body);
  assert.ok((await all(mgr, '/api/enterprise')).items.some((e) => e.id === sub.json.id), 'in the group manager\'s scope');
  const supervised = async () => (await all(reg, `/api/supervision?enterprise_org=${sub.json.org_id}`)).total;
  assert.equal(await supervised(), 1);
  let r = await mgr.del(`/api/enterprise/${sub.json.id}`);
  assert.equal(r.status, 403, r.body);
  assert.equal(r.json.error.code, 'forbidden');
  assert.equal((await reg.get(`/api/enterprise/${sub.json.id}`)).status, 200, 'still there');
  assert.equal(await supervised(), 1, 'supervision kept');
  assert.equal((await mgr2.del(`/api/enterprise/${sub.json.id}`)).status, 404);
  // the regulator may delete it while nothing belongs to it
  r = await reg.del(`/api/enterprise/${sub.json.id}`);
  assert.equal(r.status, 200, r.body);
  assert.equal((await reg.get(`/api/enterprise/${sub.json.id}`)).status, 404);
  // one with records: 409 pointing to the archive, nothing removed
  const hotel = (await all(reg, '/api/enterprise?q=淀山湖大酒店')).items[0];
  r = await reg.del(`/api/enterprise/${hotel.id}`);
  assert.equal(r.status, 409, r.body);
  assert.equal(r.json.error.code, 'conflict');
  assert.match(r.json.error.message, /记录须留存备查，不能删除.*归档/);
  assert.equal((await reg.get(`/api/enterprise/${hotel.id}`)).status, 200);
});

test('archive: hidden from the roster filter, records kept, profile frozen; restore brings it back', async () => {
  const hotel = (await all(reg, '/api/enterprise?q=淀山湖大酒店')).items[0];
  assert.equal(hotel.archive_status, 'active');
  const url = `/api/enterprise/${hotel.id}`;
  const outlets = (await all(reg, `/api/outlet?org_id=${hotel.org_id}`)).total;
  assert.ok(outlets > 0);
  assert.deepEqual((await reg.get(url)).json._actions, [{ verb: 'archive', label: '归档' }]);
  // refusals change nothing: wrong role 403, out of scope 404, no reason 400
  const mgrHotel = (await all(mgr, '/api/enterprise')).items[0];
  let r = await mgr.post(`/api/enterprise/${mgrHotel.id}/archive`, { reason: '自行归档' });
  assert.equal(r.status, 403, r.body);
  r = await mgr2.post(`${url}/archive`, { reason: '越权' });
  assert.equal(r.status, 404, r.body);
  r = await reg.post(`${url}/archive`, {});
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'reason');
  assert.equal((await reg.get(url)).json.archive_status, 'active');
  r = await reg.post(`${url}/archive`, { reason: '企业已注销' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.archive_status, 'archived');
  assert.equal(r.json.archive_reason, '企业已注销');
  assert.match(r.json.archived_at, /^\d{4}-\d{2}-\d{2} /);
  assert.deepEqual(r.json._actions, [{ verb: 'restore', label: '恢复在册' }]);
  // not on the roster; still readable with its records
  assert.ok(!(await all(reg, '/api/enterprise?archive_status=active')).items.some((e) => e.id === hotel.id));
  assert.ok((await all(reg, '/api/enterprise?archive_status=archived')).items.some((e) => e.id === hotel.id));
  assert.equal((await all(reg, `/api/outlet?org_id=${hotel.org_id}`)).total, outlets);
  // frozen: no edits, a second archive is a state error, still no delete
  r = await reg.put(url, { short_name: '改名' });
  assert.equal(r.status, 409, r.body);
  assert.match(r.json.error.message, /已归档/);
  r = await reg.post(`${url}/archive`, { reason: '再次' });
  assert.equal(r.status, 409, r.body);
  assert.equal(r.json.error.code, 'bad_state');
  assert.equal((await reg.del(url)).status, 409);
  // restore
  r = await reg.post(`${url}/restore`, {});
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.archive_status, 'active');
  assert.equal(r.json.archive_reason, null);
  assert.ok((await all(reg, '/api/enterprise?archive_status=active')).items.some((e) => e.id === hotel.id));
  const log = await all(admin, `/api/audit?entity=enterprise&entity_id=${hotel.id}`);
  const acts = log.items.map((e) => e.action);
  assert.ok(acts.includes('archive') && acts.includes('restore'), JSON.stringify(acts));
});

// Needs the core's declared default filter (entity/list.c) and the cockpit's query
// (mod/dashboard.c) to leave archived enterprises out; see the branch report.
test('an archived enterprise leaves the default list, the cockpit and the obligations matrix; ?archive_status=all shows it', async () => {
  const shop = (await all(reg, '/api/enterprise?q=淀山湖购物中心')).items[0];
  const before = (await reg.get('/api/dashboard/cockpit')).json;
  const r = await reg.post(`/api/enterprise/${shop.id}/archive`, { reason: '测试归档' });
  assert.equal(r.status, 200, r.body);
  try {
    assert.ok(!(await all(reg, '/api/enterprise')).items.some((e) => e.id === shop.id), 'default list');
    const ck = (await reg.get('/api/dashboard/cockpit')).json;
    assert.equal(ck.enterprises, before.enterprises - 1);
    assert.ok(!ck.map.some((m) => m.org_id === shop.org_id), 'cockpit map');
    assert.ok((await all(reg, '/api/enterprise?archive_status=all')).items.some((e) => e.id === shop.id));
    assert.ok((await all(reg, '/api/enterprise?archive_status=archived')).items.some((e) => e.id === shop.id));
    const mx = (await reg.get(`/api/obligation/matrix?q=${encodeURIComponent('淀山湖购物中心')}`)).json;
    assert.equal(mx.total, 0, 'the matrix leaves it out');
  } finally {
    assert.equal((await reg.post(`/api/enterprise/${shop.id}/restore`, {})).status, 200);
  }
});

// Regression: a change of group moved the enterprise's org node with a copy of the
// org move that bound substr()'s start as a bigint — a 500 on PostgreSQL. Now one
// move (account.c org_move) serves both.
test('a regulator moves an enterprise into a group: its org subtree follows (both backends)', async () => {
  const printer = (await all(reg, '/api/enterprise?q=彩印包装')).items[0];
  const group = (await all(reg, '/api/enterprise?q=交通运输集团')).items[0];
  const path = async (org) => (await reg.get(`/api/org/${org}`)).json.path;
  const units = (await all(reg, `/api/org?parent_id=${printer.org_id}`)).items;
  assert.ok(units.length > 0, 'the printer has workshops');
  let r = await reg.put(`/api/enterprise/${printer.id}`, { parent_id: group.id });
  assert.equal(r.status, 200, r.body);
  const gp = await path(group.org_id);
  assert.equal(await path(printer.org_id), `${gp}${printer.org_id}/`);
  for (const u of units) assert.equal(await path(u.id), `${gp}${printer.org_id}/${u.id}/`);
  assert.ok((await all(reg, `/api/enterprise?org_id=${group.org_id}`)).items.some((e) => e.id === printer.id));
  r = await reg.put(`/api/enterprise/${printer.id}`, { parent_id: null });
  assert.equal(r.status, 200, r.body);
  assert.equal(await path(printer.org_id), `/${printer.org_id}/`);
  for (const u of units) assert.equal(await path(u.id), `/${printer.org_id}/${u.id}/`);
});

// ---- outlets and contractors ----------------------------------------------

test('outlet rules: tenant for leased-out, files for a signed agreement, lease dates in order', async () => {
  const before = (await all(mgr, '/api/outlet')).total;
  const base = { name: '测试网点', kind: 'leased_out', address: '上海市青浦区测试路2号' };
  let r = await mgr.post('/api/outlet', base);
  assert.equal(r.status, 400);
  assert.equal(r.json.error.code, 'validation');
  assert.equal(r.json.error.field, 'tenant');
  r = await mgr.post('/api/outlet', { ...base, tenant: '某餐饮公司', agreement_signed: true });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'agreement_files');
  r = await mgr.post('/api/outlet', { ...base, tenant: '某餐饮公司', lease_start: '2026-01-01', lease_end: '2025-01-01' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'lease_end');
  assert.equal((await all(mgr, '/api/outlet')).total, before, 'nothing created');
  r = await mgr.post('/api/outlet', { ...base, tenant: '某餐饮公司' });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.org_id, mgr.me.org.id);
});

test('contractor with a past qualification expiry is flagged and filterable', async () => {
  const r = await mgr.post('/api/contractor', { name: '上海过期资质施工有限公司', kind: 'contractor',
    qualification: '建筑工程施工总承包三级', qualification_expiry: '2020-01-31' });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.qualification_expired, true);
  const l = await all(mgr, '/api/contractor?qualification_expired=true');
  assert.ok(l.items.some((c) => c.id === r.json.id));
  assert.ok(l.items.every((c) => c.qualification_expired === true));
  const fresh = await all(mgr, '/api/contractor?qualification_expired=false');
  assert.ok(!fresh.items.some((c) => c.id === r.json.id));
  const bad = await mgr.post('/api/contractor', { name: 'x', kind: 'contractor', period_start: '2026-02-01', period_end: '2026-01-01' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'period_end');
});

// ---- org changes -----------------------------------------------------------

test('changing a safety member files an org-change report the regulator reads and acknowledges', async () => {
  const member = (await all(mgr, '/api/safety_member')).items[0];
  const put = await mgr.put(`/api/safety_member/${member.id}`, { phone: '13900001234' });
  assert.equal(put.status, 200, put.body);
  const l = await all(reg, '/api/org_change?target=safety_member&action=update');
  const ch = l.items.find((c) => c.target_id === member.id);
  assert.ok(ch, 'org_change row listed for the regulator');
  assert.match(ch.summary, /变更：联系电话/);
  assert.equal(ch.acknowledged, false);
  assert.equal(ch.status, 'pending');
  assert.equal((await mgr2.get(`/api/org_change/${ch.id}`)).status, 404);
  assert.equal((await reg.post('/api/org_change/999999/acknowledge')).status, 404);
  // nobody writes org_change by hand
  assert.equal((await mgr.put(`/api/org_change/${ch.id}`, { summary: 'x' })).status >= 400, true);
  const ack = await reg.post(`/api/org_change/${ch.id}/acknowledge`);
  assert.equal(ack.status, 200, ack.body);
  assert.equal(ack.json.acknowledged, true);
  assert.equal(ack.json.status, 'acknowledged');
  assert.equal(ack.json.acknowledged_by, reg.me.user.id);
  assert.deepEqual(ack.json._actions, []);
  assert.equal((await reg.get(`/api/org_change/${ch.id}`)).json.acknowledged, true);
});

// The acknowledgement runs on the workflow engine (entity.h "Workflows"): scope,
// role, state and input refusals each change nothing.
test('org-change acknowledge: 404 out of scope, 403 wrong role, 400 bad input, 409 once acknowledged', async () => {
  const body = (await all(mgr, '/api/safety_body')).items[0];
  const put = await mgr.put(`/api/safety_body/${body.id}`, { phone: '021-59700001' });
  assert.equal(put.status, 200, put.body);
  const ch = (await all(reg, '/api/org_change?target=safety_body&status=pending')).items
    .find((c) => c.target_id === body.id);
  assert.ok(ch, 'a pending report');
  const url = `/api/org_change/${ch.id}/acknowledge`;
  const unchanged = async () => {
    const row = (await reg.get(`/api/org_change/${ch.id}`)).json;
    assert.equal(row.status, 'pending');
    assert.equal(row.acknowledged, false);
    assert.equal(row.acknowledged_by, null);
  };
  // the regulator is offered the action; the enterprise is not
  assert.deepEqual((await reg.get(`/api/org_change/${ch.id}`)).json._actions, [{ verb: 'acknowledge', label: '确认' }]);
  assert.deepEqual((await mgr.get(`/api/org_change/${ch.id}`)).json._actions, []);
  assert.ok(reg.me.permissions.includes('org_change:acknowledge'));
  assert.ok(!mgr.me.permissions.includes('org_change:acknowledge'));
  let r = await mgr2.post(url, {});
  assert.equal(r.status, 404, r.body);
  r = await mgr.post(url, {});
  assert.equal(r.status, 403, r.body);
  assert.equal(r.json.error.code, 'forbidden');
  await unchanged();
  r = await reg.post(url, { note: 'x'.repeat(501) });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'note');
  r = await reg.post(url, { acknowledged_by: 1 });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'acknowledged_by');
  await unchanged();
  r = await reg.post(url, { note: '已收到，请按制度落实。' });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.ack_note, '已收到，请按制度落实。');
  const at = r.json.acknowledged_at;
  assert.match(at, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  r = await admin.post(url, {});
  assert.equal(r.status, 409, r.body);
  assert.equal(r.json.error.code, 'bad_state');
  assert.match(r.json.error.message, /已确认/);
  const row = (await reg.get(`/api/org_change/${ch.id}`)).json;
  assert.equal(row.acknowledged_by, reg.me.user.id, 'the first acknowledgement stands');
  assert.equal(row.acknowledged_at, at);
  // the audit log names the action
  const log = await all(admin, `/api/audit?entity=org_change&entity_id=${ch.id}`);
  assert.ok(log.items.some((e) => e.action === 'acknowledge'), JSON.stringify(log.items.map((e) => e.action)));
});

test('a member must belong to a body of the same enterprise', async () => {
  const bodyA = (await all(mgr, '/api/safety_body')).items[0];
  const r = await mgr2.post('/api/safety_member', { body_id: bodyA.id, name: '李四' });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'body_id');
});

test('reports from before the workflow get their status at start: read ones acknowledged, others pending', async () => {
  // the demo marked old reports read through the flag alone; the start reconciled them
  assert.equal((await all(reg, '/api/org_change?acknowledged=true&status=pending')).total, 0);
  assert.ok((await all(reg, '/api/org_change?acknowledged=true&status=acknowledged')).total > 0);
  // a database of the previous version: no status column values at all (written
  // with the server stopped, whose scheduler may hold the write lock)
  const s = await startServer();
  try {
    await s.stop({ keep: true });
    sql(s, 'UPDATE org_change SET status = NULL');
    const again = await startServer({ demo: false, dataDir: s.dataDir, dbUrl: s.dbUrl });
    try {
      const r = await loginAs(again.base, 'regulator');
      const l = await all(r, '/api/org_change');
      assert.ok(l.items.length > 0);
      for (const c of l.items) assert.equal(c.status, c.acknowledged ? 'acknowledged' : 'pending', JSON.stringify(c));
      const open = l.items.find((c) => c.status === 'pending');
      assert.equal((await r.post(`/api/org_change/${open.id}/acknowledge`, {})).status, 200);
    } finally { await again.stop(); }
  } finally { await s.stop().catch(() => {}); }
});

// ---- import ----------------------------------------------------------------

test('the import template downloads as .xlsx and its own header is understood', async () => {
  const r = await reg.get('/api/enterprise/import/template', { raw: true });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /spreadsheetml/);
  assert.equal(r.body.subarray(0, 2).toString('latin1'), 'PK');
  assert.equal((await mgr.get('/api/enterprise/import/template')).status, 403);
  // uploading the untouched template: header accepted, no data rows
  const up = await upload(reg, r.body, 'template.xlsx');
  assert.equal(up.status, 400, up.body);
  assert.equal(up.json.error.code, 'import_rejected');
  assert.match(up.json.error.message, /没有数据行/);
  assert.deepEqual(up.json.errors, []);
});

test('CSV import: three good rows are imported and visible to the regulator', async () => {
  const before = (await all(reg, '/api/enterprise')).total;
  const rows = [HEAD,
    ['上海青浦导入甲有限公司', newUscc(), '上海市青浦区导入路1号', '制造业', '33', '金属冶炼', '规上', 120, '王一', '13816000011'],
    ['上海青浦导入乙有限公司', newUscc(), '上海市青浦区导入路2号, 3幢', 'C', '21 家具制造业', '涉爆粉尘', '规下', 40, '王二', ''],
    ['上海青浦导入"丙"有限公司', newUscc(), '上海市青浦区导入路3号', '住宿和餐饮业', '61', '人员密集场所', '规下', 15, '王三', '021-59701234'],
  ];
  const csv = '\uFEFF' + kinded(rows, ['出资监管', '行业监管', 'territorial']).map(csvRow).join('\r\n') + '\r\n';
  const r = await upload(reg, Buffer.from(csv, 'utf8'), '企业.csv');
  assert.equal(r.status, 200, r.body);
  assert.deepEqual(r.json, { total: 3, imported: 3, errors: [] });
  const list = await all(reg, '/api/enterprise');
  assert.equal(list.total, before + 3);
  const c = list.items.find((e) => e.name === '上海青浦导入"丙"有限公司');
  assert.ok(c);
  assert.equal(c.industry_section, 'H');
  assert.equal(c.high_risk, 'crowded_place');
  const b = list.items.find((e) => e.name === '上海青浦导入乙有限公司');
  assert.equal(b.address, '上海市青浦区导入路2号, 3幢');
  // each row's supervision has the kind its 监管类型 cell names (label or code)
  const a = list.items.find((e) => e.name === '上海青浦导入甲有限公司');
  for (const [e, kind] of [[a, 'investor'], [b, 'industry'], [c, 'territorial']]) {
    const sv = (await all(reg, `/api/supervision?enterprise_org=${e.org_id}`)).items;
    assert.deepEqual(sv.map((x) => [x.regulator_org, x.kind]), [[reg.me.org.id, kind]], e.name);
  }
});

test('CSV import is all or nothing: one bad USCC rejects the file with its row and field', async () => {
  const before = (await all(reg, '/api/enterprise')).total;
  const good = newUscc();
  const badUscc = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
  const rows = [HEAD,
    ['上海青浦全有限公司', newUscc(), '上海市青浦区全路1号', '制造业', '33', '无', '规下', 10, '赵一', ''],
    ['上海青浦无有限公司', badUscc, '上海市青浦区无路2号', '制造业', '33', '无', '规下', 10, '赵二', ''],
    ['上海青浦全二有限公司', newUscc(), '上海市青浦区全路3号', '制造业', '33', '无', '规下', 10, '赵三', ''],
  ];
  const r = await upload(reg, Buffer.from(kinded(rows).map(csvRow).join('\n'), 'utf8'), 'bad.csv');
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.code, 'import_rejected');
  assert.equal(r.json.imported, 0);
  assert.equal(r.json.total, 3);
  assert.equal(r.json.errors.length, 1);
  assert.equal(r.json.errors[0].row, 3);
  assert.equal(r.json.errors[0].field, 'uscc');
  assert.equal(r.json.errors[0].label, '统一社会信用代码');
  assert.equal((await all(reg, '/api/enterprise')).total, before, 'nothing imported');
});

test('CSV import reports every bad cell, duplicates, and refuses non-UTF-8', async () => {
  const dup = newUscc();
  const rows = [HEAD,
    ['上海青浦重复甲有限公司', dup, '上海市青浦区某路1号', '制造业', '61', '无', '规下', 10, '钱一', ''],
    ['上海青浦重复乙有限公司', dup, '', '不存在的门类', '33', '无', '规下', -5, '钱二', '123'],
  ];
  const r = await upload(reg, Buffer.from(kinded(rows).map(csvRow).join('\n'), 'utf8'), 'dup.csv');
  assert.equal(r.status, 400, r.body);
  const got = r.json.errors.map((e) => `${e.row}:${e.field}`).sort();
  for (const want of ['2:industry_division', '3:uscc', '3:address', '3:industry_section', '3:employee_count', '3:principal_phone'])
    assert.ok(got.includes(want), `${want} in ${got}`);
  const gbk = Buffer.from([0xC6, 0xF3, 0xD2, 0xB5, 0xC3, 0xFB, 0xB3, 0xC6, 0x0A]); // 企业名称 in GBK
  const g = await upload(reg, gbk, 'gbk.csv');
  assert.equal(g.status, 400);
  assert.equal(g.json.error.field, 'file');
  assert.match(g.json.error.message, /UTF-8/);
  assert.equal((await upload(mgr, Buffer.from('x'), 'x.csv')).status, 403);
  // at most 5000 rows per file
  const big = [HEAD.join(',')];
  for (let i = 0; i < 5001; i++) big.push(`企业${i},x,地址,制造业,33,无,规下,1,某,`);
  const b = await upload(reg, Buffer.from(big.join('\n'), 'utf8'), 'big.csv');
  assert.equal(b.status, 400);
  assert.equal(b.json.error.field, 'file');
  assert.match(b.json.error.message, /5000/);
  // an old .xls (OLE compound file) is refused with advice
  const xls = await upload(reg, Buffer.from([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]), 'old.xls');
  assert.equal(xls.status, 400);
  assert.match(xls.json.error.message, /xlsx/);
});

test('import refuses a USCC with a letter in positions 3–8, naming its row (GB 32100-2015 §4)', async () => {
  const before = (await all(admin, '/api/enterprise')).total;
  const rows = [HEAD,
    ['上海青浦区划甲有限公司', newUscc(), '上海市青浦区区划路1号', '制造业', '33', '无', '规下', 10, '吴一', ''],
    ['上海青浦区划乙有限公司', REGION_LETTER, '上海市青浦区区划路2号', '制造业', '33', '无', '规下', 10, '吴二', ''],
  ];
  const r = await upload(admin, Buffer.from(rows.map(csvRow).join('\n'), 'utf8'), 'region.csv');
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.code, 'import_rejected');
  assert.deepEqual(r.json.errors.map((e) => [e.row, e.field, e.message]),
    [[3, 'uscc', '统一社会信用代码第3至8位（登记管理机关行政区划码）须为数字']]);
  // the group's code of a subsidiary row is held to the same rule
  const p = await upload(admin, Buffer.from([[...HEAD, '上级企业统一社会信用代码'],
    ['上海青浦区划丙有限公司', newUscc(), '上海市青浦区区划路3号', '制造业', '33', '无', '规下', 10, '吴三', '', REGION_LETTER],
  ].map(csvRow).join('\n'), 'utf8'), 'parent.csv');
  assert.equal(p.status, 400, p.body);
  assert.deepEqual(p.json.errors.map((e) => [e.row, e.field]), [[2, 'parent_uscc']]);
  assert.match(p.json.errors[0].message, /第3至8位/);
  assert.equal((await all(admin, '/api/enterprise')).total, before, 'nothing imported');
});

test('.xlsx import: a workbook with shared and inline strings and numbers imports', async () => {
  const before = (await all(reg, '/api/enterprise')).total;
  const parent = newUscc();
  const rows = [[...HEAD, '上级企业统一社会信用代码'],
    ['上海青浦表格集团有限公司', parent, '上海市青浦区表格路1号', '租赁和商务服务业', '72', '无', '规上', 300, '孙一', '13816000021', ''],
    ['上海青浦表格燃气有限公司', newUscc(), '上海市青浦区表格路2号', '电力、热力、燃气及水生产和供应业', '45', '燃气', '规上', 88, '孙二', '13816000022', parent],
  ];
  const r = await upload(reg, xlsx(kinded(rows)), '企业.xlsx');
  assert.equal(r.status, 200, r.body);
  assert.deepEqual(r.json, { total: 2, imported: 2, errors: [] });
  const list = await all(reg, '/api/enterprise');
  assert.equal(list.total, before + 2);
  const g = list.items.find((e) => e.name === '上海青浦表格集团有限公司');
  const s = list.items.find((e) => e.name === '上海青浦表格燃气有限公司');
  assert.equal(s.employee_count, 88);
  assert.equal(s.parent_id, g.id);
  assert.equal(s.high_risk, 'gas');
  // a bad row in an .xlsx names its Excel row
  const bad = await upload(reg, xlsx(kinded([HEAD, ['', newUscc(), '上海市青浦区表格路3号', '', '', '', '', 1, '孙三', '']])), 'b.xlsx');
  assert.equal(bad.status, 400, bad.body);
  assert.deepEqual(bad.json.errors.map((e) => [e.row, e.field]), [[2, 'name']]);
});
