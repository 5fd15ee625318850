// Routes, assembled from one file per module (router/modules/<module>.js, mirroring
// src/mod/<module>.c and views/<module>/). Each page route carries meta:
//   title, icon        the menu entry (an @element-plus/icons-vue name)
//   perm               the permission code(s) of /api/auth/me that open the page
//                      (any of an array) — the server's own codes
//   roles              only for pages without a code (the cockpit, the homes)
//   menuRoles          narrows the MENU to the roles whose daily work it is; it
//                      grants nothing (staff reads hazards through 我的上报)
//   menu               the entry's place in the sidebar (absent = not in the menu)
//   group, groupIcon   consecutive entries of one sub-menu (SideMenu.vue)
//   activeMenu         the entry a detail page lights (the first of a list that
//                      is in the user's menu)
// The layout builds the sidebar from visibleMenu().
import { createRouter, createWebHistory } from 'vue-router';
import Layout from '@/layout/index.vue';
import { session, loadSession, role, hasPerm } from '@/store/session';

const modules = import.meta.glob('./modules/*.js', { eager: true });
const allRoutes = Object.keys(modules).sort().flatMap((k) => modules[k].default);
/* Public pages (meta.public: no login, e.g. the public hazard report of the QR code)
 * stand alone, outside the layout; every other page is a child of the layout. */
const publicRoutes = allRoutes.filter((r) => r.meta && r.meta.public);
const pageRoutes = allRoutes.filter((r) => !(r.meta && r.meta.public));

/** The menu's routes in their sidebar order. */
export const menuRoutes = pageRoutes.filter((r) => typeof r.meta.menu === 'number')
  .sort((a, b) => a.meta.menu - b.meta.menu);

/** True if the current user may open a page with route meta m. */
function allowed(m) {
  if (!m) return true;
  if (m.perm) return hasPerm(m.perm);
  if (m.roles) return (role() === 'admin' && !m.noAdmin) || m.roles.includes(role());
  return true;
}

/** True if the current user may open the route named name. */
export function canOpen(name) {
  const r = pageRoutes.find((x) => x.name === name);
  return !!r && allowed(r.meta);
}

/** Where "home" is: the cockpit, else the enterprise home, else a 成员单位's own tasks,
 * else 随手拍 (staff).
 * Before the session is loaded it is /home, which the guard re-routes once it is. */
export function homePath() {
  if (!session.loaded) return '/home';
  if (canOpen('cockpit')) return '/cockpit';
  if (canOpen('home')) return '/home';
  if (role() === 'department' && canOpen('task-mine')) return '/task/mine';
  if (canOpen('quick-report')) return '/report';
  return '/hazard/mine';
}

const routes = [
  { path: '/login', name: 'login', component: () => import('@/views/login/index.vue'), meta: { public: true, title: '登录' } },
  ...publicRoutes,
  {
    path: '/',
    component: Layout,
    redirect: () => homePath(),
    children: pageRoutes,
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/error/404.vue'), meta: { public: true, title: '页面不存在' } },
];

const router = createRouter({ history: createWebHistory(), routes });

/** Menu entries for the current user: pages it may open, narrowed by menuRoles
 * (admin sees every entry it may open, except noAdmin ones). */
export function visibleMenu() {
  const r = role();
  return menuRoutes.filter((m) => {
    if (!allowed(m.meta)) return false;
    if (r === 'admin') return !m.meta.noAdmin;
    return !m.meta.menuRoles || m.meta.menuRoles.includes(r);
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
  if (to.path === '/home' && homePath() !== '/home') return { path: homePath(), query: to.query };
  if (!allowed(to.meta)) return { path: homePath() };
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · 安监平台` : '安监平台';
});

export default router;
