// The filters a training page takes from its route (a home notice's link such as
// /training/cert?expiring=true): only the named keys, as the list's filter values;
// enum labels from /api/meta.
import { fieldMeta } from '@/store/session';

export function routeFilters(route, keys) {
  const q = {};
  for (const k of keys) {
    const v = route.query[k];
    if (v !== undefined && v !== null && v !== '') q[k] = String(v);
  }
  return q;
}

/** The Chinese label of an enum value of entity.field from /api/meta ('' if none). */
export function enumLabel(entity, field, value) {
  const f = fieldMeta(entity, field);
  const o = f && (f.options || []).find((x) => x.value === value);
  return o ? o.label : '';
}
