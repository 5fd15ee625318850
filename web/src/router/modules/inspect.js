// Checks and enforcement (src/mod/inspect*.c, 检查与执法): checklists, plans,
// inspections on a phone, 整改通知书, the enforcement plan, 双随机 and the 百日攻坚
// list. Menu numbers 250–259. Pages open by permission code; menuRoles only
// tailors the menu.
const GROUP = '检查与执法';
const DESK = ['admin', 'regulator', 'ent_manager', 'ent_principal'];
const DISTRICT = ['admin', 'regulator'];

export default [
  { path: '/inspect/inspection', name: 'inspect-list', component: () => import('@/views/inspect/index.vue'),
    meta: { title: '检查记录', icon: 'Checked', perm: 'inspection:read', group: GROUP, groupIcon: 'Finished', menu: 250 } },
  { path: '/inspect/checklist', name: 'inspect-checklist', component: () => import('@/views/inspect/checklist.vue'),
    meta: { title: '检查表', icon: 'Document', perm: 'checklist:read', menuRoles: DESK, group: GROUP, menu: 251 } },
  { path: '/inspect/plan', name: 'inspect-plan', component: () => import('@/views/inspect/plan.vue'),
    meta: { title: '检查计划', icon: 'Calendar', perm: 'inspection_plan:read', menuRoles: DESK, group: GROUP, menu: 252 } },
  { path: '/inspect/notice', name: 'inspect-notice', component: () => import('@/views/inspect/notice.vue'),
    meta: { title: '整改通知书', icon: 'Tickets', perm: 'rectify_notice:read', menuRoles: DESK, group: GROUP, menu: 253 } },
  { path: '/inspect/enforcement', name: 'inspect-enforcement', component: () => import('@/views/inspect/enforcement.vue'),
    meta: { title: '执法计划', icon: 'Flag', perm: 'enforcement_plan:read', menuRoles: DISTRICT, group: GROUP, menu: 254 } },
  { path: '/inspect/draw', name: 'inspect-draw', component: () => import('@/views/inspect/draw.vue'),
    meta: { title: '双随机抽查', icon: 'Refresh', perm: 'spot_draw:read', menuRoles: DISTRICT, group: GROUP, menu: 255 } },
  { path: '/inspect/campaign100', name: 'inspect-campaign100', component: () => import('@/views/inspect/campaign100.vue'),
    meta: { title: '百日攻坚名单', icon: 'Warning', perm: 'enforcement_plan:read', menuRoles: DISTRICT, group: GROUP, menu: 256 } },
  { path: '/inspect/run/:id(\\d+)', name: 'inspect-run', component: () => import('@/views/inspect/run.vue'),
    meta: { title: '现场检查', perm: 'inspection:read', activeMenu: ['/inspect/inspection'] } },
  { path: '/inspect/inspection/:id(\\d+)', name: 'inspect-detail', component: () => import('@/views/inspect/detail.vue'),
    meta: { title: '检查详情', perm: 'inspection:read', activeMenu: ['/inspect/inspection'] } },
  { path: '/inspect/checklist/:id(\\d+)', name: 'inspect-checklist-edit', component: () => import('@/views/inspect/checklistEdit.vue'),
    meta: { title: '编辑检查表', perm: 'checklist:read', activeMenu: ['/inspect/checklist'] } },
  { path: '/inspect/notice/:id(\\d+)', name: 'inspect-notice-print', component: () => import('@/views/inspect/noticePrint.vue'),
    meta: { title: '整改通知书', perm: 'rectify_notice:read', activeMenu: ['/inspect/notice'] } },
];
