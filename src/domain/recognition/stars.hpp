#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"
#include "core/time_format.hpp"

namespace zhiyuan::domain::recognition {

using PublicityId = core::Id<struct PublicityTag>;
using CandidateId = core::Id<struct CandidateTag>;
using ObjectionId = core::Id<struct ObjectionTag>;

// 广东省星级志愿者: the thresholds and workflow limits, kept as data (recognition_star_thresholds and
// recognition_rules) so a change of the provincial rules is an update, not a release.
struct StarRules {
  std::vector<std::int64_t> thresholds;  // minutes for 1★, 2★, … in order
  int publicity_min_working_days = 5;
  int bar_min_years = 1;
  int bar_max_years = 3;

  // The level the confirmed minutes reach (0 below the first threshold).
  int LevelFor(std::int64_t confirmed_minutes) const;
  // Minutes needed for the level above `level`, or nullopt at the top.
  std::optional<std::int64_t> ThresholdOf(int level) const;
};

// The day `working_days` working days (Monday–Friday) after `start`, the start itself not counted.
core::Date AddWorkingDays(core::Date start, int working_days);

// What a volunteer holds: the certified level (公示 passed, filed in the archive), and a bar after a
// revocation for falsified hours.
struct Standing {
  core::VolunteerId volunteer;
  int certified_level = 0;
  std::optional<core::TimePoint> certified_at;
  std::optional<core::Date> barred_until;
};

enum class EventKind { kCertified, kRevoked };
std::string_view ToString(EventKind kind);

// One line of the volunteer's star archive.
struct StarEvent {
  std::int64_t id = 0;
  core::VolunteerId volunteer;
  EventKind kind = EventKind::kCertified;
  int level = 0;           // the level after the event
  int previous_level = 0;
  std::string reason_code;  // "publicity_passed" | "hours_reversed" | "falsified"
  std::string reason;
  std::optional<PublicityId> publicity;
  std::optional<core::Date> barred_until;
  std::optional<core::AccountId> by;
  core::TimePoint at;
};

enum class PublicityStatus { kOpen, kClosed };
enum class CandidateStatus { kPublicized, kCertified, kWithdrawn };
enum class ObjectionStatus { kOpen, kUpheld, kDismissed };
std::string_view ToString(PublicityStatus status);
std::string_view ToString(CandidateStatus status);
std::string_view ToString(ObjectionStatus status);

// 公示: a list of candidates shown to the public for at least the minimum working days.
struct Publicity {
  PublicityId id;
  std::string title;
  core::Date starts_on;
  core::Date ends_on;
  PublicityStatus status = PublicityStatus::kOpen;
  core::TimePoint opened_at;
  std::optional<core::TimePoint> closed_at;
  int candidates = 0;
  int open_objections = 0;
};

struct Candidate {
  CandidateId id;
  PublicityId publicity;
  core::VolunteerId volunteer;
  core::AccountId volunteer_account;
  std::string name;
  std::string volunteer_number;
  std::string county_name;
  int level = 0;
  std::int64_t confirmed_minutes = 0;  // at the time of listing
  CandidateStatus status = CandidateStatus::kPublicized;
  std::string outcome_reason;
};

struct Objection {
  ObjectionId id;
  CandidateId candidate;
  PublicityId publicity;
  std::string candidate_name;
  int level = 0;
  core::AccountId filed_by;
  std::string reason;
  ObjectionStatus status = ObjectionStatus::kOpen;
  std::string decision_reason;
  core::TimePoint filed_at;
  std::optional<core::TimePoint> decided_at;
};

// A volunteer whose confirmed hours reach a level above the certified one, not barred and not listed yet.
struct Eligible {
  core::VolunteerId volunteer;
  std::string name;
  std::string volunteer_number;
  std::string county_name;
  std::int64_t confirmed_minutes = 0;
  int certified_level = 0;
  int eligible_level = 0;
};

// 守信联合激励: a volunteer in good standing for the credit platform (see StarService::GoodStanding).
struct GoodStandingRecord {
  core::VolunteerId volunteer;
  std::string name;
  std::string id_type;
  std::string id_number_enc;
  std::string id_number_masked;
  std::string volunteer_number;
  std::string county_name;
  std::int64_t confirmed_minutes = 0;
  int certified_level = 0;
  std::string id_number = {};  // in clear only in a full export
};

class StarRepository {
 public:
  virtual ~StarRepository() = default;
  virtual StarRules Rules() = 0;
  virtual Standing StandingOf(core::VolunteerId volunteer) = 0;
  virtual void SaveStanding(const Standing& standing, core::TimePoint at) = 0;
  virtual void AddEvent(const StarEvent& event) = 0;
  virtual std::vector<StarEvent> Events(core::VolunteerId volunteer) = 0;
  // Eligible volunteers on `today` by the thresholds table, most hours first.
  virtual core::Page<Eligible> EligibleOn(core::Date today, core::PageRequest page) = 0;
  // Certified at `min_level` or above, or with at least `min_minutes` confirmed; never revoked for falsified
  // hours and not barred on `today`. Most hours first.
  virtual std::vector<GoodStandingRecord> GoodStanding(int min_level, std::int64_t min_minutes, core::Date today) = 0;

  virtual PublicityId InsertPublicity(const std::string& title, core::Date starts_on, core::Date ends_on,
                                      core::AccountId by, core::TimePoint at) = 0;
  virtual std::optional<Publicity> FindPublicity(PublicityId id) = 0;
  virtual std::vector<Publicity> Publicities(int limit) = 0;
  // [[nodiscard]] false when the volunteer is already on an open list.
  [[nodiscard]] virtual bool InsertCandidate(PublicityId publicity, core::VolunteerId volunteer, int level,
                                             std::int64_t confirmed_minutes) = 0;
  virtual std::vector<Candidate> Candidates(PublicityId publicity) = 0;
  virtual std::optional<Candidate> FindCandidate(CandidateId id) = 0;
  [[nodiscard]] virtual bool SetCandidateStatus(CandidateId id, CandidateStatus from, CandidateStatus to,
                                                const std::string& reason) = 0;
  [[nodiscard]] virtual bool ClosePublicity(PublicityId id, core::AccountId by, core::TimePoint at) = 0;

  virtual ObjectionId InsertObjection(CandidateId candidate, core::AccountId by, const std::string& reason,
                                      core::TimePoint at) = 0;
  virtual std::optional<Objection> FindObjection(ObjectionId id) = 0;
  virtual std::vector<Objection> Objections(PublicityId publicity) = 0;
  [[nodiscard]] virtual bool DecideObjection(ObjectionId id, ObjectionStatus to, const std::string& reason,
                                             core::AccountId by, core::TimePoint at) = 0;
};

}  // namespace zhiyuan::domain::recognition
