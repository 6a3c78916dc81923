#include "domain/needs/needs.hpp"

#include "core/enum_names.hpp"

namespace zhiyuan::domain::needs {
namespace {
constexpr core::EnumNames<NeedStatus, 6> kStatus{{{NeedStatus::kOpen, "open"},
                                                                          {NeedStatus::kDispatched, "dispatched"},
                                                                          {NeedStatus::kAccepted, "accepted"},
                                                                          {NeedStatus::kScheduled, "scheduled"},
                                                                          {NeedStatus::kCompleted, "completed"},
                                                                          {NeedStatus::kCancelled, "cancelled"}}};
}  // namespace

std::string_view ToString(NeedStatus s) { return core::EnumName(kStatus, s); }
std::optional<NeedStatus> ParseNeedStatus(std::string_view t) { return core::ParseEnum(kStatus, t); }

}  // namespace zhiyuan::domain::needs
