// Least privilege (issue 14): started as root with --user, the server binds, then
// runs as that user with no_new_privs on every thread and the filesystem restricted
// by Landlock (when the kernel has it) — and still serves: login, a list, an export
// written to its data directory, the front end. SQLite; needs root (CI runs as root).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BIN, BACKEND, PASSWORD, freePort, Client } from './lib.mjs';

const skip = BACKEND !== 'sqlite' || process.getuid() !== 0;

test('--user drops root after binding, sets no_new_privs on every thread, restricts the filesystem, and serves', { skip }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'anjian-sbx-'));
  chmodSync(tmp, 0o755);
  const data = join(tmp, 'data');
  execFileSync(BIN, ['demo', '--data', data], { env: { ...process.env, ANJIAN_DEMO_PASSWORD: PASSWORD } });
  execFileSync('chown', ['-R', 'nobody:nogroup', data]);
  const port = await freePort();
  const child = spawn(BIN, ['serve', '--data', data, '--port', String(port), '--user', 'nobody', '--web', resolve('web/dist')],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ANJIAN_SCHED: 'off' } });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      try { if ((await fetch(`${base}/api/health`)).ok) break; } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    const nobody = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
    for (const t of readdirSync(`/proc/${child.pid}/task`)) {
      const st = readFileSync(`/proc/${child.pid}/task/${t}/status`, 'utf8');
      assert.match(st, new RegExp(`^Uid:\\s+${nobody}\\s+${nobody}\\s+${nobody}\\s+${nobody}$`, 'm'), `thread ${t}`);
      assert.match(st, /^NoNewPrivs:\s+1$/m, `thread ${t}`);
    }
    assert.match(log, /sandbox: (Landlock ABI \d+: read-write|Landlock unavailable)/, log);
    const c = new Client(base);
    assert.equal((await c.login('manager')).status, 200);
    assert.equal((await c.get('/api/hazard?size=1')).status, 200);
    const x = await c.get('/api/hazard/export', { raw: true });
    assert.equal(x.status, 200);
    assert.equal(x.body.subarray(0, 2).toString(), 'PK', 'an .xlsx written through the data directory');
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('--user is refused when the server is not started as root, or names root', { skip }, () => {
  const r = (() => { try { execFileSync(BIN, ['serve', '--data', '/nonexistent-anjian', '--user', 'root', '--port', '1'], { stdio: 'pipe' }); return 0; } catch (e) { return e.status; } })();
  assert.notEqual(r, 0);
});
