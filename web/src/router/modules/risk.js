// Risk module (src/mod/risk.c, 安全风险分级管控). The 风险分级管控 group is the
// enterprise's own risk work: it opens for whoever may maintain the risk list
// (risk_point:update); the regulator reads submitted reports (风险报告).
const GROUP = '风险分级管控';

export default [
  { path: '/risk', name: 'risk', component: () => import('@/views/risk/index.vue'),
    meta: { title: '风险清单', icon: 'Warning', perm: 'risk_point:update', group: GROUP, groupIcon: 'Aim', menu: 90 } },
  { path: '/risk/distribution', name: 'risk-distribution', component: () => import('@/views/risk/distribution.vue'),
    meta: { title: '四色分布', icon: 'PieChart', perm: 'risk_point:update', group: GROUP, menu: 91 } },
  { path: '/risk/card', name: 'risk-card', component: () => import('@/views/risk/card.vue'),
    meta: { title: '告知卡', icon: 'Postcard', perm: 'risk_point:update', group: GROUP, menu: 92 } },
  { path: '/risk/board', name: 'risk-board', component: () => import('@/views/risk/board.vue'),
    meta: { title: '公告栏', icon: 'Notification', perm: 'risk_point:update', group: GROUP, menu: 93 } },
  { path: '/risk/report', name: 'risk-report', component: () => import('@/views/risk/report.vue'),
    meta: { title: '年度报告', icon: 'Document', perm: 'risk_report:update', group: GROUP, menu: 94 } },
  { path: '/risk-report', name: 'risk-report-reg', component: () => import('@/views/risk/report.vue'),
    meta: { title: '风险报告', icon: 'DocumentChecked', perm: 'risk_report:read', menuRoles: ['regulator'], menu: 100 } },
  { path: '/risk/:id(\\d+)', name: 'risk-detail', component: () => import('@/views/risk/point.vue'),
    meta: { title: '风险点详情', perm: 'risk_point:read', activeMenu: '/risk' } },
  { path: '/risk/report/:id(\\d+)', name: 'risk-report-view', component: () => import('@/views/risk/reportView.vue'),
    meta: { title: '年度风险报告', perm: 'risk_report:read', activeMenu: ['/risk/report', '/risk-report'] } },
  { path: '/risk/my-card', name: 'risk-my-card', component: () => import('@/views/risk/myCard.vue'), meta: { title: '我的岗位告知卡', icon: 'Postcard', perm: 'risk_point:read', menuRoles: ['staff'], menu: 45 } },
];
