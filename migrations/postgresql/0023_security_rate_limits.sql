-- Attempt counters of the per-address rate limits (log-in, registration, SMS sending), one row per address,
-- policy and fixed window, in the database so that every app node behind the balancer counts together.
CREATE TABLE security_rate_limits (
  bucket TEXT NOT NULL,
  window_start BIGINT NOT NULL,
  hits BIGINT NOT NULL,
  PRIMARY KEY (bucket, window_start)
);
