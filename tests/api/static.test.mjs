// Serving the built front end (issue 2) and session idle expiry: index.html is not
// cached, hashed assets are immutable with their real types, unknown screens fall
// back to the SPA, traversal never leaves web/dist, unknown /api paths stay JSON 404;
// and a session idle longer than SESSION_IDLE_SECONDS (2 h) no longer authenticates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import net from 'node:net';
import { startServer, loginAs, BACKEND, sql } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

/** A raw request line, so the path reaches the server exactly as written. */
function rawGet(path) {
  return new Promise((resolve) => {
    const s = net.connect(srv.port, '127.0.0.1');
    let out = '';
    s.on('data', (d) => { out += d.toString('latin1'); });
    s.on('close', () => resolve(out));
    s.on('error', () => resolve(out));
    s.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  });
}

test('index.html is served fresh; hashed assets are immutable with their types', async () => {
  let r = await fetch(`${srv.base}/`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.match(r.headers.get('cache-control'), /no-cache/);
  const html = await r.text();
  assert.match(html, /<div id="app">/);
  const assets = readdirSync(new URL('../../web/dist/assets/', import.meta.url));
  const js = assets.find((f) => f.endsWith('.js'));
  const css = assets.find((f) => f.endsWith('.css'));
  r = await fetch(`${srv.base}/assets/${js}`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /javascript/);
  assert.match(r.headers.get('cache-control'), /immutable/);
  r = await fetch(`${srv.base}/assets/${css}`);
  assert.match(r.headers.get('content-type'), /^text\/css/);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
});

test('screens fall back to the SPA; missing assets and unknown API paths do not', async () => {
  let r = await fetch(`${srv.base}/hazard/42`);
  assert.equal(r.status, 200);
  assert.match(await r.text(), /<div id="app">/);
  r = await fetch(`${srv.base}/assets/no-such-file.js`);
  assert.equal(r.status, 404);
  r = await fetch(`${srv.base}/api/no/such/thing`);
  assert.equal(r.status, 404);
  assert.equal((await r.json()).error.code, 'not_found');
});

test('path traversal never serves a file outside web/dist', async () => {
  for (const p of ['/../../../../etc/passwd', '/assets/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd',
    '/assets/%2e%2e%2f%2e%2e%2fMakefile', '/..%2f..%2fMakefile', '/assets/..\\..\\Makefile']) {
    const out = await rawGet(p);
    assert.doesNotMatch(out, /root:x:0:0|^CC\s+\?=/m, p);
  }
});

test('a session idle for more than two hours stops authenticating', { skip: BACKEND !== 'sqlite' }, async () => {
  const c = await loginAs(srv.base, 'manager');
  assert.equal((await c.get('/api/auth/me')).status, 200);
  // Age every session by 2 h 1 min, as if the user had walked away.
  execFileSync('sqlite3', [join(srv.dataDir, 'anjian.db'),
    'UPDATE session SET last_seen = last_seen - 7260, created_at = created_at - 7260']);
  const r = await c.get('/api/auth/me');
  assert.equal(r.status, 401);
  assert.equal(r.json.error.code, 'unauthorized');
  // A fresh login works again.
  assert.equal((await (await loginAs(srv.base, 'manager')).get('/api/auth/me')).status, 200);
});

// A list page reads its session inside the page's read snapshot (ROUTE_READ in
// router.c) and writes the session's last_seen after the snapshot has ended: the
// touch still happens, and a session idle too long still answers 401, never 500.
test('a list request touches its session after the page, and an idle session gets 401 there too', async () => {
  const c = await loginAs(srv.base, 'manager');
  const lastSeen = () => Number(sql(srv, "SELECT MAX(last_seen) FROM session"));
  const now = lastSeen();
  // the session was last seen 90 s ago: its touch is due (every 60 s)
  sql(srv, 'UPDATE session SET last_seen = last_seen - 90');
  const page = await c.get('/api/hazard?size=1');
  assert.equal(page.status, 200, page.body);
  assert.ok(lastSeen() >= now, `last_seen written back (${lastSeen()} ≥ ${now})`);
  // walked away for 2 h 1 min
  sql(srv, 'UPDATE session SET last_seen = last_seen - 7260');
  const idle = await c.get('/api/hazard?size=1');
  assert.equal(idle.status, 401, idle.body);
  assert.equal(idle.json.error.code, 'unauthorized');
});
