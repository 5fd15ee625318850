// What a newcomer meets on the command line (issue 12 "README for a newcomer"):
// `serve` on an empty folder does not start a server nobody can log into — it says
// to run init or demo first; `serve` on a busy port says "cannot listen" and never
// 正在监听 first. Both backends (ANJIAN_TEST_DB).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, PASSWORD, freshDbUrl, startServer } from './lib.mjs';

const env = { ...process.env, ANJIAN_SCHED: 'off', ANJIAN_DEMO_PASSWORD: PASSWORD, ASAN_OPTIONS: 'detect_leaks=1' };
const serve = (args) => spawnSync(BIN, ['serve', ...args], { env, encoding: 'utf8', timeout: 30000 });

test('serve on an empty folder says to run init or demo first', () => {
  const dir = mkdtempSync(join(tmpdir(), 'anjian-empty-'));
  try {
    const r = serve(['--data', dir, '--db', freshDbUrl(dir), '--port', '1']);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /还没有任何账号/);
    assert.match(r.stderr, /anjian init --data/);
    assert.match(r.stderr, /anjian demo --data/);
    assert.ok(!r.stdout.includes('正在监听'), r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('serve on a busy port says "cannot listen" without 正在监听', async () => {
  const srv = await startServer();
  try {
    assert.match(srv.log(), /正在监听 http:\/\/127\.0\.0\.1:\d+\//, 'the running server announced itself once listening');
    const r = serve(['--data', srv.dataDir, '--db', srv.dbUrl, '--port', String(srv.port)]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /cannot listen on 127\.0\.0\.1:\d+/);
    assert.ok(!r.stdout.includes('正在监听'), `no 正在监听 before the failure: ${r.stdout}`);
    assert.equal((await fetch(`${srv.base}/api/health`)).status, 200, 'the first server is untouched');
  } finally {
    await srv.stop();
  }
});
