// Evaluation module (src/mod/evaluation*.c; issue 11): 考核方案 with computed indicators,
// 加减分 and 一票否优, the 晾晒通报 ranking whose every number opens its records, and the
// 问责措施. Pages open by permission code; menuRoles tailors the menu only.
const DISTRICT = ['admin', 'regulator', 'department'];
const ALL = ['admin', 'regulator', 'department', 'ent_manager', 'ent_principal'];
const G = { group: '考核与通报', groupIcon: 'Trophy' };

export default [
  { path: '/evaluation/ranking', name: 'evaluation-ranking', component: () => import('@/views/evaluation/ranking.vue'),
    meta: { title: '晾晒通报', icon: 'Histogram', perm: 'eval_result:read', menuRoles: ALL, menu: 300, ...G } },
  { path: '/evaluation/scheme', name: 'evaluation-scheme', component: () => import('@/views/evaluation/scheme.vue'),
    meta: { title: '考核方案', icon: 'Document', perm: 'eval_scheme:read', menuRoles: DISTRICT, menu: 301, ...G } },
  { path: '/evaluation/measure', name: 'evaluation-measure', component: () => import('@/views/evaluation/measure.vue'),
    meta: { title: '问责措施', icon: 'Warning', perm: 'eval_measure:read', menuRoles: ALL, menu: 302, ...G } },
];
