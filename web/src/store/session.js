// The logged-in session, loaded once after login and cleared on logout:
//   me     GET /api/auth/me    user, org, role, csrf and permissions — the codes the
//                              server's own role checks grant ("hazard:create",
//                              "hazard:verify", "user:reset-password" …)
//   meta   GET /api/meta       entity declarations: fields, enum options, and for an
//                              entity with a workflow its states and actions (inputs)
//   bands  GET /api/risk/bands the risk scoring in force (LEC factors, band tables:
//                              level, colour, labels, lowest control level)
// The front end decides nothing the server decides: buttons come from
// me.permissions (hasPerm) and a row's "_actions" (canAct); labels, colours and
// scoring tables from meta and bands. A plain reactive object is enough here; the
// three answers are replaced whole, never changed in place, so each is kept raw
// (markRaw): a page reading /api/meta's ~400 KB of declarations walks plain objects,
// not reactive proxies made on every access.
import { markRaw, reactive, ref } from 'vue';
import { getMe, logout as apiLogout } from '@/api/auth';
import { getMeta } from '@/api/meta';
import { getBands } from '@/api/risk';
import { setCsrf } from '@/utils/request';
import { forget as forgetPrefetched } from '@/boot';
import { clearCached, forgetOfflineSession } from '@/utils/offlineQueue';

export const session = reactive({
  loaded: false,
  me: null,		/* {user, org, role, csrf, permissions} */
  meta: null,		/* {entities:[…], roles:[…]} */
  bands: null,		/* {lec:{l,e,c,bands}, ls:{bands}} or null when not loadable */
});

let loading = null;

/** Loads me + meta (+ bands); resolves true when logged in, false when not. */
export function loadSession(force = false) {
  if (session.loaded && !force) return Promise.resolve(true);
  if (loading) return loading;
  loading = (async () => {
    try {
      /* the three at once (a first screen waits for all): without a session the
       * meta request fails like me, and me's failure decides */
      const metaP = getMeta({ noLogin: true });
      metaP.catch(() => {});
      const [me, meta, bands] = await Promise.all([getMe(), metaP, getBands({ silent: true, noLogin: true }).catch(() => null)]);
      setCsrf(me.csrf);
      session.me = me && markRaw(me);
      session.meta = meta && markRaw(meta);
      session.bands = bands && markRaw(bands);
      session.loaded = true;
      performance.mark('anjian:session');
      return true;
    } catch {
      clearSession();
      return false;
    } finally {
      loading = null;
    }
  })();
  return loading;
}

export function clearSession() {
  forgetPrefetched();	/* e.g. a 401 boot.js fetched for the bell must not answer after login */
  session.loaded = false;
  session.me = null;
  session.meta = null;
  session.bands = null;
  setCsrf('');
}

export async function logout() {
  try { await apiLogout(); } catch { /* the session is gone either way */ }
  /* the inspections kept on the phone for offline work are the user's: forgotten
   * (answers not yet sent stay queued, to be sent when the same user logs in) */
  try { await clearCached('anjian-inspect'); } catch { /* no IndexedDB */ }
  try { await forgetOfflineSession(); } catch { /* no Cache Storage */ }
  clearSession();
}

/** The role's code ("admin", "regulator" …): for the pages that have no permission
 * code (router meta.roles) and the menu's shape, never for deciding what a user may
 * do — that is hasPerm() and canAct(). */
export const role = () => (session.me && session.me.role) || '';
/** A user whose own org is an enterprise (its home, its 企业档案). */
export const isEnterpriseUser = () => !!session.me && !!session.me.org && ['enterprise', 'unit'].includes(session.me.org.kind);

/* ------------------------------------------------------------ permissions */

/* Codes of module routes that the server does not publish in /api/auth/me yet,
 * with the roles of their route rows (src/mod/*.c). Only while the code is
 * missing: delete an entry as soon as its module calls entity_perm_register(). */
const UNPUBLISHED = {};

/** True if the server grants the current user permission code (any of codes when
 * given an array). */
export function hasPerm(code) {
  if (Array.isArray(code)) return code.some((c) => hasPerm(c));
  const ps = (session.me && session.me.permissions) || [];
  if (ps.includes(code)) return true;
  const pending = UNPUBLISHED[code];
  return !!pending && pending.includes(role());
}

/** The actions the server says the caller may do on row now ([{verb,label}]). */
export function rowActions(row) {
  return (row && Array.isArray(row._actions)) ? row._actions : [];
}

/** True if row's "_actions" lists verb. */
export function canAct(row, verb) {
  return rowActions(row).some((a) => a.verb === verb);
}

/* ------------------------------------------------------------------ meta */

/** The /api/meta declaration of one entity (null if unknown to this role). */
export function entityMeta(name) {
  if (!session.meta) return null;
  return session.meta.entities.find((e) => e.name === name) || null;
}

/** Field name of entity's declaration, or null. */
export function fieldMeta(entity, name) {
  const m = entityMeta(entity);
  return (m && m.fields.find((f) => f.name === name)) || null;
}

/** The declared action verb of entity's workflow ({verb,label,perm,from,to,inputs}). */
export function actionMeta(entity, verb) {
  const m = entityMeta(entity);
  return (m && (m.actions || []).find((a) => a.verb === verb)) || null;
}

/** Phone width (< 768px): sidebar as drawer, full-screen dialogs. */
const mq = typeof window !== 'undefined' ? window.matchMedia('(max-width: 767px)') : null;
export const isMobile = ref(mq ? mq.matches : false);
if (mq) mq.addEventListener('change', (e) => { isMobile.value = e.matches; });
