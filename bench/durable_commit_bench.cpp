// The storage ceiling for `make bench`: durable single-row commits per second on a SQLite file opened exactly
// as the server opens it (storage::Database::Open: WAL, synchronous=FULL, the server's pool size and page
// cache). Each commit is one transaction holding one INSERT, committed on its own: the writers take turns
// behind a mutex as SQLite's single writer must, but they do not share commits the way the server's
// SqliteWriteGroup does, so nothing is batched. This is what one durable commit per request would allow.
//
// usage: durable_commit_bench FILE SECONDS WRITERS...   e.g. durable_commit_bench /tmp/x/ceiling.db 5 1 8
// Prints one line per writer count, "writers=N commits=C seconds=S commits_per_s=R", then
// "best_commits_per_s=R" (the highest). FILE is created (and its -wal/-shm beside it); remove it afterwards.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "storage/database.hpp"

namespace {

using zhiyuan::storage::Database;
using zhiyuan::storage::DatabaseOptions;
using zhiyuan::storage::Transaction;
using zhiyuan::storage::TxMode;

// About the size of an attendance row with its audit event: a few integers and a short text.
constexpr const char* kInsert =
    "INSERT INTO bench_commits (writer, seq, at, payload) VALUES ($1, $2, $3, $4)";
const std::string kPayload(160, 'x');

struct RunResult {
  std::int64_t commits = 0;
  double seconds = 0;
};

RunResult Run(Database& db, int writers, std::chrono::duration<double> length, std::int64_t until_commits = 0) {
  std::atomic<bool> stop{false};
  std::mutex writer_turn;
  std::atomic<std::int64_t> commits{0};
  std::vector<std::thread> threads;
  auto started = std::chrono::steady_clock::now();
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      std::int64_t seq = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        std::lock_guard turn(writer_turn);
        auto conn = db.Acquire();
        conn->Execute("BEGIN IMMEDIATE");
        conn->Execute(kInsert, {w, ++seq, std::int64_t(std::time(nullptr)), kPayload});
        conn->Execute("COMMIT");
        commits.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  auto deadline = started + length;
  while (std::chrono::steady_clock::now() < deadline && (until_commits == 0 || commits.load() < until_commits))
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  stop = true;
  for (auto& t : threads) t.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return {commits.load(), seconds};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s FILE SECONDS WRITERS...\n", argv[0]);
    return 2;
  }
  try {
    DatabaseOptions options;  // the server's defaults (src/app/config.hpp): pool 8, 16 MiB cache, FULL
    options.url = std::string("sqlite:") + argv[1];
    if (const char* pool = std::getenv("ZHIYUAN_POOL_SIZE")) options.pool_size = std::atoi(pool);
    if (const char* cache = std::getenv("ZHIYUAN_SQLITE_CACHE_MB")) options.sqlite_cache_mb = std::atoi(cache);
    options.sqlite_synchronous_full = true;
    auto db = Database::Open(options);
    {
      Transaction tx(*db, TxMode::kWrite);
      tx.conn().ExecuteScript(
          "CREATE TABLE IF NOT EXISTS bench_commits (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL, "
          "seq INTEGER NOT NULL, at INTEGER NOT NULL, payload TEXT NOT NULL)");
      tx.Commit();
    }
    std::chrono::duration<double> length(std::atof(argv[2]));
    double best = 0;
    for (int i = 3; i < argc; ++i) {
      int writers = std::max(1, std::atoi(argv[i]));
      // Warm-up: enough commits for the WAL to pass SQLite's automatic checkpoint (1,000 pages) and start
      // again from its beginning, as a server's WAL does, or 3 s on a slow disk.
      Run(*db, writers, std::chrono::duration<double>(3.0), 600);
      auto r = Run(*db, writers, length);
      double rate = r.seconds > 0 ? double(r.commits) / r.seconds : 0;
      best = std::max(best, rate);
      std::printf("writers=%d commits=%lld seconds=%.2f commits_per_s=%.0f\n", writers,
                  static_cast<long long>(r.commits), r.seconds, rate);
      std::fflush(stdout);
    }
    std::printf("best_commits_per_s=%.0f\n", best);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "durable_commit_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
