#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"

namespace zhiyuan::domain::activities {

// Stored states; `running` and `finished` are derived from the clock for published activities.
enum class ActivityStatus { kDraft, kPublished, kCancelled, kClosed };
std::string_view ToString(ActivityStatus status);
std::optional<ActivityStatus> ParseActivityStatus(std::string_view text);

enum class PoliticalRequirement { kNone, kPartyMember, kLeagueMember, kPartyOrLeague };
std::string_view ToString(PoliticalRequirement requirement);
std::optional<PoliticalRequirement> ParsePoliticalRequirement(std::string_view text);

// Everything an organiser fills in (活动发布): SPEC §2 "Activities and attendance".
struct ActivityFields {
  std::string title;
  std::string category;
  std::string recipients;
  std::string content;
  std::string requirements;
  std::string risks;
  std::string county_code;
  std::string address;
  double latitude = 0;
  double longitude = 0;
  int geofence_meters = 300;
  core::TimePoint starts_at;
  core::TimePoint ends_at;
  int quota = 1;
  std::optional<core::TimePoint> signup_deadline;
  bool requires_approval = false;
  int min_age = 0;
  PoliticalRequirement political_requirement = PoliticalRequirement::kNone;
  std::vector<std::string> required_skills;
  std::string contact_name;
  std::string contact_phone_enc;
  std::string contact_phone_masked;
};

struct Activity : ActivityFields {
  core::ActivityId id;
  core::OrganizationId organization;
  std::string organization_name;
  std::string county_name;
  ActivityStatus status = ActivityStatus::kDraft;
  std::string cancel_reason;
  int confirmed_count = 0;
  int waitlist_count = 0;
  int pending_count = 0;
  core::AccountId created_by;
  core::TimePoint created_at;
  std::optional<core::TimePoint> published_at;

  int DurationMinutes() const { return int((ends_at - starts_at).count() / 60); }
  bool GpsCheckInAllowed() const { return quota >= 100; }
};

// The status shown to users: published activities are running between start and end, finished after.
std::string_view WireStatus(const Activity& activity, core::TimePoint now);

struct ActivityQuery {
  std::optional<std::string> county_code;
  std::optional<std::string> category;
  std::optional<core::TimePoint> from;  // starts_at ≥
  std::optional<core::TimePoint> to;    // starts_at <
  std::optional<std::string> wire_status;
  std::string text;
  std::optional<core::OrganizationId> organization;
  bool include_drafts = false;  // only for the organisation's admins
  core::PageRequest page;
};

enum class SignupStatus { kPending, kConfirmed, kWaitlisted, kRejected, kCancelled };
std::string_view ToString(SignupStatus status);
std::optional<SignupStatus> ParseSignupStatus(std::string_view text);

struct Signup {
  core::SignupId id;
  core::ActivityId activity;
  std::string activity_title;
  core::VolunteerId volunteer;
  core::AccountId volunteer_account;
  std::string volunteer_name;
  std::string volunteer_number;
  std::string phone_masked;
  SignupStatus status = SignupStatus::kPending;
  std::optional<int> waitlist_position;
  std::string reason;
  core::TimePoint created_at;
  std::optional<core::TimePoint> decided_at;
};

class ActivityRepository {
 public:
  virtual ~ActivityRepository() = default;
  virtual core::ActivityId Insert(core::OrganizationId org, const ActivityFields& fields, core::AccountId by,
                                  core::TimePoint at) = 0;
  virtual void Update(core::ActivityId id, const ActivityFields& fields, core::TimePoint at) = 0;
  virtual std::optional<Activity> Find(core::ActivityId id) = 0;
  // Serialises every change to one activity's sign-ups (PostgreSQL: row lock; SQLite has one writer).
  virtual void LockForSignup(core::ActivityId id) = 0;
  virtual void SetStatus(core::ActivityId id, ActivityStatus status, const std::string& reason, core::TimePoint at) = 0;
  virtual core::Page<Activity> Search(const ActivityQuery& query, core::TimePoint now) = 0;
  // Published activities open for sign-up, soonest first (candidates for recommendations).
  virtual std::vector<Activity> Upcoming(core::TimePoint now, int limit) = 0;

  // Takes one place if any is left (an atomic conditional increment): the quota is never exceeded.
  virtual bool TryTakePlace(core::ActivityId id) = 0;
  virtual void ReleasePlace(core::ActivityId id) = 0;

  // kAlreadyExists "already_signed_up".
  virtual core::Result<core::SignupId> InsertSignup(core::ActivityId activity, core::VolunteerId volunteer,
                                                    SignupStatus status, core::TimePoint at) = 0;
  // Moves a signup to a new status; `requeue` puts it at the back of the waiting list.
  virtual void UpdateSignup(core::SignupId id, SignupStatus status, const std::string& reason,
                            std::optional<core::AccountId> by, core::TimePoint at, bool requeue) = 0;
  virtual std::optional<Signup> FindSignup(core::ActivityId activity, core::SignupId id) = 0;
  virtual std::optional<Signup> FindSignupOf(core::ActivityId activity, core::VolunteerId volunteer) = 0;
  virtual std::vector<Signup> Signups(core::ActivityId activity, std::optional<SignupStatus> status) = 0;
  virtual std::vector<Signup> SignupsOf(core::VolunteerId volunteer) = 0;
  virtual std::optional<Signup> FirstWaitlisted(core::ActivityId activity) = 0;
};

}  // namespace zhiyuan::domain::activities
