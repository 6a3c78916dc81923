#include "domain/credentials/credentials.hpp"

#include "core/enum_names.hpp"

namespace zhiyuan::domain::credentials {
namespace {
constexpr core::EnumNames<Kind, 2> kKinds{{{Kind::kCertificate, "certificate"}, {Kind::kCard, "card"}}};
constexpr core::EnumNames<Status, 7> kStatuses{{{Status::kApplied, "applied"},
                                                {Status::kChecked, "checked"},
                                                {Status::kSentToBank, "sent_to_bank"},
                                                {Status::kIssued, "issued"},
                                                {Status::kActivated, "activated"},
                                                {Status::kRejected, "rejected"},
                                                {Status::kCancelled, "cancelled"}}};
}  // namespace

std::string_view ToString(Kind k) { return core::EnumName(kKinds, k); }
std::string_view ToString(Status s) { return core::EnumName(kStatuses, s); }
std::optional<Kind> ParseKind(std::string_view t) { return core::ParseEnum(kKinds, t); }
std::optional<Status> ParseStatus(std::string_view t) { return core::ParseEnum(kStatuses, t); }

bool BankMayMove(Status from, Status to) {
  switch (from) {
    case Status::kSentToBank: return to == Status::kIssued || to == Status::kRejected || to == Status::kActivated;
    case Status::kIssued: return to == Status::kActivated || to == Status::kRejected;
    default: return false;
  }
}

bool Holds(Status s) { return s == Status::kIssued || s == Status::kActivated; }

const std::vector<std::string>& SharedFields(Kind kind) {
  // A card is a bank account: the bank also needs the county for the branch that opens it.
  static const std::vector<std::string> kCertificate{"name", "id_number", "phone", "volunteer_number"};
  static const std::vector<std::string> kCard{"name", "id_number", "phone", "volunteer_number", "county"};
  return kind == Kind::kCertificate ? kCertificate : kCard;
}

}  // namespace zhiyuan::domain::credentials
