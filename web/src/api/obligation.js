// Obligations calendar, "Who is on time" (src/entity/obligation.c, obligation_views.c,
// duties declared by the modules in src/mod/duties.c): the per-enterprise rows, the
// district matrix and its .xlsx, the on-time summary, and the rule versions.
//
// Below the endpoints, the display rules the screens share (status colours, where
// the web shows a proving record or the form that would prove a duty), kept next to
// the API whose codes they interpret.
import request, { toQuery } from '@/utils/request';
import { list } from '@/api/entity';
import { entityMeta, role, isEnterpriseUser } from '@/store/session';

/* Which screen a link opens depends on the desk (district or enterprise): routing, not permission. */
const hasRole = (...rs) => rs.includes(role());

/* ----------------------------------------------------------------- endpoints */

/** GET /api/obligation?org_id=&status=&duty=&due_date_from=&due_date_to=&sort=&page=&size= → {items,total} */
export const listObligations = (params, opts = {}) => request('/api/obligation', { params, ...opts });
/** GET /api/obligation/:id → one row */
export const getObligation = (id, opts = {}) => request(`/api/obligation/${id}`, opts);

/**
 * Every row of a filter, paging through at the server's maximum of 200 a page
 * (the calendar shows two months of a group of enterprises: a few hundred rows).
 */
export async function listAllObligations(params, max = 2000) {
  const out = [];
  let total = 0;
  for (let page = 1; page <= Math.ceil(max / 200); page++) {
    const r = await listObligations({ ...params, page, size: 200 });
    out.push(...(r.items || []));
    total = r.total || 0;
    if (out.length >= total || !(r.items || []).length) break;
  }
  return { items: out, total };
}

/**
 * GET /api/obligation/matrix?period=2026|2026-H1|2026-Q4|2026-11&duty=&high_risk=&scale=
 * &industry_section=&q=&org_id=&page=&size= → {period, period_label, first, last, duties,
 * items:[{org_id, enterprise_id, name, cells:{code:{status,…}}}], total, counts, on_time_rate}
 */
export const getMatrix = (params, opts = {}) => request('/api/obligation/matrix', { params, ...opts });
/** URL of the matrix as .xlsx with the same filters (no paging). */
export const matrixExportUrl = (params) => `/api/obligation/matrix/export${toQuery(params)}`;
/** GET /api/obligation/summary[?org_id=] → {from, to, counts, on_time_rate} */
export const getSummary = (params, opts = {}) => request('/api/obligation/summary', { params, ...opts });

/** GET /api/obligation_rule (every version of every duty's rule) */
export const listRules = (params, opts = {}) => request('/api/obligation_rule', { params, ...opts });
/** POST /api/obligation_rule (admin: a new version); field errors are left to the form. */
export const createRule = (data) => request('/api/obligation_rule', { method: 'POST', data, fieldErrors: true });

/* ----------------------------------------------------------------- statuses */

/**
 * The six statuses, worst first (the matrix's order), with their colours:
 * green done, orange done late, red overdue, yellow due soon, grey not due / n.a.
 * fg/bg/border are a light tag; solid is the dark one.
 */
export const OB_STATUSES = [
  { code: 'overdue', label: '逾期未完成', solid: '#f56c6c', fg: '#c45656', bg: '#fef0f0', border: '#fab6b6' },
  { code: 'done_late', label: '逾期完成', solid: '#f08c00', fg: '#b86a00', bg: '#fff4e5', border: '#f7c98a' },
  { code: 'due_soon', label: '即将到期', solid: '#f5c800', fg: '#8a6d00', bg: '#fffbe0', border: '#f2dc6b' },
  { code: 'not_due', label: '未到期', solid: '#909399', fg: '#606266', bg: '#f4f4f5', border: '#d3d4d6' },
  { code: 'done', label: '已完成', solid: '#67c23a', fg: '#4e8e2f', bg: '#f0f9eb', border: '#b3e19d' },
  { code: 'na', label: '不适用', solid: '#c0c4cc', fg: '#a8abb2', bg: '#fafafa', border: '#e4e7ed' },
];
const byCode = Object.fromEntries(OB_STATUSES.map((s) => [s.code, s]));

/** A status's colours (unknown codes look like 不适用). */
export const obStatus = (code) => byCode[code] || byCode.na;

/** A status's label: the server's (GET /api/meta, obligation.status), else ours. */
export function obStatusLabel(code) {
  const m = entityMeta('obligation');
  const f = m && m.fields.find((x) => x.name === 'status');
  const o = f && (f.options || []).find((x) => x.value === code);
  return (o && o.label) || obStatus(code).label;
}

/** The status options of the filters, in the server's order. */
export function obStatusOptions() {
  const m = entityMeta('obligation');
  const f = m && m.fields.find((x) => x.name === 'status');
  return f && f.options ? f.options : OB_STATUSES.map((s) => ({ value: s.code, label: s.label }));
}

/** 按时完成率 as "77.9%" (null: nothing was due yet → "—"). */
export function pctText(v) {
  if (v === null || v === undefined) return '—';
  return `${(Number(v) * 100).toFixed(1)}%`;
}

