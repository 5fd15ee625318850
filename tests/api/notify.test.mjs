// Outbound notifications (src/mod/notify.c, notify_send.c) against local receivers:
// a fake 企业微信 / 钉钉 robot (a Node http server on 127.0.0.1 that fails its first N
// requests with HTTP 500 or errcode ≠ 0, or holds them unanswered) and an SMTP sink
// (just enough SMTP to take a message). Time moves by restarting the server on the
// same database with a later ANJIAN_NOW (the clock is read once per process), which
// walks the back-off schedule 1 min → 5 min → 30 min → 2 h → 12 h → given up.
// Runs on both backends (ANJIAN_TEST_DB); the two-server test on PostgreSQL only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKEND, startServer, loginAs } from './lib.mjs';
import { xlsxText } from './xlsx.mjs';

const T0 = '2026-03-02 09:00:00';
const NOPROXY = { no_proxy: '127.0.0.1,localhost', NO_PROXY: '127.0.0.1,localhost' };
const SECRET = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd';

// ---- receivers -----------------------------------------------------------

/** A fake group robot. opts: fail (first N answer badly), mode 'http500' | 'errcode',
 * hold (first N are never answered), delay (ms before answering). */
async function robot(opts = {}) {
  const r = { fail: 0, mode: 'http500', hold: 0, delay: 0, ...opts, reqs: [], held: [] };
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const i = r.reqs.length;
      let json;
      try { json = JSON.parse(body); } catch { json = undefined; }
      r.reqs.push({ method: req.method, url: new URL(req.url, 'http://robot'), headers: req.headers, body, json });
      const answer = () => {
        if (i < r.hold) { r.held.push(res); return; }
        if (i < r.fail) {
          if (r.mode === 'http500') { res.writeHead(500, { 'content-type': 'text/plain' }); res.end('Internal Server Error'); return; }
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errcode: 310000, errmsg: 'sign not match' }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"errcode":0,"errmsg":"ok"}');
      };
      if (r.delay) setTimeout(answer, r.delay); else answer();
    });
  });
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  r.port = server.address().port;
  r.url = (path = '/cgi-bin/webhook/send?key=test-key-0123456789') => `http://127.0.0.1:${r.port}${path}`;
  r.close = async () => { for (const h of r.held) h.destroy(); server.closeAllConnections(); await new Promise((res) => server.close(res)); };
  /** requests whose message mentions s */
  r.about = (s) => r.reqs.filter((q) => q.body.includes(s));
  return r;
}

/** An SMTP sink: 220 / 250 / 354 / 221, capturing envelope and DATA. */
async function smtpSink() {
  const sink = { mails: [] };
  const server = net.createServer((sock) => {
    let buf = '';
    let inData = false;
    let cur = { from: null, rcpt: [], data: '' };
    sock.setEncoding('utf8');
    sock.on('error', () => {});
    sock.write('220 sink.test ESMTP\r\n');
    sock.on('data', (d) => {
      buf += d;
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          cur.data = buf.slice(0, end);
          buf = buf.slice(end + 5);
          sink.mails.push(cur);
          cur = { from: null, rcpt: [], data: '' };
          inData = false;
          sock.write('250 2.0.0 queued\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO' || cmd === 'HELO') sock.write('250 sink.test\r\n');
        else if (cmd === 'MAIL') { cur.from = /<(.*)>/.exec(line)?.[1]; sock.write('250 2.1.0 OK\r\n'); }
        else if (cmd === 'RCPT') { cur.rcpt.push(/<(.*)>/.exec(line)?.[1]); sock.write('250 2.1.5 OK\r\n'); }
        else if (cmd === 'DATA') { inData = true; sock.write('354 end with <CRLF>.<CRLF>\r\n'); }
        else if (cmd === 'QUIT') { sock.end('221 2.0.0 bye\r\n'); return; }
        else sock.write('250 OK\r\n');
      }
    });
  });
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  sink.port = server.address().port;
  sink.close = async () => { server.close(); };
  return sink;
}

/** Headers (unfolded, RFC 2047 words decoded) and the base64 body of a message. */
function parseMail(data) {
  const sep = data.indexOf('\r\n\r\n');
  const head = data.slice(0, sep).replace(/\r\n[ \t]+/g, ' ');
  const decode = (v) => v.replace(/=\?UTF-8\?B\?([^?]*)\?=(\s+(?==\?UTF-8\?B\?))?/g,
    (_, b64) => Buffer.from(b64, 'base64').toString('utf8'));
  const headers = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).toLowerCase()] = decode(line.slice(i + 1).trim());
  }
  const body = Buffer.from(data.slice(sep + 4).replace(/\r\n/g, ''), 'base64').toString('utf8');
  return { headers, body, rawHead: head };
}

// ---- clock and servers ---------------------------------------------------

