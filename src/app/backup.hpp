#pragma once

#include <string>

#include "app/wiring.hpp"

namespace zhiyuan::app {

// `zhiyuan backup PATH`: a consistent copy of the whole database while the server may be running — SQLite's
// online backup API into a new SQLite file; on PostgreSQL, pg_dump's custom format. Keys are not in the backup
// (keep the key file apart from it). Returns a process exit code (message on stderr).
int Backup(Wiring& w, const std::string& path);

// `zhiyuan restore PATH`: replaces the database's contents with a backup written by `zhiyuan backup` for the
// same backend, in one step (a failed restore leaves the database as it was). The servers must be stopped.
int Restore(Wiring& w, const std::string& path);

// `zhiyuan audit archive --before YYYY-MM-DD PATH`: moves the audit records older than that day (and older than
// the retention period) from the start of the chain to a file (JSON lines, links included), then records the
// archive (sealed) and deletes those records in one transaction; the archive anchors the chain that stays.
int AuditArchive(Wiring& w, const std::string& before, const std::string& path, int retention_days);

// `zhiyuan audit verify-archive PATH`: recomputes the links of an archive file.
int AuditVerifyArchive(Wiring& w, const std::string& path);

}  // namespace zhiyuan::app
