// Hazard reports from people (随手拍 / 吹哨人) and the enterprise QR code (企业码),
// src/mod/report.c + report_pub.c, against the demo district on a fixed clock: the
// public page without login (QR token → 风险告知 card → upload → report → tracking
// code), what the tracking code shows and what it never shows, markup, type and size
// limits by content, EXIF removal, triage (accept / merge / reject), rewards approved
// by a second person, the yearly report, the employee's report, the per-address and
// per-code limits, and the scope of every new entity and action. Both backends
// (ANJIAN_TEST_DB).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAs, Client } from './lib.mjs';

const NOW = '2026-11-22 10:00:00';
const TODAY = '2026-11-22';
let srv, admin, reg, mgr, pri, staff, mgr2, pub;
let entA, entB, tokenA, tokenB;

// A JPEG built here: SOI, APP0 (JFIF), APP1 (EXIF with a GPS position written as
// text so the test can look for it), DQT, SOS, image bytes, EOI.
function seg(marker, payload) {
  const h = Buffer.alloc(4);
  h[0] = 0xff; h[1] = marker; h.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([h, payload]);
}
const GPS = 'GPSLatitude=31.1497N;GPSLongitude=121.1240E';
function jpeg({ exif = true, body = 'image-bytes' } = {}) {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'binary')),
    ...(exif ? [seg(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'binary'), Buffer.from(GPS)]))] : []),
    seg(0xdb, Buffer.alloc(65, 1)),
    seg(0xda, Buffer.alloc(10, 2)),
    Buffer.from(body), Buffer.from([0xff, 0xd9]),
  ]);
}
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d4944415478da63f8cfc0f01f0005000201a0e5a1d60000000049454e44ae426082', 'hex');
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42\0\0\0\0mp42isom'), Buffer.alloc(64)]);

async function upload(c, bytes, name = '现场.jpg', query = '') {
  const fd = new FormData();
  fd.append('file', new Blob([bytes]), name);
  return c.req('POST', `/api/public/upload${query}`, fd);
}

async function report(c, body) {
  return c.post('/api/public/report', body);
}

async function count(c, path) {
  const r = await c.get(path);
  assert.equal(r.status, 200, r.body);
  return r.json.total;
}

// The id of the report with this description, as the regulator (who sees the desk
// and every enterprise in the demo) lists it.
async function reportId(description) {
  const r = await reg.get(`/api/hazard_report?q=${encodeURIComponent(description)}`);
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.items.length, 1, `one report "${description}"`);
  return r.json.items[0].id;
}

before(async () => {
  // the limits are per address and every request here comes from 127.0.0.1: this
  // server's are wide, the last test runs its own server with narrow ones
  srv = await startServer({ env: { ANJIAN_NOW: NOW, ANJIAN_PUBLIC_LIMITS: '1000,1000,1000,100' } });
  [admin, reg, mgr, pri, staff, mgr2] = await Promise.all(
    ['admin', 'regulator', 'manager', 'principal', 'staff', 'manager2'].map((u) => loginAs(srv.base, u)));
  pub = new Client(srv.base);
  entA = (await reg.get('/api/enterprise?q=' + encodeURIComponent('上海青浦燃气有限公司'))).json.items[0];
  entB = (await reg.get('/api/enterprise?q=' + encodeURIComponent('上海青浦精工金属制品有限公司'))).json.items[0];
  const qa = await mgr.get(`/api/report/qr/${entA.id}`);
  assert.equal(qa.status, 200, qa.body);
  tokenA = qa.json.token;
  tokenB = (await mgr2.get(`/api/report/qr/${entB.id}`)).json.token;
});
after(async () => { await srv?.stop(); });

