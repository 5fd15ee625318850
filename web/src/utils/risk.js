// Risk levels and colours as the server defines them (GET /api/risk/bands, loaded
// with the session): which level has which colour, their labels, the order worst
// first, the LEC factor values and the bands that grade a score. What stays here is
// presentation only: the hex of each colour code.
import { fieldMeta, session } from '@/store/session';

/* The screen colour of each colour code the server uses (红橙黄蓝, 未评估). */
const HEX = { red: '#e02020', orange: '#f08c00', yellow: '#f5c800', blue: '#1e6fd9' };
export const NONE_HEX = '#b0b6bf';

export function colourHex(code) { return HEX[code] || NONE_HEX; }
/** Text colour readable on colourHex(code). */
export function colourInk(code) { return code === 'yellow' ? '#303133' : '#fff'; }

function bandRows() {
  const b = session.bands;
  if (!b) return [];
  return [...((b.lec && b.lec.bands) || []), ...((b.ls && b.ls.bands) || [])];
}

/** The risk levels worst first, one per level of the band tables:
 * [{level, label, colour, colourLabel, hex}]. */
export function riskLevels() {
  const out = [];
  for (const r of bandRows()) {
    if (out.some((x) => x.level === r.level)) continue;
    out.push({ level: r.level, label: r.level_label, colour: r.colour, colourLabel: r.colour_label, hex: colourHex(r.colour) });
  }
  return out;
}

export function levelColour(level) { const x = riskLevels().find((l) => l.level === level); return x ? x.colour : ''; }
export function levelLabel(level) {
  const x = riskLevels().find((l) => l.level === level);
  if (x) return x.label;
  return enumText('risk_point', 'level', level);
}
export function colourLabel(code) {
  const x = riskLevels().find((l) => l.colour === code);
  if (x) return x.colourLabel;
  return enumText('risk_point', 'colour', code) || '未评估';
}

function enumText(entity, field, v) {
  const f = fieldMeta(entity, field);
  const o = f && (f.options || []).find((x) => x.value === v);
  return o ? o.label : '';
}

/** Grades score with a band table of GET /api/risk/bands (highest min first), the
 * same lookup the server makes; a preview only — the server grades on save. */
export function grade(score, bands) {
  if (score === null || score === undefined || !Array.isArray(bands)) return null;
  for (const b of bands) {
    if (b.min_inclusive ? score >= b.min : score > b.min) return b;
  }
  return bands.length ? bands[bands.length - 1] : null;
}

/**
 * The values a scoring factor may take: from GET /api/risk/bands (lec.l, lec.e,
 * lec.c; ls.l, ls.s when the server lists them), else the whole numbers of the
 * field's declared range (risk_point ls_l, ls_s: 1–5). Each as {value, label}: a
 * server entry may be a number or {value, label} (a meaning such as 相当可能).
 */
export function factorOptions(method, key) {
  const m = session.bands && session.bands[method];
  let vals = m && Array.isArray(m[key]) ? m[key] : null;
  if (!vals) {
    const f = fieldMeta('risk_point', `${method}_${key}`);
    vals = [];
    if (f && typeof f.min === 'number' && typeof f.max === 'number') {
      for (let v = f.max; v >= f.min; v--) vals.push(v);
    }
  }
  return vals.map((v) => (typeof v === 'object' && v !== null
    ? { value: v.value, label: v.label ? `${v.value}　${v.label}` : String(v.value) }
    : { value: v, label: String(v) }));
}
