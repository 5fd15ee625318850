// Shared harness for the API tests: starts an anjian server on a temporary data dir
// (and, when ANJIAN_TEST_DB=postgres, a fresh database in the throwaway cluster that
// scripts/with-postgres.sh provides), and a client with a cookie jar and CSRF header.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';

export const BIN = resolve(process.env.ANJIAN_BIN || 'build/asan/anjian');
export const BACKEND = process.env.ANJIAN_TEST_DB || 'sqlite';
export const PASSWORD = 'anjian-demo';

export async function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
    s.on('error', rej);
  });
}

let dbCounter = 0;
/** A database URL for a new, empty database on the current backend. */
export function freshDbUrl(dataDir) {
  if (BACKEND !== 'postgres') return `sqlite:${join(dataDir, 'anjian.db')}`;
  const name = `anjian_t${process.pid}_${Date.now()}_${dbCounter++}`;
  execFileSync('createdb', [name]);
  const host = process.env.PGHOST || '127.0.0.1';
  const port = process.env.PGPORT || '5432';
  const user = encodeURIComponent(process.env.PGUSER || 'postgres');
  const pw = encodeURIComponent(process.env.PGPASSWORD || '');
  const h = host.startsWith('/') ? `?host=${encodeURIComponent(host)}` : '';
  const hostPart = host.startsWith('/') ? 'localhost' : host;
  return `postgres://${user}:${pw}@${hostPart}:${port}/${name}${h}`;
}

// The scheduler thread is off in test servers unless a test asks for it
// (ANJIAN_SCHED: 'on'): tests that edit the SQLite file directly must not meet its
// write transactions, and its reminders would add inbox rows other tests count.
const env = { ...process.env, ANJIAN_SCHED: 'off', ANJIAN_DEMO_PASSWORD: PASSWORD,
  ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0:halt_on_error=1', UBSAN_OPTIONS: 'halt_on_error=1:print_stacktrace=1' };

/**
 * Runs the CLI (`anjian demo`, `check` …) and resolves to its stdout; rejects, as
 * execFileSync throws, with an Error carrying status, signal, stdout and stderr.
 * Asynchronous on purpose: `demo` takes half a minute under ASan, and a test that
 * blocked Node that long let the shared server's idle timeout close a kept-alive
 * connection, whose next request then failed ("fetch failed").
 */
export function run(args, extraEnv = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(BIN, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (status, signal) => {
      if (status === 0) return resolvePromise(stdout);
      const e = new Error(`anjian ${args.join(' ')} exited with ${status ?? signal}:\n${stderr}`);
      Object.assign(e, { status, signal, stdout, stderr });
      return reject(e);
    });
  });
}

/**
 * Starts a server. opts: { demo: true (build the demo district first), dbUrl, dataDir,
 * env }. Returns { base, port, dataDir, dbUrl, stop(), log() }.
 */
export async function startServer(opts = {}) {
  const dataDir = opts.dataDir || mkdtempSync(join(tmpdir(), 'anjian-api-'));
  const dbUrl = opts.dbUrl || freshDbUrl(dataDir);
  if (opts.demo !== false) await run(['demo', '--data', dataDir, '--db', dbUrl], opts.env);
  const port = await freePort();
  let out = '';
  const child = spawn(BIN, ['serve', '--data', dataDir, '--db', dbUrl, '--port', String(port)],
    { env: { ...env, ...(opts.env || {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((res) => child.on('exit', (code, sig) => res({ code, sig })));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { const r = await fetch(`${base}/api/health`); if (r.ok) break; } catch { /* not yet */ }
    if (child.exitCode !== null || i > 200) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base, port, dataDir, dbUrl, child,
    log: () => out,
    async stop({ keep = false } = {}) {
      if (child.exitCode === null) child.kill('SIGTERM');
      const { code, sig } = await exited;
      if (!keep && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (code !== 0) throw new Error(`server exited with ${code ?? sig}:\n${out}`);
    },
  };
}

/** An HTTP client with a cookie jar that sends the CSRF header after login. cookie is
 * the session cookie; device the anjian_device cookie (Path=/api/auth, sent there
 * only, as a browser would). */
export class Client {
  constructor(base) { this.base = base; this.cookie = ''; this.csrf = ''; this.device = ''; }
  async req(method, path, body, { headers = {}, raw = false, csrf = true } = {}) {
    const h = { ...headers };
    const jar = [this.cookie, path.startsWith('/api/auth') ? this.device : ''].filter(Boolean);
    if (jar.length && !h.cookie) h.cookie = jar.join('; ');
    if (csrf && this.csrf && method !== 'GET') h['x-anjian-csrf'] = this.csrf;
    let payload = body;
    if (body !== undefined && !(body instanceof FormData) && typeof body !== 'string' && !(body instanceof Uint8Array)) {
      payload = JSON.stringify(body); h['content-type'] = 'application/json';
    }
    const r = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    for (const sc of r.headers.getSetCookie()) {
      const m = /^anjian_session=([^;]*)/.exec(sc);
      if (m) this.cookie = m[1] ? `anjian_session=${m[1]}` : '';
      const d = /^anjian_device=([^;]*)/.exec(sc);
      if (d) this.device = d[1] ? `anjian_device=${d[1]}` : '';
    }
    const buf = Buffer.from(await r.arrayBuffer());
    let json;
    if ((r.headers.get('content-type') || '').includes('json')) { try { json = JSON.parse(buf.toString('utf8')); } catch { json = undefined; } }
    return { status: r.status, json, headers: r.headers, body: raw ? buf : buf.toString('utf8') };
  }
  get(p, o) { return this.req('GET', p, undefined, o); }
  post(p, b, o) { return this.req('POST', p, b ?? {}, o); }
  put(p, b, o) { return this.req('PUT', p, b, o); }
  del(p, o) { return this.req('DELETE', p, undefined, o); }
  async login(username, password = PASSWORD) {
    const r = await this.post('/api/auth/login', { username, password });
    if (r.status === 200) { const me = await this.get('/api/auth/me'); this.csrf = me.json.csrf; this.me = me.json; }
    return r;
  }
}

export async function loginAs(base, username) {
  const c = new Client(base);
  const r = await c.login(username);
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.body}`);
  return c;
}

/** SQL straight into server s's database (sqlite3 or psql), its output trimmed. */
export function sql(s, q) {
  if (BACKEND === 'postgres') {
    const name = new URL(s.dbUrl).pathname.slice(1);
    return execFileSync('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-d', name, '-c', q],
      { encoding: 'utf8' }).trim();
  }
  return execFileSync('sqlite3', ['-cmd', '.timeout 10000', join(s.dataDir, 'anjian.db'), q], { encoding: 'utf8' }).trim();
}