/** "YYYY-MM-DD HH:MM:SS" plus s seconds (Shanghai wall time, no DST). */
function plus(t, s) {
  const d = new Date(Date.parse(t.replace(' ', 'T') + 'Z') + s * 1000);
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Starts a server and makes sure the one answering is ours: the harness picks a
 * free port and the server binds it a moment later, so with other suites running
 * on the machine the port can be taken in between (the child then exits while a
 * stranger answers the health check). Such a start is tried again.
 */
async function startOwn(opts) {
  for (let i = 0; ; i++) {
    const s = await startServer(opts);
    await new Promise((r) => setTimeout(r, 150));
    if (s.child.exitCode === null) return s;
    if (i === 2) throw new Error(`server did not stay up:\n${s.log()}`);
    opts = { ...opts, demo: false, dbUrl: s.dbUrl, dataDir: s.dataDir };	/* the demo is built */
  }
}

/** A timeline: one database, a server restarted at each moment. */
class Timeline {
  static async start(now) {
    const tl = new Timeline();
    tl.dir = mkdtempSync(join(tmpdir(), 'anjian-notify-'));
    tl.srv = await startOwn({ dataDir: tl.dir, env: { ANJIAN_NOW: now, ...NOPROXY } });
    tl.dbUrl = tl.srv.dbUrl;
    tl.admin = await loginAs(tl.srv.base, 'admin');
    return tl;
  }
  async at(now) {
    await this.srv.stop();
    this.srv = await startOwn({ demo: false, dataDir: this.dir, dbUrl: this.dbUrl, env: { ANJIAN_NOW: now, ...NOPROXY } });
    this.admin = await loginAs(this.srv.base, 'admin');
    return this.admin;
  }
  async run() {
    const r = await this.admin.post('/api/notify/run');
    assert.equal(r.status, 200, r.body);
    return r.json;
  }
  async stop() { await this.srv?.stop(); rmSync(this.dir, { recursive: true, force: true }); }
}

async function mkChannel(c, body) {
  const r = await c.post('/api/notify_channel', { active: true, ...body });
  assert.equal(r.status, 201, r.body);
  return r.json;
}

async function notice(c, org_id, subject, extra = {}) {
  const r = await c.post('/api/notify/notice', { org_id, kind: 'hazard', subject, ...extra });
  assert.equal(r.status, 201, r.body);
  return r.json.queued;
}

async function deliveries(c, channel) {
  const r = await c.get(`/api/notify_delivery?channel_id=${channel}&size=200`);
  assert.equal(r.status, 200, r.body);
  return r.json.items;
}

/** The one delivery of a channel. */
async function only(c, channel) {
  const ds = await deliveries(c, channel);
  assert.equal(ds.length, 1, JSON.stringify(ds));
  return ds[0];
}

/** GET on a connection of its own (no keep-alive pool), as JSON. */
function freshGet(base, path, cookie) {
  return new Promise((resolve, reject) => {
    const req = http.get(base + path, { agent: false, headers: { cookie } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => { try { resolve(JSON.parse(body)); } catch (e) { reject(e); } });
    });
    req.on('error', reject);
  });
}

function dingSign(ts) {
  return createHmac('sha256', SECRET).update(`${ts}\n${SECRET}`).digest('base64');
}

// ---- the shared server ---------------------------------------------------

let srv, admin, reg, mgr, mgr2;
before(async () => {
  srv = await startServer({ env: { ANJIAN_NOW: T0, ...NOPROXY } });
  [admin, reg, mgr, mgr2] = await Promise.all(['admin', 'regulator', 'manager', 'manager2'].map((u) => loginAs(srv.base, u)));
});
after(async () => { await srv?.stop(); });

// ---- retries and back-off ------------------------------------------------

