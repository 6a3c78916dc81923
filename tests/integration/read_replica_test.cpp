// The read replica's staleness bound (storage::ReplicaFreshness, pure) and its fallback to the primary
// (storage::ReadReplica behind SqlStore::ReadStale) against a real PostgreSQL. A real streaming replica is
// exercised by tests/cluster (make cluster-test).
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "fixture.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "storage/read_replica.hpp"
#include "storage/repositories.hpp"

namespace zhiyuan::storage {
namespace {

using namespace std::chrono_literals;
using Clock = ReplicaFreshness::Clock;

TEST(ReplicaLsn, ParsesPostgresTextAndRejectsGarbage) {
  EXPECT_EQ(ParseLsn("0/0"), Lsn{0});
  EXPECT_EQ(ParseLsn("16/B374D848"), (Lsn{0x16} << 32) | 0xB374D848);
  EXPECT_EQ(ParseLsn(""), std::nullopt);
  EXPECT_EQ(ParseLsn("16"), std::nullopt);
  EXPECT_EQ(ParseLsn("16/"), std::nullopt);
  EXPECT_EQ(ParseLsn("x/1"), std::nullopt);
}

TEST(ReplicaFreshness, UnknownUntilAProbeShowsTheReplicaCaughtUp) {
  ReplicaFreshness f(5000ms);
  auto t0 = Clock::now();
  EXPECT_TRUE(f.ProbeDueAt(t0));
  EXPECT_FALSE(f.FreshAt(t0));
  f.Record(t0, 100, 90);  // behind
  EXPECT_FALSE(f.FreshAt(t0 + 1ms));
  EXPECT_FALSE(f.ProbeDueAt(t0 + 500ms));
  EXPECT_TRUE(f.ProbeDueAt(t0 + 1000ms));  // every max_lag / 4, at most a second
}

TEST(ReplicaFreshness, AnIdlePrimaryDoesNotLookLikeLag) {
  // Nothing written for a minute: the replay timestamp would be a minute old, but the replica holds everything.
  ReplicaFreshness f(5000ms);
  auto t0 = Clock::now();
  for (int i = 0; i < 60; ++i) f.Record(t0 + i * 1s, 500, 500);
  EXPECT_TRUE(f.FreshAt(t0 + 60s));
  EXPECT_LE(*f.StalenessAt(t0 + 60s), 1000ms);
}

TEST(ReplicaFreshness, AReplicaAlwaysSlightlyBehindIsAsFreshAsTheProbeItPassed) {
  // Under load the replica never has the position just read, but has the one of the probe before.
  ReplicaFreshness f(5000ms);
  auto t0 = Clock::now();
  for (int i = 0; i < 10; ++i) f.Record(t0 + i * 1s, Lsn(1000 * (i + 1)), Lsn(1000 * i + 500));
  EXPECT_EQ(*f.StalenessAt(t0 + 9s), 1s);
  EXPECT_TRUE(f.FreshAt(t0 + 9s));
}

TEST(ReplicaFreshness, AStalledReplicaGoesStaleOnceTheBoundHasPassed) {
  // Replay stopped (or the replica lost its primary: its receive and replay positions stay equal) while the
  // primary moves on.
  ReplicaFreshness f(2000ms);
  auto t0 = Clock::now();
  f.Record(t0, 100, 100);
  for (int i = 1; i <= 5; ++i) f.Record(t0 + i * 500ms, Lsn(100 + i), 100);
  EXPECT_TRUE(f.FreshAt(t0 + 2000ms));
  EXPECT_FALSE(f.FreshAt(t0 + 2001ms));
  f.Record(t0 + 3s, 106, 103);  // it catches up with the probe at t0 + 1.5 s
  EXPECT_EQ(*f.StalenessAt(t0 + 3s), 1500ms);
}

TEST(ReplicaFreshness, AnUnreachableReplicaIsForgotten) {
  ReplicaFreshness f(5000ms);
  auto t0 = Clock::now();
  f.Record(t0, 100, 100);
  EXPECT_TRUE(f.FreshAt(t0 + 1s));
  f.Record(t0 + 1s, 100, std::nullopt);
  EXPECT_FALSE(f.FreshAt(t0 + 1s));
  f.Record(t0 + 2s, 100, 100);
  f.Forget();
  EXPECT_FALSE(f.FreshAt(t0 + 2s));
}

// ReadStale() falls back to the primary, never failing the read, and says why.
class ReadReplicaFallback : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("ZHIYUAN_TEST_PG_URL");
    if (!url || !*url) GTEST_SKIP() << "ZHIYUAN_TEST_PG_URL is not set";
    url_ = url;
    options_ = zhiyuan::testing::FreshDatabase("postgresql");
    primary_ = Database::Open(options_);
    Migrate(*primary_);
  }
  void TearDown() override {
    if (!primary_) return;
    primary_.reset();
    zhiyuan::testing::DropDatabase("postgresql", options_);
  }

  std::vector<std::string> ReadThrough(const std::string& replica_url) {
    std::vector<std::string> reports;
    ReadReplicaOptions o;
    o.database.url = replica_url;
    o.database.pool_size = 2;
    o.max_lag = 1000ms;
    o.report = [&](bool fallback, const std::string& m) { reports.push_back((fallback ? "fallback: " : "replica: ") + m); };
    ReadReplica replica(*primary_, o);
    domain::audit::AuditChain chain(std::string(32, 'k'));
    SqlStore store(*primary_, chain, &replica);
    for (int i = 0; i < 3; ++i) {
      auto uow = store.ReadStale();  // would throw if it had been given a broken replica
      EXPECT_NO_THROW(uow->Regions().List());
    }
    return reports;
  }

  std::string url_;
  DatabaseOptions options_;
  std::unique_ptr<Database> primary_;
};

TEST_F(ReadReplicaFallback, AnUnreachableReplicaSendsReadsToThePrimary) {
  auto reports = ReadThrough("postgresql://postgres@127.0.0.1:1/none");
  ASSERT_EQ(reports.size(), 1u);  // transitions only, not one line per read
  EXPECT_EQ(reports[0].rfind("fallback: ", 0), 0u) << reports[0];
  EXPECT_NE(reports[0].find("fall back to the primary"), std::string::npos) << reports[0];
  EXPECT_NE(reports[0].find("unreachable"), std::string::npos) << reports[0];
}

TEST_F(ReadReplicaFallback, ADatabaseThatIsNotAStandbyIsNotUsedAsOne) {
  auto reports = ReadThrough(url_);  // the primary itself (or a promoted replica)
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_NE(reports[0].find("not a standby"), std::string::npos) << reports[0];
}

}  // namespace
}  // namespace zhiyuan::storage
