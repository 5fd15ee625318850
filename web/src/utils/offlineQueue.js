// A queue of changes kept on the phone (IndexedDB) until the network takes them:
// what 随手拍 (utils/reportQueue.js) and the inspection run page
// (views/inspect/run.vue) use when there is no signal — basements, plant rooms.
//
// An item is {key, body, files: [{name, type, blob, key}], …}: the change and the
// photos it still has to upload. flush() sends the items in the order they were
// first saved, each one's photos first (upload), then the change itself (send);
// the caller gives both an idempotency key (the item's, each photo's), so a change
// whose answer was lost is sent again and the server answers it with the first
// answer — each is stored once. It stops at the first network failure (the rest
// wait); an item the server refuses leaves the queue (drop) or stays marked with
// the error (keepRefused: the page shows the local copy and what was wrong).
//
// Saving an item under a key already queued replaces it (the newer state wins) but
// keeps its place in the order; an item changed while it was being sent stays for
// the next flush. "sent" keeps what the caller wants to remember of sent items;
// "kv" holds what the page cached to open without signal.
const DB_VERSION = 2;	/* 2: the "kv" store (a 随手拍 queue of version 1 keeps its items) */

function openDb(name) {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(name, DB_VERSION);
    r.onupgradeneeded = () => {
      for (const s of ['queue', 'sent']) if (!r.result.objectStoreNames.contains(s)) r.result.createObjectStore(s, { keyPath: 'key' });
      if (!r.result.objectStoreNames.contains('kv')) r.result.createObjectStore('kv');
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/**
 * Lets the pages of scope ("/p/", "/inspect/run/") open without signal: registers
 * the service worker (public/offline-sw.js) for it and has it keep the assets this
 * page loaded (and, outside /p/, the session the app starts from). Resolves true
 * when done, false without service workers (the page still works online).
 */
export async function keepForOffline(scope) {
  if (!('serviceWorker' in navigator)) return false;
  try {
    const reg = await navigator.serviceWorker.register('/offline-sw.js', { scope });
    const sw = reg.active || await new Promise((resolve) => {
      const w = reg.installing || reg.waiting;
      if (!w) resolve(null);
      else w.addEventListener('statechange', () => { if (w.state === 'activated' || w.state === 'redundant') resolve(w.state === 'activated' ? w : null); });
    });
    if (!sw) return false;
    const urls = performance.getEntriesByType('resource').map((e) => e.name);
    await new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve();
      sw.postMessage({ type: 'cache', urls }, [ch.port2]);
      setTimeout(resolve, 10000);
    });
    return true;
  } catch {
    return false;
  }
}

/** Forgets the session copy the service worker keeps (at logout). */
export async function forgetOfflineSession() {
  if (typeof caches !== 'undefined') await caches.delete('anjian-offline-session-v1');
}

/** Forgets what the pages of queue db cached to open without signal (at logout);
 * what still waits to be sent stays. */
export async function clearCached(db) {
  const d = await openDb(db);
  await new Promise((resolve, reject) => {
    const t = d.transaction('kv', 'readwrite');
    t.objectStore('kv').clear();
    t.oncomplete = resolve;
    t.onerror = () => reject(t.error);
  });
  d.close();
}

