// Training module (src/mod/training.c, training_std.c; issue 9): the person roster
// with 不得上岗 tags, training plans and sessions with attendance, the per-person
// training record, people short of hours, certificates with their expiry, 标准化 and
// PPE issues. Menu numbers 230–239.
const GROUP = '教育培训';

export default [
  { path: '/training/employee', name: 'training-employee', component: () => import('@/views/training/employee.vue'),
    meta: { title: '从业人员', icon: 'User', perm: 'employee:read', group: GROUP, groupIcon: 'Reading', menu: 230 } },
  { path: '/training/plan', name: 'training-plan', component: () => import('@/views/training/plan.vue'),
    meta: { title: '培训计划', icon: 'Notebook', perm: 'training_plan:read', group: GROUP, menu: 231 } },
  { path: '/training/session', name: 'training-session', component: () => import('@/views/training/session.vue'),
    meta: { title: '培训记录', icon: 'Reading', perm: 'training_session:read', group: GROUP, menu: 232 } },
  { path: '/training/short', name: 'training-short', component: () => import('@/views/training/short.vue'),
    meta: { title: '学时不足', icon: 'Warning', perm: 'employee:read', group: GROUP, menu: 233 } },
  { path: '/training/cert', name: 'training-cert', component: () => import('@/views/training/cert.vue'),
    meta: { title: '人员证书', icon: 'Postcard', perm: 'training_cert:read', group: GROUP, menu: 234 } },
  { path: '/training/standard', name: 'training-standard', component: () => import('@/views/training/standard.vue'),
    meta: { title: '安全生产标准化', icon: 'Medal', perm: 'standard_grading:read', group: GROUP, menu: 235 } },
  { path: '/training/ppe', name: 'training-ppe', component: () => import('@/views/training/ppe.vue'),
    meta: { title: '劳保用品发放', icon: 'Goods', perm: 'ppe_issue:read', group: GROUP, menu: 236 } },
  { path: '/training/employee/:id(\\d+)', name: 'training-person', component: () => import('@/views/training/person.vue'),
    meta: { title: '培训档案', perm: 'employee:read', activeMenu: '/training/employee' } },
  { path: '/training/session/:id(\\d+)', name: 'training-session-detail', component: () => import('@/views/training/sessionDetail.vue'),
    meta: { title: '培训详情', perm: 'training_session:read', activeMenu: '/training/session' } },
];