test('the QR page: the enterprise name, its 较大/重大 risks with their controls, contacts — no login, no internals', async () => {
  const r = await pub.get(`/api/public/ent/${tokenA}`);
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.name, '上海青浦燃气有限公司');
  assert.ok(r.json.risks.length > 0, 'the gas company has major risks in the demo');
  for (const k of r.json.risks) {
    assert.ok(['high', 'major'].includes(k.level), `only 较大 and 重大 risks: ${k.level}`);
    assert.ok(Array.isArray(k.controls));
  }
  assert.ok(r.json.risks.some((k) => k.controls.length > 0), 'controls are shown (风险告知)');
  assert.ok(r.json.contacts.some((x) => x.phone), 'an emergency contact');
  // nothing of the enterprise's internals: no ids, no scores, no responsible accounts
  const text = JSON.stringify(r.json);
  for (const k of ['"id"', 'org_id', 'score', 'responsible_id', 'uscc']) assert.ok(!text.includes(k), k);
  // the same token always; a bad token is 404
  assert.equal((await mgr.get(`/api/report/qr/${entA.id}`)).json.token, tokenA);
  assert.equal((await pub.get('/api/public/ent/0123456789abcdef0123456789abcdef')).status, 404);
  assert.equal((await pub.get('/api/public/ent/x')).status, 404);
});

test('QR images: SVG for print and PNG; only for an enterprise the caller sees; a regulator scanning resolves to the 一企一档', async () => {
  const svg = await mgr.get(`/api/report/qr/${entA.id}/svg`);
  assert.equal(svg.status, 200);
  assert.match(svg.headers.get('content-type'), /image\/svg\+xml/);
  assert.match(svg.body, /^<svg [^>]*viewBox="0 0 \d+ \d+"/);
  const png = await mgr.get(`/api/report/qr/${entA.id}/png`, { raw: true });
  assert.equal(png.status, 200);
  assert.equal(png.body.subarray(0, 8).toString('hex'), '89504e470d0a1a0a');
  const url = (await mgr.get(`/api/report/qr/${entA.id}`)).json.url;
  assert.ok(url.endsWith(`/p/e/${tokenA}`), url);
  // enterprise B's manager does not see A; the public cannot ask
  assert.equal((await mgr2.get(`/api/report/qr/${entA.id}`)).status, 404);
  assert.equal((await mgr2.get(`/api/report/qr/${entA.id}/svg`)).status, 404);
  assert.equal((await pub.get(`/api/report/qr/${entA.id}`)).status, 401);
  const res = await reg.get(`/api/report/qr-resolve/${tokenA}`);
  assert.equal(res.status, 200, res.body);
  assert.equal(res.json.enterprise_id, entA.id);
  assert.equal((await mgr2.get(`/api/report/qr-resolve/${tokenA}`)).status, 404);
});

