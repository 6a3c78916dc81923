#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/audit/audit.hpp"
#include "domain/identity/principal.hpp"
#include "domain/store.hpp"
#include "domain/targets/targets.hpp"

namespace zhiyuan::domain::targets {

using identity::Principal;

// The figures of one county (or the city, summed over its counties) for a year.
struct Figures {
  std::string code;
  std::string name;
  std::optional<Reported> population;
  std::optional<Reported> league_members;
  std::optional<Reported> party_members;
  CountyCounts counts;
  Rate registration;  // registered ÷ population
  Rate league;        // League members registered ÷ League members
  Rate certificate;   // certificate holders ÷ registered
  Rate card;          // card holders ÷ registered
  Rate members_20h;   // party/League volunteers with ≥ 20 h ÷ party and League members
  std::optional<double> avg_annual_minutes;  // confirmed minutes in the year ÷ registered
};

struct Desk {
  int year = 0;
  Goals goals;
  Figures city;
  std::vector<Figures> counties;
  std::optional<Snapshot> snapshot;  // set when the desk is a frozen one
};

// One figure of one county and year on which the counters and the raw records disagree.
struct Discrepancy {
  int year = 0;
  std::string county_code;
  std::string figure;          // a CountyCounts field: "registered", "members_20h", …
  std::int64_t counted = 0;    // what the counters (and so the desk) say
  std::int64_t recounted = 0;  // what the raw records say
};

struct ConsistencyReport {
  std::vector<int> years;  // the years compared
  std::vector<Discrepancy> discrepancies;
  bool consistent() const { return discrepancies.empty(); }
};

// 测评考核: every county's figures against the notice's targets for a year, from counters the database keeps
// with the raw records (registrations, credentials, the hours record, activities, organisations), and the
// reported denominators.
class TargetService {
 public:
  TargetService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  // The city admin sees every county, a county admin their own; both see the city totals (others 403).
  // Without a year, the current one; a denominator missing for the year is the latest reported before it.
  core::Result<Desk> DeskFor(const Principal& caller, std::optional<int> year);
  // Drill-down 下钻: one county's figures with its organisations and units beneath (the county's admin or the city).
  struct Breakdown {
    int year = 0;
    Figures county;
    std::vector<OrganizationFigures> organizations;
    std::vector<UnitFigures> units;
  };
  core::Result<Breakdown> BreakdownOf(const Principal& caller, const std::string& county, std::optional<int> year);
  // The desks of the years from..to (each as DeskFor gives it), for trends over time; at most 20 years.
  core::Result<std::vector<Desk>> Trend(const Principal& caller, int from, int to);
  // A frozen desk, seen as DeskFor sees a live one (a county admin: their county and the city).
  core::Result<Desk> DeskOfSnapshot(const Principal& caller, SnapshotId id);
  // 冻结快照: the city admin freezes the desk of a year at a deadline; the frozen figures never change, so the
  // reports made from them are the same files every time.
  core::Result<Snapshot> Freeze(const Principal& caller, std::optional<int> year, const std::string& label,
                                const audit::RequestMeta& meta);
  core::Result<std::vector<Snapshot>> Snapshots(const Principal& caller);
  // The city's headline figures for the public home page (no county detail, no denominators' sources).
  Figures CityHeadline();

  // The city admin records a county's League or party member count for a year (versioned).
  // Every field's error at once (a missing year or count is `required`).
  core::Status SetMemberCount(const Principal& caller, const std::string& county, std::optional<int> year,
                              const std::string& kind, std::optional<std::int64_t> members, const std::string& note,
                              const audit::RequestMeta& meta);

  // The consistency check (an operator's tool, `zhiyuan targets check`): recomputes every figure of every county
  // from the raw records for `year`, or for every year with figures, and lists where the counters the desk reads
  // differ. Counters and records are read in one snapshot, so writes going on meanwhile raise no false alarm.
  ConsistencyReport Check(std::optional<int> year);
  // Rebuilds the counters from the raw records (the repair after a failed check, and the end of a bulk load).
  void RebuildCounters();

 private:
  core::Result<int> CheckedYear(std::optional<int> year) const;
  // Scores every county and sums the city; keeps the counties `visible` accepts.
  static Desk Assemble(const DeskInputs& inputs, const std::function<bool(const std::string&)>& visible);

  Store& store_;
  const core::Clock& clock_;
};

}  // namespace zhiyuan::domain::targets
