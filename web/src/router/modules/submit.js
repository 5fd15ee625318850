// 信息报送 (src/mod/submit.c): the regulator's submission types and the matrix, the
// enterprise's own submissions. Pages open by permission code; menuRoles tailors the
// menu only. Menu numbers 270–279.
const DISTRICT = ['admin', 'regulator'];
const GROUP = '信息报送';

export default [
  { path: '/submit/mine', name: 'submit-mine', component: () => import('@/views/submit/mine.vue'),
    meta: { title: '我的报送', icon: 'Upload', perm: 'submission:submit', menuRoles: ['ent_manager', 'ent_principal'], menu: 270 } },
  { path: '/submit/matrix', name: 'submit-matrix', component: () => import('@/views/submit/matrix.vue'),
    meta: { title: '报送情况', icon: 'Grid', perm: 'submission:accept', menuRoles: DISTRICT, group: GROUP, groupIcon: 'Promotion', menu: 271 } },
  { path: '/submit/types', name: 'submit-types', component: () => import('@/views/submit/types.vue'),
    meta: { title: '报送类型', icon: 'SetUp', perm: 'submit_type:create', menuRoles: DISTRICT, group: GROUP, menu: 272 } },
];
