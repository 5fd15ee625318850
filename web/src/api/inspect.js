// Checks and enforcement (src/mod/inspect*.c) beyond the generic entity endpoints.
import request from '@/utils/request';

/** PUT /api/checklist/:id/items {name?, items} → the template (200) or its new version (201). */
export const saveItems = (id, data) => request(`/api/checklist/${id}/items`, { method: 'PUT', data, fieldErrors: true });
/** GET /api/enforcement_plan/:id/proposals → {items:[{enterprise_id, name, reasons, listed}], total} */
export const proposals = (id) => request(`/api/enforcement_plan/${id}/proposals`);
/** POST /api/enforcement_plan/:id/propose → {added} */
export const propose = (id) => request(`/api/enforcement_plan/${id}/propose`, { method: 'POST', data: {} });
/** GET /api/spot_draw/:id/rerun → {seed, enterprises, inspectors, same, candidates_same} */
export const rerun = (id) => request(`/api/spot_draw/${id}/rerun`);
/** GET /api/inspection/campaign100 → the 百日攻坚 list (a declared view) */
export const campaign100 = (params) => request('/api/inspection/campaign100', { params });
