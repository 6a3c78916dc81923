#include "storage/migrations.hpp"

#include <chrono>

namespace zhiyuan::storage {

const std::vector<Migration>& Embedded_sqlite();
const std::vector<Migration>& Embedded_pg();

namespace {

constexpr std::string_view kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at BIGINT NOT NULL)";
constexpr std::int64_t kMigrationLockKey = 0x7a6879756131;  // "zhyua1"

std::int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

const std::vector<Migration>& MigrationsFor(Dialect dialect) {
  return dialect == Dialect::kSqlite ? Embedded_sqlite() : Embedded_pg();
}

int CurrentSchemaVersion(Database& db) {
  auto lease = db.Acquire();
  lease->Execute(kCreateVersionTable);
  auto row = lease->QueryOne("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  return row ? int(row->Int(0)) : 0;
}

int Migrate(Database& db) {
  const auto& migrations = MigrationsFor(db.dialect());
  {
    auto lease = db.Acquire();
    lease->Execute(kCreateVersionTable);
  }
  int applied = 0;
  for (const auto& m : migrations) {
    Transaction tx(db, TxMode::kWrite);
    auto& conn = tx.conn();
    if (conn.dialect() == Dialect::kPostgres)
      conn.Execute("SELECT pg_advisory_xact_lock($1)", {kMigrationLockKey});
    if (conn.QueryOne("SELECT 1 FROM schema_migrations WHERE version = $1", {m.version})) continue;
    conn.ExecuteScript(m.sql);
    conn.Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                 {m.version, m.name, NowUnix()});
    tx.Commit();
    ++applied;
  }
  return applied;
}

}  // namespace zhiyuan::storage