test('企业微信 and 钉钉: exact messages, 加签, retries on the back-off schedule, given up after 6 tries, resend', async () => {
  const wecom = await robot({ fail: 2, mode: 'http500' });
  const ding = await robot({ fail: 6, mode: 'errcode' });
  const tl = await Timeline.start(T0);
  try {
    let a = tl.admin;
    const ent = (await loginAs(tl.srv.base, 'manager')).me.org.id;
    const cw = await mkChannel(a, { name: '区安委办工作群', kind: 'wecom', webhook_url: wecom.url() });
    const cd = await mkChannel(a, { name: '国资委钉钉群', kind: 'dingtalk', secret: SECRET,
      webhook_url: ding.url('/robot/send?access_token=abc123') });
    const subject = '重大事故隐患：储罐区可燃气体报警器失效';
    const body = '**青浦城投** 登记了一项重大事故隐患，请督促整改。\n> 整改期限：2026-03-10';
    const link = 'https://anjian.example/hazard/42';
    assert.equal(await notice(a, ent, subject, { body, link }), 2);
    let dw = await only(a, cw.id);
    assert.equal(dw.status, 'pending');
    assert.equal(dw.kind, 'hazard');
    assert.equal(dw.next_at, T0);
    assert.equal(dw.about_org_id, ent);

    // T0: both fail once; a second pass at the same moment sends nothing
    let st = await tl.run();
    assert.equal(st.sent, 0);
    assert.equal(st.failed, 2);
    assert.equal(wecom.reqs.length, 1);
    assert.equal(ding.reqs.length, 1);
    const w = wecom.reqs[0];
    assert.equal(w.method, 'POST');
    assert.equal(w.url.pathname + w.url.search, '/cgi-bin/webhook/send?key=test-key-0123456789');
    assert.match(w.headers['content-type'], /^application\/json/);
    assert.deepEqual(w.json, { msgtype: 'markdown', markdown: {
      content: `**${subject}**\n\n${body}\n\n[查看详情](${link})\n\n> 安监平台` } });
    const d = ding.reqs[0];
    assert.equal(d.url.pathname, '/robot/send');
    assert.equal(d.url.searchParams.get('access_token'), 'abc123');
    const ts = d.url.searchParams.get('timestamp');
    assert.match(ts, /^\d{13}$/);
    assert.ok(Math.abs(Number(ts) - Date.now()) < 60000, 'timestamp is the real clock in ms');
    assert.equal(d.url.searchParams.get('sign'), dingSign(ts));
    assert.ok(/[?&]sign=[A-Za-z0-9%]+$/.test(d.url.search), 'sign is urlencoded');
    assert.deepEqual(d.json, { msgtype: 'markdown', markdown: { title: subject,
      text: `### ${subject}\n\n${body}\n\n[查看详情](${link})\n\n> 安监平台` } });
    dw = await only(a, cw.id);
    assert.equal(dw.status, 'failed');
    assert.equal(dw.attempts, 1);
    assert.equal(dw.last_error, '接收方返回 HTTP 500：Internal Server Error');
    assert.equal(dw.next_at, plus(T0, 60));
    let dd = await only(a, cd.id);
    assert.equal(dd.last_error, '接收方返回错误（errcode 310000）：sign not match');
    assert.equal(dd.next_at, plus(T0, 60));
    st = await tl.run();
    assert.equal(st.claimed, 0);
    assert.equal(wecom.reqs.length + ding.reqs.length, 2);

    // just before the retry is due: nothing; at it: the second try
    await tl.at(plus(T0, 59));
    assert.equal((await tl.run()).claimed, 0);
    const T1 = plus(T0, 60);
    a = await tl.at(T1);
    st = await tl.run();
    assert.equal(st.failed, 2);
    dw = await only(a, cw.id);
    assert.equal(dw.attempts, 2);
    assert.equal(dw.next_at, plus(T1, 300));
    const T2 = plus(T1, 300);
    a = await tl.at(T2);
    st = await tl.run();
    assert.equal(st.sent, 1);
    assert.equal(st.failed, 1);
    dw = await only(a, cw.id);
    assert.equal(dw.status, 'sent');
    assert.equal(dw.attempts, 3);
    assert.equal(dw.sent_at, T2);
    assert.equal(wecom.reqs.length, 3);
    assert.deepEqual(wecom.reqs[2].json, wecom.reqs[0].json, 'the same message every time');
    dd = await only(a, cd.id);
    assert.equal(dd.next_at, plus(T2, 1800));

    // 钉钉 keeps failing: 30 min, 2 h, 12 h, then given up
    const T3 = plus(T2, 1800);
    a = await tl.at(T3);
    await tl.run();
    assert.equal((await only(a, cd.id)).next_at, plus(T3, 7200));
    const T4 = plus(T3, 7200);
    a = await tl.at(T4);
    await tl.run();
    assert.equal((await only(a, cd.id)).next_at, plus(T4, 43200));
    const T5 = plus(T4, 43200);
    a = await tl.at(T5);
    st = await tl.run();
    assert.equal(st.failed, 0);
    dd = await only(a, cd.id);
    assert.equal(dd.status, 'dead');
    assert.equal(dd.attempts, 6);
    assert.equal(ding.reqs.length, 6);
    for (const q of ding.reqs) assert.equal(q.url.searchParams.get('sign'), dingSign(q.url.searchParams.get('timestamp')));
    // an admin sees it with the action, and resends it: due now, a fresh round
    const one = await a.get(`/api/notify_delivery/${dd.id}`);
    assert.deepEqual(one.json._actions, [{ verb: 'resend', label: '重新发送' }]);
    assert.equal((await a.post(`/api/notify_delivery/${dw.id}/resend`)).status, 409, 'a sent delivery is not resent');
    let r = await a.post(`/api/notify_delivery/${dd.id}/resend`);
    assert.equal(r.status, 200, r.body);
    assert.equal(r.json.status, 'pending');
    assert.equal(r.json.attempts, 0);
    assert.equal(r.json.next_at, T5);
    assert.equal((await a.post(`/api/notify_delivery/${dd.id}/resend`)).status, 409, 'only a failed or dead one');
    st = await tl.run();
    assert.equal(st.sent, 1);
    dd = await only(a, cd.id);
    assert.equal(dd.status, 'sent');
    assert.equal(dd.attempts, 1);
    assert.equal(ding.reqs.length, 7);
    const audit = await a.get(`/api/audit?entity=notify_delivery&entity_id=${dd.id}`);
    assert.ok(audit.json.items.some((x) => x.action === 'resend'), 'the resend is audited');
    // the generic API offers no writes of deliveries
    assert.equal((await a.put(`/api/notify_delivery/${dd.id}`, { status: 'pending' })).status, 405);
    assert.equal((await a.post('/api/notify_delivery', { subject: 'x' })).status, 405);
    assert.equal((await a.del(`/api/notify_delivery/${dd.id}`)).status, 405);
  } finally {
    await tl.stop();
    await wecom.close();
    await ding.close();
  }
});

