// Display helpers: dates as YYYY-MM-DD, money with two decimals, enum labels.

/** "2024-05-01 08:30:00" or "2024-05-01" → "2024-05-01". */
export function fmtDate(v) {
  if (!v) return '';
  return String(v).slice(0, 10);
}

/** "2024-05-01 08:30:00" → "2024-05-01 08:30". */
export function fmtDateTime(v) {
  if (!v) return '';
  return String(v).slice(0, 16);
}

export function fmtMoney(v) {
  if (v === null || v === undefined || v === '') return '';
  const n = Number(v);
  return Number.isFinite(n) ? n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : String(v);
}

export function enumLabel(field, v) {
  if (v === null || v === undefined || v === '') return '';
  const o = (field.options || []).find((x) => String(x.value) === String(v));
  return o ? o.label : String(v);
}

/** A field's value as plain display text (tables, descriptions). */
export function displayValue(field, row) {
  const v = row[field.name];
  switch (field.type) {
    case 'enum': return enumLabel(field, v);
    case 'bool': return v === true || v === 1 ? '是' : v === false || v === 0 ? '否' : '';
    case 'ref': return row[field.name + '_label'] ?? (v ?? '');
    case 'date': return fmtDate(v);
    case 'datetime': return fmtDateTime(v);
    case 'money': return fmtMoney(v);
    case 'files': {
      const fl = row[field.name + '_files'];
      if (Array.isArray(fl)) return fl.map((f) => f.name).join('、');
      return Array.isArray(v) && v.length ? `${v.length} 个文件` : '';
    }
    default: return v === null || v === undefined ? '' : String(v);
  }
}

/** Today in Asia/Shanghai as YYYY-MM-DD: China has kept UTC+8 without daylight saving
 * since 1991, so it is the UTC date eight hours on. (Not Intl.DateTimeFormat with
 * timeZone: building the first one loads the time-zone data, ~25 ms of a cold first
 * screen.) */
export function today() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** A rate 0–1 as "12.3%" ("—" when unknown). */
export function pct(v) {
  if (v === null || v === undefined) return '—';
  return `${(Number(v) * 100).toFixed(1)}%`;
}
