// Enterprise module (src/mod/enterprise.c, 一企一档): the district's enterprise list,
// an enterprise user's own profile, and the regulator's 机构变动报告 inbox.
export default [
  { path: '/enterprise', name: 'enterprise', component: () => import('@/views/enterprise/index.vue'),
    meta: { title: '企业管理', icon: 'OfficeBuilding', perm: 'enterprise:read', menuRoles: ['admin', 'regulator', 'department'], menu: 50 } },
  { path: '/my-enterprise', name: 'my-enterprise', component: () => import('@/views/enterprise/mine.vue'),
    meta: { title: '企业档案', icon: 'Files', perm: 'enterprise:read', menuRoles: ['ent_manager', 'ent_principal', 'staff'], menu: 110 } },
  { path: '/org-change', name: 'org-change', component: () => import('@/views/enterprise/orgChange.vue'),
    meta: { title: '机构变动报告', icon: 'Bell', perm: 'org_change:acknowledge', menu: 120 } },
  { path: '/enterprise/:id(\\d+)', name: 'enterprise-profile', component: () => import('@/views/enterprise/profile.vue'),
    meta: { title: '企业档案', perm: 'enterprise:read', activeMenu: ['/enterprise', '/my-enterprise'] } },
];
