// Accident module (src/mod/accident.c, 事故快报与统计). Menu numbers 200–209.
const DISTRICT = ['admin', 'regulator', 'department'];
const DESK = ['admin', 'ent_manager', 'ent_principal', 'staff'];
const REPORTERS = ['admin', 'ent_manager', 'ent_principal'];

export default [
  { path: '/accident/report', name: 'accident-report', component: () => import('@/views/accident/quickReport.vue'),
    meta: { title: '事故快报', icon: 'Bell', perm: 'accident:create', menuRoles: REPORTERS, menu: 200 } },
  { path: '/accident/live', name: 'accident-live', component: () => import('@/views/accident/live.vue'),
    meta: { title: '事故快报动态', icon: 'WarnTriangleFilled', perm: 'accident:read', menuRoles: DISTRICT, menu: 201 } },
  { path: '/accident', name: 'accident', component: () => import('@/views/accident/index.vue'),
    meta: { title: '事故台账', icon: 'Document', perm: 'accident:read', menuRoles: DESK.concat(DISTRICT), menu: 202 } },
  { path: '/accident/stat', name: 'accident-stat', component: () => import('@/views/accident/stat.vue'),
    meta: { title: '年度事故统计', icon: 'DataAnalysis', perm: 'accident_stat:read', menu: 203 } },
  { path: '/accident/:id(\\d+)', name: 'accident-detail', component: () => import('@/views/accident/detail.vue'),
    meta: { title: '事故详情', perm: 'accident:read', activeMenu: ['/accident', '/accident/live'] } },
];
