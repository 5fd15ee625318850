// The filters a training page takes from its route (a home notice's link such as
// /training/cert?expiring=true): only the named keys, as the list's filter values.
export function routeFilters(route, keys) {
  const q = {};
  for (const k of keys) {
    const v = route.query[k];
    if (v !== undefined && v !== null && v !== '') q[k] = String(v);
  }
  return q;
}
