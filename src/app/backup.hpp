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

}  // namespace zhiyuan::app
