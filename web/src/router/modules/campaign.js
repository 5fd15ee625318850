// 专项行动 (src/mod/campaign.c): the regulator's campaigns (从模板创建 百日攻坚 / 六个一),
// the progress matrix enterprise × item with the evidence one click away, the
// enterprise's own campaign page, and the printable 自查自改 list of a 25条
// inspection. Menu numbers 290–299. Pages open by permission code; menuRoles only
// tailors the menu.
const GROUP = '专项行动';
const DISTRICT = ['admin', 'regulator', 'department'];

export default [
  { path: '/campaign/mine', name: 'campaign-mine', component: () => import('@/views/campaign/mine.vue'),
    meta: { title: '我的专项行动', icon: 'Flag', perm: 'campaign_task:submit', menuRoles: ['ent_manager', 'ent_principal'], menu: 290 } },
  { path: '/campaign/list', name: 'campaign-list', component: () => import('@/views/campaign/list.vue'),
    meta: { title: '专项行动', icon: 'Flag', perm: 'campaign:read', menuRoles: DISTRICT, group: GROUP, groupIcon: 'Aim', menu: 291 } },
  { path: '/campaign/progress', name: 'campaign-progress', component: () => import('@/views/campaign/progress.vue'),
    meta: { title: '专项行动进度', icon: 'Grid', perm: 'campaign:read', menuRoles: DISTRICT, group: GROUP, menu: 292 } },
  { path: '/campaign/selfcheck/:id(\\d+)', name: 'campaign-selfcheck', component: () => import('@/views/campaign/selfcheck.vue'),
    meta: { title: '自查自改清单', perm: 'inspection:read', activeMenu: ['/campaign/mine'] } },
];
