// Obligations calendar (src/entity/obligation*.c, 履职日历 "who is on time") and the
// inbox (src/entity/inbox.c). Pages open by permission code; menuRoles only tailors
// the menu (the calendar is the enterprise's desk, the matrix the regulator's and the
// 成员单位's: its rows are the enterprises of its 行业监管, by the core's scope).
const DISTRICT = ['admin', 'regulator'];
const GROUP = '履职监管';

export default [
  { path: '/obligation/calendar', name: 'obligation-calendar', component: () => import('@/views/obligation/calendar.vue'),
    meta: { title: '履职日历', icon: 'Calendar', perm: 'obligation:read', menuRoles: ['ent_manager', 'ent_principal'], menu: 45 } },
  { path: '/obligation/matrix', name: 'obligation-matrix', component: () => import('@/views/obligation/matrix.vue'),
    meta: { title: '履职情况', icon: 'Grid', perm: 'obligation:read', menuRoles: [...DISTRICT, 'department'], group: GROUP, groupIcon: 'Stamp', menu: 100 } },
  { path: '/obligation/rules', name: 'obligation-rules', component: () => import('@/views/obligation/rules.vue'),
    meta: { title: '履职规则', icon: 'SetUp', perm: 'obligation_rule:read', menuRoles: DISTRICT, group: GROUP, menu: 101 } },
  { path: '/obligation/holiday', name: 'obligation-holiday', component: () => import('@/views/obligation/holiday.vue'),
    meta: { title: '节假日安排', icon: 'Calendar', perm: 'holiday:create', group: GROUP, menu: 102 } },
  { path: '/inbox', name: 'inbox', component: () => import('@/views/inbox/index.vue'),
    meta: { title: '消息中心', icon: 'Message', perm: 'inbox:read' } },
];
