// The tooltip formatters of anjian's charts. The pages import them from here, the
// library itself is utils/echartsCore.js, which components/EChart.vue loads
// dynamically, so importing a formatter loads no ECharts code.
import { escapeHtml } from './html';

/* ----------------------------------------------------------- tooltips
 * ECharts writes a tooltip as HTML (innerHTML). Its default markup carries inline
 * style attributes, which a Content-Security-Policy without 'unsafe-inline' in
 * style-src refuses; so every chart here formats its own tooltip: text escaped
 * (utils/html.js), colours by class (styles/index.css .ec-dot-<hex>). */

/* The colours a series may have (the palettes of utils/risk.js and
 * utils/workflow.js); any other shows as grey. */
const DOT = new Set(['e02020', 'f08c00', 'f5c800', '1e6fd9', 'b0b6bf',
  '409eff', '67c23a', 'e6a23c', 'f56c6c', '909399']);
function dot(colour) {
  const k = typeof colour === 'string' ? colour.replace('#', '').toLowerCase() : '';
  return `<i class="ec-dot ec-dot-${DOT.has(k) ? k : 'b0b6bf'}"></i>`;
}

/** A tooltip formatter for trigger: 'axis' — the axis value, then one row per
 * series: dot, series name, value. */
export function axisTooltip(params) {
  const ps = Array.isArray(params) ? params : [params];
  if (!ps.length) return '';
  const rows = ps.map((p) => `<div class="ec-tip-row">${dot(p.color)}<span>${escapeHtml(p.seriesName)}</span>`
    + `<b>${escapeHtml(Array.isArray(p.value) ? p.value[p.value.length - 1] : p.value)}</b></div>`);
  return `<div class="ec-tip-title">${escapeHtml(ps[0].axisValueLabel ?? ps[0].name)}</div>${rows.join('')}`;
}

/** A tooltip formatter for trigger: 'item' of a pie — dot, name, value unit, share. */
export function pieTooltip(unit = '') {
  return (p) => `<div class="ec-tip-row">${dot(p.color)}<span>${escapeHtml(p.name)}</span>`
    + `<b>${escapeHtml(p.value)}${escapeHtml(unit)}（${escapeHtml(p.percent)}%）</b></div>`;
}
