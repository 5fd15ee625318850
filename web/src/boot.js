// The first script of index.html (issue 12, the cold first screen): its own tiny
// chunk with no imports, so it runs while the main bundle is still downloading, and
// starts what the first screen will wait for instead of letting it wait in series
// behind the bundle:
//   - the login state: GET /api/auth/me, /api/meta and /api/risk/bands (store/session.js);
//   - the header's unread count, GET /api/inbox?status=unread&size=5 (InboxBell);
//   - once /api/auth/me says who this is and the page is their home: the home's data
//     (FIRST_SCREEN below) and the home route's chunks and styles, as
//     <link rel=modulepreload> / stylesheet links, from the map that the build writes
//     into index.html (plugins/first-screen.js; absent in the dev server).
// utils/request.js takes a prefetched response with take(url) — each at most once and
// only while fresh — so a page asks the network itself for anything else, and again;
// forget() drops the rest when the session changes or the page writes.
// Nothing here decides anything: a wrong guess costs a request, never a wrong screen.
// Public pages (/login, /p/…) prefetch nothing.
//
// window.__anjianBoot records what was started and what was taken, for the browser
// test (tests/e2e/firstload.test.mjs).

/* A prefetched response older than this is not handed out (ms). */
const FRESH_MS = 10000;

/* Where each role lands (router/index.js homePath(), which decides: this is only a
 * guess to start early; the browser test checks that the two agree for every demo
 * role). */
function homeOf(me) {
  const role = me && me.role;
  const perms = (me && me.permissions) || [];
  if (role === 'admin' || role === 'regulator') return '/cockpit';
  if (role === 'ent_manager' || role === 'ent_principal') return '/home';
  if (role === 'department' && perms.includes('task_unit:read')) return '/task/mine';
  if (perms.includes('hazard:report')) return '/report';
  return '/hazard/mine';
}

/* The GETs a home's first screen makes, exactly as the page builds their URLs
 * (views/dashboard/cockpit.vue and home.vue, views/obligation/SummaryCard.vue). */
const FIRST_SCREEN = {
  '/cockpit': ['/api/dashboard/cockpit', '/api/obligation/summary'],
  '/home': ['/api/dashboard/home', '/api/obligation/summary'],
};

const state = { home: null, prefetched: [], taken: [], preloaded: [] };
const started = new Map();	/* url → { at, res: Promise<Response> } */

function prefetch(url) {
  const res = fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  res.catch(() => {});	/* a failure is the taker's to see (request() reports it) */
  started.set(url, { at: performance.now(), res });
  state.prefetched.push(url);
  return res;
}

/** The prefetched response of GET url (a Promise<Response>), or null: each one is
 * handed out once, and only within FRESH_MS of its start. */
export function take(url) {
  const e = started.get(url);
  if (!e) return null;
  started.delete(url);
  if (performance.now() - e.at > FRESH_MS) return null;
  state.taken.push(url);
  return e.res;
}

/** Drops every prefetched response not yet taken: the session changed (a failed
 * login state, a logout, a login) or the caller wrote something, and an answer
 * fetched before is no longer the one the network would give. */
export function forget() {
  started.clear();
}

/* The home route's chunks, from the build's map: <script type="application/json"
 * id="anjian-first-screen">{"/cockpit": {"js": [...], "css": [...]}, ...}</script>.
 * The links are the ones Vite's preload helper looks for, so it adds none again. */
function preloadRoute(path) {
  const el = document.getElementById('anjian-first-screen');
  let map = null;
  try { map = el ? JSON.parse(el.textContent) : null; } catch { map = null; }
  const r = map && map[path];
  if (!r) return;
  for (const href of r.css || []) {
    const l = document.createElement('link');
    l.rel = 'stylesheet';
    l.href = href;
    document.head.appendChild(l);
    state.preloaded.push(href);
  }
  for (const href of r.js || []) {
    const l = document.createElement('link');
    l.rel = 'modulepreload';
    l.as = 'script';
    l.crossOrigin = '';
    l.href = href;
    document.head.appendChild(l);
    state.preloaded.push(href);
  }
}

function start() {
  const path = location.pathname;
  if (path === '/login' || path.startsWith('/p/')) return;
  const me = prefetch('/api/auth/me');
  prefetch('/api/meta');
  prefetch('/api/risk/bands');
  prefetch('/api/inbox?status=unread&size=5');
  me.then((r) => (r.ok ? r.clone().json() : null)).then((j) => {
    if (!j || !j.role) return;
    const home = homeOf(j);
    state.home = home;
    if (path !== '/' && path !== home) return;
    for (const url of FIRST_SCREEN[home] || []) prefetch(url);
    preloadRoute(home);
  }).catch(() => {});
}

if (typeof window !== 'undefined' && !window.__anjianBoot) {
  window.__anjianBoot = state;
  performance.mark('anjian:boot');
  start();
}
