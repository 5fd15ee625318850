-- 0009_idempotency: replayable writes (issue 8, inspections offline). A logged-in
-- client may send an Idempotency-Key header with any POST/PUT/DELETE (an offline
-- phone's queue does, see src/http/idempotency.c): the first request with a key is
-- run and its answer kept here; the same key again — the phone never heard the
-- answer — gets that answer back without running again. One row per (user, key):
-- the key's SHA-256 (the key itself is not kept), the request's fingerprint (method,
-- path and body hashed: the same key for another request is refused), status 0
-- while the first request runs. Rows older than a day are purged.
CREATE TABLE idem_request (
  user_id {{INT}} NOT NULL,
  key_hash TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status {{INT}} NOT NULL DEFAULT 0,
  content_type TEXT,
  body TEXT,
  created_at {{INT}} NOT NULL,            -- unix seconds
  PRIMARY KEY (user_id, key_hash)
);
CREATE INDEX idem_request_created ON idem_request (created_at);
