// Several `anjian serve` processes on one PostgreSQL database behave as one system
// (issue 2): a session made on one is valid on the other, and an attachment uploaded
// through one is served by the other — even though each has its own data directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKEND, Client, startServer } from './lib.mjs';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

test('two servers on one PostgreSQL database share sessions and attachments', { skip: BACKEND !== 'postgres' }, async () => {
  const a = await startServer();
  const b = await startServer({ demo: false, dbUrl: a.dbUrl, dataDir: mkdtempSync(join(tmpdir(), 'anjian-b-')) });
  try {
    const ca = new Client(a.base);
    assert.equal((await ca.login('manager')).status, 200);
    // The same cookie and CSRF token, sent to the other process.
    const cb = new Client(b.base);
    cb.cookie = ca.cookie; cb.csrf = ca.csrf;
    const me = await cb.get('/api/auth/me');
    assert.equal(me.status, 200);
    assert.equal(me.json.user.username, 'manager');

    const fd = new FormData();
    fd.append('file', new Blob([PNG], { type: 'image/png' }), '现场照片.png');
    const up = await ca.req('POST', '/api/files', fd);
    assert.equal(up.status, 201, up.body);
    const got = await cb.get(`/api/files/${up.json.id}`, { raw: true });
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(got.body), PNG);

    // Logging out on B ends the session on A too.
    assert.equal((await cb.post('/api/auth/logout')).status, 200);
    assert.equal((await ca.get('/api/auth/me')).status, 401);
  } finally {
    await b.stop();
    await a.stop();
  }
});