// ---- email ---------------------------------------------------------------

test('email: the test message through SMTP with From / To / encoded Subject and a base64 body; a notice; SMTP down', async () => {
  const sink = await smtpSink();
  try {
    const ch = await mkChannel(admin, { name: '安全生产邮件组', kind: 'email', smtp_url: `smtp://127.0.0.1:${sink.port}`,
      mail_from: 'anjian@example.com', recipients: 'a@example.com；b@example.org, c@example.net' });
    assert.equal(ch.has_smtp_password, false);
    const r = await admin.post(`/api/notify_channel/${ch.id}/test`);
    assert.equal(r.status, 201, r.body);
    assert.equal(r.json.kind, 'test');
    assert.equal(r.json.status, 'sent', r.json.last_error);
    assert.equal(r.json.attempts, 1);
    assert.equal(sink.mails.length, 1);
    const m = sink.mails[0];
    assert.equal(m.from, 'anjian@example.com');
    assert.deepEqual(m.rcpt, ['a@example.com', 'b@example.org', 'c@example.net']);
    const p = parseMail(m.data);
    assert.equal(p.headers.from, '安监平台 <anjian@example.com>');
    assert.equal(p.headers.to, '<a@example.com>, <b@example.org>, <c@example.net>');
    assert.equal(p.headers.subject, '测试消息');
    assert.match(p.rawHead, /Subject: =\?UTF-8\?B\?/);
    assert.match(p.headers.date, /^Mon, 02 Mar 2026 \d\d:\d\d:\d\d \+0800$/);
    assert.match(p.headers['message-id'], /^<[0-9a-f]{32}@example\.com>$/);
    assert.equal(p.headers['content-type'], 'text/plain; charset=UTF-8');
    assert.ok(p.body.startsWith('测试消息\r\n\r\n这是一条来自安监平台的测试消息。'), p.body);
    assert.ok(p.body.includes('渠道：安全生产邮件组'));

    // a notice with a long subject (several encoded words) and a link
    const subject = '关于开展二〇二六年度安全生产大检查及重大事故隐患专项排查整治行动的通知（第二批）';
    const q = await notice(admin, mgr2.me.org.id, subject, { kind: 'notice', body: '请各单位于3月10日前完成自查。', link: 'https://anjian.example/notice/7' });
    assert.ok(q >= 1);
    const st = await admin.post('/api/notify/run');
    assert.equal(st.status, 200, st.body);
    assert.equal(sink.mails.length, 2);
    const p2 = parseMail(sink.mails[1].data);
    assert.equal(p2.headers.subject, subject);
    assert.ok(p2.body.includes('请各单位于3月10日前完成自查。\r\n\r\n详情：https://anjian.example/notice/7'), p2.body);
    const d = (await deliveries(admin, ch.id)).find((x) => x.subject === subject);
    assert.equal(d.status, 'sent');

    // nobody listening: the test answers the failure, kept for a retry
    await sink.close();
    const down = await mkChannel(admin, { name: '无人值守邮箱', kind: 'email', smtp_url: 'smtp://127.0.0.1:1',
      mail_from: 'anjian@example.com', recipients: 'a@example.com' });
    const f = await admin.post(`/api/notify_channel/${down.id}/test`);
    assert.equal(f.status, 201, f.body);
    assert.equal(f.json.status, 'failed');
    assert.match(f.json.last_error, /^无法连接接收方：/);
    assert.equal(f.json.next_at, plus(T0, 60));
    await admin.put(`/api/notify_channel/${down.id}`, { active: false });
    await admin.put(`/api/notify_channel/${ch.id}`, { active: false });
  } finally {
    await sink.close();
  }
});

// ---- who hears what ------------------------------------------------------

