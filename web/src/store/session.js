// The logged-in session: GET /api/auth/me (user, org, role, csrf) and GET /api/meta
// (entity declarations with can_* for this role), loaded once after login and
// cleared on logout. A plain reactive object is enough for an app of this size.
import { reactive, ref } from 'vue';
import { getMe, logout as apiLogout } from '@/api/auth';
import { getMeta } from '@/api/meta';
import { setCsrf } from '@/utils/request';

export const session = reactive({
  loaded: false,
  me: null,		/* {user, org, role, csrf, permissions} */
  meta: null,		/* {entities:[…], roles:[…]} */
});

let loading = null;

/** Loads me + meta; resolves true when logged in, false when not. */
export function loadSession(force = false) {
  if (session.loaded && !force) return Promise.resolve(true);
  if (loading) return loading;
  loading = (async () => {
    try {
      const me = await getMe();
      setCsrf(me.csrf);
      session.me = me;
      session.meta = await getMeta();
      session.loaded = true;
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
  session.loaded = false;
  session.me = null;
  session.meta = null;
  setCsrf('');
}

export async function logout() {
  try { await apiLogout(); } catch { /* the session is gone either way */ }
  clearSession();
}

export const role = () => (session.me && session.me.role) || '';
export const hasRole = (...roles) => roles.includes(role());
export const isEnterpriseUser = () => hasRole('ent_manager', 'ent_principal', 'staff');

/** The /api/meta declaration of one entity (null if unknown to this role). */
export function entityMeta(name) {
  if (!session.meta) return null;
  return session.meta.entities.find((e) => e.name === name) || null;
}

/** Phone width (< 768px): sidebar as drawer, full-screen dialogs. */
const mq = typeof window !== 'undefined' ? window.matchMedia('(max-width: 767px)') : null;
export const isMobile = ref(mq ? mq.matches : false);
if (mq) mq.addEventListener('change', (e) => { isMobile.value = e.matches; });
