// 任务清单 (src/mod/task.c): the district's (or an enterprise's) task list with its
// import, a task's detail, the 成员单位's own assignments, and the 区领导 (their duty lists,
// tasks, led inspections, yearly reports: src/mod/task_leader.c). Menu numbers 273–276.
export default [
  { path: '/task', name: 'task', component: () => import('@/views/task/index.vue'),
    meta: { title: '任务清单', icon: 'List', perm: 'task:create', menuRoles: ['admin', 'regulator', 'ent_manager', 'ent_principal'], group: '信息报送', menu: 273 } },
  { path: '/task/mine', name: 'task-mine', component: () => import('@/views/task/mine.vue'),
    meta: { title: '本单位任务', icon: 'Tickets', perm: 'task_unit:read', menuRoles: ['department'], menu: 274 } },
  { path: '/task/:id(\\d+)', name: 'task-detail', component: () => import('@/views/task/detail.vue'),
    meta: { title: '任务详情', perm: 'task:read', activeMenu: ['/task'] } },
  { path: '/task/leader', name: 'task-leader', component: () => import('@/views/task/leader.vue'),
    meta: { title: '区领导履职', icon: 'Avatar', perm: 'leader:read', menuRoles: ['admin', 'regulator'], group: '信息报送', menu: 275 } },
  { path: '/task/leader/:id(\\d+)', name: 'task-leader-detail', component: () => import('@/views/task/leaderDetail.vue'),
    meta: { title: '区领导', perm: 'leader:read', activeMenu: ['/task/leader'] } },
];
