-- The audit log 审计日志 becomes `audit_log`, a hash chain: each record carries its keyed link (HMAC-SHA-256 of
-- its fields and the previous link, under a key the database never holds) and the previous record's link;
-- `audit_chain` holds the chain's head (the last record's id and link) under its own keyed seal, so cutting
-- off the newest records is seen too. Ids follow the chain with no gaps: the application assigns them.
ALTER TABLE audit_events RENAME TO audit_log;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
DROP INDEX audit_events_at;
DROP INDEX audit_events_actor;
DROP INDEX audit_events_action;
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_actor ON audit_log(actor_id, at);
CREATE INDEX audit_log_action ON audit_log(action, at);

-- One row: the head. An empty seal means no record has been linked yet (records written before this
-- migration are linked once, at the next `zhiyuan migrate` or server start).
CREATE TABLE audit_chain (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_id INTEGER NOT NULL,
  last_hash TEXT NOT NULL,
  seal TEXT NOT NULL
) STRICT;
INSERT INTO audit_chain (id, last_id, last_hash, seal) VALUES (1, 0, '', '');
