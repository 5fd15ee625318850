// The phone's queue of public hazard reports (随手拍 without signal), on the shared
// offline queue (utils/offlineQueue.js): every report is first saved in IndexedDB
// with its photos (as Blobs) and a random idempotency key, then sent — photos first
// (POST /api/public/upload), then the report with the key (POST
// /api/public/report). A report whose answer was lost is sent again with the same
// key and the server answers with the same report and tracking code, so each is
// stored exactly once. What was sent (the codes) is kept in "sent"; a report the
// server refuses (400: e.g. markup in the text) leaves the queue with its error.
import { publicReport, publicUpload } from '@/api/report';
import { newKey as key, offlineQueue } from '@/utils/offlineQueue';

const q = offlineQueue({
  db: 'anjian-report',
  upload: async (file, rec, it) => (await publicUpload(file, it.keep)).token,
  send: (it, tokens) => publicReport({ ...it.body, photos: tokens, idempotency_key: it.key }),
  remember: (it, r) => ({ code: r.code, location: it.body.location }),
});

/** A random idempotency key (32 hex characters). */
export const newKey = () => key('r');
/** Saves a report {key, body, files: [{name, type, blob}], keep} in the queue. */
export const enqueue = (item) => q.enqueue(item);
export const queued = () => q.queued();
export const sent = () => q.sent();

/** Sends every queued report in order → {sent: [{key, code}], refused: [{key, error}]}. */
export async function flush() {
  const r = await q.flush();
  return { sent: r.sent.map((s) => ({ key: s.key, code: s.answer.code })), refused: r.refused };
}
