#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"

namespace zhiyuan::domain::needs {

using NeedId = core::Id<struct NeedTag>;

// 点单 → 派单 → 接单 → (activity) → 确认评价.
enum class NeedStatus { kOpen, kDispatched, kAccepted, kScheduled, kCompleted, kCancelled };
std::string_view ToString(NeedStatus status);
std::optional<NeedStatus> ParseNeedStatus(std::string_view text);

struct NeedFields {
  std::string title;        // what
  std::string description;
  std::string recipients;   // whom
  std::string county_code;  // where
  std::string address;
  std::optional<double> latitude;
  std::optional<double> longitude;
  core::TimePoint wanted_from;  // when
  core::TimePoint wanted_to;
  std::string contact_name;
  std::string contact_phone_enc;
  std::string contact_phone_masked;
};

struct Need : NeedFields {
  NeedId id;
  std::string county_name;
  NeedStatus status = NeedStatus::kOpen;
  core::AccountId posted_by;
  core::TimePoint posted_at;
  std::optional<core::OrganizationId> organization;
  std::string organization_name;
  std::string dispatch_note;
  std::optional<core::TimePoint> dispatched_at;
  std::string decline_reason;
  std::optional<core::TimePoint> accepted_at;
  std::optional<core::ActivityId> activity;
  std::optional<int> rating;
  std::string feedback;
  std::optional<core::TimePoint> completed_at;
};

struct NeedQuery {
  std::optional<NeedStatus> status;
  std::vector<std::string> counties;                   // county/city admins' scope (empty with `all`)
  std::vector<core::OrganizationId> organizations;     // dispatched to these (org admins)
  std::optional<core::AccountId> posted_by;            // the poster's own
  bool all = false;                                    // the city admin
  core::PageRequest page;
};

// The change a workflow step makes; unset fields stay.
struct NeedUpdate {
  explicit NeedUpdate(NeedStatus to) : status(to) {}
  NeedStatus status;
  std::optional<std::optional<core::OrganizationId>> organization;
  std::optional<std::string> dispatch_note;
  std::optional<core::AccountId> dispatched_by;
  std::optional<std::string> decline_reason;
  std::optional<core::ActivityId> activity;
  std::optional<int> rating;
  std::optional<std::string> feedback;
};

class NeedRepository {
 public:
  virtual ~NeedRepository() = default;
  virtual NeedId Insert(const NeedFields& fields, core::AccountId by, core::TimePoint at) = 0;
  virtual std::optional<Need> Find(NeedId id) = 0;
  // Applies a workflow step if the need is still in `from`; false when a concurrent step got there first.
  [[nodiscard]] virtual bool Update(NeedId id, NeedStatus from, const NeedUpdate& update, core::TimePoint at) = 0;
  virtual core::Page<Need> Search(const NeedQuery& query) = 0;
};

}  // namespace zhiyuan::domain::needs
