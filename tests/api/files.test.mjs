// Attachments over HTTP (src/entity/files.c): type by content not by name, the size
// limit, storing once by SHA-256, scope on download, and attaching files to rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { startServer, loginAs, BACKEND } from './lib.mjs';

let srv, mgr, mgr2, reg;

before(async () => {
  srv = await startServer();
  mgr = await loginAs(srv.base, 'manager');
  mgr2 = await loginAs(srv.base, 'manager2');
  reg = await loginAs(srv.base, 'regulator');
});
after(async () => { await srv?.stop(); });

// A 1×1 PNG.
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d4944415478da63f8cfc0f01f0005000201a0e5a1d60000000049454e44ae426082', 'hex');

function form(bytes, name) {
  const fd = new FormData();
  fd.append('file', new Blob([bytes]), name);
  return fd;
}

async function upload(c, bytes, name, qs = '') {
  return c.req('POST', `/api/files${qs}`, form(bytes, name));
}

test('a PNG is accepted and served back with its type', async () => {
  const r = await upload(mgr, PNG, '现场照片.png');
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.mime, 'image/png');
  assert.equal(r.json.name, '现场照片.png');
  assert.equal(r.json.size, PNG.length);
  assert.equal(r.json.sha256, createHash('sha256').update(PNG).digest('hex'));
  const g = await mgr.get(`/api/files/${r.json.id}`, { raw: true });
  assert.equal(g.status, 200);
  assert.equal(g.headers.get('content-type'), 'image/png');
  assert.match(g.headers.get('cache-control'), /private/);
  assert.ok(Buffer.compare(g.body, PNG) === 0);
  const d = await mgr.get(`/api/files/${r.json.id}?download=1`, { raw: true });
  assert.match(d.headers.get('content-disposition'), /^attachment/);
});

test('type is checked by content: a .png-named text file is refused', async () => {
  let r = await upload(mgr, Buffer.from('just some text, not an image\n'), 'fake.png');
  assert.equal(r.status, 400);
  assert.equal(r.json.error.code, 'validation');
  assert.equal(r.json.error.field, 'file');
  assert.match(r.json.error.message, /不支持的文件类型/);
  // a plain zip without [Content_Types].xml is not an Office document
  const zip = Buffer.from('504b0506000000000000000000000000000000000000', 'hex');
  r = await upload(mgr, Buffer.concat([Buffer.from('PK\x03\x04'), zip]), 'a.docx');
  assert.equal(r.status, 400);
  // empty file
  r = await upload(mgr, Buffer.alloc(0), 'empty.pdf');
  assert.equal(r.status, 400);
  // a PDF by content, whatever its name
  r = await upload(mgr, Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), 'scan.bin');
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.mime, 'application/pdf');
});

test('an upload over 20 MiB is 413', async () => {
  const big = Buffer.alloc(20 * 1024 * 1024 + 1024);
  PNG.copy(big);
  const r = await upload(mgr, big, 'big.png');
  assert.equal(r.status, 413);
  assert.equal(r.json.error.code, 'too_large');
});

test('the same content uploaded twice is stored once', async () => {
  const bytes = Buffer.concat([PNG, Buffer.from(`unique-${Date.now()}`)]);
  const a = await upload(mgr, bytes, 'one.png');
  const b = await upload(mgr, bytes, 'two.png');
  assert.equal(a.status, 201);
  assert.equal(b.status, 201);
  assert.notEqual(a.json.id, b.json.id);
  assert.equal(a.json.sha256, b.json.sha256);
  const dir = join(srv.dataDir, 'files', a.json.sha256.slice(0, 2));
  assert.ok(existsSync(join(dir, a.json.sha256)));
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith(a.json.sha256)), [a.json.sha256]);
  assert.equal((await mgr.get(`/api/files/${b.json.id}`, { raw: true })).body.length, bytes.length);
});