test('public report from the QR page: EXIF stripped from the photo, a tracking code back, the status by that code only', async () => {
  const up = await upload(pub, jpeg());
  assert.equal(up.status, 201, up.body);
  assert.equal(up.json.mime, 'image/jpeg');
  assert.equal(up.json.exif_removed, true);
  assert.match(up.json.token, /^[0-9a-f]{32}$/);
  const r = await report(pub, { description: '调压站围墙外有人私接燃气管', location: '外青松公路调压站北侧',
    enterprise: tokenA, contact: '李女士 13800000000', photos: [up.json.token] });
  assert.equal(r.status, 201, r.body);
  assert.match(r.json.code, /^[2-9A-HJKMNP-TV-Z]{4}(-[2-9A-HJKMNP-TV-Z]{4}){3}$/);
  assert.equal(r.json.status, 'submitted');

  // the stored photo has no EXIF block and no position, the image bytes are kept
  const id = await reportId('调压站围墙外有人私接燃气管');
  const row = (await mgr.get(`/api/hazard_report/${id}`)).json;
  assert.equal(row.org_id, entA.org_id, 'the QR code presets the enterprise');
  assert.equal(row.channel, 'public');
  // the contact is the regulators' only: the enterprise never learns who reported it
  assert.ok(!('contact' in row));
  const ct = await reg.get(`/api/report_contact?report_id=${id}`);
  assert.equal(ct.status, 200, ct.body);
  assert.deepEqual(ct.json.items.map((x) => x.contact), ['李女士 13800000000']);
  assert.equal((await mgr.get(`/api/report_contact?report_id=${id}`)).status, 403);
  assert.equal((await pri.get(`/api/report_contact/${ct.json.items[0].id}`)).status, 403);
  assert.equal(row.photos.length, 1);
  assert.ok(!('code_hash' in row), 'the hash of the code is never output');
  const file = await mgr.get(`/api/files/${row.photos[0]}`, { raw: true });
  assert.equal(file.status, 200);
  assert.ok(!file.body.includes(Buffer.from('Exif')), 'no EXIF');
  assert.ok(!file.body.includes(Buffer.from(GPS)), 'no GPS position');
  assert.ok(file.body.includes(Buffer.from('image-bytes')), 'the image itself is kept');
  assert.equal(file.body.subarray(0, 2).toString('hex'), 'ffd8');

  // the reporter may keep the position
  const kept = await upload(pub, jpeg({ body: 'kept-bytes' }), 'a.jpg', '?keep_location=1');
  assert.equal(kept.status, 201);
  assert.equal(kept.json.exif_removed, false);

  // tracking: typed in lower case without dashes works; only the reporter's view
  const t = await pub.get(`/api/public/report/${r.json.code.replaceAll('-', '').toLowerCase()}`);
  assert.equal(t.status, 200, t.body);
  assert.deepEqual(Object.keys(t.json).sort(),
    ['code', 'enterprise', 'handled_at', 'location', 'progress', 'reject_reason', 'reported_at', 'status', 'status_label']);
  assert.equal(t.json.status_label, '待处理');
  assert.equal(t.json.enterprise, '上海青浦燃气有限公司');
  assert.ok(!JSON.stringify(t.json).includes('李女士'), 'the contact is not shown to whoever holds the code');
});

test('tracking codes are isolated: another code, a made-up code or a malformed one shows nothing', async () => {
  const a = await report(pub, { description: '仓库门口堆放易燃纸箱', location: '精工金属仓库门口', enterprise: tokenB });
  const b = await report(pub, { description: '配电箱门敞开无人看管', location: '华新镇某工地' });
  assert.equal(a.status, 201, a.body);
  assert.equal(b.status, 201, b.body);
  assert.notEqual(a.json.code, b.json.code);
  const ta = await pub.get(`/api/public/report/${a.json.code}`);
  const tb = await pub.get(`/api/public/report/${b.json.code}`);
  assert.equal(ta.json.location, '精工金属仓库门口');
  assert.equal(tb.json.location, '华新镇某工地');
  assert.equal(tb.json.enterprise, null, 'no enterprise named');
  assert.ok(!JSON.stringify(ta.json).includes('配电箱'));
  for (const bad of ['2222-2222-2222-2222', 'ABCD', 'ABCD-EFGH-JKMN-PQR1', '%3Cscript%3E']) {
    const r = await pub.get(`/api/public/report/${bad}`);
    assert.equal(r.status, 404, bad);
    assert.ok(!r.body.includes('配电箱') && !r.body.includes('仓库'));
  }
  // the desk report is the regulator's, not an enterprise's
  const idb = await reportId('配电箱门敞开无人看管');
  assert.equal((await mgr2.get(`/api/hazard_report/${idb}`)).status, 404);
  assert.equal((await mgr.get(`/api/hazard_report/${idb}`)).status, 404);
  assert.equal((await reg.get(`/api/hazard_report/${idb}`)).status, 200);
});

