// Routes and the role-based menu. Each menu route carries meta.title (Chinese),
// meta.icon (an @element-plus/icons-vue name) and meta.roles (who sees it; absent =
// everyone logged in). The layout builds the sidebar from this table.
import { createRouter, createWebHistory } from 'vue-router';
import Layout from '@/layout/index.vue';
import { session, loadSession, role } from '@/store/session';

const ALL = ['admin', 'regulator', 'department', 'ent_manager', 'ent_principal', 'staff'];
const REG = ['admin', 'regulator'];
const ENT_MGR = ['admin', 'ent_manager', 'ent_principal'];
const ENT = ['ent_manager', 'ent_principal', 'staff'];
const HZ_ALL = ['admin', 'regulator', 'ent_manager', 'ent_principal', 'staff'];

/* ---- notify module (src/mod/notify.c, 消息通知): admin only ---------------------
 * Kept in a block of its own so a routes restructuring can move it whole. */
const notifyRoutes = [
  { path: '/notify/channel', name: 'notify-channel', component: () => import('@/views/notify/channel.vue'),
    meta: { title: '通知渠道', icon: 'ChatDotRound', roles: ['admin'], group: '消息通知', groupIcon: 'Bell' } },
  { path: '/notify/delivery', name: 'notify-delivery', component: () => import('@/views/notify/delivery.vue'),
    meta: { title: '发送记录', icon: 'Message', roles: ['admin'], group: '消息通知' } },
];
/* ---- end of the notify module's routes ------------------------------------------ */

/* meta.group puts consecutive entries into one sub-menu (SideMenu.vue). */
export const menuRoutes = [
  { path: '/cockpit', name: 'cockpit', component: () => import('@/views/dashboard/cockpit.vue'),
    meta: { title: '监管驾驶舱', icon: 'DataBoard', roles: REG } },
  { path: '/home', name: 'home', component: () => import('@/views/home/index.vue'),
    meta: { title: '企业首页', icon: 'HomeFilled', roles: ['ent_manager', 'ent_principal', 'department'], noAdmin: true } },
  { path: '/report', name: 'quick-report', component: () => import('@/views/hazard/quickReport.vue'),
    meta: { title: '随手拍', icon: 'Camera', roles: ['staff', 'ent_manager', 'ent_principal'], menuRoles: ['staff'] } },
  { path: '/hazard/mine', name: 'hazard-mine', component: () => import('@/views/hazard/mine.vue'),
    meta: { title: '我的上报', icon: 'Tickets', roles: ENT, menuRoles: ['staff'] } },
  { path: '/enterprise', name: 'enterprise', component: () => import('@/views/enterprise/index.vue'),
    meta: { title: '企业管理', icon: 'OfficeBuilding', roles: REG } },
  { path: '/hazard/major', name: 'hazard-major', component: () => import('@/views/hazard/major.vue'),
    meta: { title: '重大隐患', icon: 'WarningFilled', roles: REG } },
  { path: '/hazard', name: 'hazard', component: () => import('@/views/hazard/index.vue'),
    meta: { title: '隐患台账', icon: 'List', roles: HZ_ALL.filter((r) => r !== 'staff') } },
  { path: '/hazard/stats', name: 'hazard-stats', component: () => import('@/views/hazard/stats.vue'),
    meta: { title: '隐患统计', icon: 'TrendCharts', roles: ['admin', 'regulator', 'ent_manager', 'ent_principal'] } },
  { path: '/risk', name: 'risk', component: () => import('@/views/risk/index.vue'),
    meta: { title: '风险清单', icon: 'Warning', roles: ENT_MGR, group: '风险分级管控', groupIcon: 'Aim' } },
  { path: '/risk/distribution', name: 'risk-distribution', component: () => import('@/views/risk/distribution.vue'),
    meta: { title: '四色分布', icon: 'PieChart', roles: ENT_MGR, group: '风险分级管控' } },
  { path: '/risk/card', name: 'risk-card', component: () => import('@/views/risk/card.vue'),
    meta: { title: '告知卡', icon: 'Postcard', roles: ENT_MGR, group: '风险分级管控' } },
  { path: '/risk/board', name: 'risk-board', component: () => import('@/views/risk/board.vue'),
    meta: { title: '公告栏', icon: 'Notification', roles: ENT_MGR, group: '风险分级管控' } },
  { path: '/risk/report', name: 'risk-report', component: () => import('@/views/risk/report.vue'),
    meta: { title: '年度报告', icon: 'Document', roles: ENT_MGR, group: '风险分级管控' } },
  { path: '/risk-report', name: 'risk-report-reg', component: () => import('@/views/risk/report.vue'),
    meta: { title: '风险报告', icon: 'DocumentChecked', roles: ['regulator'] } },
  { path: '/my-enterprise', name: 'my-enterprise', component: () => import('@/views/enterprise/mine.vue'),
    meta: { title: '企业档案', icon: 'Files', roles: ENT } },
  { path: '/org-change', name: 'org-change', component: () => import('@/views/enterprise/orgChange.vue'),
    meta: { title: '机构变动报告', icon: 'Bell', roles: REG } },
  { path: '/supervision', name: 'supervision', component: () => import('@/views/account/supervision.vue'),
    meta: { title: '监管关系', icon: 'Connection', roles: ['admin'] } },
  { path: '/user', name: 'user', component: () => import('@/views/account/user.vue'),
    meta: { title: '用户管理', icon: 'User', roles: ['admin', 'regulator', 'ent_manager'] } },
  { path: '/org', name: 'org', component: () => import('@/views/account/org.vue'),
    meta: { title: '组织机构', icon: 'Share', roles: ['admin'] } },
  { path: '/audit', name: 'audit', component: () => import('@/views/audit/index.vue'),
    meta: { title: '操作日志', icon: 'Document', roles: REG } },
  ...notifyRoutes,
];

