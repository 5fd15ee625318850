// Responsibility system, safety rules and meetings (src/mod/duty.c, duty_meet.c):
// the routes beyond the generic CRUD of post_duty, principal_duty, resp_letter,
// duty_report, commitment, resp_assessment, accountability, safety_rule, meeting and
// meeting_decision.
import request, { toQuery } from '@/utils/request';

/** GET /api/duty/seven?year=&org_id= → {org_id, year, record_id, principal_name, duties:[{no,text,note,files,data:[{label,count,to}],recorded,proved_by_data}]} */
export const getSeven = (params) => request('/api/duty/seven', { params });
/** A declared view of the module: /api/duty/uncovered-points, /api/duty/posts-without-duty, /api/duty/missing-systems */
export const getView = (path, params) => request(path, { params });
export const viewExportUrl = (path, params) => `${path}/export${toQuery(params)}`;
