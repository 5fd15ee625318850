// Accident module (src/mod/accident*.c, 事故快报与统计) beyond the generic entity
// endpoints: the regulator's live list and the annual statistics. The workflows
// (investigate / conclude, complete / evaluate, submit) go through api/entity action().
import request from '@/utils/request';

/** POST /api/accident → 201 row (the quick report; field errors left to the form). */
export const reportAccident = (data) => request('/api/accident', { method: 'POST', data, fieldErrors: true });
/** GET /api/accident/live?period=active|all&org_id= → {items, total} (a declared view) */
export const getLive = (params) => request('/api/accident/live', { params });
/** POST /api/accident_stat/generate {year, org_id?} → the draft statistics (201 new, 200 rebuilt) */
export const generateStat = (data) => request('/api/accident_stat/generate', { method: 'POST', data });
