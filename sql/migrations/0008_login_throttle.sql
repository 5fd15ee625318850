-- 0008_login_throttle: attempt counters instead of the account lock (issue 14,
-- finding 5: five wrong passwords locked any account, the admin's included, and 423
-- told real names from unknown ones). One row per throttled key — "ua:<name>|<ip>",
-- "u:<name>", "a:<ip>", "d:<device>", "pw:<user id>" — shared by every server process
-- on the database; a row is claimed by compare-and-set, so parallel guesses each
-- spend one attempt. login_device: browsers that have logged in as a user before
-- (the anjian_device cookie's SHA-256); a known device is not slowed down by
-- failures from elsewhere (OWASP "device cookies").
CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,
  failures {{INT}} NOT NULL DEFAULT 0,
  next_at {{INT}} NOT NULL DEFAULT 0,     -- unix seconds before which the key is refused
  updated_at {{INT}} NOT NULL             -- last failure (unix seconds)
);
CREATE TABLE login_device (
  token_hash TEXT PRIMARY KEY,
  user_id {{INT}} NOT NULL,
  created_at {{INT}} NOT NULL,
  last_used {{INT}} NOT NULL
);
CREATE INDEX login_device_user ON login_device (user_id);
