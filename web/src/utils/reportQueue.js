// The phone's queue of public hazard reports (随手拍 without signal): every report
// is first saved in IndexedDB with its photos (as Blobs) and a random idempotency
// key, then sent — photos first (POST /api/public/upload), then the report with the
// key (POST /api/public/report). A report whose answer was lost is sent again with
// the same key and the server answers with the same report and tracking code, so
// each is stored exactly once. What was sent (the codes) is kept in "sent".
import { publicReport, publicUpload } from '@/api/report';

const DB = 'anjian-report';
let dbp = null;

function open() {
  if (!dbp) {
    dbp = new Promise((resolve, reject) => {
      const r = indexedDB.open(DB, 1);
      r.onupgradeneeded = () => {
        r.result.createObjectStore('queue', { keyPath: 'key' });
        r.result.createObjectStore('sent', { keyPath: 'key' });
      };
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }
  return dbp;
}

async function tx(store, mode, fn) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const t = db.transaction(store, mode);
    const out = fn(t.objectStore(store));
    t.oncomplete = () => resolve(out && 'result' in out ? out.result : undefined);
    t.onerror = () => reject(t.error);
  });
}

/** A random idempotency key (32 hex characters). */
export function newKey() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return 'r-' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Saves a report {key, body, files: [{name, type, blob}], keep} in the queue. */
export const enqueue = (item) => tx('queue', 'readwrite', (s) => s.put({ ...item, created: Date.now() }));
export const queued = () => tx('queue', 'readonly', (s) => s.getAll());
export const sent = () => tx('sent', 'readonly', (s) => s.getAll());
const drop = (key) => tx('queue', 'readwrite', (s) => s.delete(key));
const remember = (rec) => tx('sent', 'readwrite', (s) => s.put(rec));

/** True for an error that means "no network" (try again later), not a refusal. */
function transient(e) {
  return !e.status || e.status === 429 || e.status === 503 || e.status >= 500;
}

let flushing = null;
/**
 * Sends every queued report in order. Resolves to {sent: [{key, code}], refused:
 * [{key, error}]}; stops at the first network failure (the rest wait). A report the
 * server refuses (400: e.g. markup in the text) leaves the queue with its error.
 */
export function flush() {
  if (flushing) return flushing;
  flushing = (async () => {
    const res = { sent: [], refused: [] };
    for (const it of (await queued()).sort((a, b) => a.created - b.created)) {
      try {
        const tokens = [];
        for (const f of it.files || []) {
          const file = new File([f.blob], f.name || 'photo', { type: f.type });
          tokens.push((await publicUpload(file, it.keep)).token);
        }
        const r = await publicReport({ ...it.body, photos: tokens, idempotency_key: it.key });
        await remember({ key: it.key, code: r.code, location: it.body.location, at: Date.now() });
        await drop(it.key);
        res.sent.push({ key: it.key, code: r.code });
      } catch (e) {
        if (transient(e)) break;
        await drop(it.key);
        res.refused.push({ key: it.key, error: e });
      }
    }
    return res;
  })().finally(() => { flushing = null; });
  return flushing;
}
