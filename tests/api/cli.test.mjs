// The binary as a CLI (issue 2): version, --help on every command, a clear message
// and exit 2 on a wrong option, init creating an admin, demo refusing a non-empty
// database, backup producing a usable copy, and a database made by an older build
// (fewer migrations, an entity table missing a column) upgrading when opened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, BACKEND, freshDbUrl } from './lib.mjs';

const cli = (args, env = {}) => spawnSync(BIN, args, { encoding: 'utf8', env: { ...process.env, ...env } });
const sql = (db, q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();

test('version and --help on every command', () => {
  const v = cli(['version']);
  assert.equal(v.status, 0);
  assert.match(v.stdout, /^anjian \d+\.\d+\.\d+/);
  for (const c of ['serve', 'init', 'demo', 'backup', 'restore', 'check', 'version']) {
    const r = cli([c, '--help']);
    assert.equal(r.status, 0, c);
    assert.match(r.stdout, new RegExp(`用法: anjian ${c}`), c);
  }
});

test('a wrong option or command says what is wrong and exits 2', () => {
  let r = cli(['serve', '--bogus']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /未知选项 '--bogus'/);
  r = cli(['serve', '--port', '70000']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /端口须为 1–65535 的整数/);
  r = cli(['serve', '--data']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /缺少取值/);
  r = cli(['frobnicate']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /未知命令 'frobnicate'/);
  r = cli(['backup']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /缺少备份文件名/);
});

test('init creates an admin once; demo refuses a database that has data', { skip: BACKEND !== 'sqlite' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'anjian-cli-'));
  try {
    let r = cli(['init', '--data', dir], { ANJIAN_ADMIN_PASSWORD: 'Admin12345' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /已创建管理员账号 admin/);
    assert.equal(sql(join(dir, 'anjian.db'), "SELECT role FROM users WHERE username = 'admin'"), 'admin');
    r = cli(['init', '--data', dir]);
    assert.equal(r.status, 0);
    assert.equal(sql(join(dir, 'anjian.db'), 'SELECT COUNT(*) FROM users'), '1');
    r = cli(['demo', '--data', dir]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /已有数据/);
    assert.equal(sql(join(dir, 'anjian.db'), 'SELECT COUNT(*) FROM enterprise'), '0');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('backup writes a consistent copy that opens', { skip: BACKEND !== 'sqlite' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'anjian-cli-'));
  try {
    assert.equal(cli(['demo', '--data', dir]).status, 0);
    const target = join(dir, 'copy.db');
    const r = cli(['backup', target, '--data', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(target));
    // it holds password hashes: owner-only (issue 14 finding 8), whatever the umask
    assert.equal(statSync(target).mode & 0o777, 0o600);
    assert.equal(sql(target, 'SELECT COUNT(*) FROM enterprise'), sql(join(dir, 'anjian.db'), 'SELECT COUNT(*) FROM enterprise'));
    assert.equal(cli(['backup', target, '--data', dir]).status, 1, 'refuses to overwrite');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('a database made by an older build opens and upgrades', { skip: BACKEND !== 'sqlite' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'anjian-cli-'));
  const db = join(dir, 'anjian.db');
  try {
    assert.equal(cli(['demo', '--data', dir]).status, 0);
    const outlets = sql(db, 'SELECT COUNT(*) FROM outlet');
    // Make it look like an older build's database: migration 2 not applied and the
    // outlet table without a column a later declaration added.
    sql(db, 'DROP TABLE risk_summary; DROP TABLE hazard_stats; DROP TABLE hazard_monthly;' +
      ' DELETE FROM schema_version WHERE version = 2; ALTER TABLE outlet DROP COLUMN note;');
    assert.equal(sql(db, "SELECT COUNT(*) FROM pragma_table_info('outlet') WHERE name = 'note'"), '0');
    const r = cli(['init', '--data', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sql(db, "SELECT COUNT(*) FROM pragma_table_info('outlet') WHERE name = 'note'"), '1');
    assert.equal(sql(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'hazard_stats'"), '1');
    assert.ok(Number(sql(db, 'SELECT MAX(version) FROM schema_version')) >= 2);
    assert.equal(sql(db, 'SELECT COUNT(*) FROM outlet'), outlets, 'data kept');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('check recomputes the statistics the modules keep, repairing a damaged aggregate', { skip: BACKEND !== 'sqlite' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'anjian-cli-'));
  const db = join(dir, 'anjian.db');
  try {
    assert.equal(cli(['demo', '--data', dir]).status, 0);
    const q = 'SELECT group_concat(org_id || ":" || total || ":" || closed || ":" || open_major, ",")' +
      ' FROM (SELECT * FROM hazard_stats ORDER BY org_id)';
    const r0 = "SELECT group_concat(org_id || ':' || red || ':' || blue, ',') FROM (SELECT * FROM risk_summary ORDER BY org_id)";
    const good = sql(db, q), goodRisk = sql(db, r0);
    assert.ok(good.length > 0 && goodRisk.length > 0);
    sql(db, 'UPDATE hazard_stats SET total = total + 7, closed = 0; UPDATE risk_summary SET red = 99; DELETE FROM scope_size;');
    assert.notEqual(sql(db, q), good);
    const r = cli(['check', '--data', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /已重新计算/);
    assert.equal(sql(db, q), good, 'hazard statistics back to what the records say');
    assert.equal(sql(db, r0), goodRisk, 'risk summary back');
    assert.ok(Number(sql(db, 'SELECT COUNT(*) FROM scope_size')) > 0, 'scope sizes back');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

// Issue 14 "Deployment, recovery": backup and restore round-trip on both backends,
// into a new database only; the backup file is 0600.
const COUNTS = ['users', 'enterprise', 'hazard', 'risk_point', 'obligation', 'audit_log'];
function counts(url) {
  if (url.startsWith('sqlite:')) return COUNTS.map((t) => sql(url.slice(7), `SELECT COUNT(*) FROM ${t}`));
  return COUNTS.map((t) => execFileSync('psql', [url, '-tAc', `SELECT COUNT(*) FROM ${t}`], { encoding: 'utf8' }).trim());
}
test('backup then restore gives the same records; a restore never goes over a database with data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'anjian-cli-'));
  try {
    const src = freshDbUrl(join(dir, 'a'));
    const dbArgs = (url, data) => (BACKEND === 'sqlite' ? ['--data', data] : ['--db', url, '--data', data]);
    assert.equal(cli(['demo', ...dbArgs(src, join(dir, 'a'))]).status, 0);
    const file = join(dir, 'backup.bin');
    let r = cli(['backup', file, ...dbArgs(src, join(dir, 'a'))]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const dst = freshDbUrl(join(dir, 'b'));
    r = cli(['restore', file, ...dbArgs(dst, join(dir, 'b'))]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /已从 .* 恢复/);
    const want = counts(src);
    assert.ok(Number(want[2]) > 0, 'the demo has hazards');
    assert.deepEqual(counts(dst), want);
    // again onto the restored database: refused, nothing changed
    r = cli(['restore', file, ...dbArgs(dst, join(dir, 'b'))]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, BACKEND === 'sqlite' ? /目标数据库已存在/ : /目标数据库不是空的/);
    assert.deepEqual(counts(dst), want);
    // a damaged file is refused
    if (BACKEND === 'sqlite') {
      const bad = join(dir, 'bad.db');
      execFileSync('sh', ['-c', `head -c 8192 ${file} > ${bad}`]);
      r = cli(['restore', bad, '--data', join(dir, 'c')]);
      assert.equal(r.status, 1);
      assert.ok(!existsSync(join(dir, 'c', 'anjian.db')), 'nothing left behind');
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
