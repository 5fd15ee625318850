// Routes and the role-based menu. Each menu route carries meta.title (Chinese),
// meta.icon (an @element-plus/icons-vue name) and meta.roles (who sees it; absent =
// everyone logged in). The layout builds the sidebar from this table.
import { createRouter, createWebHistory } from 'vue-router';
import Layout from '@/layout/index.vue';
import { session, loadSession, role } from '@/store/session';

const ALL = ['admin', 'regulator', 'department', 'ent_manager', 'ent_principal', 'staff'];

export const menuRoutes = [
  { path: '/home', name: 'home', component: () => import('@/views/home/index.vue'),
    meta: { title: '首页', icon: 'HomeFilled', roles: ALL } },
  { path: '/enterprise', name: 'enterprise', component: () => import('@/views/enterprise/index.vue'),
    meta: { title: '企业管理', icon: 'OfficeBuilding', roles: ['admin', 'regulator'] } },
  { path: '/my-enterprise', name: 'my-enterprise', component: () => import('@/views/enterprise/mine.vue'),
    meta: { title: '企业档案', icon: 'Files', roles: ['ent_manager', 'ent_principal', 'staff'] } },
  { path: '/org-change', name: 'org-change', component: () => import('@/views/enterprise/orgChange.vue'),
    meta: { title: '机构变动报告', icon: 'Bell', roles: ['admin', 'regulator'] } },
  { path: '/supervision', name: 'supervision', component: () => import('@/views/account/supervision.vue'),
    meta: { title: '监管关系', icon: 'Connection', roles: ['admin'] } },
  { path: '/user', name: 'user', component: () => import('@/views/account/user.vue'),
    meta: { title: '用户管理', icon: 'User', roles: ['admin', 'regulator', 'ent_manager'] } },
  { path: '/org', name: 'org', component: () => import('@/views/account/org.vue'),
    meta: { title: '组织机构', icon: 'Share', roles: ['admin'] } },
  { path: '/audit', name: 'audit', component: () => import('@/views/audit/index.vue'),
    meta: { title: '操作日志', icon: 'Document', roles: ['admin', 'regulator'] } },
];

const routes = [
  { path: '/login', name: 'login', component: () => import('@/views/login/index.vue'), meta: { public: true, title: '登录' } },
  {
    path: '/',
    component: Layout,
    redirect: '/home',
    children: [
      ...menuRoutes,
      { path: '/enterprise/:id(\\d+)', name: 'enterprise-profile', component: () => import('@/views/enterprise/profile.vue'),
        meta: { title: '企业档案', roles: ALL, activeMenu: '/enterprise' } },
    ],
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/error/404.vue'), meta: { public: true, title: '页面不存在' } },
];

const router = createRouter({ history: createWebHistory(), routes });

/** Menu entries visible to the current role. */
export function visibleMenu() {
  const r = role();
  return menuRoutes.filter((m) => !m.meta.roles || m.meta.roles.includes(r));
}

router.beforeEach(async (to) => {
  if (to.meta.public) {
    if (to.name === 'login' && session.loaded) return { path: '/home' };
    return true;
  }
  if (!session.loaded) {
    const ok = await loadSession();
    if (!ok) return { path: '/login', query: to.fullPath !== '/' && to.fullPath !== '/home' ? { redirect: to.fullPath } : {} };
  }
  const roles = to.meta.roles;
  if (roles && !roles.includes(role())) return { path: '/home' };
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · 安监平台` : '安监平台';
});

export default router;
