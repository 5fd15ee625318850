// The production set-up of deploy/ (issue 14, "Deployment, recovery, least
// privilege"), end to end on loopback: the systemd unit's ExecStart line (paths and
// port rewritten) serves the demo district behind deploy/nginx-anjian.conf (ports and
// certificate paths rewritten) with a self-signed certificate. Checked: plain HTTP
// is redirected to HTTPS; a login over TLS gets Secure cookies and works; the
// front's limits answer 429; request-smuggling probes (duplicate Content-Length,
// Content-Length with Transfer-Encoding) are refused by the front before anjian.
// SQLite only (the front does not care which database is behind it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import https from 'node:https';
import http from 'node:http';
import tls from 'node:tls';
import { BIN, BACKEND, PASSWORD, freePort } from './lib.mjs';

const skip = BACKEND !== 'sqlite';
let tmp, app, front, appPort, httpPort, httpsPort;

async function waitFor(fn, what) {
  for (let i = 0; i < 200; i++) {
    try { if (await fn()) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not come up`);
}

function req(method, path, { body, headers = {}, port = httpsPort, secure = true } = {}) {
  return new Promise((res, rej) => {
    const mod = secure ? https : http;
    const r = mod.request({ host: '127.0.0.1', port, path, method, rejectUnauthorized: false,
      headers: { 'content-type': 'application/json', ...headers } }, (x) => {
      let b = ''; x.on('data', (d) => { b += d; }); x.on('end', () => res({ status: x.statusCode, headers: x.headers, body: b }));
    });
    r.on('error', rej);
    if (body !== undefined) r.write(typeof body === 'string' ? body : JSON.stringify(body));
    r.end();
  });
}

/** Sends raw bytes over TLS and returns the first response line. */
function rawTls(bytes) {
  return new Promise((res) => {
    const s = tls.connect({ host: '127.0.0.1', port: httpsPort, rejectUnauthorized: false }, () => s.write(bytes));
    let b = '';
    const to = setTimeout(() => { s.destroy(); res(b.split('\r\n')[0] || 'TIMEOUT'); }, 5000);
    s.on('data', (d) => { b += d; });
    s.on('close', () => { clearTimeout(to); res(b.split('\r\n')[0] || 'CLOSED'); });
    s.on('error', () => {});
  });
}

before(async () => {
  if (skip) return;
  tmp = mkdtempSync(join(tmpdir(), 'anjian-deploy-'));
  const data = join(tmp, 'data');
  execFileSync(BIN, ['demo', '--data', data], { env: { ...process.env, ANJIAN_DEMO_PASSWORD: PASSWORD } });
  [appPort, httpPort, httpsPort] = [await freePort(), await freePort(), await freePort()];
  // the unit's ExecStart, as systemd would run it
  const unit = readFileSync('deploy/anjian.service', 'utf8');
  const exec = /^ExecStart=(.*)$/m.exec(unit)[1]
    .replace('/usr/local/bin/anjian', BIN).replace('/var/lib/anjian', data)
    .replace('/usr/local/share/anjian-web', resolve('web/dist')).replace('--port 8080', `--port ${appPort}`);
  const [cmd, ...args] = exec.split(/\s+/);
  app = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ANJIAN_SCHED: 'off' } });
  app.stderr.on('data', () => {});
  await waitFor(async () => (await fetch(`http://127.0.0.1:${appPort}/api/health`)).ok, 'anjian');
  // the site, with a self-signed certificate
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-keyout', join(tmp, 'key.pem'), '-out', join(tmp, 'cert.pem')], { stdio: 'ignore' });
  const site = readFileSync('deploy/nginx-anjian.conf', 'utf8')
    .replace(/^\s*listen \[::\].*$/gm, '')
    .replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`)
    .replace('server 127.0.0.1:8080;', `server 127.0.0.1:${appPort};`)
    .replace('/etc/ssl/anjian/fullchain.pem', join(tmp, 'cert.pem'))
    .replace('/etc/ssl/anjian/privkey.pem', join(tmp, 'key.pem'));
  writeFileSync(join(tmp, 'site.conf'), site);
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(tmp, d));
  writeFileSync(join(tmp, 'nginx.conf'), `worker_processes 1;
pid ${tmp}/nginx.pid;
error_log ${tmp}/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${tmp}/body; proxy_temp_path ${tmp}/proxy;
  fastcgi_temp_path ${tmp}/fastcgi; uwsgi_temp_path ${tmp}/uwsgi; scgi_temp_path ${tmp}/scgi;
  include ${tmp}/site.conf;
}
`);
  front = spawn('nginx', ['-p', tmp, '-c', join(tmp, 'nginx.conf'), '-g', 'daemon off; master_process off;'],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  front.stderr.on('data', () => {});
  await waitFor(async () => (await req('GET', '/api/health')).status === 200, 'nginx');
});

after(async () => {
  for (const p of [front, app]) if (p && p.exitCode === null) p.kill('SIGTERM');
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('plain HTTP is redirected to HTTPS', { skip }, async () => {
  const r = await req('GET', '/hazard', { port: httpPort, secure: false });
  assert.equal(r.status, 301);
  assert.equal(r.headers.location, 'https://127.0.0.1/hazard');
});

test('a login over TLS gets Secure cookies and the session works through the front', { skip }, async () => {
  const origin = `https://127.0.0.1:${httpsPort}`;
  const r = await req('POST', '/api/auth/login', { body: { username: 'manager', password: PASSWORD }, headers: { origin } });
  assert.equal(r.status, 200, r.body);
  const cookies = r.headers['set-cookie'];
  assert.ok(cookies.length >= 2, 'session and device cookies');
  for (const c of cookies) assert.match(c, /; Secure/, c);
  const session = cookies.find((c) => c.startsWith('anjian_session=')).split(';')[0];
  const me = await req('GET', '/api/auth/me', { headers: { cookie: session } });
  assert.equal(me.status, 200);
  assert.equal(JSON.parse(me.body).user.username, 'manager');
  assert.match(me.headers['strict-transport-security'], /max-age=/);
  // the SPA is served through the front too
  const page = await req('GET', '/hazard', { headers: { 'content-type': '' } });
  assert.equal(page.status, 200);
  assert.match(page.body, /<div id="app">/);
});

test('the front limits login bursts per address (429)', { skip }, async () => {
  const codes = [];
  for (let i = 0; i < 16; i++) {
    codes.push((await req('POST', '/api/auth/login', { body: { username: 'nobody', password: 'x-wrong-1' } })).status);
  }
  assert.ok(codes.includes(429), codes.join(','));
});

test('request smuggling probes are refused at the front', { skip }, async () => {
  const dupCl = await rawTls('POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n'
    + 'Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}');
  assert.match(dupCl, /^HTTP\/1\.1 400/, dupCl);
  const clTe = await rawTls('POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n'
    + 'Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /api/auth/me HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  assert.match(clTe, /^HTTP\/1\.1 400/, clTe);
  const badTe = await rawTls('POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n');
  assert.match(badTe, /^HTTP\/1\.1 (400|501)/, badTe);
});
