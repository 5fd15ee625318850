// Service worker of the pages that work without signal. Registered twice, by scope:
//   /p/           the public report pages (随手拍; src/views/report/publicReport.vue)
//   /inspect/run/ the inspection run page (src/views/inspect/run.vue)
// so it controls only those pages. It keeps what a page needs to open offline:
//   - navigations in its scope: network first, else the cached app shell (one
//     index.html: the router reads the path);
//   - /assets/* (content-hashed, immutable): cache first;
//   - /p/: GET /api/public/ent/* network first, else the last card seen;
//   - /inspect/run/: the session the app starts from (GET /api/auth/me, /api/meta,
//     /api/risk/bands) network first, else the last copy — in a cache of its own,
//     deleted at logout (src/store/session.js);
// and caches, on the page's request ("cache" message), the assets the page has
// already loaded. Nothing is ever sent from here: the pages queue changes in
// IndexedDB and send each once (idempotency keys), see utils/offlineQueue.js.
const CACHE = 'anjian-offline-v1';
const SESSION_CACHE = 'anjian-offline-session-v1';
const SCOPE = new URL(self.registration.scope).pathname;
const SHELL = SCOPE === '/p/' ? '/p/report' : SCOPE;
const SESSION_API = ['/api/auth/me', '/api/meta', '/api/risk/bands'];

self.addEventListener('install', (ev) => {
  ev.waitUntil(caches.open(CACHE).then((c) => c.add(SHELL)).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (ev) => {
  /* the cache of the first version (随手拍 only) */
  ev.waitUntil(caches.delete('anjian-report-v1').then(() => self.clients.claim()));
});

async function networkFirst(req, key, name = CACHE) {
  const c = await caches.open(name);
  try {
    const r = await fetch(req);
    if (r.ok) await c.put(key || req, r.clone());
    return r;
  } catch (e) {
    const hit = await c.match(key || req);
    if (hit) return hit;
    throw e;
  }
}

async function cacheFirst(req) {
  const c = await caches.open(CACHE);
  const hit = await c.match(req);
  if (hit) return hit;
  const r = await fetch(req);
  if (r.ok) await c.put(req, r.clone());
  return r;
}

self.addEventListener('fetch', (ev) => {
  const req = ev.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === 'navigate' && url.pathname.startsWith(SCOPE)) {
    ev.respondWith(networkFirst(req, SHELL));
  } else if (url.pathname.startsWith('/assets/')) {
    ev.respondWith(cacheFirst(req));
  } else if (SCOPE === '/p/' && url.pathname.startsWith('/api/public/ent/')) {
    ev.respondWith(networkFirst(req));
  } else if (SCOPE !== '/p/' && SESSION_API.includes(url.pathname)) {
    ev.respondWith(networkFirst(req, url.pathname, SESSION_CACHE));
  }
});

/* {type: "cache", urls}: the assets the page loaded (before this worker controlled
 * it) are kept; outside /p/ the session the app starts from too. */
self.addEventListener('message', (ev) => {
  const d = ev.data || {};
  if (d.type !== 'cache' || !Array.isArray(d.urls)) return;
  const port = ev.ports && ev.ports[0];
  const same = d.urls.filter((u) => { try { return new URL(u).origin === self.location.origin; } catch { return false; } })
    .filter((u) => new URL(u).pathname.startsWith('/assets/'));
  const assets = caches.open(CACHE).then((c) => Promise.all(same.map((u) => c.add(u).catch(() => null))));
  const session = SCOPE === '/p/' ? null
    : caches.open(SESSION_CACHE).then((c) => Promise.all(SESSION_API.map((u) => c.add(u).catch(() => null))));
  ev.waitUntil(Promise.all([assets, session])
    .then(() => { if (port) port.postMessage({ ok: true, n: same.length }); }));
});
