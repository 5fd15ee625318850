// 专项台账 (src/mod/ledger*.c): 重大危险源 and its 三级包保责任人, 危险化学品, 有限空间,
// 环保设施, 值班值守. Enterprise users keep them; the regulator reads them in scope
// (and sees who is on duty at each enterprise on a date). The entries join the fund
// module's 专项台账 sub-menu. Menu numbers 215–219.
const G = { group: '专项台账', groupIcon: 'Notebook' };
const DESK = ['admin', 'regulator', 'ent_manager', 'ent_principal'];

export default [
  { path: '/ledger/major-hazard', name: 'ledger-major-hazard', component: () => import('@/views/ledger/majorHazard.vue'),
    meta: { title: '重大危险源', icon: 'WarnTriangleFilled', perm: 'major_hazard:read', menuRoles: DESK, menu: 215, ...G } },
  { path: '/ledger/major-hazard/:id(\\d+)', name: 'ledger-major-hazard-detail', component: () => import('@/views/ledger/majorHazardDetail.vue'),
    meta: { title: '重大危险源详情', perm: 'major_hazard:read', activeMenu: ['/ledger/major-hazard'] } },
  { path: '/ledger/chemical', name: 'ledger-chemical', component: () => import('@/views/ledger/chemical.vue'),
    meta: { title: '危险化学品', icon: 'Histogram', perm: 'hazardous_chemical:read', menuRoles: DESK, menu: 216, ...G } },
  { path: '/ledger/confined-space', name: 'ledger-confined-space', component: () => import('@/views/ledger/confinedSpace.vue'),
    meta: { title: '有限空间', icon: 'Box', perm: 'confined_space:read', menuRoles: DESK, menu: 217, ...G } },
  { path: '/ledger/env-facility', name: 'ledger-env-facility', component: () => import('@/views/ledger/envFacility.vue'),
    meta: { title: '环保设施', icon: 'Sunny', perm: 'env_facility:read', menuRoles: DESK, menu: 218, ...G } },
  { path: '/ledger/roster', name: 'ledger-roster', component: () => import('@/views/ledger/roster.vue'),
    meta: { title: '值班值守', icon: 'Calendar', perm: 'duty_roster:read', menuRoles: DESK, menu: 219, ...G } },
  { path: '/ledger/roster/:id(\\d+)', name: 'ledger-roster-detail', component: () => import('@/views/ledger/rosterDetail.vue'),
    meta: { title: '值班表详情', perm: 'duty_roster:read', activeMenu: ['/ledger/roster'] } },
];