test('fan-out: the channels of the org, of the orgs above it and of its regulators; the events filter; inactive channels', async () => {
  const rb = await robot();
  try {
    const entA = mgr.me.org.id, entB = mgr2.me.org.id, regOrg = admin.me.org.id;
    const cR = await mkChannel(admin, { name: '监管部门群', kind: 'wecom', webhook_url: rb.url(), org_id: regOrg });
    const cA = await mkChannel(admin, { name: '企业A群', kind: 'wecom', webhook_url: rb.url(), org_id: entA });
    const cB = await mkChannel(admin, { name: '企业B群', kind: 'wecom', webhook_url: rb.url(), org_id: entB });
    const cO = await mkChannel(admin, { name: '只收逾期', kind: 'wecom', webhook_url: rb.url(), org_id: regOrg,
      events: 'obligation_overdue，obligation_overdue' });
    assert.equal(cO.events, 'obligation_overdue', 'normalised');
    const off = await mkChannel(admin, { name: '已停用', kind: 'wecom', webhook_url: rb.url(), org_id: regOrg, active: false });
    assert.equal(await notice(admin, entA, '关于A的通知'), 2);
    assert.equal(await notice(admin, entB, '关于B的通知'), 2);
    assert.equal(await notice(admin, entA, 'A逾期', { kind: 'obligation_overdue' }), 3);
    const subjects = async (c) => (await deliveries(admin, c.id)).map((d) => d.subject).sort();
    assert.deepEqual(await subjects(cR), ['A逾期', '关于A的通知', '关于B的通知'].sort());
    assert.deepEqual(await subjects(cA), ['A逾期', '关于A的通知'].sort());
    assert.deepEqual(await subjects(cB), ['关于B的通知']);
    assert.deepEqual(await subjects(cO), ['A逾期']);
    assert.deepEqual(await subjects(off), []);
    // a subsidiary of A is heard by A's channel too (A's subtree)
    const sub = await admin.get('/api/org?size=200');
    const child = sub.json.items.find((o) => o.parent_id === entA && o.kind === 'enterprise');
    if (child) assert.equal(await notice(admin, child.id, '子公司通知'), 2);
    // bad notices change nothing
    let r = await admin.post('/api/notify/notice', { org_id: entA });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.field, 'subject');
    r = await admin.post('/api/notify/notice', { org_id: 999999, subject: 'x' });
    assert.equal(r.json.error.field, 'org_id');
    r = await admin.post('/api/notify/notice', { org_id: entA, subject: 'x', kind: 'digest' });
    assert.equal(r.json.error.field, 'kind');
    r = await admin.post('/api/notify/notice', { org_id: entA, subject: 'x', link: 'javascript:alert(1)' });
    assert.equal(r.json.error.field, 'link');
    r = await admin.post('/api/notify/notice', { org_id: entA, subject: 'x', extra: 1 });
    assert.equal(r.json.error.field, 'extra');
    assert.deepEqual(await subjects(cB), ['关于B的通知']);
    // deliver them all, then switch the channels off for the tests after this one
    const st = await admin.post('/api/notify/run');
    assert.equal(st.status, 200);
    assert.ok(st.json.sent >= 8, st.body);
    assert.equal(rb.about('A逾期').length, 3);
    for (const c of [cR, cA, cB, cO]) await admin.put(`/api/notify_channel/${c.id}`, { active: false });
  } finally {
    await rb.close();
  }
});

// ---- secrets, roles, validation ------------------------------------------

test('secrets never leave the server: GET, list, export, meta, audit; kept on edit, cleared by null', async () => {
  const rb = await robot();
  try {
    const key = 'wx-key-never-shown-4f2a9c';
    const ch = await mkChannel(admin, { name: '钉钉加签群', kind: 'dingtalk', secret: SECRET,
      webhook_url: rb.url(`/robot/send?access_token=${key}`) });
    const em = await mkChannel(admin, { name: '邮件', kind: 'email', smtp_url: 'smtps://smtp.example.com:465', smtp_user: 'u@example.com',
      smtp_password: 'pw-never-shown-77', mail_from: 'u@example.com', recipients: 'x@example.com', active: false });
    const leaks = (s) => [SECRET, key, 'pw-never-shown-77'].filter((x) => s.includes(x));
    assert.equal(ch.has_secret, true);
    assert.equal(em.has_smtp_password, true);
    assert.equal(ch.webhook_display, `http://127.0.0.1:${rb.port}/robot/send?access_token=${key.slice(0, 4)}…${key.slice(-4)}`);
    for (const k of ['secret', 'webhook_url', 'smtp_password']) { assert.ok(!(k in ch)); assert.ok(!(k in em)); }
    const got = await admin.get(`/api/notify_channel/${ch.id}`);
    const list = await admin.get('/api/notify_channel?size=200');
    const exp = await admin.get('/api/notify_channel/export', { raw: true });
    assert.equal(exp.status, 200);
    const meta = await admin.get('/api/meta');
    const upd = await admin.put(`/api/notify_channel/${ch.id}`, { name: '钉钉加签群（改名）' });
    assert.equal(upd.status, 200, upd.body);
    assert.equal(upd.json.has_secret, true, 'an edit without the secret keeps it');
    const audit = await admin.get('/api/audit?entity=notify_channel&size=200');
    for (const [what, s] of [['get', got.body], ['list', list.body], ['export', xlsxText(exp.body)],
      ['meta', meta.body], ['audit', audit.body], ['update', upd.body]]) assert.deepEqual(leaks(s), [], what);
    const metaFields = meta.json.entities.find((e) => e.name === 'notify_channel').fields.map((f) => f.name);
    for (const k of ['secret', 'webhook_url', 'smtp_password', 'claim_token']) assert.ok(!metaFields.includes(k), k);
    assert.ok(metaFields.includes('has_secret'));
    // the kept secret still signs
    const t = await admin.post(`/api/notify_channel/${ch.id}/test`);
    assert.equal(t.json.status, 'sent', t.json.last_error);
    const q = rb.reqs.at(-1);
    assert.equal(q.url.searchParams.get('access_token'), key);
    assert.equal(q.url.searchParams.get('sign'), dingSign(q.url.searchParams.get('timestamp')));
    // null clears it: no more signing
    const cl = await admin.put(`/api/notify_channel/${ch.id}`, { secret: null });
    assert.equal(cl.json.has_secret, false);
    await admin.post(`/api/notify_channel/${ch.id}/test`);
    assert.equal(rb.reqs.at(-1).url.searchParams.get('sign'), null);
    // a new URL is masked again and used
    const nu = await admin.put(`/api/notify_channel/${ch.id}`, { webhook_url: rb.url('/robot/send?access_token=zzzzzzzzzzzzzzzz1234') });
    assert.equal(nu.json.webhook_display, `http://127.0.0.1:${rb.port}/robot/send?access_token=zzzz…1234`);
    await admin.put(`/api/notify_channel/${ch.id}`, { active: false });
  } finally {
    await rb.close();
  }
});

