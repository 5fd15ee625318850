// Responsibility system, safety rules and meetings (src/mod/duty.c, duty_meet.c;
// issue 9). The 责任制与制度 group is the enterprise's own work (opens for who may
// record posts' duties); the regulator reads the same lists and the systems matrix.
const GROUP = '责任制与制度';
const LIST = () => import('@/views/duty/list.vue');

export default [
  { path: '/duty/post', name: 'duty-post', component: LIST,
    meta: { title: '岗位责任制', icon: 'User', perm: 'post_duty:read', group: GROUP, groupIcon: 'Medal', menu: 220,
      entity: 'post_duty', hint: '一岗一责：责任人、责任范围和考核标准明确到每个岗位，责任范围涵盖每个风险点（青国资委〔2025〕40号 二(三)2）' } },
  { path: '/duty/coverage', name: 'duty-coverage', component: () => import('@/views/duty/coverage.vue'),
    meta: { title: '责任覆盖检查', icon: 'Aim', perm: 'post_duty:read', group: GROUP, menu: 221 } },
  { path: '/duty/seven', name: 'duty-seven', component: () => import('@/views/duty/seven.vue'),
    meta: { title: '七项法定职责', icon: 'Stamp', perm: 'principal_duty:read', group: GROUP, menu: 222 } },
  { path: '/duty/report', name: 'duty-report', component: () => import('@/views/duty/report.vue'),
    meta: { title: '履职报告与承诺书', icon: 'Document', perm: 'duty_report:read', group: GROUP, menu: 223 } },
  { path: '/duty/letter', name: 'duty-letter', component: LIST,
    meta: { title: '安全生产责任书', icon: 'Tickets', perm: 'resp_letter:read', group: GROUP, menu: 224,
      entity: 'resp_letter', hint: '每年与各部门签订安全生产责任书（百日攻坚 第10项）' } },
  { path: '/duty/assessment', name: 'duty-assessment', component: LIST,
    meta: { title: '责任制考核', icon: 'DataAnalysis', perm: 'resp_assessment:read', group: GROUP, menu: 225,
      entity: 'resp_assessment', hint: '每年组织全员安全生产责任制落实情况考核，考核结果与部门绩效、员工收入、晋级等挂钩（百日攻坚 第10项）' } },
  { path: '/duty/accountability', name: 'duty-accountability', component: LIST,
    meta: { title: '追责问责', icon: 'Warning', perm: 'accountability:read', group: GROUP, menu: 226,
      entity: 'accountability', hint: '对未能履行安全职责的个人或部门，及时追责和问责（青国资委〔2025〕40号 二(三)3）' } },
  { path: '/duty/rules', name: 'duty-rules', component: () => import('@/views/duty/rules.vue'),
    meta: { title: '安全管理制度', icon: 'Notebook', perm: 'safety_rule:read', group: GROUP, menu: 227 } },
  { path: '/duty/meeting', name: 'duty-meeting', component: () => import('@/views/duty/meeting.vue'),
    meta: { title: '安全生产会议', icon: 'ChatDotRound', perm: 'meeting:read', group: GROUP, menu: 228 } },
];
