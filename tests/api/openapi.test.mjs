// GET /api/openapi.json (src/entity/openapi.c): the OpenAPI 3.1 document generated from
// the router's tables and the entity declarations. On the demo district it must
//   - be a valid OpenAPI 3.1 document (@seriousme/openapi-schema-validator, pinned in
//     web/package.json) served without a session, byte-identical on every request;
//   - not drift from GET /api/meta: every entity the admin reads has its schemas and
//     its list/row paths, every operation the admin may do is there, create bodies
//     require what meta says is required, and every declared workflow action has its
//     POST operation with the same inputs, states and permission code;
//   - describe the server truthfully: what it calls public works without a session,
//     every other GET answers 401 without one, every listed GET without a path
//     parameter exists, unlisted paths answer 404, and real list, row and error
//     bodies validate against the documented response schemas (ajv, JSON Schema 2020);
//   - document the core Idempotency-Key header (src/http/idempotency.c) on every
//     logged-in write and on nothing else, with its rules — and the server keeps them.
// No count of routes is asserted: the document grows with the modules.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Client, loginAs, startServer } from './lib.mjs';

const VALIDATOR = new URL('../../web/node_modules/@seriousme/openapi-schema-validator/index.js',
  import.meta.url);
const { Validator } = await import(VALIDATOR.href);
// ajv and ajv-formats are the validator's own dependencies: resolved from it.
const requireV = createRequire(VALIDATOR);
const Ajv2020 = requireV('ajv/dist/2020').default;
const addFormats = requireV('ajv-formats').default;

const METHODS = ['get', 'post', 'put', 'delete'];

let srv, admin, anon, doc, raw, meta, ajv;

before(async () => {
  srv = await startServer();
  admin = await loginAs(srv.base, 'admin');
  anon = new Client(srv.base);
  const r = await anon.get('/api/openapi.json');
  assert.equal(r.status, 200, r.body);
  raw = r.body;
  doc = r.json;
  const m = await admin.get('/api/meta');
  assert.equal(m.status, 200, m.body);
  meta = m.json;
  // The documented schemas, compiled against a root that holds doc.components so the
  // "#/components/schemas/…" references resolve; x-… keywords are annotations.
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi', components: doc.components });
});
after(async () => { await srv?.stop(); });

/** Every operation of the document as { path, method, op }. */
function operations() {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const method of METHODS)
      if (item[method]) out.push({ path, method, op: item[method] });
  return out;
}

/** The component a {$ref} names. */
function deref(o) {
  if (!o || !o.$ref) return o;
  const name = o.$ref.replace('#/components/schemas/', '');
  return doc.components.schemas[name];
}

/** 1 if op is the generic operation <entity>_<what> (not a module route on its path). */
const generic = (op, e, what) => op.operationId === `${e.name}_${what}`;