test('scope: another enterprise cannot download or attach the file; the regulator can read it', async () => {
  const f = await upload(mgr, PNG, 'A.png');
  assert.equal(f.status, 201);
  let r = await mgr2.get(`/api/files/${f.json.id}`);
  assert.equal(r.status, 404);
  r = await mgr2.get(`/api/files/${f.json.id}?download=1`);
  assert.equal(r.status, 404);
  assert.equal((await reg.get(`/api/files/${f.json.id}`, { raw: true })).status, 200);
  // attaching A's file to B's outlet is refused like a missing file
  r = await mgr2.post('/api/outlet', { name: '乙网点', kind: 'self_operated', address: '乙地址',
    org_id: mgr2.me.org.id, agreement_files: [f.json.id] });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'agreement_files');
  // uploading into an org the user cannot see
  r = await upload(mgr2, PNG, 'x.png', `?org_id=${mgr.me.org.id}`);
  assert.equal(r.status, 404);
  // A attaches its own file; the single read lists the file's details
  r = await mgr.post('/api/outlet', { name: '甲网点', kind: 'self_operated', address: '甲地址',
    org_id: mgr.me.org.id, agreement_signed: true, agreement_files: [f.json.id] });
  assert.equal(r.status, 201, r.body);
  assert.deepEqual(r.json.agreement_files, [f.json.id]);
  assert.deepEqual(r.json.agreement_files_files, [{ id: f.json.id, name: 'A.png', mime: 'image/png', size: PNG.length }]);
  assert.equal((await mgr2.get(`/api/outlet/${r.json.id}`)).status, 404);
});

test('not logged in: upload and download refused', async () => {
  const r = await fetch(`${srv.base}/api/files/1`);
  assert.equal(r.status, 401);
});

test('PostgreSQL: a file missing from this server\'s data dir is served from file_blob', { skip: BACKEND !== 'postgres' }, async () => {
  const bytes = Buffer.concat([PNG, Buffer.from(`blob-${Date.now()}`)]);
  const f = await upload(mgr, bytes, 'blob.png');
  assert.equal(f.status, 201);
  const local = join(srv.dataDir, 'files', f.json.sha256.slice(0, 2), f.json.sha256);
  rmSync(local);	// as if another server process had received the upload
  const g = await mgr.get(`/api/files/${f.json.id}`, { raw: true });
  assert.equal(g.status, 200);
  assert.ok(Buffer.compare(g.body, bytes) === 0);
  assert.ok(existsSync(local), 'written back to the local store');
});

// Issue 14 finding 11: the session is decided before the body is accepted — with a
// bogus cookie nothing of an upload reaches the disk, even while it is still sending.
test('an upload with a bogus session cookie is never written to disk, and answers 401', async () => {
  const http = await import('node:http');
  const tmp = join(srv.dataDir, 'tmp');
  const before = existsSync(tmp) ? readdirSync(tmp).length : 0;
  const boundary = 'anjianbogus';
  const url = new URL(`${srv.base}/api/files`);
  const res = await new Promise((resolve, reject) => {
    const rq = http.request({
      host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        cookie: `anjian_session=${'ab'.repeat(32)}`, 'x-anjian-csrf': '0'.repeat(32),
      },
    }, (r) => { let b = ''; r.on('data', (d) => { b += d; }); r.on('end', () => resolve({ status: r.statusCode, body: b })); });
    rq.on('error', reject);
    rq.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`);
    rq.write(PNG);
    rq.write(Buffer.alloc(2 * 1024 * 1024, 7));
    // half-way: nothing of it is on disk
    setTimeout(() => {
      try {
        const now = existsSync(tmp) ? readdirSync(tmp).length : 0;
        assert.equal(now, before, 'no temp file while the body streams in');
        rq.write(Buffer.alloc(1024 * 1024, 7));
        rq.end(`\r\n--${boundary}--\r\n`);
      } catch (e) { rq.destroy(); reject(e); }
    }, 300);
  });
  assert.equal(res.status, 401);
  assert.equal(JSON.parse(res.body).error.code, 'unauthorized');
});
