// Dashboard module (src/mod/dashboard.c): the regulator's cockpit and the
// enterprise home. Neither has a permission code of its own (the cockpit's route
// row admits admin and regulator), so they are guarded by role.
export default [
  { path: '/cockpit', name: 'cockpit', component: () => import('@/views/dashboard/cockpit.vue'),
    meta: { title: '监管驾驶舱', icon: 'DataBoard', roles: ['admin', 'regulator'], menu: 10 } },
  { path: '/home', name: 'home', component: () => import('@/views/home/index.vue'),
    meta: { title: '企业首页', icon: 'HomeFilled', roles: ['ent_manager', 'ent_principal'], noAdmin: true, menu: 20 } },
];