test('only an admin reads or writes channels and deliveries, or runs the sender', async () => {
  for (const c of [reg, mgr]) {
    assert.equal((await c.get('/api/notify_channel')).status, 403);
    assert.equal((await c.get('/api/notify_channel/1')).status, 403);
    assert.equal((await c.get('/api/notify_channel/export')).status, 403);
    assert.equal((await c.get('/api/notify_delivery')).status, 403);
    assert.equal((await c.post('/api/notify_channel', { name: 'x', kind: 'wecom', webhook_url: 'https://x.example/' })).status, 403);
    assert.equal((await c.put('/api/notify_channel/1', { name: 'x' })).status, 403);
    assert.equal((await c.post('/api/notify_channel/1/test')).status, 403);
    assert.equal((await c.post('/api/notify/run')).status, 403);
    assert.equal((await c.post('/api/notify/notice', { org_id: 1, subject: 'x' })).status, 403);
    // the action funnel checks scope first: out of the caller's scope it is 404
    assert.ok([403, 404].includes((await c.post('/api/notify_delivery/1/resend')).status));
    assert.ok(!c.me.permissions.some((p) => p.startsWith('notify')), 'no notify permission codes');
  }
  const perms = (await admin.get('/api/auth/me')).json.permissions;
  for (const p of ['notify_channel:read', 'notify_channel:create', 'notify_channel:test', 'notify_delivery:read',
    'notify_delivery:resend', 'notify:run', 'notify:notice']) assert.ok(perms.includes(p), p);
  assert.equal((await admin.post('/api/notify_channel/999999/test')).status, 404);
  assert.equal((await admin.put('/api/notify_channel/999999', { name: 'x' })).status, 404);
});

