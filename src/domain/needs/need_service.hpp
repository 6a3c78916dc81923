#pragma once

#include "domain/activities/activity_service.hpp"
#include "domain/needs/needs.hpp"
#include "domain/store.hpp"

namespace zhiyuan::domain::needs {

using identity::Principal;

struct PostNeed {
  std::string title, description, recipients, county_code, address;
  std::optional<double> latitude, longitude;
  std::string wanted_from, wanted_to;
  std::string contact_name, contact_phone;
};

// 志愿者、服务对象、活动项目有效对接: needs posted by recipients, dispatched by the county, accepted by an
// organisation, turned into an activity, and confirmed and rated by the poster.
class NeedService {
 public:
  NeedService(Store& store, activities::ActivityService& activities, identity::Vault vault, const core::Clock& clock)
      : store_(store), activities_(activities), vault_(vault), clock_(clock) {}

  core::Result<Need> Post(const Principal& caller, const PostNeed& input, const audit::RequestMeta& meta);
  // The poster, the county/city admins of its county, and the admins of the organisation it went to.
  core::Result<Need> Get(const Principal& caller, NeedId id);
  core::Result<core::Page<Need>> Search(const Principal& caller, std::optional<NeedStatus> status, bool mine,
                                        core::PageRequest page);
  // kNotFound for a need outside the caller's scope before `org` (required) is validated.
  core::Result<Need> Dispatch(const Principal& caller, NeedId id, std::optional<core::OrganizationId> org,
                              const std::string& note, const audit::RequestMeta& meta);
  core::Result<Need> Accept(const Principal& caller, NeedId id, const audit::RequestMeta& meta);
  // Back to the county with a reason, to be dispatched elsewhere.
  core::Result<Need> Decline(const Principal& caller, NeedId id, const std::string& reason, const audit::RequestMeta& meta);
  // A draft activity prefilled from the need (fields in `input` override); the need is then scheduled.
  core::Result<activities::Activity> CreateActivity(const Principal& caller, NeedId id, activities::ActivityInput input,
                                                    const audit::RequestMeta& meta);
  // Confirm and Cancel are the poster's: anyone else who sees the need (its county, its organisation) gets
  // kPermissionDenied.
  core::Result<Need> Confirm(const Principal& caller, NeedId id, int rating, const std::string& feedback,
                             const audit::RequestMeta& meta);
  core::Result<Need> Cancel(const Principal& caller, NeedId id, const audit::RequestMeta& meta);

 private:
  bool CanSee(const Principal& caller, const Need& need) const;
  core::Result<Need> Step(const Principal& caller, NeedId id, const audit::RequestMeta& meta, const char* action,
                          const std::function<core::Result<NeedUpdate>(const Need&)>& decide);

  Store& store_;
  activities::ActivityService& activities_;
  identity::Vault vault_;
  const core::Clock& clock_;
};

}  // namespace zhiyuan::domain::needs
