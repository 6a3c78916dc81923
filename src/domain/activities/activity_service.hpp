#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/activities/activities.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/store.hpp"

namespace zhiyuan::domain::activities {

using identity::Principal;

// What an organiser sends to create or edit an activity; on edit, unset fields stay as they are.
struct ActivityInput {
  std::optional<std::int64_t> organization_id;
  std::optional<std::string> title, category, recipients, content, requirements, risks, county_code, address;
  std::optional<double> latitude, longitude;
  std::optional<std::int64_t> geofence_meters;
  std::optional<std::string> starts_at, ends_at, signup_deadline;
  std::optional<std::int64_t> quota;
  std::optional<bool> requires_approval;
  std::optional<std::int64_t> min_age;
  std::optional<std::string> political_requirement;
  std::optional<std::vector<std::string>> required_skills;
  std::optional<std::string> contact_name, contact_phone;
};

struct Recommendation {
  Activity activity;
  std::vector<std::string> reasons;  // Chinese, shown to the volunteer
};

// 活动发布 and 报名: publishing rules and the sign-up workflow with its quota and waiting list.
class ActivityService {
 public:
  ActivityService(Store& store, identity::Vault vault, const core::Clock& clock)
      : store_(store), vault_(vault), clock_(clock) {}

  core::Result<Activity> Create(const Principal& caller, const ActivityInput& input, const audit::RequestMeta& meta);
  // The same inside the caller's unit of work (an activity made from a need commits with the need).
  core::Result<Activity> CreateIn(UnitOfWork& uow, const Principal& caller, const ActivityInput& input,
                                  const audit::RequestMeta& meta);
  core::Result<Activity> Edit(const Principal& caller, core::ActivityId id, const ActivityInput& input,
                              const audit::RequestMeta& meta);
  // Only future activities are published; past work goes through retro-entry (补录).
  core::Result<Activity> Publish(const Principal& caller, core::ActivityId id, const audit::RequestMeta& meta);
  // Everyone signed up is told (in-app notification).
  core::Result<Activity> Cancel(const Principal& caller, core::ActivityId id, const std::string& reason,
                                const audit::RequestMeta& meta);
  core::Result<Activity> Close(const Principal& caller, core::ActivityId id, const audit::RequestMeta& meta);
  // Drafts are visible to the organisation's admins only (others: kNotFound).
  core::Result<Activity> Get(const Principal* caller, core::ActivityId id);
  core::Result<core::Page<Activity>> Search(const Principal* caller, ActivityQuery query);
  core::Result<std::vector<Recommendation>> Recommended(const Principal& caller);

  core::Result<Signup> SignUp(const Principal& caller, core::ActivityId id, const audit::RequestMeta& meta);
  core::Result<Signup> CancelSignup(const Principal& caller, core::ActivityId id, const audit::RequestMeta& meta);
  // Withdraws the volunteer from every activity that has not started (a closed account, 账号注销), inside the
  // caller's transaction; places are released and the waiting list moves up as for a cancellation.
  void WithdrawFromUpcoming(UnitOfWork& uow, core::VolunteerId volunteer, core::AccountId by, core::TimePoint now);
  core::Result<Signup> DecideSignup(const Principal& caller, core::ActivityId id, core::SignupId signup, bool approve,
                                    const std::string& reason, const audit::RequestMeta& meta);
  core::Result<std::vector<Signup>> Signups(const Principal& caller, core::ActivityId id,
                                            std::optional<SignupStatus> status);
  core::Result<std::vector<Signup>> MySignups(const Principal& caller);
  std::optional<Signup> MySignup(const Principal* caller, core::ActivityId id);

  // Why the volunteer may not sign up, or nullopt when eligible (also used by recommendations).
  static std::optional<core::Error> Ineligible(const Activity& activity, const registry::Volunteer& volunteer);

 private:
  core::Result<ActivityFields> Validate(UnitOfWork& uow, const ActivityInput& input, const ActivityFields* current);
  // The activity if the caller administers its organisation, else kNotFound (also for another organisation's
  // published activity: outside one's scope answers as if it did not exist).
  core::Result<Activity> Administered(UnitOfWork& uow, const Principal& caller, core::ActivityId id);
  // Gives freed places to the waiting list, first come first served, and tells the promoted volunteers.
  void PromoteWaitlisted(UnitOfWork& uow, const Activity& activity, core::TimePoint now);
  void Withdraw(UnitOfWork& uow, const Activity& activity, const Signup& signup, core::AccountId by, core::TimePoint now);

  Store& store_;
  identity::Vault vault_;
  const core::Clock& clock_;
};

}  // namespace zhiyuan::domain::activities
