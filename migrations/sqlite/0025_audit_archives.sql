-- Audit archival 审计日志归档: records past the retention period (190 days at least) move to a file, one
-- archive at a time from the start of the chain. Each archive is a row here: the last record it took (id and
-- link), the file's SHA-256, and a keyed seal over them, so the newest archive anchors the chain that stays in
-- audit_log (its first record must follow the archive's last), and a deleted or edited archive row is seen.
CREATE TABLE audit_archives (
  id INTEGER PRIMARY KEY,
  first_id INTEGER NOT NULL,
  through_id INTEGER NOT NULL UNIQUE,
  through_hash TEXT NOT NULL,
  records INTEGER NOT NULL,
  file_sha256 TEXT NOT NULL,
  file_name TEXT NOT NULL,
  archived_at INTEGER NOT NULL,
  seal TEXT NOT NULL
) STRICT;
