// Auth and the request funnel (src/http/*.c): health, login, lockout, CSRF, logout,
// /api/auth/me, 404/405/413/400 answers and the session cookie's flags.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, loginAs, PASSWORD } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

test('GET /api/health is public and names the version', async () => {
  const r = await new Client(srv.base).get('/api/health');
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'ok');
  assert.match(r.json.version, /^\d+\.\d+\.\d+/);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('x-frame-options'), 'DENY');
  assert.match(r.headers.get('content-security-policy'), /default-src 'self'/);
});

test('login with the right password sets an HttpOnly SameSite=Strict cookie', async () => {
  const c = new Client(srv.base);
  const r = await c.post('/api/auth/login', { username: 'manager', password: PASSWORD });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { ok: true });
  const sc = r.headers.get('set-cookie');
  assert.match(sc, /^anjian_session=[0-9a-f]{64};/);
  assert.match(sc, /HttpOnly/);
  assert.match(sc, /SameSite=Strict/);
  assert.match(sc, /Path=\//);
});

test('wrong password and unknown user both answer 401 bad_credentials', async () => {
  const c = new Client(srv.base);
  const wrong = await c.post('/api/auth/login', { username: 'principal', password: 'nope-1234' });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.json.error.code, 'bad_credentials');
  assert.equal(wrong.json.error.message, '用户名或密码错误');
  const unknown = await c.post('/api/auth/login', { username: 'nobody-here', password: PASSWORD });
  assert.equal(unknown.status, 401);
  assert.equal(unknown.json.error.code, 'bad_credentials');
  assert.equal(c.cookie, '');
  // the real user is not affected by one wrong try
  assert.equal((await new Client(srv.base).login('principal')).status, 200);
});

test('not logged in: 401 unauthorized', async () => {
  const r = await new Client(srv.base).get('/api/auth/me');
  assert.equal(r.status, 401);
  assert.equal(r.json.error.code, 'unauthorized');
  assert.equal(r.json.error.message, '请先登录');
});

test('five wrong passwords lock the account; the right one is refused while locked', async () => {
  const admin = await loginAs(srv.base, 'admin');
  const me = admin.me;
  const created = await admin.post('/api/user', {
    username: 'lockme', name: '锁定测试', role: 'staff', org_id: me.org.id, password: 'Lockme-2024',
  });
  assert.equal(created.status, 201, created.body);
  const c = new Client(srv.base);
  for (let i = 1; i <= 4; i++) {
    const r = await c.post('/api/auth/login', { username: 'lockme', password: `bad-${i}x` });
    assert.equal(r.status, 401, `attempt ${i}`);
  }
  const fifth = await c.post('/api/auth/login', { username: 'lockme', password: 'bad-5x' });
  assert.equal(fifth.status, 423);
  assert.equal(fifth.json.error.code, 'locked');
  const sixth = await c.post('/api/auth/login', { username: 'lockme', password: 'Lockme-2024' });
  assert.equal(sixth.status, 423);
  assert.equal(sixth.json.error.message, '密码错误次数过多，账号已锁定，请15分钟后再试');
  assert.equal(c.cookie, '');
  // a reset by the admin unlocks it
  const rs = await admin.post(`/api/user/${created.json.id}/reset-password`, { password: 'Unlocked-2024' });
  assert.equal(rs.status, 200, rs.body);
  assert.equal((await c.post('/api/auth/login', { username: 'lockme', password: 'Unlocked-2024' })).status, 200);
});

test('a state-changing request without the CSRF header is refused and changes nothing', async () => {
  const c = await loginAs(srv.base, 'manager');
  const before = await c.get('/api/auth/me');
  const r = await c.post('/api/auth/password', { old_password: PASSWORD, new_password: 'Changed-9999' }, { csrf: false });
  assert.equal(r.status, 403);
  assert.equal(r.json.error.code, 'csrf');
  const wrong = await c.post('/api/auth/password', { old_password: PASSWORD, new_password: 'Changed-9999' },
    { csrf: false, headers: { 'x-anjian-csrf': '0'.repeat(32) } });
  assert.equal(wrong.status, 403);
  assert.equal(wrong.json.error.code, 'csrf');
  // password unchanged: the old one still logs in, the new one does not
  assert.equal((await new Client(srv.base).login('manager', 'Changed-9999')).status, 401);
  assert.equal((await new Client(srv.base).login('manager')).status, 200);
  assert.equal((await c.get('/api/auth/me')).json.csrf, before.json.csrf);
});

