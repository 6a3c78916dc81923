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

class TargetRepository {
 public:
  virtual ~TargetRepository() = default;
  virtual std::vector<County> Counties() = 0;
  virtual Goals GoalsFor(int year) = 0;
  // By county code; `end` is the first instant after the year, `start` its first instant (Beijing time).
  virtual std::map<std::string, CountyCounts> Counts(int year, core::TimePoint start, core::TimePoint end) = 0;
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
