// "No request, however malformed, crashes the server or loses data" (issue 2). A
// bounded set of hostile requests against the sanitizer build: every one gets a 4xx
// with a JSON error (or the SPA for non-API paths), the server stays healthy, and a
// count of the rows it guards is unchanged at the end. Any memory error aborts the
// ASan server, which fails the test (and lib.mjs's stop() reports the exit).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, loginAs } from './lib.mjs';

let srv, mgr;
before(async () => { srv = await startServer(); mgr = await loginAs(srv.base, 'manager'); });
after(async () => { await srv?.stop(); });

/** Sends raw bytes on a socket and returns what comes back (up to 2 s). */
function raw(port, bytes) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let out = '';
    s.on('data', (d) => { out += d.toString('latin1'); });
    s.on('error', () => resolve(out));
    s.on('close', () => resolve(out));
    s.write(bytes);
    setTimeout(() => s.destroy(), 2000);
  });
}

const bodies = ['', '{', '[]', '"x"', 'null', '{"a":', '{"name":{"$gt":""}}', '\u0000\u0001\u0002',
  '{"name":"' + '隐'.repeat(5000) + '"}', '{"employee_count":1e309}', '{"employee_count":-99999999999999999999}',
  '{"lat":"NaN"}', '{"org_id":"1 OR 1=1"}', '{"org_id":-1}', '{"name":"\\ud800"}', '{"kind":["self_operated"]}',
  JSON.stringify({ a: Array(1000).fill({ b: [[[[[[[[[[1]]]]]]]]]] }) })];
const paths = ['/api/outlet', '/api/outlet/999999', '/api/outlet/-1', '/api/outlet/99999999999999999999',
  '/api/outlet/abc', '/api/hazard/1/verify', '/api/hazard/0/assign', '/api/enterprise/import',
  '/api/nosuch', '/api/outlet?page=-1', '/api/outlet?size=0', '/api/outlet?sort=name;DROP%20TABLE%20outlet',
  '/api/outlet?q=%25%27%22%5C', '/api/outlet?found_at_from=2026-02-30', '/api/files/1?download=1',
  '/api/../../etc/passwd', '/api/outlet?org_id=1%00', '/api/risk/card?post_id=abc', '/api/hazard/stats?org_id=-5'];

test('malformed requests get clear 4xx errors and change nothing', { timeout: 120000 }, async () => {
  const before = (await mgr.get('/api/outlet?size=1')).json.total;
  for (const p of paths) {
    for (const m of ['GET', 'POST', 'PUT', 'DELETE']) {
      for (const b of m === 'GET' ? [undefined] : bodies) {
        const r = await mgr.req(m, p, b, { headers: b === undefined ? {} : { 'content-type': 'application/json' } });
        assert.ok(r.status >= 200 && r.status < 500, `${m} ${p} ${String(b).slice(0, 40)} → ${r.status}`);
        if (r.status >= 400) {
          assert.ok(r.json && r.json.error && r.json.error.code && r.json.error.message,
            `${m} ${p}: JSON error body (${r.body.slice(0, 80)})`);
        }
      }
    }
  }
  // Broken HTTP on the wire.
  for (const bytes of ['GARBAGE\r\n\r\n', 'GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n',
    'POST /api/outlet HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n',
    'GET /' + 'a'.repeat(20000) + ' HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ' + 'b'.repeat(10000) + '\r\n\r\n',
    'POST /api/files HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=zz\r\nContent-Length: 30\r\n\r\n--zz\r\nbroken']) {
    await raw(srv.port, bytes);
  }
  const h = await fetch(`${srv.base}/api/health`);
  assert.equal(h.status, 200, 'still healthy');
  assert.equal((await mgr.get('/api/outlet?size=1')).json.total, before, 'nothing was written');
});

// Issue 14 finding 10: ~175 query arguments ran MHD's connection pool dry and the
// request got no answer for 30 s. Too many arguments, or too long a URI, answer 414;
// a request just inside the limits is served. (The abort only keeps a broken server
// from hanging the suite.)
test('too many query arguments or too long a URI answer 414; 100 arguments are served', async () => {
  const c = await loginAs(srv.base, 'manager');
  const get = (qs) => fetch(`${srv.base}/api/hazard?${qs}`, { headers: { cookie: c.cookie }, signal: AbortSignal.timeout(20000) });
  for (const n of [101, 180, 1000]) {
    const r = await get(Array.from({ length: n }, (_, i) => `a${i}=1`).join('&'));
    assert.equal(r.status, 414, `${n} arguments`);
    assert.equal((await r.json()).error.message, '查询参数过多');
  }
  let r = await get(`q=${'x'.repeat(5000)}`);
  assert.equal(r.status, 414);
  r = await get(Array.from({ length: 100 }, (_, i) => `a${i}=${'y'.repeat(30)}`).join('&'));
  assert.equal(r.status, 200);
});

// Issue 14 finding 12: slowloris — connections that send a header line a second.
// Past the per-address limit they are refused at once; the rest are cut when their
// headers are not complete SERVER_HEADER_DEADLINE (10 s) after they opened, however
// steadily they drip; other clients are served throughout.
test('slow-header connections are limited per address and cut at the header deadline; others are served', async () => {
  const socks = [];
  let closed = 0;
  for (let i = 0; i < 200; i++) {
    const s = net.connect(srv.port, '127.0.0.1');
    s.on('error', () => {});
    s.on('close', () => { closed += 1; });
    s.write('GET /api/health HTTP/1.1\r\nHost: x\r\n');
    socks.push(s);
  }
  const drip = setInterval(() => { for (const s of socks) if (!s.destroyed) s.write('X-Drip: 1\r\n'); }, 1000);
  try {
    await new Promise((r) => setTimeout(r, 1500));
    const r = await fetch(`${srv.base}/api/health`, { signal: AbortSignal.timeout(20000) });
    assert.equal(r.status, 200, 'served while the slow connections hang on');
    assert.ok(closed >= 200 - 128, `over the per-address limit refused (${closed} closed)`);
    // all cut by the deadline, though every one of them is still sending
    const until = Date.now() + 30000;
    while (closed < 200 && Date.now() < until) await new Promise((res) => setTimeout(res, 500));
    assert.equal(closed, 200, 'every slow connection was cut');
  } finally {
    clearInterval(drip);
    for (const s of socks) s.destroy();
  }
});
