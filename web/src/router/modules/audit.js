// The audit log (src/entity/audit.c): read-only, for whoever may read it.
export default [
  { path: '/audit', name: 'audit', component: () => import('@/views/audit/index.vue'),
    meta: { title: '操作日志', icon: 'Document', perm: 'audit:read', menu: 160 } },
];
