// Permits beyond the generic entity endpoints: the live board (a declared view).
import request, { toQuery } from '@/utils/request';

/** GET /api/work_permit/board?scope=active|working|open&org_id= → {items, total, working, approved} */
export const getBoard = (params) => request('/api/work_permit/board', { params });
/** URL of the same list as .xlsx. */
export const boardExportUrl = (params) => `/api/work_permit/board/export${toQuery(params)}`;
