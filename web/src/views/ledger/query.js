// The route's string query as a list's initial filters (a home notice's link such as
// ?msds_missing=true), less the tab that picks the pane.
export function routeFilters(route) {
  const q = {};
  for (const [k, v] of Object.entries(route.query)) if (k !== 'tab' && typeof v === 'string' && v) q[k] = v;
  return q;
}

/** The enterprise a district user names when registering a record (its org becomes
 * the record's org_id); enterprise users register for their own. */
export const ENTERPRISE_PICK = [{ name: 'org_id', label: '所属企业', type: 'ref', ref: 'enterprise', valueKey: 'org_id',
  required: true, createOnly: true, first: true }];
