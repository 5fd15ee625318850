// v-loading="busy": the loading mask over an element while busy is truthy — the same
// markup and classes as Element Plus's v-loading (.el-loading-mask over a parent made
// .el-loading-parent--relative, the spinning circle of .el-loading-spinner), styled by
// its stylesheet, so pages and the browser tests (tests/e2e/lib.mjs settled()) see
// the mask they know. Element Plus's own directive mounts a Vue app with a fade
// transition for every mask, and hiding it forces a layout of the page (the
// transition's reflow) in the task that paints the data: on a cold first screen that
// was ~40 ms of a home (issue 12). This one adds and removes two plain elements; the
// mask goes without the fade. Only the plain form is supported (no
// element-loading-* attributes, no .fullscreen / .lock modifiers — none is used).
const MASK = Symbol('loadingMask');

function mask() {
  const m = document.createElement('div');
  m.className = 'el-loading-mask';
  m.setAttribute('aria-hidden', 'true');
  const s = document.createElement('div');
  s.className = 'el-loading-spinner';
  s.innerHTML = '<svg class="circular" viewBox="0 0 50 50"><circle class="path" cx="25" cy="25" r="20" fill="none"></circle></svg>';
  m.appendChild(s);
  return m;
}

function apply(el, on) {
  if (on && !el[MASK]) {
    el[MASK] = mask();
    el.classList.add('el-loading-parent--relative');
    el.setAttribute('aria-busy', 'true');
    el.appendChild(el[MASK]);
  } else if (!on && el[MASK]) {
    el[MASK].remove();
    el[MASK] = null;
    el.classList.remove('el-loading-parent--relative');
    el.removeAttribute('aria-busy');
  }
}

export default {
  mounted(el, b) { apply(el, !!b.value); },
  updated(el, b) {
    apply(el, !!b.value);
    /* Vue patched the children: keep the mask the last child, over them */
    if (el[MASK] && el.lastChild !== el[MASK]) el.appendChild(el[MASK]);
  },
  beforeUnmount(el) { apply(el, false); },
};
