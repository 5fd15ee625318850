// Auth and the request funnel (src/http/*.c): health, login, throttling, CSRF, logout,
// /api/auth/me, 404/405/413/400 answers and the session cookie's flags.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, loginAs, PASSWORD } from './lib.mjs';

let srv, adminDevice;
before(async () => {
  // a fixed clock: a throttle's wait never runs out under a slow machine, so the
  // counts below do not depend on how fast the attempts are checked
  srv = await startServer({ env: { ANJIAN_NOW: '2026-11-22 10:00:00' } });
  // the admin's own browser, known to the server before any test attacks the name
  adminDevice = new Client(srv.base);
  assert.equal((await adminDevice.login('admin')).status, 200);
});
/** A fresh admin session from the admin's known browser (its device cookie). */
async function asAdmin() {
  const c = new Client(srv.base);
  c.device = adminDevice.device;
  const r = await c.login('admin');
  assert.equal(r.status, 200, r.body);
  return c;
}
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

test('behind TLS the cookies carry Secure (X-Forwarded-Proto: https from the front); over plain HTTP they do not', async () => {
  const plain = await new Client(srv.base).post('/api/auth/login', { username: 'manager', password: PASSWORD });
  for (const sc of plain.headers.getSetCookie()) assert.doesNotMatch(sc, /Secure/);
  const tls = await new Client(srv.base).post('/api/auth/login', { username: 'manager', password: PASSWORD },
    { headers: { 'x-forwarded-proto': 'https' } });
  assert.equal(tls.status, 200);
  const cookies = tls.headers.getSetCookie();
  assert.ok(cookies.length >= 1);
  for (const sc of cookies) assert.match(sc, /; Secure/, sc);
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

// Issue 14 finding 5: guessing is throttled, never a lock anyone can trigger.
async function newUser(admin, username, password) {
  const r = await admin.post('/api/user', {
    username, name: '限速测试', role: 'staff', org_id: admin.me.org.id, password,
  });
  assert.equal(r.status, 201, r.body);
  return r.json;
}
const attempt = (c, username, password, headers = {}) =>
  c.post('/api/auth/login', { username, password }, { headers });

test('five wrong passwords from one client slow that client down (429 with Retry-After), unknown names the same way', async () => {
  const admin = await asAdmin();
  await newUser(admin, 'slowme', 'Tide-4096kq');
  for (const name of ['slowme', 'nobody-slowme']) {
    const c = new Client(srv.base);
    for (let i = 1; i <= 5; i++) {
      const r = await attempt(c, name, `bad-${i}x`);
      assert.equal(r.status, 401, `${name} attempt ${i}`);
      assert.equal(r.json.error.code, 'bad_credentials');
    }
    const sixth = await attempt(c, name, 'bad-6x');
    assert.equal(sixth.status, 429, `${name}: the sixth try waits`);
    assert.equal(sixth.json.error.code, 'throttled');
    assert.match(sixth.json.error.message, /^尝试次数过多，请\d+秒后再试$/);
    assert.ok(Number(sixth.headers.get('retry-after')) >= 1);
  }
});

test('failures from elsewhere never lock the real user out of a browser that logged in before', async () => {
  const admin = await asAdmin();
  await newUser(admin, 'victim', 'River-7731mz');
  const mine = new Client(srv.base);
  assert.equal((await mine.login('victim', 'River-7731mz')).status, 200);
  assert.match(mine.device, /^anjian_device=[0-9a-f]{64}$/, 'a device cookie after the first login');
  await mine.post('/api/auth/logout');
  // an attacker hammers the name (and the admin's) until throttled
  const evil = new Client(srv.base);
  let throttled = 0;
  for (let i = 0; i < 16; i++) {
    for (const name of ['victim', 'admin']) {
      const r = await attempt(evil, name, `guess-${i}x`);
      assert.ok([401, 429].includes(r.status), r.body);
      if (r.status === 429) throttled += 1;
    }
  }
  assert.ok(throttled > 0, 'the attacker is slowed down');
  // the real user's browser logs in at once; so does the admin's
  assert.equal((await mine.login('victim', 'River-7731mz')).status, 200);
  assert.equal((await asAdmin()).me.user.username, 'admin');
});

test('parallel guesses each spend an attempt: at most five of 24 are checked', async () => {
  const admin = await asAdmin();
  await newUser(admin, 'parallel', 'Stone-2210pw');
  const c = new Client(srv.base);
  const rs = await Promise.all(Array.from({ length: 24 }, (_, i) => attempt(c, 'parallel', `p-guess-${i}x`)));
  const checked = rs.filter((r) => r.status === 401).length;
  assert.equal(rs.filter((r) => r.status === 429).length, 24 - checked);
  assert.ok(checked <= 5, `${checked} guesses were checked`);
});

test('wrong old passwords on the password change are throttled too', async () => {
  const admin = await asAdmin();
  await newUser(admin, 'pwchange', 'Cloud-5813nv');
  const c = new Client(srv.base);
  assert.equal((await c.login('pwchange', 'Cloud-5813nv')).status, 200);
  for (let i = 1; i <= 5; i++) {
    const r = await c.post('/api/auth/password', { old_password: `wrong-${i}x`, new_password: 'Newpass-2024x' });
    assert.equal(r.status, 400, `try ${i}`);
    assert.equal(r.json.error.field, 'old_password');
  }
  const r = await c.post('/api/auth/password', { old_password: 'Cloud-5813nv', new_password: 'Newpass-2024x' });
  assert.equal(r.status, 429);
  assert.equal(r.json.error.code, 'throttled');
});

test('a reset by a manager ends the throttling of the name', async () => {
  const admin = await asAdmin();
  const u = await newUser(admin, 'resetme', 'Maple-9042hd');
  const c = new Client(srv.base);
  for (let i = 1; i <= 6; i++) await attempt(c, 'resetme', `bad-${i}x`);
  assert.equal((await attempt(c, 'resetme', 'Maple-9042hd')).status, 429);
  const rs = await admin.post(`/api/user/${u.id}/reset-password`, { password: 'Unlocked-2024' });
  assert.equal(rs.status, 200, rs.body);
  assert.equal((await attempt(c, 'resetme', 'Unlocked-2024')).status, 200);
});

// Issue 14 finding 6: weak passwords are refused, with the reason under the field.
test('weak passwords are refused: dictionary words, the user name, sequences, the old password again', async () => {
  const admin = await asAdmin();
  const mk = (username, password) => admin.post('/api/user', {
    username, name: '弱口令测试', role: 'staff', org_id: admin.me.org.id, password,
  });
  for (const [pw, msg] of [
    ['password1', /常见单词/], ['qwerty123', /常见单词/], ['Abcd1234', /简单或有规律/],
    ['weakuser1', /用户名/], ['short1', /8至64位/],
  ]) {
    const r = await mk('weakuser', pw);
    assert.equal(r.status, 400, `${pw}: ${r.body}`);
    assert.equal(r.json.error.field, 'password');
    assert.match(r.json.error.message, msg, pw);
  }
  const u = await mk('weakuser', 'Strong-2024x');
  assert.equal(u.status, 201, u.body);
  const same = await admin.post(`/api/user/${u.json.id}/reset-password`, { password: 'Strong-2024x' });
  assert.equal(same.status, 400);
  assert.equal(same.json.error.message, '新密码不能与原密码相同');
  const c = new Client(srv.base);
  assert.equal((await c.login('weakuser', 'Strong-2024x')).status, 200);
  const again = await c.post('/api/auth/password', { old_password: 'Strong-2024x', new_password: 'Strong-2024x' });
  assert.equal(again.status, 400);
  assert.equal(again.json.error.field, 'new_password');
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
  const c = await asAdmin();
  const r = await c.get('/api/no/such/path/here');
  assert.equal(r.status, 404);
  assert.equal(r.json.error.code, 'not_found');
  const anon = await new Client(srv.base).get('/api/no/such/path/here');
  assert.equal(anon.status, 404);
  assert.match(anon.headers.get('content-type'), /application\/json/);
});

test('wrong method answers 405 method_not_allowed', async () => {
  const c = await asAdmin();
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
  const admin = await asAdmin();
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

// Issue 14 finding 7: login CSRF — a cross-site page can post text/plain or a form
// without preflight; JSON routes require application/json, and state-changing
// requests from another origin are refused.
test('login refuses text/plain and form bodies (415) and cross-site origins (403)', async () => {
  const body = JSON.stringify({ username: 'manager', password: PASSWORD });
  const post = (headers) => fetch(`${srv.base}/api/auth/login`, { method: 'POST', body, headers });
  let r = await post({ 'content-type': 'text/plain' });
  assert.equal(r.status, 415);
  assert.equal((await r.json()).error.code, 'unsupported_media_type');
  r = await post({ 'content-type': 'application/x-www-form-urlencoded' });
  assert.equal(r.status, 415);
  assert.equal(r.headers.get('set-cookie'), null);
  r = await post({ 'content-type': 'application/json', origin: 'https://evil.example' });
  assert.equal(r.status, 403);
  assert.equal((await r.json()).error.code, 'cross_site');
  r = await post({ 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' });
  assert.equal(r.status, 403);
  assert.equal(r.headers.get('set-cookie'), null);
  // the same page's own requests pass: its Origin is this host
  const host = new URL(srv.base).host;
  r = await post({ 'content-type': 'application/json; charset=utf-8', origin: `http://${host}`, 'sec-fetch-site': 'same-origin' });
  assert.equal(r.status, 200);
});

test('a logged-in state-changing request from another origin is refused even with the CSRF token', async () => {
  const c = await loginAs(srv.base, 'manager');
  const r = await c.post('/api/auth/password', { old_password: PASSWORD, new_password: 'Changed-9999' },
    { headers: { origin: 'http://attacker.test' } });
  assert.equal(r.status, 403);
  assert.equal(r.json.error.code, 'cross_site');
  assert.equal((await new Client(srv.base).login('manager')).status, 200, 'password unchanged');
});

// Passwords are argon2id at m = 19 MiB, t = 2 (mod.h PASSWORD_*; OWASP Password
// Storage Cheat Sheet); a hash stored with the earlier 64 MiB parameters still logs
// in and is replaced by one of the current parameters at that login.
test('a password hash of the earlier parameters logs in and is rehashed', async () => {
  const { execFileSync } = await import('node:child_process');
  const { join } = await import('node:path');
  const { BACKEND } = await import('./lib.mjs');
  const sql = (q) => BACKEND === 'postgres'
    ? execFileSync('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-d', new URL(srv.dbUrl).pathname.slice(1), '-c', q], { encoding: 'utf8' }).trim()
    : execFileSync('sqlite3', ['-cmd', '.timeout 10000', join(srv.dataDir, 'anjian.db'), q], { encoding: 'utf8' }).trim();
  // "anjian-demo" hashed by crypto_pwhash_str with libsodium's INTERACTIVE limits
  const old = '$argon2id$v=19$m=65536,t=2,p=1$+a1J5qwmYwNHB3qprN7B2g$KnNqyx2CWM2TzFuGXm6OReZy/koZTy2YljqmuruJ/Fs';
  assert.equal(PASSWORD, 'anjian-demo');
  sql(`UPDATE users SET password_hash = '${old}' WHERE username = 'principal'`);
  assert.equal((await loginAs(srv.base, 'principal')).me.user.username, 'principal');
  const now = sql("SELECT password_hash FROM users WHERE username = 'principal'");
  assert.notEqual(now, old, 'replaced at login');
  assert.match(now, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.equal((await loginAs(srv.base, 'principal')).me.user.username, 'principal', 'the new hash logs in');
});
