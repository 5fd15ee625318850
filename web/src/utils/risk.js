// Shared display rules of risk levels, colours and hazard states.

/** The four colours (国务院安委办〔2016〕11号: 红橙黄蓝), worst first. */
export const COLOURS = [
  { code: 'red', label: '红', level: 'major', levelLabel: '重大风险', hex: '#e02020' },
  { code: 'orange', label: '橙', level: 'high', levelLabel: '较大风险', hex: '#f08c00' },
  { code: 'yellow', label: '黄', level: 'medium', levelLabel: '一般风险', hex: '#f5c800' },
  { code: 'blue', label: '蓝', level: 'low', levelLabel: '低风险', hex: '#1e6fd9' },
];
export const NONE_HEX = '#b0b6bf';

const byCode = Object.fromEntries(COLOURS.map((c) => [c.code, c]));
const byLevel = Object.fromEntries(COLOURS.map((c) => [c.level, c]));

export function colourHex(code) { return (byCode[code] && byCode[code].hex) || NONE_HEX; }
export function colourLabel(code) { return (byCode[code] && byCode[code].label) || '未评估'; }
export function levelColour(level) { return (byLevel[level] && byLevel[level].code) || ''; }
export function levelLabel(level) { return (byLevel[level] && byLevel[level].levelLabel) || ''; }

/** LEC factor tables with their meanings (DOMAIN.md §3). */
export const LEC_L = [[10, '完全可以预料'], [6, '相当可能'], [3, '可能，但不经常'], [1, '可能性小，完全意外'],
  [0.5, '很不可能，可以设想'], [0.2, '极不可能'], [0.1, '实际不可能']];
export const LEC_E = [[10, '连续暴露'], [6, '每天工作时间内暴露'], [3, '每周一次或偶然暴露'], [2, '每月一次暴露'],
  [1, '每年几次暴露'], [0.5, '非常罕见地暴露']];
export const LEC_C = [[100, '大灾难，许多人死亡'], [40, '灾难，数人死亡'], [15, '非常严重，一人死亡'], [7, '严重，重伤'],
  [3, '重大，致残'], [1, '引人注目，需要救护']];
/** LS matrix (DOMAIN.md §4): L and S 1–5. */
export const LS_L = [[5, '很可能'], [4, '可能'], [3, '偶然'], [2, '不大可能'], [1, '极不可能']];
export const LS_S = [[5, '特别严重（多人死亡/重大损失）'], [4, '严重（一人死亡/较大损失）'], [3, '较严重（重伤/一般损失）'],
  [2, '一般（轻伤/较小损失）'], [1, '轻微（无伤亡/轻微损失）']];

/** Grades a score with a band table of GET /api/risk/bands (highest min first). */
export function grade(score, bands) {
  if (score === null || score === undefined || !Array.isArray(bands)) return null;
  for (const b of bands) {
    if (b.min_inclusive ? score >= b.min : score > b.min) return b;
  }
  return bands.length ? bands[bands.length - 1] : null;
}

/** Control levels from high to low; a risk level needs at least its band's min_control_level. */
export const CONTROL_LEVELS = ['company', 'workshop', 'team', 'post'];

/** Hazard states → el-tag type. */
export const HAZARD_STATUS_TAG = {
  registered: 'info', rectifying: 'warning', pending: 'primary', closed: 'success', dismissed: 'info',
};
export const HAZARD_STATUS_LABEL = {
  registered: '已登记', rectifying: '整改中', pending: '待验收', closed: '已销号', dismissed: '不予受理',
};

export function pct(v) {
  if (v === null || v === undefined) return '—';
  return `${(Number(v) * 100).toFixed(1)}%`;
}
