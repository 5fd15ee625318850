// HTML escaping for the few places where text becomes markup: ECharts tooltip
// formatters (the tooltip is innerHTML) and anything else that builds an HTML
// string. Vue templates ({{ }}) escape by themselves and need none of this; never
// use v-html or innerHTML with user text.

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** s (any value; null/undefined → "") as HTML text: & < > " ' escaped. */
export function escapeHtml(s) {
  if (s === null || s === undefined) return '';
  return String(s).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/**
 * A tagged template that escapes every interpolated value:
 *   html`${name}<br/>未整改：${n}` — the literal parts are trusted markup.
 */
export function html(strings, ...values) {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += escapeHtml(values[i]) + strings[i + 1];
  return out;
}