test('no markup in text: a tag is refused naming the field and nothing is stored; plain "<" in text is fine', async () => {
  const before = await count(reg, '/api/hazard_report');
  for (const [field, value] of [['description', '<img src=x onerror=alert(1)>'], ['location', '东门</td><script>'],
    ['contact', '&#60;b&#62;'], ['enterprise_name', '<a href="http://x">某公司</a>']]) {
    const body = { description: '消防通道堵塞', location: '东门', [field]: value };
    const r = await report(pub, body);
    assert.equal(r.status, 400, `${field}: ${r.body}`);
    assert.equal(r.json.error.field, field);
    assert.match(r.json.error.message, /网页标记/);
  }
  assert.equal(await count(reg, '/api/hazard_report'), before, 'nothing stored');
  const ok = await report(pub, { description: '冷库温度<-18度的报警器不响', location: '冷库' });
  assert.equal(ok.status, 201, ok.body);
  // required fields, unknown keys, too many photos
  const miss = await report(pub, { location: '东门' });
  assert.equal(miss.status, 400);
  assert.equal(miss.json.error.field, 'description');
  assert.equal((await report(pub, { description: 'a', location: 'b', status: 'accepted' })).json.error.field, 'status');
  assert.equal((await report(pub, { description: 'a', location: 'b', photos: Array(7).fill('x') })).json.error.field, 'photos');
});

