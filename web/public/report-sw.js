// Service worker of the public report pages (随手拍 offline; registered by
// src/views/report/publicReport.vue with scope /p/, so it controls only the
// public pages). It keeps what the page needs to open without signal:
//   - navigations under /p/: network first, else the cached app shell;
//   - /assets/* (content-hashed, immutable): cache first;
//   - GET /api/public/ent/*: network first, else the last card seen;
// and caches, on the page's request ("cache" message), the resources the page has
// already loaded. Reports themselves are never sent from here: the page queues them
// in IndexedDB and sends each once (idempotency key), see utils/reportQueue.js.
const CACHE = 'anjian-report-v1';

self.addEventListener('install', (ev) => {
  ev.waitUntil(caches.open(CACHE).then((c) => c.add('/p/report')).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (ev) => { ev.waitUntil(self.clients.claim()); });

async function networkFirst(req, key) {
  const c = await caches.open(CACHE);
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
  if (req.mode === 'navigate' && url.pathname.startsWith('/p/')) {
    ev.respondWith(networkFirst(req, '/p/report'));	/* one shell: the router reads the path */
  } else if (url.pathname.startsWith('/assets/')) {
    ev.respondWith(cacheFirst(req));
  } else if (url.pathname.startsWith('/api/public/ent/')) {
    ev.respondWith(networkFirst(req));
  }
});

self.addEventListener('message', (ev) => {
  const d = ev.data || {};
  if (d.type !== 'cache' || !Array.isArray(d.urls)) return;
  const port = ev.ports && ev.ports[0];
  const same = d.urls.filter((u) => { try { return new URL(u).origin === self.location.origin; } catch { return false; } })
    .filter((u) => new URL(u).pathname.startsWith('/assets/'));
  ev.waitUntil(caches.open(CACHE).then((c) => Promise.all(same.map((u) => c.add(u).catch(() => null))))
    .then(() => { if (port) port.postMessage({ ok: true, n: same.length }); }));
});
