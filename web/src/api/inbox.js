// The in-app inbox (src/entity/inbox.c): the caller's own messages (reminders of
// duties due soon or overdue, hazards assigned, 督办, returns), read one by one or
// all at once. State-changing calls carry the CSRF header (utils/request).
//
// inboxState is the one unread count the header's bell shows and the 消息中心 page
// updates after it marks messages read, so the two never disagree.
import { reactive } from 'vue';
import request from '@/utils/request';
import { getObligation, obligationPath } from '@/api/obligation';

/** GET /api/inbox?status=&kind=&q=&page=&size= → {items,total} (newest first) */
export const listInbox = (params, opts = {}) => request('/api/inbox', { params, ...opts });
/** POST /api/inbox/:id/read {} → the row, now 已读 */
export const markRead = (id, opts = {}) => request(`/api/inbox/${id}/mark_read`, { method: 'POST', data: {}, ...opts });
/** POST /api/inbox/read-all {} → {read: n} */
export const markAllRead = (opts = {}) => request('/api/inbox/read-all', { method: 'POST', data: {}, ...opts });

/** Unread count and the latest five unread (the bell's dropdown). */
export const inboxState = reactive({ unread: 0, latest: [], loaded: false });

let inFlight = null;
/** Re-reads GET /api/inbox?status=unread&size=5 into inboxState (silent: a poll). */
export function refreshUnread() {
  if (inFlight) return inFlight;
  inFlight = listInbox({ status: 'unread', size: 5 }, { silent: true })
    .then((r) => {
      inboxState.unread = r.total || 0;
      inboxState.latest = r.items || [];
      inboxState.loaded = true;
    })
    .catch(() => { /* the next poll tries again */ })
    .finally(() => { inFlight = null; });
  return inFlight;
}

/** A same-origin path of the web, or null (a message never sends the browser elsewhere). */
function internal(p) {
  return typeof p === 'string' && p.startsWith('/') && !p.startsWith('//') && !p.startsWith('/api/') ? p : null;
}

/**
 * Where a message leads: a reminder about a duty (entity obligation) opens the
 * record that proves it, or the form that would; a hazard message its hazard;
 * anything else its link.
 */
export async function messagePath(m) {
  if (m.entity === 'obligation' && m.entity_id) {
    try {
      const row = await getObligation(m.entity_id, { silent: true });
      const p = await obligationPath(row);
      if (internal(p)) return p;
    } catch { /* the duty may be gone: fall back to the link */ }
  }
  if (m.entity === 'hazard' && m.entity_id) return `/hazard/${m.entity_id}`;
  return internal(m.link);
}

/** A message's title without a leading 【已逾期】-style mark its kind tag already shows. */
export function messageTitle(m, kindLabel) {
  const t = (m && m.title) || '';
  const x = /^【([^】]{1,8})】/.exec(t);
  return x && (x[1] === kindLabel || /逾期|到期/.test(x[1])) ? t.slice(x[0].length) : t;
}