/** Validates body against the schema of op's response status (application/json). */
function checkBody(op, status, body, what) {
  let resp = op.responses[String(status)];
  assert.ok(resp, `${what}: response ${status} documented`);
  if (resp.$ref) resp = doc.components.responses[resp.$ref.split('/').pop()];
  const schema = resp.content['application/json'].schema;
  const validate = ajv.compile({ $ref: `openapi#${schema.$ref ? schema.$ref.slice(1) : ''}` });
  assert.ok(validate(body), `${what}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
}

const required = (schema) => [...(deref(schema).required || [])].sort();

test('the document is valid OpenAPI 3.1, public, and the same bytes every time', async () => {
  const v = new Validator();
  const res = await v.validate(structuredClone(doc));
  assert.ok(res.valid, JSON.stringify(res.errors?.slice(0, 5), null, 1));
  assert.equal(v.version, '3.1');
  assert.equal(doc.openapi, '3.1.0');
  const health = await anon.get('/api/health');
  assert.equal(doc.info.version, health.json.version);
  assert.match(doc.info.title, /安监/);
  assert.deepEqual(doc.servers, [{ url: '/' }]);
  assert.deepEqual(doc.components.securitySchemes.session,
    { ...doc.components.securitySchemes.session, type: 'apiKey', in: 'cookie', name: 'anjian_session' });
  assert.equal(doc.components.securitySchemes.csrf.name, 'X-Anjian-CSRF');
  const again = await admin.get('/api/openapi.json');
  assert.equal(again.body, raw, 'cached bytes, whoever asks');
});

test('paths are templates of the router: no raw :params, no {entity}, unique operationIds', () => {
  const ids = new Set();
  for (const { path, op } of operations()) {
    assert.ok(!path.includes(':'), path);
    assert.ok(!path.includes('{entity}') && !path.includes('{verb}'), path);
    assert.ok(op.operationId && !ids.has(op.operationId), `${path} operationId ${op.operationId}`);
    ids.add(op.operationId);
    const roles = new Set(meta.roles.map((r) => r.value));
    if (op['x-roles']) for (const r of op['x-roles']) assert.ok(roles.has(r), `${path}: role ${r}`);
    const publicOp = Array.isArray(op.security) && op.security.length === 0;
    if (!publicOp) assert.ok(op.responses['401'], `${path}: 401 documented`);
  }
});

test('every entity of /api/meta has its schemas and its paths, as the admin may use them', () => {
  assert.ok(meta.entities.length > 0);
  for (const e of meta.entities) {
    const row = doc.components.schemas[e.name];
    assert.ok(row, `schema ${e.name}`);
    for (const f of e.fields) assert.ok(row.properties[f.name], `${e.name}.${f.name} in the row schema`);
    for (const k of ['id', 'org_id', 'created_at', 'updated_at']) assert.ok(row.properties[k], `${e.name}.${k}`);
    const listName = e.name[0].toUpperCase() + e.name.slice(1) + 'List';
    assert.ok(doc.components.schemas[listName], `schema ${listName}`);
    const list = doc.paths[`/api/${e.name}`]?.get;
    assert.ok(list, `GET /api/${e.name}`);
    assert.ok(doc.paths[`/api/${e.name}/export`]?.get, `export ${e.name}`);
    assert.ok(doc.paths[`/api/${e.name}/{id}`]?.get, `GET /api/${e.name}/{id}`);
    if (generic(list, e, 'list')) {	// else a module route serves this list (API.md)
      assert.equal(deref(list.responses['200'].content['application/json'].schema),
        doc.components.schemas[listName]);
      // the list's sort enum holds every sortable field both ways
      const sort = list.parameters.find((p) => p.name === 'sort');
      for (const f of e.fields.filter((x) => x.sort))
        assert.ok(sort.schema.enum.includes(f.name) && sort.schema.enum.includes(`-${f.name}`), `${e.name} sort ${f.name}`);
      for (const f of e.fields.filter((x) => x.filter))
        assert.ok(list.parameters.some((p) => p.name === f.name), `${e.name} filter ${f.name}`);
      for (const f of e.fields.filter((x) => x.range))
        assert.ok(list.parameters.some((p) => p.name === `${f.name}_from`), `${e.name} range ${f.name}`);
      if (e.fields.some((x) => x.search && !x.virtual))
        assert.ok(list.parameters.some((p) => p.name === 'q'), `${e.name} q`);
    }
    if (e.can_create) {
      const post = doc.paths[`/api/${e.name}`].post;
      assert.ok(post, `POST /api/${e.name}`);
      const body = post.requestBody?.content['application/json']?.schema;
      if (body?.$ref === `#/components/schemas/${e.name}Input`) {	// else a module route
        const want = e.fields.filter((f) => f.required && !f.readonly).map((f) => f.name).sort();
        assert.deepEqual(required(body), want, `${e.name}Input required`);
        for (const f of e.fields.filter((x) => !x.readonly))
          assert.ok(deref(body).properties[f.name], `${e.name}Input.${f.name}`);
        for (const f of e.fields.filter((x) => x.readonly))
          assert.ok(!deref(body).properties[f.name], `${e.name}Input has no read-only ${f.name}`);
      }
    }
    if (e.can_update) assert.ok(doc.paths[`/api/${e.name}/{id}`].put, `PUT /api/${e.name}/{id}`);
    if (e.can_delete) assert.ok(doc.paths[`/api/${e.name}/{id}`].delete, `DELETE /api/${e.name}/{id}`);
    if (!e.can_delete && doc.paths[`/api/${e.name}/{id}`].delete)
      assert.notEqual(doc.paths[`/api/${e.name}/{id}`].delete.operationId, `${e.name}_delete`,
        `${e.name}: no generic delete where meta offers none`);
  }
});

test('every workflow action of /api/meta has its POST operation with the same inputs', () => {
  for (const e of meta.entities) {
    if (e.actions) {
      const row = doc.components.schemas[e.name];
      assert.deepEqual(row['x-states'].map((s) => s.code), e.states.map((s) => s.value));
      assert.ok(row.properties._actions, `${e.name}._actions`);
    }
    for (const a of e.actions || []) {
      const op = doc.paths[`/api/${e.name}/{id}/${a.verb}`]?.post;
      assert.ok(op, `POST /api/${e.name}/{id}/${a.verb}`);
      assert.equal(op['x-permission'], a.perm);
      assert.deepEqual(op['x-from-states'], a.from);
      assert.equal(op['x-to-state'], a.to ?? null);
      // a module route on the action's path that takes no JSON body takes no inputs
      const body = op.requestBody?.content['application/json'].schema ?? { properties: {} };
      assert.deepEqual([...(body.required || [])].sort(),
        a.inputs.filter((f) => f.required).map((f) => f.name).sort(), `${e.name}.${a.verb} required`);
      assert.deepEqual(Object.keys(body.properties).sort(), a.inputs.map((f) => f.name).sort());
    }
  }
});

