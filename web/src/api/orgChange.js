// 机构变动报告 actions (src/mod/enterprise.c).
import request from '@/utils/request';

/** POST /api/org_change/:id/acknowledge — the regulator marks a report read. */
export const acknowledge = (id) => request(`/api/org_change/${id}/acknowledge`, { method: 'POST', data: {} });