test('logout deletes the session: the old cookie no longer works', async () => {
  const c = await loginAs(srv.base, 'staff');
  const cookie = c.cookie;
  const r = await c.post('/api/auth/logout');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('set-cookie'), /anjian_session=;.*Max-Age=0/);
  const stale = new Client(srv.base);
  stale.cookie = cookie;
  assert.equal((await stale.get('/api/auth/me')).status, 401);
});

test('GET /api/auth/me returns user, org, role, csrf and permissions', async () => {
  const c = await loginAs(srv.base, 'regulator');
  const r = await c.get('/api/auth/me');
  assert.equal(r.status, 200);
  const m = r.json;
  assert.equal(m.user.username, 'regulator');
  assert.equal(m.user.role, 'regulator');
  assert.equal(m.user.role_label, '监管部门');
  assert.ok(Number.isInteger(m.user.id));
  assert.ok('name' in m.user && 'phone' in m.user);
  assert.ok(Number.isInteger(m.org.id));
  assert.equal(typeof m.org.name, 'string');
  assert.equal(m.org.kind, 'regulator');
  assert.equal(m.role, 'regulator');
  assert.match(m.csrf, /^[0-9a-f]{32}$/);
  assert.ok(Array.isArray(m.permissions));
  assert.ok(m.permissions.includes('user:reset-password'));
  assert.ok(!('password_hash' in m.user));
  const staff = await loginAs(srv.base, 'staff');
  assert.ok(!staff.me.permissions.includes('user:create'));
});

test('unknown /api path answers JSON 404 not_found', async () => {
  const c = await loginAs(srv.base, 'admin');
  const r = await c.get('/api/no/such/path/here');
  assert.equal(r.status, 404);
  assert.equal(r.json.error.code, 'not_found');
  const anon = await new Client(srv.base).get('/api/no/such/path/here');
  assert.equal(anon.status, 404);
  assert.match(anon.headers.get('content-type'), /application\/json/);
});

test('wrong method answers 405 method_not_allowed', async () => {
  const c = await loginAs(srv.base, 'admin');
  const r = await c.get('/api/user/1/reset-password');
  assert.equal(r.status, 405);
  assert.equal(r.json.error.code, 'method_not_allowed');
  const patch = await c.req('PATCH', '/api/auth/me', { a: 1 });
  assert.equal(patch.status, 405);
});

test('a JSON body over 1 MiB answers 413 too_large', async () => {
  const c = await loginAs(srv.base, 'manager');
  const big = JSON.stringify({ old_password: 'x'.repeat((1 << 20) + 10), new_password: 'y' });
  const r = await c.post('/api/auth/password', big, { headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 413);
  assert.equal(r.json.error.code, 'too_large');
  // the connection and the session still work afterwards
  assert.equal((await c.get('/api/auth/me')).status, 200);
});

test('malformed JSON answers 400 bad_json', async () => {
  const c = new Client(srv.base);
  for (const body of ['{"username":', '[1,2]', '{"username":"a","username":"b"}']) {
    const r = await c.post('/api/auth/login', body, { headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 400, body);
    assert.equal(r.json.error.code, 'bad_json', body);
  }
});

test('change own password, then log in with the new one; other sessions end', async () => {
  const admin = await loginAs(srv.base, 'admin');
  const created = await admin.post('/api/user', {
    username: 'changer', name: '改密测试', role: 'staff', org_id: admin.me.org.id, password: 'First-pass1',
  });
  assert.equal(created.status, 201, created.body);
  const a = new Client(srv.base); assert.equal((await a.login('changer', 'First-pass1')).status, 200);
  const b = new Client(srv.base); assert.equal((await b.login('changer', 'First-pass1')).status, 200);
  const weak = await a.post('/api/auth/password', { old_password: 'First-pass1', new_password: 'short' });
  assert.equal(weak.status, 400);
  assert.equal(weak.json.error.field, 'new_password');
  const bad = await a.post('/api/auth/password', { old_password: 'not-it-123', new_password: 'Second-pass2' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'old_password');
  const ok = await a.post('/api/auth/password', { old_password: 'First-pass1', new_password: 'Second-pass2' });
  assert.equal(ok.status, 200, ok.body);
  assert.equal((await a.get('/api/auth/me')).status, 200, 'own session kept');
  assert.equal((await b.get('/api/auth/me')).status, 401, 'other session ended');
  assert.equal((await new Client(srv.base).login('changer', 'First-pass1')).status, 401);
  assert.equal((await new Client(srv.base).login('changer', 'Second-pass2')).status, 200);
});