/** A random idempotency key: prefix and 32 hex characters. */
export function newKey(prefix = 'k') {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return prefix + '-' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** True for an error that means "try again later" (no network, busy), not a refusal. */
export function transient(e) {
  return !e || !e.status || e.status === 401 || e.status === 429 || e.status >= 500 ||
    (e.status === 403 && e.code === 'csrf') || (e.status === 409 && e.code === 'idempotency_busy');
}

/**
 * offlineQueue({db, upload, send, remember, keepRefused}):
 *   upload(file: File, rec: {name, type, blob, key}, item) → what send needs of it
 *   send(item, uploaded: [what upload returned]) → the server's answer
 *   remember(item, answer) → the record kept in "sent" (optional)
 */
export function offlineQueue({ db, upload, send, remember = null, keepRefused = false }) {
  let dbp = null;
  const open = () => (dbp ||= openDb(db).catch((e) => { dbp = null; throw e; }));

  async function tx(store, mode, fn) {
    const d = await open();
    return new Promise((resolve, reject) => {
      const t = d.transaction(store, mode);
      let out;
      const req = fn(t.objectStore(store), (v) => { out = v; });
      t.oncomplete = () => resolve(out !== undefined ? out : req && 'result' in req ? req.result : undefined);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  }

  /** Saves item (replacing one with its key, keeping its place); resolves to its revision. */
  const enqueue = (item) => tx('queue', 'readwrite', (s, set) => {
    const g = s.get(item.key);
    g.onsuccess = () => {
      const old = g.result;
      const rev = (old ? old.rev || 0 : 0) + 1;
      s.put({ ...item, rev, created: old ? old.created : Date.now(), error: null });
      set(rev);
    };
  });
  const queued = async () => (await tx('queue', 'readonly', (s) => s.getAll())).sort((a, b) => a.created - b.created);
  const sent = () => tx('sent', 'readonly', (s) => s.getAll());
  const remove = (key) => tx('queue', 'readwrite', (s) => s.delete(key));
  /* drops item key if it is still revision rev (not changed while being sent) */
  const done = (key, rev) => tx('queue', 'readwrite', (s) => {
    const g = s.get(key);
    g.onsuccess = () => { if (g.result && g.result.rev === rev) s.delete(key); };
  });
  const mark = (key, rev, error) => tx('queue', 'readwrite', (s) => {
    const g = s.get(key);
    g.onsuccess = () => { if (g.result && g.result.rev === rev) s.put({ ...g.result, error }); };
  });
  const cacheGet = (k) => tx('kv', 'readonly', (s) => s.get(k));
  const cachePut = (k, v) => tx('kv', 'readwrite', (s) => s.put(v, k));

  /* Sends one item into res; false on a network failure (stop). */
  async function sendOne(it, res) {
    try {
      const uploaded = [];
      for (const f of it.files || []) {
        const file = new File([f.blob], f.name || 'photo', { type: f.type });
        uploaded.push(await upload(file, f, it));
      }
      const answer = await send(it, uploaded);
      if (remember) await tx('sent', 'readwrite', (s) => s.put({ key: it.key, at: Date.now(), ...remember(it, answer) }));
      await done(it.key, it.rev);
      res.sent.push({ key: it.key, rev: it.rev, item: it, answer });
    } catch (e) {
      if (transient(e)) { res.stopped = e; return false; }
      const error = { message: e.message, code: e.code || null, status: e.status || null, field: e.field || null };
      if (keepRefused) await mark(it.key, it.rev, error);
      else await done(it.key, it.rev);
      res.refused.push({ key: it.key, item: it, error: e });
    }
    return true;
  }

  let flushing = null;
  let following = null;	/* the flush that starts when the running one ends */
  /**
   * Sends every queued item in order. Resolves to {sent: [{key, rev, item, answer}],
   * refused: [{key, item, error}], stopped: error | null (a network failure)}.
   * What is saved while sending is sent in the same flush. only(item) → false
   * leaves an item waiting (another user's).
   *
   * Called while a flush runs, it resolves after one more flush that starts when
   * the running one ends (callers joining meanwhile share it, with the first one's
   * only): the running one may have looked at the queue for the last time already,
   * and what was saved before the call is then sent by the promise it returns, not
   * left for a later call (a note typed while its item's answer was on the way).
   */
  function flush(only = () => true) {
    if (flushing) {
      following ||= flushing.catch(() => {}).then(() => {
        following = null;
        return flush(only);
      });
      return following;
    }
    flushing = (async () => {
      const res = { sent: [], refused: [], stopped: null };
      const tried = new Map();	/* key → revision sent in this flush */
      for (let more = true; more;) {
        const todo = (await queued()).filter((it) => !it.error && only(it) && tried.get(it.key) !== it.rev);
        more = todo.length > 0;
        for (const it of todo) {
          tried.set(it.key, it.rev);
          if (!(await sendOne(it, res))) { more = false; break; }
        }
      }
      return res;
    })().finally(() => { flushing = null; });
    return flushing;
  }

  return { enqueue, queued, sent, remove, flush, cacheGet, cachePut };
}
