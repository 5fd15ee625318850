// Risk module (src/mod/risk.c, 安全风险分级管控): views and actions beyond the generic
// CRUD of risk_point / danger_source / control_measure / risk_report.
import request from '@/utils/request';

/** GET /api/risk/bands → {lec:{l,e,c,bands}, ls:{bands}} (the scoring in force) */
export const getBands = (opts = {}) => request('/api/risk/bands', opts);
/** GET /api/risk/due?org_id= → {items:[…, days_overdue], total} (评审逾期) */
export const getDue = (params) => request('/api/risk/due', { params });
/** GET /api/risk/distribution?org_id= → {items:[{unit_id,unit_name,…,red,orange,yellow,blue,total}], totals} */
export const getDistribution = (params) => request('/api/risk/distribution', { params });
/** GET /api/risk/card?post_id= → {post, enterprise, emergency_phones, risk_points, highest_level, highest_colour} */
export const getCard = (postId) => request('/api/risk/card', { params: { post_id: postId } });
/** GET /api/risk/my-card → the caller's own post's card (same body); {post: null, message} when none */
export const getMyCard = () => request('/api/risk/my-card', { silent: true });
/** GET /api/risk/board?org_id= → {items, total, major, high} (风险公告栏: 较大 and 重大) */
export const getBoard = (params) => request('/api/risk/board', { params });
/** POST /api/risk_report/generate {org_id?, year} → 201 new / 200 regenerated draft */
export const generateReport = (year, orgId) =>
  request('/api/risk_report/generate', { method: 'POST', data: orgId ? { year, org_id: orgId } : { year }, fieldErrors: true });
