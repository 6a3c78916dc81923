#include "storage/read_replica.hpp"

#include <algorithm>
#include <charconv>

namespace zhiyuan::storage {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

constexpr std::size_t kMaxAwaited = 64;

// libpq waits for an unreachable host as long as TCP does unless the URL bounds it; a probe runs on a request's
// thread, so it gets a short bound unless the operator chose one.
std::string WithConnectTimeout(std::string url) {
  if (url.find("connect_timeout=") != std::string::npos) return url;
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=2";
}

}  // namespace

std::optional<Lsn> ParseLsn(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == text.size()) return std::nullopt;
  std::uint32_t high = 0, low = 0;
  auto parse = [](std::string_view part, std::uint32_t& out) {
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out, 16);
    return ec == std::errc() && end == part.data() + part.size();
  };
  if (!parse(text.substr(0, slash), high) || !parse(text.substr(slash + 1), low)) return std::nullopt;
  return (Lsn(high) << 32) | low;
}

ReplicaFreshness::ReplicaFreshness(milliseconds max_lag)
    : max_lag_(max_lag), probe_interval_(std::clamp(max_lag / 4, milliseconds(10), milliseconds(1000))) {}

void ReplicaFreshness::Record(Clock::time_point asked, Lsn primary, std::optional<Lsn> replayed) {
  last_probe_ = asked;
  if (!replayed) {
    Forget();
    return;
  }
  awaited_.emplace_back(asked, primary);
  // The primary's position only grows, so the probes the replica has caught up with are the oldest ones.
  while (!awaited_.empty() && awaited_.front().second <= *replayed) {
    fresh_as_of_ = fresh_as_of_ ? std::max(*fresh_as_of_, awaited_.front().first) : awaited_.front().first;
    awaited_.pop_front();
  }
  while (awaited_.size() > kMaxAwaited) awaited_.pop_front();  // only ever makes the verdict more cautious
}

void ReplicaFreshness::Forget() {
  fresh_as_of_.reset();
  awaited_.clear();
}

std::optional<milliseconds> ReplicaFreshness::StalenessAt(Clock::time_point now) const {
  if (!fresh_as_of_) return std::nullopt;
  return duration_cast<milliseconds>(now - *fresh_as_of_);
}

bool ReplicaFreshness::FreshAt(Clock::time_point now) const {
  auto staleness = StalenessAt(now);
  return staleness && *staleness <= max_lag_;
}

bool ReplicaFreshness::ProbeDueAt(Clock::time_point now) const {
  return !last_probe_ || now - *last_probe_ >= probe_interval_;
}

ReadReplica::ReadReplica(Database& primary, ReadReplicaOptions options)
    : primary_(primary), options_(std::move(options)), freshness_(options_.max_lag) {
  options_.database.url = WithConnectTimeout(options_.database.url);
  options_.database.pg_schema.clear();  // a standby is read-only: the connection must not create a schema
}

std::shared_ptr<Database> ReadReplica::Choose() {
  bool due;
  {
    std::lock_guard lock(mutex_);
    due = freshness_.ProbeDueAt(ReplicaFreshness::Clock::now());
  }
  if (due) {
    std::unique_lock probing(probe_mutex_, std::try_to_lock);
    if (probing.owns_lock()) Probe();
  }
  std::lock_guard lock(mutex_);
  auto now = ReplicaFreshness::Clock::now();
  bool fresh = replica_ && freshness_.FreshAt(now);
  if (fresh) {
    SetUsing(true, "");
  } else if (problem_.empty()) {
    auto staleness = freshness_.StalenessAt(now);
    SetUsing(false, staleness ? "its data may be " + std::to_string(staleness->count()) + " ms old" : "not caught up yet");
  } else {
    SetUsing(false, problem_);
  }
  return fresh ? replica_ : nullptr;
}

void ReadReplica::Failed(const std::string& why) {
  std::lock_guard lock(mutex_);
  freshness_.Forget();
  replica_.reset();  // its connections may all be broken: a probe opens a new pool
  problem_ = why;
  SetUsing(false, why);
}

std::optional<std::chrono::milliseconds> ReadReplica::Staleness() const {
  std::lock_guard lock(mutex_);
  return freshness_.StalenessAt(ReplicaFreshness::Clock::now());
}

// The primary's position first, then the replica's: the order the freshness argument needs.
void ReadReplica::Probe() {
  auto asked = ReplicaFreshness::Clock::now();
  std::optional<Lsn> primary;
  try {
    auto lease = primary_.Acquire();
    if (auto row = lease->QueryOne("SELECT pg_current_wal_lsn()::text")) primary = ParseLsn(row->Text(0));
  } catch (const std::exception& e) {
    std::lock_guard lock(mutex_);
    freshness_.Record(asked, 0, std::nullopt);
    problem_ = std::string("the primary's WAL position could not be read: ") + e.what();
    return;
  }
  std::shared_ptr<Database> db;
  {
    std::lock_guard lock(mutex_);
    db = replica_;
  }
  std::optional<Lsn> replayed;
  std::string problem;
  try {
    if (!db) db = std::shared_ptr<Database>(Database::Open(options_.database));
    auto lease = db->Acquire();
    auto row = lease->QueryOne(
        "SELECT CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END, COALESCE(pg_last_wal_replay_lsn()::text, '')");
    if (!row || row->Text(0) != "1")
      problem = "the read database is not a standby (promoted?): reads stay on the primary";
    else if (!(replayed = ParseLsn(row->Text(1))))
      problem = "the standby reports no replayed WAL position";
  } catch (const std::exception& e) {
    problem = std::string("the replica is unreachable: ") + e.what();
    db.reset();
  }
  std::lock_guard lock(mutex_);
  if (!primary) {
    freshness_.Record(asked, 0, std::nullopt);
    problem_ = "the primary reported no WAL position";
    return;
  }
  freshness_.Record(asked, *primary, problem.empty() ? replayed : std::nullopt);
  replica_ = problem.empty() ? db : nullptr;
  problem_ = problem;
}

void ReadReplica::SetUsing(bool use, const std::string& why) {
  if (reported_ && use == using_) return;
  reported_ = true;
  using_ = use;
  if (!options_.report) return;
  if (use)
    options_.report(false, "read replica " + DescribeUrl(options_.database.url) +
                    ": serving staleness-tolerant reads (bound " + std::to_string(options_.max_lag.count()) + " ms)");
  else
    options_.report(true, "read replica " + DescribeUrl(options_.database.url) + ": reads fall back to the primary (" +
                    why + ")");
}

}  // namespace zhiyuan::storage