/** Where "home" is for a role: the cockpit, the enterprise home or 随手拍. */
export function homePath(r = role()) {
  if (r === 'admin' || r === 'regulator') return '/cockpit';
  if (r === 'staff') return '/report';
  return '/home';
}

const routes = [
  { path: '/login', name: 'login', component: () => import('@/views/login/index.vue'), meta: { public: true, title: '登录' } },
  {
    path: '/',
    component: Layout,
    redirect: () => homePath(),
    children: [
      ...menuRoutes,
      { path: '/enterprise/:id(\\d+)', name: 'enterprise-profile', component: () => import('@/views/enterprise/profile.vue'),
        meta: { title: '企业档案', roles: ALL, activeMenu: '/enterprise' } },
      { path: '/hazard/:id(\\d+)', name: 'hazard-detail', component: () => import('@/views/hazard/detail.vue'),
        meta: { title: '隐患详情', roles: HZ_ALL, activeMenu: '/hazard' } },
      { path: '/risk/:id(\\d+)', name: 'risk-detail', component: () => import('@/views/risk/point.vue'),
        meta: { title: '风险点详情', roles: HZ_ALL, activeMenu: '/risk' } },
      { path: '/risk/report/:id(\\d+)', name: 'risk-report-view', component: () => import('@/views/risk/reportView.vue'),
        meta: { title: '年度风险报告', roles: HZ_ALL, activeMenu: '/risk/report' } },
    ],
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/error/404.vue'), meta: { public: true, title: '页面不存在' } },
];

const router = createRouter({ history: createWebHistory(), routes });

/** Menu entries visible to the current role (meta.menuRoles narrows the menu
 * below the roles that may open the page; admin sees every entry). */
export function visibleMenu() {
  const r = role();
  return menuRoutes.filter((m) => {
    const rs = m.meta.menuRoles || m.meta.roles;
    return (r === 'admin' && !m.meta.noAdmin) || !rs || rs.includes(r);
  });
}

router.beforeEach(async (to) => {
  if (to.meta.public) {
    if (to.name === 'login' && session.loaded) return { path: homePath() };
    return true;
  }
  if (!session.loaded) {
    const ok = await loadSession();
    if (!ok) return { path: '/login', query: to.fullPath !== '/' && to.fullPath !== '/home' ? { redirect: to.fullPath } : {} };
  }
  const r = role();
  if (to.path === '/home' && homePath(r) !== '/home') return { path: homePath(r), query: to.query };
  const roles = to.meta.roles;
  if (roles && r !== 'admin' && !roles.includes(r)) return { path: homePath(r) };
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · 安监平台` : '安监平台';
});

export default router;
