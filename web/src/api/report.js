// Hazard reports from people and the enterprise QR code (src/mod/report.c,
// report_pub.c). The public calls use plain fetch: no session, no CSRF, and a 401
// must never send a member of the public to the login page.
import request from '@/utils/request';

/** Unwraps a public answer: the JSON body, or throws {status, code, message, field}. */
async function pub(path, opts = {}) {
  const r = await fetch(path, { credentials: 'omit', ...opts });
  let body = null;
  try { body = await r.json(); } catch { body = null; }
  if (!r.ok) {
    const e = (body && body.error) || {};
    const err = new Error(e.message || `请求失败（${r.status}）`);
    Object.assign(err, { status: r.status, code: e.code, field: e.field, fields: e.fields });
    throw err;
  }
  return body;
}

/** GET /api/public/ent/:token → {name, address, contacts, risks} */
export const publicEnterprise = (token) => pub(`/api/public/ent/${encodeURIComponent(token)}`);
/** POST /api/public/upload (multipart "file") → {token, mime, size, exif_removed} */
export function publicUpload(file, keepLocation) {
  const fd = new FormData();
  fd.append('file', file);
  return pub(`/api/public/upload${keepLocation ? '?keep_location=1' : ''}`, { method: 'POST', body: fd });
}
/** POST /api/public/report → {code, status} */
export const publicReport = (data) => pub('/api/public/report', {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data),
});
/** GET /api/public/report/:code → the reporter's view of its progress */
export const publicTrack = (code) => pub(`/api/public/report/${encodeURIComponent(code)}`);

/** GET /api/report/qr/:id → {token, url} (logged in) */
export const qrInfo = (enterpriseId) => request(`/api/report/qr/${enterpriseId}`);
export const qrSvgUrl = (enterpriseId) => `/api/report/qr/${enterpriseId}/svg`;
export const qrPngUrl = (enterpriseId) => `/api/report/qr/${enterpriseId}/png`;
/** GET /api/report/qr-resolve/:token → {enterprise_id}; silent (404 for most users). */
export const qrResolve = (token) => request(`/api/report/qr-resolve/${encodeURIComponent(token)}`, { silent: true });
/** GET /api/report_reward/yearly?year= → {items, total, totals} */
export const rewardYearly = (params) => request('/api/report_reward/yearly', { params });
