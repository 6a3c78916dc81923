#include "domain/ledger/ledger.hpp"

#include "core/enum_names.hpp"

namespace zhiyuan::domain::ledger {
namespace {

constexpr core::EnumNames<EntryKind, 4> kKinds{{{EntryKind::kAttendance, "attendance"},
                                                                        {EntryKind::kRetro, "retro"},
                                                                        {EntryKind::kReversal, "reversal"},
                                                                        {EntryKind::kCorrection, "correction"}}};
constexpr core::EnumNames<EntryStatus, 5> kStatuses{
    {{EntryStatus::kPending, "pending"},
     {EntryStatus::kAwaitingCounty, "awaiting_county"},
     {EntryStatus::kAwaitingCity, "awaiting_city"},
     {EntryStatus::kConfirmed, "confirmed"},
     {EntryStatus::kRejected, "rejected"}}};

constexpr std::int64_t kOrganizationLimit = 8 * 60;
constexpr std::int64_t kCountyLimit = 12 * 60;

}  // namespace

std::string_view ToString(EntryKind k) { return core::EnumName(kKinds, k); }
std::string_view ToString(EntryStatus s) { return core::EnumName(kStatuses, s); }
std::optional<EntryKind> ParseEntryKind(std::string_view t) { return core::ParseEnum(kKinds, t); }
std::optional<EntryStatus> ParseEntryStatus(std::string_view t) { return core::ParseEnum(kStatuses, t); }

std::string_view ToString(AppealStatus s) {
  return s == AppealStatus::kOpen ? "open" : s == AppealStatus::kAccepted ? "accepted" : "rejected";
}
std::optional<AppealStatus> ParseAppealStatus(std::string_view t) {
  if (t == "open") return AppealStatus::kOpen;
  if (t == "accepted") return AppealStatus::kAccepted;
  if (t == "rejected") return AppealStatus::kRejected;
  return std::nullopt;
}

ApprovalLevel RequiredLevel(std::int64_t confirmed_that_day, int entry_minutes) {
  auto total = confirmed_that_day + entry_minutes;
  if (total <= kOrganizationLimit) return ApprovalLevel::kOrganization;
  if (total <= kCountyLimit) return ApprovalLevel::kCounty;
  return ApprovalLevel::kCity;
}

}  // namespace zhiyuan::domain::ledger
