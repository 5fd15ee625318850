// The one fetch wrapper (RuoYi-Vue3 utils/request): JSON in and out, same-origin
// cookies, the X-Anjian-CSRF header on every non-GET request, and the API.md error
// envelope {error:{code,message,field,fields}} unwrapped into an ApiError.
//
//   401 unauthorized      → the session is gone: go to /login (redirect back later)
//   any other error       → ElMessage.error(message), unless the caller passed
//                           { silent: true } or { fieldErrors: true } and the error
//                           names fields (forms show those under each field)
// A GET that boot.js started before the bundle ran (the first screen's requests) is
// answered from that response, once; everything else goes to the network, and any
// other method first drops what boot.js fetched and nobody took.
import { ElMessage } from 'element-plus';
import { forget as forgetPrefetched, take } from '@/boot';

let csrfToken = '';
let routerRef = null;

/** Remembers the session's CSRF token (from GET /api/auth/me). */
export function setCsrf(token) { csrfToken = token || ''; }
/** Lets the wrapper send the user to /login on 401 (set once in main.js). */
export function setRouter(router) { routerRef = router; }

/** An API error: HTTP status plus the fields of the error envelope. */
export class ApiError extends Error {
  constructor(status, err, body) {
    super((err && err.message) || `请求失败（${status}）`);
    this.status = status;
    this.code = (err && err.code) || 'http_' + status;
    this.field = err && err.field;
    this.fields = (err && err.fields) || (err && err.field ? { [err.field]: err.message } : null);
    this.body = body;
  }
}

/** Builds "?a=1&b=2" from an object, leaving out empty values. */
export function toQuery(params) {
  if (!params) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    q.append(k, String(v));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

let meInFlight = null;
async function ensureCsrf() {
  if (csrfToken) return;
  if (!meInFlight) {
    meInFlight = fetch('/api/auth/me', { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : null))
      .then((j) => { if (j && j.csrf) csrfToken = j.csrf; })
      .catch(() => {})
      .finally(() => { meInFlight = null; });
  }
  await meInFlight;
}

function goLogin() {
  if (!routerRef) return;
  const cur = routerRef.currentRoute.value;
  if (cur.path !== '/login') routerRef.replace({ path: '/login', query: cur.fullPath !== '/' ? { redirect: cur.fullPath } : {} });
}

/**
 * request(url, opts): opts = { method, params, data (JSON), form (FormData),
 * silent (no message), fieldErrors (no message when the error names fields),
 * headers (extra request headers, e.g. Idempotency-Key),
 * noLogin (a 401 only rejects: the caller decides where to go) }.
 * Resolves to the parsed JSON body (or null for an empty body); rejects with ApiError.
 */
export async function request(url, opts = {}) {
  const method = (opts.method || 'GET').toUpperCase();
  const headers = { Accept: 'application/json', ...(opts.headers || {}) };
  let body;
  if (opts.form) body = opts.form;
  else if (opts.data !== undefined) { body = JSON.stringify(opts.data); headers['Content-Type'] = 'application/json'; }
  if (method !== 'GET') forgetPrefetched();
  if (method !== 'GET' && !url.startsWith('/api/auth/login')) {
    await ensureCsrf();
    if (csrfToken) headers['X-Anjian-CSRF'] = csrfToken;
  }
  let res;
  try {
    const full = url + toQuery(opts.params);
    const pre = method === 'GET' && !opts.headers ? take(full) : null;
    res = await (pre || fetch(full, { method, headers, body, credentials: 'same-origin' }));
  } catch (e) {
    const err = new ApiError(0, { code: 'network', message: '网络错误，无法连接服务器' });
    if (!opts.silent) ElMessage.error(err.message);
    throw err;
  }
  const text = await res.text();
  let json = null;
  if (text && (res.headers.get('content-type') || '').includes('json')) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  if (res.ok) return json;

  const err = new ApiError(res.status, json && json.error, json);
  if (res.status === 401 && err.code === 'unauthorized') {
    csrfToken = '';
    if (!opts.noLogin) goLogin();
    throw err;
  }
  if (res.status === 403 && err.code === 'csrf') csrfToken = '';
  const handledByForm = opts.fieldErrors && err.fields && Object.keys(err.fields).length > 0;
  if (!opts.silent && !handledByForm) ElMessage.error(err.message);
  throw err;
}

export default request;
