#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace zhiyuan::storage {

// Group commit for SQLite's single writer. Writers still take turns, one at a time, on one connection, inside
// a transaction the turns share; each writer after the first works in a SAVEPOINT. A writer that finishes while others wait
// for their turn leaves its work in the open transaction and waits; the writer that finds no one waiting
// commits them all with one COMMIT — one fdatasync instead of one each, the cost that bounds a burst of
// check-ins. No Commit() returns before its batch's COMMIT has, so nothing acknowledged can be lost; when that
// COMMIT fails, every writer of the batch gets the error and none of their work is kept. A writer that rolls
// back undoes only its own savepoint (the first writer, having none, rolls back the batch it alone is in).
class SqliteWriteGroup final : public WriteGroup {
 public:
  explicit SqliteWriteGroup(Database& db) : db_(db) {}
  Connection& Join() override;
  void Commit() override;
  void Leave() noexcept override;

  // Bounds how long the first writer of a batch waits for its answer.
  static constexpr int kMaxBatch = 32;

 private:
  struct Batch {
    std::mutex mutex;
    std::condition_variable done_cv;
    bool done = false;
    std::optional<DbError> error;
  };
  // Commits (or, with an error, rolls back) the open transaction, returns its connection, wakes its writers.
  std::optional<DbError> EndBatch(std::optional<DbError> error);
  void GiveUpTurn(std::optional<DbError> error);
  // Someone waits for the turn and the batch may grow: the turn holder leaves the batch open for them.
  bool OthersMayJoin() const { return waiting_.load() > 0 && members_ < kMaxBatch; }

  Database& db_;
  std::mutex turn_;
  std::atomic<int> waiting_{0};
  // Owned by the writer holding the turn.
  std::optional<Lease> lease_;
  std::shared_ptr<Batch> batch_;
  int members_ = 0;
  bool savepoint_ = false;  // the turn holder's work is in a savepoint (it is not the batch's first writer)
};

// SQLite in WAL mode with synchronous=FULL: a commit is on disk before it is acknowledged, so a crash
// (kill -9, power loss) loses nothing acknowledged. Readers run concurrently; writers take turns and share
// commits (SqliteWriteGroup).
class SqliteDatabase final : public PooledDatabase {
 public:
  explicit SqliteDatabase(const DatabaseOptions& options);
  Dialect dialect() const override { return Dialect::kSqlite; }
  WriteGroup* write_group() override { return &writers_; }
  std::string Describe() const override { return "sqlite:" + path_; }

  // Rewrites $1..$N to ?1..?N outside string literals, so one SQL text serves both backends.
  static std::string RewritePlaceholders(std::string_view sql);

 protected:
  std::unique_ptr<Connection> OpenConnection() override;

 private:
  std::string path_;
  bool synchronous_full_;
  int cache_mb_;
  SqliteWriteGroup writers_{*this};
};

}  // namespace zhiyuan::storage
