// Hazard module (src/mod/hazard.c, 隐患排查治理). Pages open by permission code;
// menuRoles only tailors the menu to a role's daily work (staff: 随手拍 and 我的上报
// instead of the ledger; a 成员单位 reads the hazards of the enterprises of its 行业监管),
// it grants nothing.
const DISTRICT = ['admin', 'regulator', 'department'];
const DESK = ['admin', 'regulator', 'department', 'ent_manager', 'ent_principal'];

export default [
  { path: '/report', name: 'quick-report', component: () => import('@/views/hazard/quickReport.vue'),
    meta: { title: '随手拍', icon: 'Camera', perm: 'hazard:report', menuRoles: ['staff'], menu: 30 } },
  { path: '/hazard/mine', name: 'hazard-mine', component: () => import('@/views/hazard/mine.vue'),
    meta: { title: '我的上报', icon: 'Tickets', perm: 'hazard:read', menuRoles: ['staff'], menu: 40 } },
  { path: '/hazard/major', name: 'hazard-major', component: () => import('@/views/hazard/major.vue'),
    meta: { title: '重大隐患', icon: 'WarningFilled', perm: 'hazard:read', menuRoles: DISTRICT, menu: 60 } },
  { path: '/hazard', name: 'hazard', component: () => import('@/views/hazard/index.vue'),
    meta: { title: '隐患台账', icon: 'List', perm: 'hazard:read', menuRoles: DESK, menu: 70 } },
  { path: '/hazard/stats', name: 'hazard-stats', component: () => import('@/views/hazard/stats.vue'),
    meta: { title: '隐患统计', icon: 'TrendCharts', perm: 'hazard:read', menuRoles: DESK, menu: 80 } },
  { path: '/hazard/:id(\\d+)', name: 'hazard-detail', component: () => import('@/views/hazard/detail.vue'),
    meta: { title: '隐患详情', perm: 'hazard:read', activeMenu: ['/hazard', '/hazard/mine'] } },
];
