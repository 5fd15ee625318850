// Dashboard (src/mod/dashboard.c): the regulator's cockpit and the enterprise home.
import request from '@/utils/request';

/** GET /api/dashboard/cockpit → {enterprises, by_colour, hazards, supervised, ranking, map} */
export const getCockpit = () => request('/api/dashboard/cockpit');
/** GET /api/dashboard/home[?org_id=] → {org, to_assign, to_rectify, to_verify, overdue, reviews_due, hazard_stats, risk_summary, trend} */
export const getHome = (params) => request('/api/dashboard/home', { params });
