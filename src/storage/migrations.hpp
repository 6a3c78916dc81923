#pragma once

#include <string>
#include <vector>

#include "storage/database.hpp"

namespace zhiyuan::storage {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// The migrations compiled into the binary for one dialect, in version order.
const std::vector<Migration>& MigrationsFor(Dialect dialect);

// Applies the pending migrations, each in its own transaction; returns how many were applied.
// Safe to run from two processes at once (SQLite: an immediate transaction; PostgreSQL: an advisory lock).
int Migrate(Database& db);
// The highest applied version, 0 for an empty database.
int CurrentSchemaVersion(Database& db);

}  // namespace zhiyuan::storage
