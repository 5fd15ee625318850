// Hazardous-work permits (src/mod/permit.c, 特殊作业票 / 危险作业, GB 30871-2022). The
// enterprise applies, briefs, tests gas, approves by the chain of Table B.1, starts and
// closes out; the regulator reads the board of work in progress in its scope.
// Menu numbers 280–289.
const GROUP = '特殊作业';

export default [
  { path: '/permit/board', name: 'permit-board', component: () => import('@/views/permit/board.vue'),
    meta: { title: '作业实时看板', icon: 'Monitor', perm: 'work_permit:read', group: GROUP, groupIcon: 'Tickets', menu: 280 } },
  { path: '/permit/list', name: 'permit-list', component: () => import('@/views/permit/index.vue'),
    meta: { title: '特殊作业票', icon: 'Document', perm: 'work_permit:read', group: GROUP, menu: 281,
            intro: '作业级别由作业类别、场所、高度、吊物质量和作业时间按GB 30871-2022自动判定（节假日、公休日、夜间动火升级管理；夜间默认22:00—6:00，为平台配置）。有效期：特级、一级动火≤8小时，二级动火≤72小时，受限空间≤24小时，高处≤7天，临时用电≤15天。作业票不得删除（记录保存不少于1年），不需要时取消。' } },
  { path: '/permit/:id(\\d+)', name: 'permit-detail', component: () => import('@/views/permit/detail.vue'),
    meta: { title: '作业票详情', perm: 'work_permit:read', activeMenu: ['/permit/list'] } },
];
