#include <atomic>
#include <set>
#include <thread>

#include "fixture.hpp"
#include "storage/migrations.hpp"
#include "storage/sqlite_database.hpp"

namespace zhiyuan::testing {

using storage::TxMode;

using StorageTest = BackendTest;

TEST_P(StorageTest, TransactionRollsBackUnlessCommitted) {
  auto before = Count("registry_regions");
  constexpr const char* kInsert =
      "INSERT INTO registry_regions (code, name, level, parent_code, sort_order) VALUES ($1, '测试区', 'county', "
      "'441400', 99)";
  {
    storage::Transaction tx(*db_, TxMode::kWrite);
    tx.conn().Execute(kInsert, {"441498"});
  }
  EXPECT_EQ(Count("registry_regions"), before);
  {
    storage::Transaction tx(*db_, TxMode::kWrite);
    tx.conn().Execute(kInsert, {"441499"});
    tx.Commit();
  }
  EXPECT_EQ(Count("registry_regions"), before + 1);
}

TEST_P(StorageTest, UniqueViolationIsReportedAsSuch) {
  storage::Transaction tx(*db_, TxMode::kWrite);
  try {
    tx.conn().Execute("INSERT INTO registry_regions (code, name, level, sort_order) VALUES ('441402', 'x', 'county', 9)");
    FAIL() << "expected a unique violation";
  } catch (const storage::DbError& e) {
    EXPECT_EQ(e.kind(), storage::DbError::Kind::kUniqueViolation);
  }
}

TEST_P(StorageTest, MigrationsAreIdempotent) {
  EXPECT_EQ(storage::Migrate(*db_), 0);
  EXPECT_EQ(storage::CurrentSchemaVersion(*db_), storage::MigrationsFor(db_->dialect()).back().version);
}

TEST_P(StorageTest, FreshDatabaseHoldsMeizhouAndItsCountiesWithPopulation) {
  auto regions = regions_->List();
  ASSERT_EQ(regions.size(), 9u);
  EXPECT_EQ(regions[0].code, "441400");
  EXPECT_EQ(regions[0].population, 3858000);
  std::int64_t wuhua = 0;
  for (const auto& r : regions)
    if (r.code == "441424") wuhua = *r.population;
  EXPECT_EQ(wuhua, 924400);
}

// Concurrent units of work all commit, and their audit records form one unbroken chain in commit order.
TEST_P(StorageTest, ConcurrentWritersAllCommit) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        auto uow = store_->Write();
        uow->Audit().Append(domain::audit::Event(core::FromUnix(t * 100 + i), meta_, std::nullopt, "", "test.concurrent",
                                                 "", "", "ok", R"({"step":1})"));
        uow->Audit().Append(domain::audit::Event(core::FromUnix(t * 100 + i), meta_, std::nullopt, "", "test.concurrent",
                                                 "", "", "ok", R"({"step":2})"));
        uow->Commit();
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(Count("audit_log WHERE action = 'test.concurrent'"), 200);
  auto chain = audit_->Verify();
  EXPECT_TRUE(chain.intact()) << chain.reason;
  EXPECT_EQ(chain.records, Count("audit_log"));
}

