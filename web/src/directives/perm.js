// v-perm (RuoYi's v-hasPermi): shows an element only when the server grants the
// permission code — v-perm="'hazard:create'" or any of an array
// v-perm="['risk_report:generate', 'risk_report:update']". The element is hidden,
// not removed, so Vue's patching stays intact and a later change of the session
// shows it again. Use v-if="hasPerm(…)" where nothing should be rendered at all.
import { hasPerm } from '@/store/session';

function apply(el, binding) {
  const ok = binding.value === undefined || binding.value === null || binding.value === '' || hasPerm(binding.value);
  if (ok) {
    if (el.__permDisplay !== undefined) { el.style.display = el.__permDisplay; delete el.__permDisplay; }
    el.removeAttribute('data-perm-denied');
  } else {
    if (el.__permDisplay === undefined) el.__permDisplay = el.style.display;
    el.style.display = 'none';
    el.setAttribute('data-perm-denied', String(binding.value));
  }
}

export default { mounted: apply, updated: apply };
