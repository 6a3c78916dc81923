#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"

namespace zhiyuan::domain::targets {

// The goals of a year, in basis points (1000 = 10%).
struct Goals {
  int registration = 1000;
  int league = 8000;
  int certificate = 3000;
  int card = 1500;
  int members_20h = 10000;
};

// A denominator with the year it was reported for (the latest on record up to the year asked).
struct Reported {
  std::int64_t value = 0;
  int year = 0;
};

// The raw counts of one county for a year, straight from the records.
struct CountyCounts {
  std::int64_t registered = 0;          // volunteers registered before the year ended
  std::int64_t league_registered = 0;   // of them, League members
  std::int64_t party_league_registered = 0;
  std::int64_t certificate_holders = 0;  // holding the certificate (issued or activated)
  std::int64_t card_holders = 0;
  std::int64_t year_minutes = 0;        // confirmed service minutes in the year
  std::int64_t members_20h = 0;         // party/League volunteers with ≥ 20 h confirmed in the year
  std::int64_t activities_published = 0;  // starting in the year, published (or closed), not cancelled
  std::int64_t organizations = 0;        // approved
};

struct County {
  std::string code;
  std::string name;
};

// Everything a desk is computed from: the counts and the reported denominators of each county, and the goals.
// A snapshot (快照) freezes exactly this, so a frozen desk is recomputed by the same code and never drifts.
struct DeskInputs {
  int year = 0;
  Goals goals;
  std::vector<County> counties;
  std::map<std::string, CountyCounts> counts;
  std::map<std::string, Reported> populations;
  std::map<std::string, Reported> league_members;
  std::map<std::string, Reported> party_members;
};

// Below the county (drill-down): an approved organisation's year, and a unit's roster against the 20-hour line.
struct OrganizationFigures {
  std::int64_t id = 0;
  std::string name;
  std::string type;
  std::int64_t members = 0;               // approved memberships
  std::int64_t activities_published = 0;  // starting in the year, published or closed
  std::int64_t year_minutes = 0;          // confirmed service minutes recorded by it in the year
};

struct UnitFigures {
  std::int64_t id = 0;
  std::string name;
  std::string kind;
  std::int64_t members = 0;  // on the roster
  std::int64_t registered = 0;
  std::int64_t under_20h = 0;  // registered, < 20 h confirmed in the year
};

using SnapshotId = core::Id<struct SnapshotTag>;

struct Snapshot {
  SnapshotId id;
  int year = 0;
  std::string label;  // e.g. "2026年度考核（12月31日截止）"
  core::TimePoint frozen_at;
  std::string frozen_by_name;
};

class TargetRepository {
 public:
  virtual ~TargetRepository() = default;
  // nullopt when the year already has a snapshot of that label.
  virtual std::optional<SnapshotId> InsertSnapshot(const Snapshot& snapshot, const DeskInputs& inputs,
                                                   core::AccountId by) = 0;
  virtual std::optional<std::pair<Snapshot, DeskInputs>> FindSnapshot(SnapshotId id) = 0;
  virtual std::vector<Snapshot> Snapshots() = 0;
  // `start`/`end`: the year's first instant and the next year's (Beijing time).
  virtual std::vector<OrganizationFigures> OrganizationsOf(const std::string& county, core::TimePoint start,
                                                           core::TimePoint end, int year) = 0;
  virtual std::vector<UnitFigures> UnitsOf(const std::string& county, int year) = 0;
  virtual std::vector<County> Counties() = 0;
  virtual Goals GoalsFor(int year) = 0;
  // By county code, from the counters the database keeps in the same transaction as every change to the
  // records behind them: a read of counties × years rows, whatever the size of the ledger.
  virtual std::map<std::string, CountyCounts> Counts(int year) = 0;
  // The same figures recomputed from the raw records by whole-table scans: the consistency check's reference.
  // `start` is the first instant of the year, `end` the first instant after it (Beijing time).
  virtual std::map<std::string, CountyCounts> Recount(int year, core::TimePoint start, core::TimePoint end) = 0;
  // Every year that the counters or the raw records hold figures for, ascending: the years a check compares
  // (in a year with neither, every figure equals the previous year's or zero, on both sides).
  virtual std::vector<int> YearsWithFigures() = 0;
  // Replaces the counters with ones recomputed from the raw records: after a bulk load that bypassed them, or to
  // repair a failed check. Writers of the counted records wait until the unit of work ends.
  virtual void RebuildCounters() = 0;
  // Makes every later read in this unit of work see one snapshot, so counters and recount are compared at one
  // instant while others write. Call it before any other read.
  virtual void ReadOneSnapshot() = 0;
  virtual std::map<std::string, Reported> Populations(int year) = 0;
  // kind: "league_members" | "party_members".
  virtual std::map<std::string, Reported> MemberCounts(int year, const std::string& kind) = 0;
  virtual void SetMemberCount(const std::string& county, int year, const std::string& kind, std::int64_t members,
                              const std::string& note, core::AccountId by, core::TimePoint at) = 0;
};

// One figure: numerator ÷ denominator against a goal, and the people still needed to reach it.
struct Rate {
  std::optional<double> rate;  // nullopt without a denominator
  double target = 0;
  std::int64_t gap = 0;        // max(0, ⌈goal × denominator⌉ − numerator)
};
Rate RateOf(std::int64_t numerator, std::optional<std::int64_t> denominator, int goal_basis_points);

}  // namespace zhiyuan::domain::targets
