-- 0010_scope_unseen: for a viewer whose scope holds all but a few orgs (a district
-- regulator: every enterprise, not the other regulators' nodes), the orgs it does not
-- see, kept by scope_rebuild() beside scope_org and scope_size. A list total may then
-- drop the per-row scope check when none of the table's rows lies in those orgs
-- (lp_scope_covers_rows): one index probe per unseen org, where finding them from
-- scope_org took a probe for every org of the district (~1 ms at 2,000 enterprises)
-- each time a write made the totals be counted again.
CREATE TABLE scope_unseen (
  viewer {{INT}} NOT NULL,
  org_id {{INT}} NOT NULL,
  PRIMARY KEY (viewer, org_id)
);
INSERT INTO scope_unseen (viewer, org_id)
SELECT v.viewer, o.id FROM scope_size v, org o
WHERE v.n >= (SELECT COUNT(*) FROM org) - 64
  AND NOT EXISTS (SELECT 1 FROM scope_org s WHERE s.viewer = v.viewer AND s.org_id = o.id);
