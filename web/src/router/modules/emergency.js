// Emergency module (src/mod/emergency.c, 应急管理): plans with versions and 备案, the
// command body and rescue teams, supplies and drills. Enterprise users keep them; the
// regulator and departments read them in scope (the calendar matrix shows whether each
// enterprise's drills are done). Menu numbers 240–249.
const GROUP = '应急管理';

export default [
  { path: '/emergency/plan', name: 'emergency-plan', component: () => import('@/views/emergency/EmergencyList.vue'),
    meta: { title: '应急预案', icon: 'Document', perm: 'emergency_plan:read', group: GROUP, groupIcon: 'FirstAidKit', menu: 240,
            entity: 'emergency_plan', defaults: { superseded: 'false' }, intro: '应急管理部令第2号：预案公布之日起20个工作日内备案（期限为平台默认，可由管理员在履职规则中调整）；第三十五条所列单位每三年评估一次；修订时新增版本并选择被替代的旧版本，旧版本保留。' } },
  { path: '/emergency/command', name: 'emergency-command', component: () => import('@/views/emergency/command.vue'),
    meta: { title: '指挥机构与队伍', icon: 'Phone', perm: 'emergency_command:read', group: GROUP, menu: 241 } },
  { path: '/emergency/supply', name: 'emergency-supply', component: () => import('@/views/emergency/EmergencyList.vue'),
    meta: { title: '应急物资装备', icon: 'Box', perm: 'emergency_supply:read', group: GROUP, menu: 242,
            entity: 'emergency_supply', intro: '青国资委〔2025〕40号 二(五)2：明确存放地点和保管责任人，定期检查维护；检查逾期和已过期的物资标红。' } },
  { path: '/emergency/drill', name: 'emergency-drill', component: () => import('@/views/emergency/drill.vue'),
    meta: { title: '应急演练', icon: 'Flag', perm: 'emergency_drill:read', group: GROUP, menu: 243,
            entity: 'emergency_drill', intro: '综合或专项预案演练每年至少一次、现场处置方案演练每半年至少一次（令第2号 第三十三条）；疏散逃生演练每年至少一次，高危行业每半年（宝国资委〔2024〕11号）。危险物品、矿山、金属冶炼、建筑施工、人员密集场所等单位须将演练情况报送监管部门。记录演练后，履职日历中对应的演练义务即变为已完成。' } },
];