test('what the document calls public works without a session; the rest answers 401', async () => {
  const ops = operations();
  const pub = ops.filter(({ op }) => Array.isArray(op.security) && op.security.length === 0);
  assert.ok(pub.some((o) => o.path === '/api/openapi.json' && o.method === 'get'));
  assert.ok(pub.some((o) => o.path === '/api/auth/login' && o.method === 'post'));
  for (const { path, method } of pub) {
    if (path.includes('{')) continue;
    const r = method === 'get' ? await new Client(srv.base).get(path)
      : await new Client(srv.base).req(method.toUpperCase(), path, {});
    // it may refuse the request itself (login with no password), never for want of a session
    assert.ok(!['unauthorized', 'csrf'].includes(r.json?.error?.code), `${method} ${path} without a session: ${r.body}`);
    if (method === 'get') assert.equal(r.status, 200, `GET ${path} without a session`);
  }
  const login = await new Client(srv.base).login('admin');
  assert.equal(login.status, 200, 'login works without a prior session');
  for (const { path, method } of ops) {
    if (method !== 'get' || path.includes('{') || pub.some((p) => p.path === path && p.method === 'get')) continue;
    const r = await anon.get(path);
    assert.equal(r.status, 401, `GET ${path} without a session`);
    assert.equal(r.json.error.code, 'unauthorized');
  }
});

test('every listed GET without a path parameter exists; unlisted paths answer 404', async () => {
  for (const { path, method } of operations()) {
    if (method !== 'get' || path.includes('{')) continue;
    const r = await admin.get(path);
    assert.ok(r.status !== 404 && r.status !== 405, `GET ${path}: ${r.status} ${r.body.slice(0, 200)}`);
  }
  for (const [method, path] of [['GET', '/api/no_such_entity'], ['GET', '/api/no_such_entity/1'],
    ['POST', '/api/hazard/1/no_such_verb'], ['GET', '/api/hazard/1/history']]) {
    const templ = path.replace(/\/1(\/|$)/, '/{id}$1');
    assert.ok(!doc.paths[templ]?.[method.toLowerCase()], `${method} ${templ} is not listed`);
    const r = await admin.req(method, path, method === 'POST' ? {} : undefined);
    assert.ok(r.status === 404 || r.status === 405, `${method} ${path}: ${r.status}`);
    if (r.status === 404) assert.equal(r.json.error.code, 'not_found');
  }
  const r = await admin.get('/api/no_such_entity');
  assert.equal(r.status, 404);
});

test('real list, row and error bodies validate against the documented schemas', async () => {
  for (const e of meta.entities) {
    const list = doc.paths[`/api/${e.name}`].get, get = doc.paths[`/api/${e.name}/{id}`].get;
    if (!generic(list, e, 'list') || !generic(get, e, 'get')) continue;	// module routes: API.md
    const r = await admin.get(`/api/${e.name}?size=3`);
    assert.equal(r.status, 200, `${e.name}: ${r.body}`);
    checkBody(list, 200, r.json, `GET /api/${e.name}`);
    if (r.json.items.length) {
      const one = await admin.get(`/api/${e.name}/${r.json.items[0].id}`);
      assert.equal(one.status, 200);
      checkBody(get, 200, one.json, `GET /api/${e.name}/{id}`);
    }
    const missing = await admin.get(`/api/${e.name}/999999999`);
    assert.equal(missing.status, 404);
    checkBody(get, 404, missing.json, `404 of ${e.name}`);
  }
  // a field error carries field and fields, as the Error schema says
  const post = doc.paths['/api/outlet'].post;
  const bad = await admin.post('/api/outlet', { name: '' });
  assert.equal(bad.status, 400);
  checkBody(post, 400, bad.json, 'POST /api/outlet 400');
  assert.ok(bad.json.error.field && bad.json.error.fields);
  const big = await admin.get('/api/outlet?size=201');
  assert.equal(big.status, 400);
  const size = doc.components.parameters.size.schema;
  assert.equal(size.maximum, 200);
});

