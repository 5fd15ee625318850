-- 0002_aggregates: running totals the regulator's cockpit reads instead of a GROUP BY
-- over a million rows (issue 3). The risk and hazard modules update them in the same
-- transaction as the rows they summarise; `anjian check` can recompute them.
-- org_id is always an enterprise org: risk points and hazards store the enterprise's
-- org in org_id and the internal unit (workshop/team/post org) in unit_id.

-- Risk points by level per enterprise (四色: red 重大, orange 较大, yellow 一般, blue 低).
CREATE TABLE risk_summary (
  org_id {{INT}} PRIMARY KEY,
  red {{INT}} NOT NULL DEFAULT 0,
  orange {{INT}} NOT NULL DEFAULT 0,
  yellow {{INT}} NOT NULL DEFAULT 0,
  blue {{INT}} NOT NULL DEFAULT 0,
  review_due {{INT}} NOT NULL DEFAULT 0,       -- risk points whose review date has passed (recomputed daily)
  updated_at TEXT
);

-- Hazards per enterprise, by state and level.
CREATE TABLE hazard_stats (
  org_id {{INT}} PRIMARY KEY,
  total {{INT}} NOT NULL DEFAULT 0,            -- every hazard ever registered (not dismissed)
  open_general {{INT}} NOT NULL DEFAULT 0,     -- not closed, level general
  open_major {{INT}} NOT NULL DEFAULT 0,       -- not closed, level major
  registered {{INT}} NOT NULL DEFAULT 0,
  rectifying {{INT}} NOT NULL DEFAULT 0,
  pending {{INT}} NOT NULL DEFAULT 0,
  closed {{INT}} NOT NULL DEFAULT 0,
  closed_on_time {{INT}} NOT NULL DEFAULT 0,   -- closed on or before the deadline
  supervised_open {{INT}} NOT NULL DEFAULT 0,  -- major hazards under 挂牌督办, not closed
  updated_at TEXT
);

-- Hazards found and closed per enterprise per month ('YYYY-MM'), for trends.
CREATE TABLE hazard_monthly (
  org_id {{INT}} NOT NULL,
  month TEXT NOT NULL,
  found {{INT}} NOT NULL DEFAULT 0,
  closed {{INT}} NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, month)
);
