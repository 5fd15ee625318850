// User management (src/mod/account.c): who may create whom, password rules, resets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, loginAs } from './lib.mjs';

let srv, admin, manager, manager2, staff, regulator;
before(async () => {
  srv = await startServer();
  admin = await loginAs(srv.base, 'admin');
  manager = await loginAs(srv.base, 'manager');
  manager2 = await loginAs(srv.base, 'manager2');
  staff = await loginAs(srv.base, 'staff');
  regulator = await loginAs(srv.base, 'regulator');
});
after(async () => { await srv.stop(); });

test('manager creates staff in its own enterprise (201, no secrets in the answer)', async () => {
  const r = await manager.post('/api/user', {
    username: 'm.staff1', name: '新员工', role: 'staff', password: 'Staff-pass1',
  });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.username, 'm.staff1');
  assert.equal(r.json.org_id, manager.me.org.id);
  assert.ok(!('password_hash' in r.json) && !('password' in r.json));
  assert.ok(!('failed_logins' in r.json) && !('locked_until' in r.json));
  assert.equal((await new Client(srv.base).login('m.staff1', 'Staff-pass1')).status, 200);
  const got = await manager.get(`/api/user/${r.json.id}`);
  assert.equal(got.status, 200);
  assert.ok(!('password_hash' in got.json));
});

test('manager cannot create a user in another enterprise', async () => {
  const r = await manager.post('/api/user', {
    username: 'intruder', name: '越权', role: 'staff', org_id: manager2.me.org.id, password: 'Staff-pass1',
  });
  assert.ok([403, 404].includes(r.status), r.body);
  assert.equal((await new Client(srv.base).login('intruder', 'Staff-pass1')).status, 401);
});

test('manager cannot create a regulator user', async () => {
  const r = await manager.post('/api/user', {
    username: 'fake.reg', name: '假监管', role: 'regulator', password: 'Staff-pass1',
  });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'role');
  const list = await admin.get('/api/user?q=fake.reg');
  assert.equal(list.json.total, 0);
});

test('staff cannot create users (403)', async () => {
  const r = await staff.post('/api/user', {
    username: 'by.staff', name: '员工建的', role: 'staff', password: 'Staff-pass1',
  });
  assert.equal(r.status, 403);
  assert.equal(r.json.error.code, 'forbidden');
});

test('password rule: 8..64 characters with a letter and a digit', async () => {
  for (const pw of ['short1', 'onlyletters', '1234567890', 'a1'.repeat(33)]) {
    const r = await manager.post('/api/user', { username: 'pw.rule', name: '密码', role: 'staff', password: pw });
    assert.equal(r.status, 400, pw);
    assert.equal(r.json.error.field, 'password');
  }
  const missing = await manager.post('/api/user', { username: 'pw.rule', name: '密码', role: 'staff' });
  assert.equal(missing.status, 400);
  assert.equal(missing.json.error.field, 'password');
});

