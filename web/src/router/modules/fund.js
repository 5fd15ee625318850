// Fund module (src/mod/fund.c, fund_ledger.c): 安全生产费用, 安责险, 证照, 设备设施, 三同时.
// Pages open by permission code; menuRoles tailors the menu only.
const DESK = ['admin', 'regulator', 'ent_manager', 'ent_principal'];
const G = { group: '专项台账', groupIcon: 'Notebook' };

export default [
  { path: '/fund', name: 'fund', component: () => import('@/views/fund/index.vue'),
    meta: { title: '安全生产费用', icon: 'Money', perm: 'fund_plan:read', menuRoles: DESK, menu: 210, ...G } },
  { path: '/liability', name: 'liability', component: () => import('@/views/fund/liability.vue'),
    meta: { title: '安责险', icon: 'Umbrella', perm: 'liability_policy:read', menuRoles: DESK, menu: 211, ...G } },
  { path: '/licence', name: 'licence', component: () => import('@/views/fund/licence.vue'),
    meta: { title: '证照管理', icon: 'Postcard', perm: 'licence:read', menuRoles: DESK, menu: 212, ...G } },
  { path: '/equipment', name: 'equipment', component: () => import('@/views/fund/equipment.vue'),
    meta: { title: '设备设施', icon: 'SetUp', perm: 'equipment:read', menuRoles: DESK, menu: 213, ...G } },
  { path: '/project', name: 'project', component: () => import('@/views/fund/project.vue'),
    meta: { title: '三同时', icon: 'School', perm: 'construction_project:read', menuRoles: DESK, menu: 214, ...G } },
];
