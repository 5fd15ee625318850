// Account module (src/mod/account.c): users, the org tree and supervision.
export default [
  { path: '/supervision', name: 'supervision', component: () => import('@/views/account/supervision.vue'),
    meta: { title: '监管关系', icon: 'Connection', perm: 'supervision:create', menu: 130 } },
  { path: '/user', name: 'user', component: () => import('@/views/account/user.vue'),
    meta: { title: '用户管理', icon: 'User', perm: 'user:update', menu: 140 } },
  { path: '/org', name: 'org', component: () => import('@/views/account/org.vue'),
    meta: { title: '组织机构', icon: 'Share', perm: 'org:update', menu: 150 } },
];