/* ------------------------------------------------- where the web shows a row */

/* Enterprise id of an org (proofs such as a contractor live in its profile). */
const entIds = new Map();
async function enterpriseIdOf(orgId) {
  if (!orgId) return null;
  if (entIds.has(orgId)) return entIds.get(orgId);
  let id = null;
  try {
    const r = await list('enterprise', { org_id: orgId, size: 1, fields: 'name' }, { silent: true });
    const hit = (r.items || []).find((x) => x.org_id === orgId) || (r.items || [])[0];
    id = hit ? hit.id : null;
  } catch { id = null; }
  entIds.set(orgId, id);
  return id;
}
/** Remembers an org's enterprise id already known (the matrix rows carry it). */
export function rememberEnterprise(orgId, enterpriseId) { if (orgId && enterpriseId) entIds.set(orgId, enterpriseId); }

const profile = async (row, tab) => {
  const id = await enterpriseIdOf(row.org_id);
  if (!id) return isEnterpriseUser() ? '/my-enterprise' : '/enterprise';
  return `/enterprise/${id}${tab ? `?tab=${tab}` : ''}`;
};

/**
 * The screen of a proving record (obligation.proof_entity / proof_id): a small map
 * from the server's entity names to the web's routes. Each resolves to a path.
 */
const PROOF_PATHS = {
  hazard: async (id) => `/hazard/${id}`,
  risk_point: async (id) => `/risk/${id}`,
  risk_report: async (id) => `/risk/report/${id}`,
  enterprise: async (id) => `/enterprise/${id}`,
  contractor: async (_id, row) => profile(row, 'contractor'),
  org_change: async (_id, row) => (hasRole('admin', 'regulator') ? '/org-change' : profile(row, 'safety')),
};

/**
 * The screen of the form that would prove a duty (obligation.form, the server's web
 * path), for the caller's role: the regulator reads the enterprise's lists, an
 * enterprise user fills in its own.
 */
const FORM_PATHS = {
  '/risk/report': async () => (hasRole('regulator', 'department') ? '/risk-report' : '/risk/report'),
  '/risk': async (row) => (hasRole('regulator', 'department') ? profile(row, 'risk') : '/risk'),
  '/hazard': async (row) => (hasRole('admin', 'regulator', 'department') && row.org_id ? `/hazard?org_id=${row.org_id}` : '/hazard'),
  '/hazard/major': async () => (hasRole('admin', 'regulator', 'department') ? '/hazard/major' : '/hazard'),
  '/enterprise/contractor': async (row) => profile(row, 'contractor'),
  '/enterprise/profile': async (row) => profile(row, ''),
  '/enterprise/org-change': async (row) => (hasRole('admin', 'regulator') ? '/org-change' : profile(row, 'safety')),
};

const isDone = (s) => s === 'done' || s === 'done_late';

/**
 * What a row links to: {kind: 'proof' | 'form', label} or null (synchronous, for
 * the button's text); obligationPath(row) resolves the path when it is clicked.
 */
export function obligationLink(row) {
  if (row.proof_id && PROOF_PATHS[row.proof_entity]) {
    return { kind: 'proof', label: isDone(row.status) || row.status === 'na' ? '查看记录' : '去处理' };
  }
  if (row.form && !isDone(row.status) && row.status !== 'na') return { kind: 'form', label: '去办理' };
  if (row.form) return { kind: 'form', label: '查看' };
  return null;
}

/** The path obligationLink(row) names, or null. */
export async function obligationPath(row) {
  if (row.proof_id && PROOF_PATHS[row.proof_entity]) return PROOF_PATHS[row.proof_entity](row.proof_id, row);
  if (row.form) {
    const f = FORM_PATHS[row.form];
    return f ? f(row) : (row.form.startsWith('/') && !row.form.startsWith('//') ? row.form : null);
  }
  return null;
}

/* ------------------------------------------------------------ rule versions */

function oneDue(kind, month, day, n) {
  const dd = (x) => (x ? `${x}日` : '最后一日');
  switch (kind) {
    case 'period_end': return n ? `期末后第 ${n} 日` : '期末当日';
    case 'next_month_day': return `次月${dd(day)}`;
    case 'month_day': return `当年${month}月${day ? `${day}日` : '底'}`;
    case 'month_day_next_year': return `次年${month}月${day ? `${day}日` : '底'}`;
    case 'period_month_day': return `期末月${dd(day)}`;
    case 'workdays_after': return `事件后 ${n} 个工作日`;
    case 'days_after': return n ? `事件后 ${n} 日` : '事件当日';
    case 'hours_after': return `事件后 ${n} 小时`;
    default: return '按记录自身的期限';
  }
}

/**
 * A rule version's due in words (rules/obligation.h enum ob_due_kind), with the
 * alternative for particular enterprises: "当年11月底（特定企业：当年5月底）".
 */
export function ruleDueText(r) {
  const main = oneDue(r.due_kind, r.due_month, r.due_day, r.due_n);
  return r.alt_kind ? `${main}（特定企业：${oneDue(r.alt_kind, r.alt_month, r.alt_day, r.alt_n)}）` : main;
}
