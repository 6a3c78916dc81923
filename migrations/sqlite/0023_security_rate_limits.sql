-- Attempt counters of the per-address rate limits (log-in, registration, SMS sending), one row per address,
-- policy and fixed window, in the database so that every app node behind the balancer counts together.
CREATE TABLE security_rate_limits (
  bucket TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  hits INTEGER NOT NULL,
  PRIMARY KEY (bucket, window_start)
) STRICT;
