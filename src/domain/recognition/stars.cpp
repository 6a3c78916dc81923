#include "domain/recognition/stars.hpp"

#include "core/enum_names.hpp"

namespace zhiyuan::domain::recognition {
namespace {
constexpr core::EnumNames<EventKind, 2> kEventKinds{{{EventKind::kCertified, "certified"}, {EventKind::kRevoked, "revoked"}}};
constexpr core::EnumNames<PublicityStatus, 2> kPublicityStatuses{
    {{PublicityStatus::kOpen, "open"}, {PublicityStatus::kClosed, "closed"}}};
constexpr core::EnumNames<CandidateStatus, 3> kCandidateStatuses{{{CandidateStatus::kPublicized, "publicized"},
                                                                   {CandidateStatus::kCertified, "certified"},
                                                                   {CandidateStatus::kWithdrawn, "withdrawn"}}};
constexpr core::EnumNames<ObjectionStatus, 3> kObjectionStatuses{{{ObjectionStatus::kOpen, "open"},
                                                                  {ObjectionStatus::kUpheld, "upheld"},
                                                                  {ObjectionStatus::kDismissed, "dismissed"}}};
}  // namespace

std::string_view ToString(EventKind k) { return core::EnumName(kEventKinds, k); }
std::string_view ToString(PublicityStatus s) { return core::EnumName(kPublicityStatuses, s); }
std::string_view ToString(CandidateStatus s) { return core::EnumName(kCandidateStatuses, s); }
std::string_view ToString(ObjectionStatus s) { return core::EnumName(kObjectionStatuses, s); }

int StarRules::LevelFor(std::int64_t minutes) const {
  int level = 0;
  for (std::size_t i = 0; i < thresholds.size(); ++i)
    if (minutes >= thresholds[i]) level = int(i) + 1;
  return level;
}

std::optional<std::int64_t> StarRules::ThresholdOf(int level) const {
  if (level < 1 || level > int(thresholds.size())) return std::nullopt;
  return thresholds[std::size_t(level) - 1];
}

core::Date AddWorkingDays(core::Date start, int working_days) {
  std::chrono::sys_days day(start);
  while (working_days > 0) {
    day += std::chrono::days(1);
    std::chrono::weekday wd(day);
    if (wd != std::chrono::Saturday && wd != std::chrono::Sunday) --working_days;
  }
  return core::Date(day);
}

}  // namespace zhiyuan::domain::recognition