// Writers on many threads, some rolling back, some failing only at COMMIT (a deferred foreign key): afterwards
// exactly the transactions whose Commit() returned are there. On SQLite their commits are grouped
// (SqliteWriteGroup), so a COMMIT that fails takes its whole batch with it, and no one of that batch may have
// been told it succeeded.
TEST_P(StorageTest, ExactlyTheAcknowledgedWritesAreKeptWhenCommitsAreGrouped) {
  {
    storage::Transaction tx(*db_, TxMode::kWrite);
    tx.conn().Execute("CREATE TABLE gc_parent (id INTEGER PRIMARY KEY)");
    tx.conn().Execute("CREATE TABLE gc_child (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL "
                      "REFERENCES gc_parent (id) DEFERRABLE INITIALLY DEFERRED)");
    tx.conn().Execute("INSERT INTO gc_parent (id) VALUES (1)");
    tx.Commit();
  }
  constexpr int kThreads = 8, kPerThread = 60;
  std::vector<std::vector<int>> acknowledged(kThreads);
  std::atomic<int> batch_failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        int id = t * 1000 + i + 1;
        try {
          storage::Transaction tx(*db_, TxMode::kWrite);
          tx.conn().Execute("INSERT INTO gc_child (id, parent) VALUES ($1, $2)", {id, i % 10 == 9 ? 404 : 1});
          if (i % 7 == 3) continue;  // rolled back by the destructor
          tx.Commit();
          acknowledged[t].push_back(id);
        } catch (const storage::DbError& e) {
          ++batch_failures;
        }
      }
    });
  for (auto& th : threads) th.join();
  std::set<std::int64_t> expected, present;
  for (const auto& ids : acknowledged) expected.insert(ids.begin(), ids.end());
  for (const auto& row : db_->Acquire()->Query("SELECT id FROM gc_child")) present.insert(row.Int(0));
  EXPECT_EQ(present, expected);
  int orphans_committed = 0;
  for (int i = 0; i < kPerThread; ++i) orphans_committed += i % 10 == 9 && i % 7 != 3;
  EXPECT_GE(batch_failures.load(), kThreads * orphans_committed);  // at least every orphan failed
  EXPECT_EQ(expected.count(10), 0u);                             // thread 0's first orphan
  EXPECT_GT(expected.size(), 0u);
}

ZY_BACKENDS(StorageTest);

// Both migration sets must give the same tables and columns, so one set of repositories serves both.
TEST(Migrations, BothDialectsProduceTheSameSchema) {
  auto sqlite_options = FreshDatabase("sqlite");
  auto pg_options = FreshDatabase("postgresql");
  std::set<std::string> sqlite_columns, pg_columns;
  {
    auto sqlite = storage::Database::Open(sqlite_options);
    auto pg = storage::Database::Open(pg_options);
    storage::Migrate(*sqlite);
    storage::Migrate(*pg);
    auto s = sqlite->Acquire();
    for (const auto& t : s->Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
      for (const auto& c : s->Query("SELECT name FROM pragma_table_info($1)", {t.Text(0)}))
        sqlite_columns.insert(t.Text(0) + "." + c.Text(0));
    auto p = pg->Acquire();
    for (const auto& c : p->Query("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1",
                                  {pg_options.pg_schema}))
      pg_columns.insert(c.Text(0) + "." + c.Text(1));
  }
  DropDatabase("sqlite", sqlite_options);
  DropDatabase("postgresql", pg_options);
  EXPECT_FALSE(sqlite_columns.empty());
  EXPECT_EQ(sqlite_columns, pg_columns);
}

TEST(SqliteDialect, RewritesPlaceholdersOutsideStrings) {
  EXPECT_EQ(storage::SqliteDatabase::RewritePlaceholders("SELECT $1, '$2' WHERE a = $10"), "SELECT ?1, '$2' WHERE a = ?10");
}

}  // namespace zhiyuan::testing

namespace zhiyuan::testing {

using BulkTest = BackendTest;

TEST_P(BulkTest, BulkInsertKeepsEveryValueIncludingEscapesAndNulls) {
  std::vector<storage::Params> rows;
  for (int i = 0; i < 1000; ++i)
    rows.push_back({100000 + i, i, i % 2 ? storage::Value() : storage::Value(7),
                    std::string("act\\ion\t") + std::to_string(i), "ok",
                    i % 2 ? storage::Value("") : storage::Value("x\ny")});
  {
    storage::Transaction tx(*db_, storage::TxMode::kWrite);
    tx.conn().BulkInsert("audit_log", {"id", "at", "actor_id", "action", "result", "detail"}, rows);
    tx.Commit();
  }
  auto conn = db_->Acquire();
  EXPECT_EQ(conn->QueryOne("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'act%'")->Int(0), 1000);
  auto r = conn->QueryOne("SELECT action, detail FROM audit_log WHERE at = 2 AND action LIKE 'act%'");
  EXPECT_EQ(r->Text(0), "act\\ion\t2");
  EXPECT_EQ(r->Text(1), "x\ny");
  EXPECT_EQ(conn->QueryOne("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'act%' AND actor_id IS NULL")->Int(0), 500);
}

ZY_BACKENDS(BulkTest);

}  // namespace zhiyuan::testing
