-- 0007_risk_review_due: risk_summary.review_due is dropped. It counted the risk points
-- past their review date, changed with the clock and was set only by anjian check, so
-- the home page showed 0 while reviews were due (issue 14, finding 13). The home's
-- 风险评审到期 list counts them from risk_point on each request instead.
ALTER TABLE risk_summary DROP COLUMN review_due;
