#include "domain/needs/needs.hpp"

#include <array>
#include <utility>

namespace zhiyuan::domain::needs {
namespace {
constexpr std::array<std::pair<NeedStatus, std::string_view>, 6> kStatus{{{NeedStatus::kOpen, "open"},
                                                                          {NeedStatus::kDispatched, "dispatched"},
                                                                          {NeedStatus::kAccepted, "accepted"},
                                                                          {NeedStatus::kScheduled, "scheduled"},
                                                                          {NeedStatus::kCompleted, "completed"},
                                                                          {NeedStatus::kCancelled, "cancelled"}}};
}  // namespace

std::string_view ToString(NeedStatus s) {
  for (const auto& [v, n] : kStatus)
    if (v == s) return n;
  return "open";
}

std::optional<NeedStatus> ParseNeedStatus(std::string_view t) {
  for (const auto& [v, n] : kStatus)
    if (n == t) return v;
  return std::nullopt;
}

}  // namespace zhiyuan::domain::needs
