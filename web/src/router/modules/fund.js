// Fund module (src/mod/fund.c, fund_ledger.c): 安全生产费用, 安责险, 证照, 设备设施, 三同时.
// Pages open by permission code; menuRoles tailors the menu only.
const DESK = ['admin', 'regulator', 'ent_manager', 'ent_principal'];
const SINGLE = () => import('@/views/fund/single.vue');
const G = { group: '专项台账', groupIcon: 'Notebook' };

export default [
  { path: '/fund', name: 'fund', component: () => import('@/views/fund/index.vue'),
    meta: { title: '安全生产费用', icon: 'Money', perm: 'fund_plan:read', menuRoles: DESK, menu: 210, ...G } },
  { path: '/liability', name: 'liability', component: () => import('@/views/fund/liability.vue'),
    meta: { title: '安责险', icon: 'Umbrella', perm: 'liability_policy:read', menuRoles: DESK, menu: 211, ...G } },
  { path: '/licence', name: 'licence', component: SINGLE,
    props: { entity: 'licence', label: '证照', notice: '证照到期前90日提醒（安全生产许可证条例第九条：期满前3个月办理延期手续），到期情况同步至履职日历。' },
    meta: { title: '证照管理', icon: 'Postcard', perm: 'licence:read', menuRoles: DESK, menu: 212, ...G } },
  { path: '/equipment', name: 'equipment', component: SINGLE,
    props: { entity: 'equipment', label: '设备设施台账', notice: '下次检验日期按上次检验日期和检验周期自动计算；特种设备应在检验合格有效期届满前1个月申请定期检验（特种设备安全法第四十条）。' },
    meta: { title: '设备设施', icon: 'SetUp', perm: 'equipment:read', menuRoles: DESK, menu: 213, ...G } },
  { path: '/project', name: 'project', component: SINGLE,
    props: { entity: 'construction_project', label: '建设项目', notice: '安全设施应与主体工程同时设计、同时施工、同时投入生产和使用（seeds/004 第16项）；未经竣工验收投入使用的项目标记为“未验收投用”。' },
    meta: { title: '三同时', icon: 'School', perm: 'construction_project:read', menuRoles: DESK, menu: 214, ...G } },
];
