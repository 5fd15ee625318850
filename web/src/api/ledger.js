// 专项台账 (src/mod/ledger*.c) beyond the generic entity endpoints.
import request from '@/utils/request';

/** GET /api/duty_roster/on_duty?date=&missing= → {date, holiday, total, missing, items:
 * [{org_id, enterprise_name, has_roster, entries: [{shift_label, leader, staff, phone, no_leader, …}]}]} */
export const onDuty = (params) => request('/api/duty_roster/on_duty', { params });
/** POST /api/env_facility/:id/hazard → 201 the hazard created from a failed assessment. */
export const envHazard = (id) => request(`/api/env_facility/${id}/hazard`, { method: 'POST', data: {} });
