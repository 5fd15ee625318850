// Hazard module (src/mod/hazard.c, 隐患排查治理): the closed loop's actions,
// 随手拍, extensions, statistics and the major-hazard list. Actions leave every error
// to their dialog (silent); 随手拍 leaves field errors to its form (fieldErrors).
import request from '@/utils/request';

const post = (url, data) => request(url, { method: 'POST', data, fieldErrors: true });
/* The closed loop's actions run from ActionDialog, which shows every error itself —
 * field errors under their fields, anything else at the top — so no toast as well. */
const act = (url, data) => request(url, { method: 'POST', data, silent: true });

/** POST /api/hazard/report {description, location, photos:[ids]} → 201 row (随手拍) */
export const quickReport = (data) => post('/api/hazard/report', data);
/** POST /api/hazard/:id/<verb>: assign | submit | verify | reject | dismiss | supervise | extend */
export const hazardAction = (id, verb, data = {}) => act(`/api/hazard/${id}/${verb}`, data);
/** POST /api/hazard_extension/:id/approve {note?} | /reject {reason} */
export const extensionAction = (id, verb, data = {}) => act(`/api/hazard_extension/${id}/${verb}`, data);
/** GET /api/hazard/stats?org_id= → open by level, rates, overdue, 12-month trend */
export const getStats = (params) => request('/api/hazard/stats', { params });
/** GET /api/hazard/major?status=open|all&org_id= → {items, total, open_major, dynamic_zero} */
export const getMajor = (params) => request('/api/hazard/major', { params });
