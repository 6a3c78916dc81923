#pragma once

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
};

// 测评考核: every county's figures against the notice's targets for a year, computed from the raw records
// (registrations, credentials, the hours record, activities, organisations) and the reported denominators.
class TargetService {
 public:
  TargetService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  // The city admin sees every county, a county admin their own; both see the city totals (others 403).
  // Without a year, the current one; a denominator missing for the year is the latest reported before it.
  core::Result<Desk> DeskFor(const Principal& caller, std::optional<int> year);
  // The city admin records a county's League or party member count for a year (versioned).
  // Every field's error at once (a missing year or count is `required`).
  core::Status SetMemberCount(const Principal& caller, const std::string& county, std::optional<int> year,
                              const std::string& kind, std::optional<std::int64_t> members, const std::string& note,
                              const audit::RequestMeta& meta);

 private:
  Store& store_;
  const core::Clock& clock_;
};

}  // namespace zhiyuan::domain::targets