test('every logged-in write takes the Idempotency-Key header, with its rules, and the server keeps them', async () => {
  const REF = '#/components/parameters/IdempotencyKey';
  const p = doc.components.parameters.IdempotencyKey;
  assert.ok(p, 'components.parameters.IdempotencyKey');
  assert.equal(p.name, 'Idempotency-Key');
  assert.equal(p.in, 'header');
  assert.equal(p.required, false);
  assert.deepEqual(p.schema, { type: 'string', minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]{16,64}$' });
  // the rules of idempotency.c: what is kept, for how long, the answers of a resend
  for (const rule of ['SHA-256', '24 小时', '120 秒', 'Idempotent-Replayed: true', '409 idempotency_busy',
    '422 idempotency_mismatch', '400 validation', '非 2xx'])
    assert.ok(p.description.includes(rule), `the description states ${rule}`);
  assert.ok(doc.components.responses.IdempotencyMismatch, 'components.responses.IdempotencyMismatch');
  let writes = 0;
  for (const { path, method, op } of operations()) {
    const takes = (op.parameters || []).filter((x) => x.$ref === REF).length;
    // a logged-in write: not a GET, not public (the login is the public POST)
    const write = method !== 'get' && !(Array.isArray(op.security) && op.security.length === 0);
    assert.equal(takes, write ? 1 : 0, `${method} ${path}: Idempotency-Key ${write ? 'once' : 'never'}`);
    if (!write) continue;
    writes += 1;
    assert.deepEqual(op.security, [{ session: [], csrf: [] }], `${method} ${path}`);
    assert.deepEqual(op.responses['422'], { $ref: '#/components/responses/IdempotencyMismatch' }, `${method} ${path} 422`);
    assert.ok(op.responses['409'], `${method} ${path} 409`);
    assert.ok(op.responses['400'], `${method} ${path} 400`);
  }
  assert.ok(writes > 0);
  for (const m of ['post', 'put', 'delete'])
    assert.ok(operations().some((o) => o.method === m && o.op.parameters?.some((x) => x.$ref === REF)), `a ${m} takes it`);

  // what the document says, on a real create: once per key, the first answer replayed
  const mgr = await loginAs(srv.base, 'manager');
  const post = doc.paths['/api/outlet'].post;
  assert.ok(post.parameters.some((x) => x.$ref === REF));
  const count = async () => (await mgr.get('/api/outlet?size=1')).json.total;
  const before = await count();
  const key = `openapi-${Date.now().toString(16)}-${Math.random().toString(16).slice(2, 10)}`;
  assert.match(key, new RegExp(p.schema.pattern));
  const body = { name: '提交标识测试网点', kind: 'self_operated', address: '上海市青浦区测试路9号', org_id: mgr.me.org.id };
  const headers = { 'Idempotency-Key': key };
  const first = await mgr.post('/api/outlet', body, { headers });
  assert.equal(first.status, 201, first.body);
  assert.equal(first.headers.get('idempotent-replayed'), null);
  const again = await mgr.post('/api/outlet', body, { headers });
  assert.equal(again.status, 201, again.body);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal(again.json.id, first.json.id, 'the kept answer');
  assert.equal(await count(), before + 1, 'stored once');
  // the same key for another body: 422 idempotency_mismatch, nothing run
  const other = await mgr.post('/api/outlet', { ...body, name: '另一网点' }, { headers });
  assert.equal(other.status, 422, other.body);
  assert.equal(other.json.error.code, 'idempotency_mismatch');
  checkBody(post, 422, other.json, 'POST /api/outlet 422');
  assert.equal(await count(), before + 1, 'nothing run');
  // a malformed key: 400 validation naming the header
  const bad = await mgr.post('/api/outlet', body, { headers: { 'Idempotency-Key': 'short' } });
  assert.equal(bad.status, 400, bad.body);
  assert.equal(bad.json.error.field, 'idempotency_key');
  checkBody(post, 400, bad.json, 'POST /api/outlet 400');
  // another user's same key is another key
  const mgr2 = await loginAs(srv.base, 'manager2');
  const theirs = await mgr2.post('/api/outlet', { ...body, org_id: mgr2.me.org.id }, { headers });
  assert.equal(theirs.status, 201, theirs.body);
  assert.equal(theirs.headers.get('idempotent-replayed'), null);
  // a refusal keeps nothing: the same key may be used again after a 400
  const rkey = `${key}-r`;
  const refused = await mgr.post('/api/outlet', { ...body, kind: 'leased_out' }, { headers: { 'Idempotency-Key': rkey } });
  assert.equal(refused.status, 400, refused.body);
  const retried = await mgr.post('/api/outlet', { ...body, kind: 'leased_out' }, { headers: { 'Idempotency-Key': rkey } });
  assert.equal(retried.status, 400, retried.body);
  assert.equal(retried.headers.get('idempotent-replayed'), null, 'a refusal is not kept');
  assert.equal((await mgr.del(`/api/outlet/${first.json.id}`)).status, 200);
  assert.equal((await mgr2.del(`/api/outlet/${theirs.json.id}`)).status, 200);
});