test('bad user names are refused', async () => {
  const r = await manager.post('/api/user', { username: 'a b', name: '空格', role: 'staff', password: 'Staff-pass1' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'username');
});

test('regulator creates enterprise users in a supervised enterprise', async () => {
  const r = await regulator.post('/api/user', {
    username: 'reg.made', name: '监管建', role: 'ent_principal', org_id: manager2.me.org.id, password: 'Staff-pass1',
  });
  assert.equal(r.status, 201, r.body);
});

test('manager resets the password of its own staff; the old one stops working', async () => {
  const c = await manager.post('/api/user', { username: 'm.staff2', name: '重置', role: 'staff', password: 'Before-111' });
  assert.equal(c.status, 201, c.body);
  const s = new Client(srv.base);
  assert.equal((await s.login('m.staff2', 'Before-111')).status, 200);
  const weak = await manager.post(`/api/user/${c.json.id}/reset-password`, { password: 'weak' });
  assert.equal(weak.status, 400);
  const r = await manager.post(`/api/user/${c.json.id}/reset-password`, { password: 'After-2222' });
  assert.equal(r.status, 200, r.body);
  assert.equal((await s.get('/api/auth/me')).status, 401, 'sessions of the user end');
  assert.equal((await new Client(srv.base).login('m.staff2', 'Before-111')).status, 401);
  assert.equal((await new Client(srv.base).login('m.staff2', 'After-2222')).status, 200);
});

// The worker threads remember loaded sessions (session.c), stamped by the database's
// data version: a change to the user made by someone else shows on the very next
// request, however often the session was used just before.
test('a session sees its user renamed and deactivated on the next request, after many warm requests', async () => {
  const c = await manager.post('/api/user', { username: 'm.memo', name: '记忆前', role: 'staff', password: 'Memo-pass-41' });
  assert.equal(c.status, 201, c.body);
  const s = new Client(srv.base);
  assert.equal((await s.login('m.memo', 'Memo-pass-41')).status, 200);
  // enough requests for every worker thread to hold the session
  for (let i = 0; i < 12; i++) assert.equal((await s.get('/api/auth/me')).json.user.name, '记忆前');
  const ren = await manager.put(`/api/user/${c.json.id}`, { name: '记忆后' });
  assert.equal(ren.status, 200, ren.body);
  for (let i = 0; i < 6; i++) assert.equal((await s.get('/api/auth/me')).json.user.name, '记忆后');
  const off = await manager.put(`/api/user/${c.json.id}`, { active: false });
  assert.equal(off.status, 200, off.body);
  for (let i = 0; i < 6; i++) assert.equal((await s.get('/api/auth/me')).status, 401);
});

test('manager cannot reset users of another enterprise, staff cannot reset anyone', async () => {
  const other = (await admin.get('/api/user?q=manager2')).json.items.find((u) => u.username === 'manager2');
  const r = await manager.post(`/api/user/${other.id}/reset-password`, { password: 'Hijack-7q2x' });
  assert.ok([403, 404].includes(r.status), r.body);
  const s = await staff.post(`/api/user/${other.id}/reset-password`, { password: 'Hijack-7q2x' });
  assert.equal(s.status, 403);
  assert.equal((await new Client(srv.base).login('manager2', 'Hijack-7q2x')).status, 401);
});

test('nobody changes their own role', async () => {
  const r = await manager.put(`/api/user/${manager.me.user.id}`, { role: 'admin' });
  assert.equal(r.status, 400, r.body);
  assert.equal(r.json.error.field, 'role');
  assert.equal((await manager.get('/api/auth/me')).json.role, 'ent_manager');
});

test('password_hash cannot be set through the generic update', async () => {
  const staffRow = (await manager.get('/api/user?q=staff')).json.items.find((u) => u.username === 'staff');
  await manager.put(`/api/user/${staffRow.id}`, { password_hash: 'x' });
  assert.equal((await new Client(srv.base).login('staff')).status, 200);
});

// Regression (reset of a peer): POST /api/user/:id/reset-password took over accounts
// of the caller's own rank — an ent_manager reset another ent_manager's password, a
// regulator another regulator's. Only users of a strictly lower role, in scope, and
// never the administrator.
test('reset-password: only users of a strictly lower role; never the admin; peers 403 and unchanged', async () => {
  const made = async (c, body) => {
    const r = await c.post('/api/user', { password: 'Before-111', ...body });
    assert.equal(r.status, 201, r.body);
    return r.json;
  };
  const refused = async (c, u, status = 403) => {
    const r = await c.post(`/api/user/${u.id}/reset-password`, { password: 'Hijack-7q2x' });
    assert.equal(r.status, status, `${c.me.user.username} → ${u.username}: ${r.body}`);
    assert.equal((await new Client(srv.base).login(u.username, 'Hijack-7q2x')).status, 401, 'password unchanged');
  };
  // an ent_manager and its peer in the same enterprise
  const peer = await made(manager, { username: 'm.peer', name: '另一安全员', role: 'ent_manager' });
  await refused(manager, peer);
  assert.equal((await new Client(srv.base).login('m.peer', 'Before-111')).status, 200);
  // a regulator and a regulator of its own org
  const reg2 = await made(regulator, { username: 'r.peer', name: '另一监管员', role: 'regulator' });
  await refused(regulator, reg2);
  // the administrator: not by a regulator, not by another admin
  const adminRow = (await admin.get('/api/user?q=admin')).json.items.find((u) => u.username === 'admin');
  await refused(regulator, adminRow);
  const admin2 = await made(admin, { username: 'a.second', name: '第二管理员', role: 'admin' });
  await refused(admin, admin2);
  // out of scope stays 404
  const other = await made(regulator, { username: 'b.manager', name: '乙企业安全员', role: 'ent_manager',
    org_id: manager2.me.org.id });
  await refused(manager, other, 404);
  // strictly lower and in scope: allowed
  for (const [c, u] of [[regulator, other], [admin, reg2]]) {
    const r = await c.post(`/api/user/${u.id}/reset-password`, { password: 'After-2222' });
    assert.equal(r.status, 200, r.body);
    assert.equal((await new Client(srv.base).login(u.username, 'After-2222')).status, 200);
  }
});

// Regression: moving an org node bound its path length as a bigint inside substr(),
// which PostgreSQL has no function for (500 there, fine on SQLite). A unit and its
// sub-unit move under another unit: paths follow, so scope and subtree filters do.
test('moving an internal unit moves its subtree (both backends)', async () => {
  const unit = async (name, parent) => {
    const r = await manager.post('/api/org', { name, kind: 'unit', parent_id: parent, unit_level: 'workshop' });
    assert.equal(r.status, 201, r.body);
    return r.json;
  };
  const a = await unit('移动测试甲车间', manager.me.org.id);
  const b = await unit('移动测试乙车间', manager.me.org.id);
  const b1 = await unit('移动测试乙班组', b.id);
  const r = await manager.put(`/api/org/${b.id}`, { parent_id: a.id });
  assert.equal(r.status, 200, r.body);
  const got = async (id) => (await manager.get(`/api/org/${id}`)).json;
  assert.equal((await got(b.id)).parent_id, a.id);
  const [pa, pb, pb1] = [(await got(a.id)).path, (await got(b.id)).path, (await got(b1.id)).path];
  assert.equal(pb, `${pa}${b.id}/`);
  assert.equal(pb1, `${pb}${b1.id}/`);
  // the subtree filter of lists follows the move
  const l = (await manager.get(`/api/org?org_id=${a.id}&size=50`)).json.items.map((o) => o.id).sort();
  assert.deepEqual(l, [a.id, b.id, b1.id].sort());
  // a node never moves under itself
  const loop = await manager.put(`/api/org/${a.id}`, { parent_id: b1.id });
  assert.equal(loop.status, 400, loop.body);
  assert.equal(loop.json.error.field, 'parent_id');
});

// Issue 14 finding 9: a value taken in another tenant is refused without saying it
// exists there; one taken in the caller's own scope is named as taken.
test('a unique value of another tenant is refused without describing it; one of the own scope says 已存在', async () => {
  const mk = (c, username) => c.post('/api/user', {
    username, name: '唯一性测试', role: 'staff', org_id: c.me.org.id, password: 'Unique-7351kx',
  });
  const other = await mk(manager2, 'manager');	// enterprise A's manager
  assert.equal(other.status, 409, other.body);
  assert.equal(other.json.error.field, 'username');
  assert.doesNotMatch(other.json.error.message, /已存在/);
  const first = await mk(manager, 'uniq-own-1');
  assert.equal(first.status, 201, first.body);
  const again = await mk(manager, 'uniq-own-1');
  assert.equal(again.status, 409);
  assert.equal(again.json.error.message, '用户名已存在');
});
