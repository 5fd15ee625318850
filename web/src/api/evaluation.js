// Evaluation module (src/mod/evaluation_calc.c) beyond the generic entity endpoints.
import request from '@/utils/request';

/** GET /api/eval/scheme/:id/ranking?by=score|ontime|overdue → {scheme, frozen,
 * indicators, veto_rules, items, total}: live for a draft, frozen once published. */
export const getRanking = (id, by) => request(`/api/eval/scheme/${id}/ranking`, { params: { by } });
/** GET /api/eval/scheme/:id/source?org_id=&code= → {label, entity, frozen, items, total, ok}:
 * the records behind one figure. */
export const getSource = (id, orgId, code) => request(`/api/eval/scheme/${id}/source`, { params: { org_id: orgId, code } });
/** POST /api/eval/scheme/:id/publish → the scheme (published, results frozen). */
export const publishScheme = (id) => request(`/api/eval/scheme/${id}/publish`, { method: 'POST', body: {} });
