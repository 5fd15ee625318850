// Hazard module (src/mod/hazard.c, 隐患排查治理) beyond the generic entity
// endpoints: 随手拍, statistics and the major-hazard list. The closed loop's actions
// (POST /api/hazard/:id/<verb>, /api/hazard_extension/:id/<verb>) are declared
// workflow actions and go through api/entity action(), from ActionDialog.
import request, { toQuery } from '@/utils/request';

/** POST /api/hazard/report {description, location, photos:[ids]} → 201 row (随手拍);
 * field errors are left to its form. */
export const quickReport = (data) => request('/api/hazard/report', { method: 'POST', data, fieldErrors: true });
/** GET /api/hazard/stats?org_id= → open by level, rates, overdue, 12-month trend */
export const getStats = (params) => request('/api/hazard/stats', { params });
/** GET /api/hazard/major?status=open|all&org_id= → {items, total, open_major, dynamic_zero} */
export const getMajor = (params) => request('/api/hazard/major', { params });
/** URL of the same list as .xlsx (GET /api/hazard/major/export, a declared view). */
export const majorExportUrl = (params) => `/api/hazard/major/export${toQuery(params)}`;