test('idempotent submissions: the same key again is the same report and the same code (the offline queue sends once)', async () => {
  const key = 'k-' + '7f3a9c1e5b2d4f60a8e1c3b5d7f9a1c3';
  const body = { description: '离线排队的举报：配电室漏水', location: '某厂配电室', enterprise: tokenA, idempotency_key: key };
  const a = await report(pub, body);
  assert.equal(a.status, 201, a.body);
  const b = await report(pub, body);
  assert.equal(b.status, 200, b.body);
  assert.equal(b.json.code, a.json.code);
  assert.equal(b.json.replayed, true);
  assert.equal(await count(reg, '/api/hazard_report?q=' + encodeURIComponent('离线排队的举报')), 1, 'stored once');
  // another key is another report with another code; a bad key is refused
  const c = await report(pub, { ...body, idempotency_key: 'k-' + '0'.repeat(30) });
  assert.equal(c.status, 201);
  assert.notEqual(c.json.code, a.json.code);
  const bad = await report(pub, { ...body, idempotency_key: 'short' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'idempotency_key');
  assert.equal((await pub.get(`/api/public/report/${a.json.code}`)).json.location, '某厂配电室');
});

test('uploads by content: photos and MP4 video accepted whatever the name; anything else refused; size limits', async () => {
  const png = await upload(pub, PNG, 'photo.exe');
  assert.equal(png.status, 201, png.body);
  assert.equal(png.json.mime, 'image/png');
  const mp4 = await upload(pub, MP4, 'clip.mov');
  assert.equal(mp4.status, 201, mp4.body);
  assert.equal(mp4.json.mime, 'video/mp4');
  for (const [bytes, name] of [[Buffer.from('<html><script>alert(1)</script></html>'), 'x.jpg'],
    [Buffer.from('%PDF-1.4 fake'), 'report.jpg'], [Buffer.from('GIF89a......'), 'a.gif']]) {
    const r = await upload(pub, bytes, name);
    assert.equal(r.status, 400, `${name}: ${r.body}`);
    assert.equal(r.json.error.field, 'file');
  }
  // a truncated JPEG (segment length past the end) is refused, not stored half-parsed
  const broken = jpeg().subarray(0, 30);
  assert.equal((await upload(pub, broken, 'b.jpg')).status, 400);
  // a photo over 8 MB
  const big = Buffer.alloc(8 * 1024 * 1024 + 10, 0);
  PNG.copy(big);
  const r = await upload(pub, big, 'big.png');
  assert.equal(r.status, 413, r.body);
  // an upload token works once
  const once = await upload(pub, PNG, 'p.png');
  assert.equal((await report(pub, { description: '井盖缺失', location: '路口', photos: [once.json.token] })).status, 201);
  const again = await report(pub, { description: '井盖缺失2', location: '路口', photos: [once.json.token] });
  assert.equal(again.status, 400);
  assert.equal(again.json.error.field, 'photos');
  assert.equal((await report(pub, { description: '井盖缺失3', location: '路口', photos: ['f'.repeat(32)] })).status, 400);
});

test('triage: accept makes a hazard of the register through the hazard core, linked both ways; the reporter sees 已受理', async () => {
  const r = await report(pub, { description: '燃气抢修车灭火器过期', location: '抢修中心车库', enterprise: tokenA,
    photos: [(await upload(pub, PNG, 'x.png')).json.token] });
  const id = await reportId('燃气抢修车灭火器过期');
  // staff and a member of another enterprise may not; a missing input is 400
  assert.equal((await staff.post(`/api/hazard_report/${id}/accept`, { title: 'x', category: 'thing' })).status, 403);
  assert.equal((await mgr2.post(`/api/hazard_report/${id}/accept`, { title: 'x', category: 'thing' })).status, 404);
  const bad = await mgr.post(`/api/hazard_report/${id}/accept`, { category: 'thing' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'title');
  const other = await mgr.post(`/api/hazard_report/${id}/accept`, { title: '灭火器过期', category: 'thing', org_id: entB.org_id });
  assert.equal(other.status, 400, 'a report naming an enterprise stays with it');
  assert.equal(other.json.error.field, 'org_id');

  const ok = await mgr.post(`/api/hazard_report/${id}/accept`, { title: '抢修车灭火器过期', category: 'thing', note: '已核实' });
  assert.equal(ok.status, 200, ok.body);
  assert.equal(ok.json.status, 'accepted');
  const hz = (await mgr.get(`/api/hazard/${ok.json.hazard_id}`)).json;
  assert.equal(hz.title, '抢修车灭火器过期');
  assert.equal(hz.source, 'public_report');
  assert.equal(hz.status, 'registered');
  assert.equal(hz.org_id, entA.org_id);
  assert.equal(hz.found_at, TODAY);
  assert.equal(hz.photos_before.length, 1, 'the report\'s photo');
  const back = await mgr.get(`/api/hazard_report?hazard_id=${hz.id}`);
  assert.deepEqual(back.json.items.map((x) => x.id), [id], 'the hazard lists its report');
  const t = (await pub.get(`/api/public/report/${r.json.code}`)).json;
  assert.equal(t.status_label, '已受理');
  assert.equal(t.progress, '隐患正在整改');
  assert.ok(!JSON.stringify(t).includes('抢修车灭火器过期'), 'the hazard record itself stays internal');
  // final: a second triage is 409
  assert.equal((await mgr.post(`/api/hazard_report/${id}/reject`, { reason: 'x' })).status, 409);
});

test('triage: a report naming no enterprise is accepted into the one the regulator names; merge and reject', async () => {
  await report(pub, { description: '厂区北门消防栓被货物压住', location: '华新镇华腾路北门' });
  const id = await reportId('厂区北门消防栓被货物压住');
  const miss = await reg.post(`/api/hazard_report/${id}/accept`, { title: '消防栓被压', category: 'thing' });
  assert.equal(miss.status, 400);
  assert.equal(miss.json.error.field, 'org_id');
  const ok = await reg.post(`/api/hazard_report/${id}/accept`, { title: '消防栓被货物压占', category: 'thing', org_id: entB.org_id });
  assert.equal(ok.status, 200, ok.body);
  const hz = (await mgr2.get(`/api/hazard/${ok.json.hazard_id}`)).json;
  // the hazard module's rule: what a regulator registers is a 监管检查 of its org
  assert.equal(hz.source, 'regulator_check');
  assert.equal(hz.reg_org_id, reg.me.org.id);
  assert.match(hz.description, /（来自群众举报）$/);
  assert.equal(hz.org_id, entB.org_id);
  assert.equal((await mgr2.get(`/api/hazard_report/${id}`)).status, 200, 'the report moved to the enterprise');

  // merge: into a hazard of the same enterprise only
  await report(pub, { description: '冲床保护装置坏了还在用', location: '冲压车间', enterprise: tokenB });
  const mid = await reportId('冲床保护装置坏了还在用');
  const hzB = (await mgr2.get('/api/hazard?q=' + encodeURIComponent('冲床光电保护装置失效'))).json.items[0];
  const hzA = (await mgr.get('/api/hazard?q=' + encodeURIComponent('燃气管道标志桩缺失'))).json.items[0];
  const wrong = await reg.post(`/api/hazard_report/${mid}/merge`, { hazard_id: hzA.id });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.json.error.field, 'hazard_id');
  assert.equal((await mgr2.post(`/api/hazard_report/${mid}/merge`, { hazard_id: hzA.id })).status, 400, 'B cannot see A\'s hazard');
  const hzCount = await count(mgr2, '/api/hazard');
  const m = await mgr2.post(`/api/hazard_report/${mid}/merge`, { hazard_id: hzB.id, note: '同一隐患' });
  assert.equal(m.status, 200, m.body);
  assert.equal(m.json.status, 'merged');
  assert.equal(m.json.hazard_id, hzB.id);
  assert.equal(await count(mgr2, '/api/hazard'), hzCount, 'a merge registers no hazard');

  // reject: with a reason the reporter reads
  const r = await report(pub, { description: '隔壁在吵架', location: '某小区', enterprise: tokenB });
  const rid = await reportId('隔壁在吵架');
  const noReason = await mgr2.post(`/api/hazard_report/${rid}/reject`, {});
  assert.equal(noReason.status, 400);
  assert.equal(noReason.json.error.field, 'reason');
  assert.equal((await mgr2.post(`/api/hazard_report/${rid}/reject`, { reason: '不属于安全生产事故隐患' })).status, 200);
  const t = (await pub.get(`/api/public/report/${r.json.code}`)).json;
  assert.equal(t.status_label, '不予采纳');
  assert.equal(t.reject_reason, '不属于安全生产事故隐患');
});

test('rewards: only for a report found true; approved by someone other than the proposer; paid on a date; yearly report', async () => {
  await report(pub, { description: '阀门井盖板缺失', location: '崧泽大道12号', enterprise: tokenA });
  const id = await reportId('阀门井盖板缺失');
  const early = await mgr.post('/api/report_reward', { report_id: id, amount: 100 });
  assert.equal(early.status, 400, 'not yet found true');
  assert.equal(early.json.error.field, 'report_id');
  assert.equal((await mgr.post(`/api/hazard_report/${id}/accept`, { title: '阀门井盖板缺失', category: 'thing' })).status, 200);
  assert.equal((await mgr.post('/api/report_reward', { report_id: id, amount: 0 })).json.error.field, 'amount');
  assert.equal((await staff.post('/api/report_reward', { report_id: id, amount: 100 })).status, 403);
  const w = await mgr.post('/api/report_reward', { report_id: id, amount: 150.5, basis: '举报奖励办法第三条', status: 'paid' });
  assert.equal(w.status, 201, w.body);
  assert.equal(w.json.status, 'proposed', 'the server sets the state');
  assert.equal(w.json.amount, 150.5);
  assert.equal(w.json.kind, 'public');
  assert.equal(w.json.proposed_by, mgr.me.user.id);
  assert.equal((await mgr.post('/api/report_reward', { report_id: id, amount: 10 })).status, 400, 'one reward per report');

  const self = await mgr.post(`/api/report_reward/${w.json.id}/approve`, {});
  assert.equal(self.status, 403, 'the proposer may not approve');
  assert.match(self.json.error.message, /提议人以外/);
  assert.ok(!(await mgr.get(`/api/report_reward/${w.json.id}`)).json._actions.some((a) => a.verb === 'approve'));
  assert.equal((await mgr2.post(`/api/report_reward/${w.json.id}/approve`, {})).status, 404);
  assert.equal((await pri.post(`/api/report_reward/${w.json.id}/pay`, { paid_date: TODAY })).status, 409, 'not approved yet');
  const ap = await pri.post(`/api/report_reward/${w.json.id}/approve`, { note: '同意' });
  assert.equal(ap.status, 200, ap.body);
  assert.equal(ap.json.status, 'approved');
  const future = await mgr.post(`/api/report_reward/${w.json.id}/pay`, { paid_date: '2026-11-23' });
  assert.equal(future.status, 400);
  assert.equal(future.json.error.field, 'paid_date');
  const paid = await mgr.post(`/api/report_reward/${w.json.id}/pay`, { paid_date: TODAY, pay_note: '现金' });
  assert.equal(paid.status, 200, paid.body);
  assert.equal(paid.json.status, 'paid');
  assert.equal(paid.json.paid_date, TODAY);

  const y = await reg.get('/api/report_reward/yearly?year=2026');
  assert.equal(y.status, 200, y.body);
  const rows = y.json.items;
  const paidSum = rows.filter((x) => x.status === 'paid').reduce((s, x) => s + Math.round(x.amount * 100), 0);
  assert.equal(Math.round(y.json.totals.paid.amount * 100), paidSum);
  assert.equal(y.json.totals.paid.count, rows.filter((x) => x.status === 'paid').length);
  assert.ok(rows.some((x) => x.id === w.json.id && x.amount === 150.5));
  assert.ok(y.json.totals.proposed.count >= 1, 'the demo reward waiting for approval');
  const y2 = await mgr2.get('/api/report_reward/yearly?year=2026');
  assert.ok(!y2.json.items.some((x) => x.id === w.json.id), 'B does not see A\'s rewards');
  assert.equal((await reg.get('/api/report_reward/yearly?year=2019')).json.totals.paid.count, 0);
});

test('employees report the same way when logged in: an internal report of their enterprise, triaged, an internal reward', async () => {
  const r = await staff.post('/api/hazard_report/submit', { description: '配电房门锁坏了', location: '总部配电房' });
  assert.equal(r.status, 201, r.body);
  assert.match(r.json.code, /^[A-Z0-9]{4}-/);
  assert.equal((await staff.get('/api/hazard_report')).status, 403, 'staff do not read the triage list (contacts)');
  const row = (await mgr.get(`/api/hazard_report/${r.json.id}`)).json;
  assert.equal(row.channel, 'employee');
  assert.equal(row.reporter_id, staff.me.user.id);
  assert.equal((await reg.post('/api/hazard_report/submit', { description: 'a', location: 'b' })).status, 403);
  const bad = await staff.post('/api/hazard_report/submit', { description: '<b>x</b>', location: 'b' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'description');
  const acc = await mgr.post(`/api/hazard_report/${r.json.id}/accept`, { title: '配电房门锁损坏', category: 'thing' });
  assert.equal(acc.status, 200, acc.body);
  const hz = (await mgr.get(`/api/hazard/${acc.json.hazard_id}`)).json;
  assert.equal(hz.source, 'employee_report');
  assert.equal(hz.found_by, row.reporter_id);
  const w = await pri.post('/api/report_reward', { report_id: r.json.id, amount: 50 });
  assert.equal(w.status, 201, w.body);
  assert.equal(w.json.kind, 'internal', '内部奖励 (000 §三(二))');
});

test('scope matrix of the new entities and actions', async () => {
  const a = await reportId('燃气调压站围栏破损，有人翻越进入站区');	// demo: 城投集团, waiting
  const desk = await reportId('餐饮店在居民楼下的过道里存放五六个液化气钢瓶');	// demo: the desk
  const cases = [
    // [client, path, expected]
    [admin, `/api/hazard_report/${a}`, 200], [reg, `/api/hazard_report/${a}`, 200],
    [mgr, `/api/hazard_report/${a}`, 200], [pri, `/api/hazard_report/${a}`, 200],
    [staff, `/api/hazard_report/${a}`, 403], [mgr2, `/api/hazard_report/${a}`, 404],
    [admin, `/api/hazard_report/${desk}`, 200], [reg, `/api/hazard_report/${desk}`, 200],
    [mgr, `/api/hazard_report/${desk}`, 404], [mgr2, `/api/hazard_report/${desk}`, 404],
    [pub, `/api/hazard_report/${a}`, 401], [pub, '/api/report_reward', 401],
    [staff, '/api/report_reward', 403], [mgr2, '/api/report_reward/yearly', 200],
    [reg, '/api/report_contact', 200], [admin, '/api/report_contact', 200],
    [mgr, '/api/report_contact', 403], [staff, '/api/report_contact', 403], [pub, '/api/report_contact', 401],
  ];
  for (const [c, p, want] of cases) assert.equal((await c.get(p)).status, want, `${c.me?.username ?? 'public'} GET ${p}`);
  // generic writes are closed: reports change only by the actions
  assert.equal((await reg.post('/api/hazard_report', { description: 'x' })).status, 403);
  assert.equal((await admin.post('/api/hazard_report', { description: 'x' })).status, 405);
  assert.equal((await admin.put(`/api/hazard_report/${a}`, { status: 'accepted' })).status, 405);
  assert.equal((await mgr.put(`/api/report_reward/1`, { amount: 1 })).status, 405);
  assert.equal((await admin.del(`/api/hazard_report/${a}`)).status, 405);
  // actions: out of scope 404, wrong role 403
  assert.equal((await mgr2.post(`/api/hazard_report/${a}/reject`, { reason: 'x' })).status, 404);
  assert.equal((await staff.post(`/api/hazard_report/${a}/reject`, { reason: 'x' })).status, 403);
  assert.equal((await mgr.post(`/api/hazard_report/${desk}/reject`, { reason: 'x' })).status, 404);
  // the list of each role holds only its scope
  const listA = (await mgr.get('/api/hazard_report?size=200')).json.items;
  assert.ok(listA.length > 0);
  for (const x of listA) assert.notEqual(x.org_id, entB.org_id);
  const listB = (await mgr2.get('/api/hazard_report?size=200')).json.items;
  assert.ok(listB.every((x) => x.org_name === '上海青浦精工金属制品有限公司'), 'B sees only B');
  assert.ok(!JSON.stringify(listA).includes('code_hash'));
  // the demo's rewards: one paid of each kind, one waiting
  const rw = (await reg.get('/api/report_reward?size=50')).json.items;
  assert.ok(rw.some((x) => x.status === 'paid' && x.kind === 'public'));
  assert.ok(rw.some((x) => x.status === 'paid' && x.kind === 'internal'));
  assert.ok(rw.some((x) => x.status === 'proposed'));
});

test('abuse limits: per address for reports, uploads and lookups, per code for lookups; 429 with Retry-After', async () => {
  const s2 = await startServer({ env: { ANJIAN_NOW: NOW, ANJIAN_PUBLIC_LIMITS: '3,2,50,2' } });
  try {
    const p = new Client(s2.base);
    const codes = [];
    for (let i = 0; i < 3; i++) {
      const r = await p.post('/api/public/report', { description: `限流测试${i}`, location: '某处' });
      assert.equal(r.status, 201, r.body);
      codes.push(r.json.code);
    }
    const over = await p.post('/api/public/report', { description: '限流测试3', location: '某处' });
    assert.equal(over.status, 429);
    assert.equal(over.json.error.code, 'rate_limited');
    assert.equal(over.headers.get('retry-after'), '3600');
    const reg2 = await loginAs(s2.base, 'regulator');
    const list = (await reg2.get('/api/hazard_report?q=' + encodeURIComponent('限流测试'))).json;
    assert.equal(list.total, 3, 'the refused report was not stored');
    // uploads
    for (let i = 0; i < 2; i++) assert.equal((await upload(p, PNG)).status, 201);
    assert.equal((await upload(p, PNG)).status, 429);
    // per code: the third lookup of one code is refused, another code still answers
    assert.equal((await p.get(`/api/public/report/${codes[0]}`)).status, 200);
    assert.equal((await p.get(`/api/public/report/${codes[0]}`)).status, 200);
    assert.equal((await p.get(`/api/public/report/${codes[0]}`)).status, 429);
    assert.equal((await p.get(`/api/public/report/${codes[1]}`)).status, 200);
    // logged-in work is not limited by the public counters
    assert.equal((await reg2.get('/api/hazard?size=5')).status, 200);
  } finally {
    await s2.stop();
  }
});
