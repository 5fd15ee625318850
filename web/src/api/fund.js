// Fund module (src/mod/fund.c, fund_ledger.c) beyond the generic entity endpoints:
// its two declared views.
import request, { toQuery } from '@/utils/request';

/** GET /api/fund/report?year=&flag=all|flagged&org_id= → {items, total, flagged}:
 * extraction against use per enterprise and year. */
export const getFundReport = (params) => request('/api/fund/report', { params });
export const fundReportExportUrl = (params) => `/api/fund/report/export${toQuery(params)}`;
/** GET /api/liability/uninsured → {items, total}: enterprises of a mandatory industry
 * without a current 安责险 policy. */
export const getUninsured = (params) => request('/api/liability/uninsured', { params });
export const uninsuredExportUrl = (params) => `/api/liability/uninsured/export${toQuery(params)}`;