test('bad channels answer 400 naming the field and write nothing', async () => {
  const before = (await admin.get('/api/notify_channel?size=200')).json.total;
  const cases = [
    [{ name: 'x', kind: 'wecom' }, 'webhook_url', '请填写群机器人的 Webhook 地址'],
    [{ name: 'x', kind: 'wecom', webhook_url: 'ftp://example.com/hook' }, 'webhook_url', 'Webhook 地址须以 http:// 或 https:// 开头'],
    [{ name: 'x', kind: 'dingtalk', webhook_url: 'javascript:alert(1)' }, 'webhook_url', null],
    [{ name: 'x', kind: 'wecom', webhook_url: 'https://user:pw@example.com/' }, 'webhook_url', 'Webhook 地址不能包含用户名或密码'],
    [{ name: 'x', kind: 'wecom', webhook_url: 'https://例子.cn/hook' }, 'webhook_url', null],
    [{ name: 'x', kind: 'email', mail_from: 'a@example.com', recipients: 'b@example.com' }, 'smtp_url', null],
    [{ name: 'x', kind: 'email', smtp_url: 'https://smtp.example.com', mail_from: 'a@example.com', recipients: 'b@example.com' }, 'smtp_url', 'SMTP 服务器地址须以 smtp:// 或 smtps:// 开头'],
    [{ name: 'x', kind: 'email', smtp_url: 'smtp://smtp.example.com', recipients: 'b@example.com' }, 'mail_from', null],
    [{ name: 'x', kind: 'email', smtp_url: 'smtp://smtp.example.com', mail_from: 'a@example.com', recipients: 'b@example.com, 不是邮箱' }, 'recipients', '收件人“不是邮箱”格式不正确'],
    [{ name: 'x', kind: 'email', smtp_url: 'smtp://smtp.example.com', mail_from: 'a@example.com' }, 'recipients', null],
    [{ name: 'x', kind: 'email', smtp_url: 'smtp://smtp.example.com', mail_from: 'a@example.com', recipients: 'b@example.com', smtp_password: 'p' }, 'smtp_user', null],
    [{ name: 'x', kind: 'wecom', webhook_url: 'https://x.example/', digest: true, digest_at: '8:30' }, 'digest_at', '汇总发送时间须为 HH:MM 格式，例如 08:30'],
    [{ name: 'x', kind: 'wecom', webhook_url: 'https://x.example/', events: 'hazard,no_such' }, 'events', '通知类别“no_such”不存在'],
    [{ name: 'x', kind: 'wecom', webhook_url: 'https://x.example/', events: 'test' }, 'events', null],
    [{ name: 'x', kind: 'sms', webhook_url: 'https://x.example/' }, 'kind', null],
    [{ kind: 'wecom', webhook_url: 'https://x.example/' }, 'name', null],
    [{ name: 'x', kind: 'wecom', webhook_url: 'https://x.example/', bogus: 1 }, 'bogus', null],
  ];
  for (const [body, field, message] of cases) {
    const r = await admin.post('/api/notify_channel', body);
    assert.equal(r.status, 400, `${JSON.stringify(body)} → ${r.body}`);
    assert.equal(r.json.error.field, field, JSON.stringify(body));
    if (message) assert.equal(r.json.error.message, message);
  }
  // an edit that would break a channel is refused the same way
  const ok = await mkChannel(admin, { name: '待修改', kind: 'wecom', webhook_url: 'https://x.example/hook', active: false });
  let r = await admin.put(`/api/notify_channel/${ok.id}`, { webhook_url: 'gopher://x' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'webhook_url');
  r = await admin.put(`/api/notify_channel/${ok.id}`, { webhook_url: null });
  assert.equal(r.json.error.field, 'webhook_url');
  r = await admin.put(`/api/notify_channel/${ok.id}`, { kind: 'email' });
  assert.equal(r.status, 400);
  r = await admin.post('/api/notify_channel', 'not json', { headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.code, 'bad_json');
  r = await admin.post('/api/notify_channel', 'not json');	// text/plain
  assert.equal(r.status, 415);
  assert.equal((await admin.get('/api/notify_channel?size=200')).json.total, before + 1);
  // a channel with deliveries is switched off, not deleted
  const demo = (await admin.get('/api/notify_channel?size=200')).json.items.find((c) => c.name.includes('示例') && c.kind === 'wecom');
  assert.ok(demo, 'the demo channel');
  assert.equal(demo.active, false);
  r = await admin.del(`/api/notify_channel/${demo.id}`);
  assert.equal(r.status, 409);
  assert.equal((await admin.del(`/api/notify_channel/${ok.id}`)).status, 200);
});

test('demo: disabled example channels and deliveries in each state', async () => {
  const chs = (await admin.get('/api/notify_channel?size=200')).json.items.filter((c) => c.name.includes('示例'));
  assert.ok(chs.length >= 1);
  assert.ok(chs.every((c) => c.active === false));
  const ds = (await admin.get(`/api/notify_delivery?channel_id=${chs.find((c) => c.kind === 'wecom').id}&size=200`)).json.items;
  for (const s of ['pending', 'sent', 'failed', 'dead']) assert.ok(ds.some((d) => d.status === s), s);
  assert.ok(ds.filter((d) => d.status === 'failed' || d.status === 'dead').every((d) => d.last_error));
});

// ---- daily digest --------------------------------------------------------

test('daily digest: a day\'s notices go out as one message at 08:30 the next morning', async () => {
  const rb = await robot();
  const tl = await Timeline.start(T0);
  try {
    let a = tl.admin;
    const ent = (await loginAs(tl.srv.base, 'manager')).me.org.id;
    const ch = await mkChannel(a, { name: '每日汇总群', kind: 'wecom', webhook_url: rb.url(), digest: true });
    assert.equal(ch.digest_at, '08:30');
    const now1 = await mkChannel(a, { name: '即时群', kind: 'wecom', webhook_url: rb.url('/instant?key=1') });
    for (const s of ['第一条隐患', '第二条隐患', '第三条隐患']) await notice(a, ent, s, { link: '/hazard/1' });
    let ds = await deliveries(a, ch.id);
    assert.equal(ds.length, 3);
    for (const d of ds) { assert.equal(d.batched, true); assert.equal(d.next_at, '2026-03-03 08:30:00'); }
    let st = await tl.run();
    assert.equal(st.digests, 0);
    assert.equal(st.sent, 3, 'the instant channel sends at once');
    assert.equal(rb.reqs.filter((q) => q.url.pathname === '/cgi-bin/webhook/send').length, 0);
    a = await tl.at('2026-03-03 08:29:59');
    assert.equal((await tl.run()).digests, 0);
    a = await tl.at('2026-03-03 08:30:00');
    st = await tl.run();
    assert.equal(st.digests, 1);
    assert.equal(st.sent, 1);
    const got = rb.reqs.filter((q) => q.url.pathname === '/cgi-bin/webhook/send');
    assert.equal(got.length, 1);
    const content = got[0].json.markdown.content;
    assert.ok(content.startsWith('**安监平台每日汇总：3 条通知（2026-03-03）**'), content);
    for (const s of ['1. 【隐患】第一条隐患（上海青浦城市建设投资集团有限公司）', '2. 【隐患】第二条隐患', '3. 【隐患】第三条隐患']) assert.ok(content.includes(s), content);
    ds = await deliveries(a, ch.id);
    const digest = ds.find((d) => d.kind === 'digest');
    assert.equal(digest.status, 'sent');
    assert.equal(digest.batched, false);
    const items = ds.filter((d) => d.kind !== 'digest');
    assert.equal(items.length, 3);
    for (const d of items) { assert.equal(d.status, 'merged'); assert.equal(d.digest_id, digest.id); }
    assert.equal((await tl.run()).digests, 0, 'made once');
    void now1;
  } finally {
    await tl.stop();
    await rb.close();
  }
});

// ---- crash safety --------------------------------------------------------

test('a server killed mid-send: the lease keeps the row until it expires, then it is sent once more', async () => {
  const rb = await robot({ hold: 1 });
  const tl = await Timeline.start(T0);
  try {
    const a = tl.admin;
    const ent = (await loginAs(tl.srv.base, 'manager')).me.org.id;
    const ch = await mkChannel(a, { name: '中途断电', kind: 'wecom', webhook_url: rb.url() });
    await notice(a, ent, '发送中被中断的通知');
    const pending = a.post('/api/notify/run').catch(() => null);
    for (let i = 0; rb.reqs.length === 0 && i < 200; i++) await new Promise((r) => setTimeout(r, 25));
    assert.equal(rb.reqs.length, 1, 'the receiver has the request');
    // read on a new connection: a keep-alive one may belong to the worker thread
    // that is busy in the send
    const fresh = await freshGet(tl.srv.base, `/api/notify_delivery?channel_id=${ch.id}`, a.cookie);
    assert.equal(fresh.items.length, 1);
    const d = fresh.items[0];
    assert.equal(d.status, 'sending');
    assert.equal(d.attempts, 1);
    assert.equal(d.claimed_until, plus(T0, 120));
    tl.srv.child.kill('SIGKILL');
    await new Promise((r) => tl.srv.child.once('exit', r));
    await pending;
    tl.srv = { stop: async () => {} };
    // restarted within the lease: not taken again
    let c = await tl.at(plus(T0, 119));
    assert.equal((await tl.run()).claimed, 0);
    assert.equal((await only(c, ch.id)).status, 'sending');
    // after it: sent once more, and only once
    c = await tl.at(plus(T0, 121));
    const st = await tl.run();
    assert.equal(st.sent, 1);
    const e = await only(c, ch.id);
    assert.equal(e.status, 'sent');
    assert.equal(e.attempts, 2);
    assert.equal(rb.about('发送中被中断的通知').length, 2);
    assert.equal((await tl.run()).claimed, 0);
  } finally {
    await tl.stop();
    await rb.close();
  }
});

// ---- two servers, one database -------------------------------------------

test('two servers on one PostgreSQL database send each message exactly once', { skip: BACKEND !== 'postgres' }, async () => {
  const rb = await robot({ delay: 30 });
  const a = await startServer({ env: { ANJIAN_NOW: T0, ...NOPROXY } });
  const b = await startServer({ demo: false, dbUrl: a.dbUrl, dataDir: mkdtempSync(join(tmpdir(), 'anjian-b-')), env: { ANJIAN_NOW: T0, ...NOPROXY } });
  try {
    const ca = await loginAs(a.base, 'admin');
    const cb = await loginAs(b.base, 'admin');
    const ent = (await loginAs(a.base, 'manager')).me.org.id;
    const chs = [];
    for (let i = 0; i < 4; i++) chs.push(await mkChannel(ca, { name: `并发群${i}`, kind: 'wecom', webhook_url: rb.url(`/hook${i}?key=k`), org_id: ent }));
    const daily = await mkChannel(ca, { name: '并发汇总', kind: 'wecom', webhook_url: rb.url('/daily?key=k'), org_id: ent, digest: true, digest_at: '09:00' });
    const N = 10;
    for (let i = 0; i < N; i++) assert.equal(await notice(ca, ent, `并发通知${i}`), 5);
    const runs = await Promise.all([ca, cb, ca, cb, ca, cb].map((c) => c.post('/api/notify/run')));
    for (const r of runs) assert.equal(r.status, 200, r.body);
    const sum = (k) => runs.reduce((s, r) => s + r.json[k], 0);
    assert.equal(sum('sent'), 4 * N + 1, JSON.stringify(runs.map((r) => r.json)));
    assert.equal(sum('digests'), 1);
    for (let i = 0; i < N; i++) {
      for (let k = 0; k < 4; k++) assert.equal(rb.reqs.filter((q) => q.url.pathname === `/hook${k}` && q.body.includes(`并发通知${i}*`)).length, 1, `${i} via ${k}`);
    }
    assert.equal(rb.reqs.filter((q) => q.url.pathname === '/daily').length, 1);
    assert.equal(rb.reqs.length, 4 * N + 1);
    for (const c of [...chs, daily]) for (const d of await deliveries(ca, c.id)) assert.ok(['sent', 'merged'].includes(d.status), d.status);
  } finally {
    await b.stop();
    await a.stop();
    await rb.close();
  }
});
