// Hazard reports from people (随手拍 / 吹哨人) and the enterprise QR code (企业码),
// src/mod/report.c + report_pub.c. The /p/… pages are public (no login, outside the
// layout): the general report link, an enterprise's QR page and the tracking page.
const DESK = ['admin', 'regulator', 'ent_manager', 'ent_principal'];

export default [
  { path: '/p/report', name: 'public-report', component: () => import('@/views/report/publicReport.vue'),
    meta: { public: true, title: '隐患随手拍' } },
  { path: '/p/e/:token', name: 'public-ent', component: () => import('@/views/report/publicReport.vue'),
    meta: { public: true, title: '企业安全风险告知' } },
  { path: '/p/track', name: 'public-track', component: () => import('@/views/report/track.vue'),
    meta: { public: true, title: '举报进度查询' } },
  { path: '/hazard-report', name: 'hazard-report', component: () => import('@/views/report/triage.vue'),
    meta: { title: '隐患举报', icon: 'Bell', perm: 'hazard_report:read', menuRoles: DESK, menu: 260,
      group: '群众举报', groupIcon: 'Promotion' } },
  { path: '/hazard-report/reward', name: 'report-reward', component: () => import('@/views/report/reward.vue'),
    meta: { title: '举报奖励', icon: 'Present', perm: 'report_reward:read', menuRoles: DESK, menu: 261,
      group: '群众举报', groupIcon: 'Promotion' } },
  { path: '/hazard-report/yearly', name: 'report-yearly', component: () => import('@/views/report/yearly.vue'),
    meta: { title: '奖励年度报表', icon: 'Histogram', perm: 'report_reward:read', menuRoles: DESK, menu: 262,
      group: '群众举报', groupIcon: 'Promotion' } },
  { path: '/hazard-report/qr', name: 'report-qr', component: () => import('@/views/report/poster.vue'),
    meta: { title: '企业码', icon: 'Grid', perm: 'enterprise:read', menuRoles: DESK, menu: 263,
      group: '群众举报', groupIcon: 'Promotion' } },
  { path: '/hazard-report/:id(\\d+)', name: 'hazard-report-detail', component: () => import('@/views/report/detail.vue'),
    meta: { title: '举报详情', perm: 'hazard_report:read', activeMenu: ['/hazard-report'] } },
];
