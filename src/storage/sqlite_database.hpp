#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace zhiyuan::storage {

// SQLite in WAL mode with synchronous=FULL: a commit is on disk before it is acknowledged, so a crash
// (kill -9, power loss) loses nothing acknowledged. Readers run concurrently; writers are serialised.
class SqliteDatabase final : public PooledDatabase {
 public:
  explicit SqliteDatabase(const DatabaseOptions& options);
  Dialect dialect() const override { return Dialect::kSqlite; }
  std::unique_lock<std::mutex> WriteLock() override { return std::unique_lock(write_mutex_); }
  std::string Describe() const override { return "sqlite:" + path_; }

  // Rewrites $1..$N to ?1..?N outside string literals, so one SQL text serves both backends.
  static std::string RewritePlaceholders(std::string_view sql);

 protected:
  std::unique_ptr<Connection> OpenConnection() override;

 private:

  std::string path_;
  bool synchronous_full_;
  int cache_mb_;
  std::mutex write_mutex_;
};

}  // namespace zhiyuan::storage
