#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "storage/database.hpp"

namespace zhiyuan::storage {

// A PostgreSQL write-ahead-log position ("16/B374D848" as text).
using Lsn = std::uint64_t;
std::optional<Lsn> ParseLsn(std::string_view text);

// Whether a streaming replica may serve a read now: the bookkeeping of probes, without I/O, so tests drive it with
// made-up times and positions.
//
// A probe reads the primary's WAL position P at time T, then the replica's replayed position R. Once the replica
// has replayed up to P (R >= P, in this probe or a later one), it holds every transaction the primary had
// acknowledged before T, so its data is at most now - T old. This is measured against the primary, so an idle
// primary (no new WAL, an old pg_last_xact_replay_timestamp()) does not look like lag, and a replica cut off from
// its primary (whose receive and replay positions are equal and still) does not look fresh.
class ReplicaFreshness {
 public:
  using Clock = std::chrono::steady_clock;

  explicit ReplicaFreshness(std::chrono::milliseconds max_lag);

  // One probe: the primary's position read at `asked`, and the replica's replayed position read after it
  // (nullopt: the replica could not be reached or is not a standby, which forgets what it was known to hold).
  void Record(Clock::time_point asked, Lsn primary, std::optional<Lsn> replayed);
  // The replica failed a request: reads avoid it until a probe finds it again.
  void Forget();
  // At most how old the replica's data is at `now`; nullopt when no probe has shown it caught up.
  std::optional<std::chrono::milliseconds> StalenessAt(Clock::time_point now) const;
  bool FreshAt(Clock::time_point now) const;
  // Probes run every max_lag / 4 (at most once a second): a replica keeping up is then never judged older than
  // about two intervals, well inside the bound.
  bool ProbeDueAt(Clock::time_point now) const;
  std::chrono::milliseconds max_lag() const { return max_lag_; }
  std::chrono::milliseconds probe_interval() const { return probe_interval_; }

 private:
  std::chrono::milliseconds max_lag_;
  std::chrono::milliseconds probe_interval_;
  std::optional<Clock::time_point> last_probe_;
  std::optional<Clock::time_point> fresh_as_of_;
  std::deque<std::pair<Clock::time_point, Lsn>> awaited_;  // probes the replica has not caught up with yet
};

struct ReadReplicaOptions {
  DatabaseOptions database;  // the standby's postgresql:// URL and pool size
  std::chrono::milliseconds max_lag{5000};
  // Told when reads move to the replica (fallback false) or back to the primary (fallback true), and why; the app
  // logs the first as information, the second as a warning.
  std::function<void(bool fallback, const std::string& message)> report;
};

// A PostgreSQL streaming replica for staleness-tolerant reads (Store::ReadStale). Its pool is opened on the first
// probe, not at start-up, so a replica that is down never stops the server; it is dropped when the replica fails
// and opened again when a probe reaches it. Thread-safe.
class ReadReplica {
 public:
  ReadReplica(Database& primary, ReadReplicaOptions options);

  // The replica's pool when a read may go there now (probing first when a probe is due and no other thread is
  // probing); nullptr when the read must go to the primary. The pool stays alive while the caller holds it.
  std::shared_ptr<Database> Choose();
  // A transaction could not start on the replica: forget it until the next probe reaches it.
  void Failed(const std::string& why);
  std::optional<std::chrono::milliseconds> Staleness() const;

 private:
  void Probe();
  void SetUsing(bool use, const std::string& why);  // reports transitions only

  Database& primary_;
  ReadReplicaOptions options_;
  std::mutex probe_mutex_;  // one prober at a time; the others read the last verdict
  mutable std::mutex mutex_;
  ReplicaFreshness freshness_;
  std::shared_ptr<Database> replica_;
  std::string problem_;  // why the last probe could not use the replica; empty when it could
  bool using_ = false;
  bool reported_ = false;
};

}  // namespace zhiyuan::storage
