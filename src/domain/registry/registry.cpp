#include "domain/registry/registry.hpp"

#include "core/enum_names.hpp"

namespace zhiyuan::domain::registry {
namespace {

using core::EnumName;
using core::ParseEnum;

constexpr core::EnumNames<PoliticalStatus, 6> kPolitical{{
    {PoliticalStatus::kPartyMember, "party_member"},
    {PoliticalStatus::kProbationaryPartyMember, "probationary_party_member"},
    {PoliticalStatus::kLeagueMember, "league_member"},
    {PoliticalStatus::kMasses, "masses"},
    {PoliticalStatus::kDemocraticParty, "democratic_party"},
    {PoliticalStatus::kOther, "other"},
}};
constexpr core::EnumNames<OrgStatus, 3> kOrgStatus{{
    {OrgStatus::kPending, "pending"}, {OrgStatus::kApproved, "approved"}, {OrgStatus::kRejected, "rejected"}}};
constexpr core::EnumNames<MembershipStatus, 4> kMembershipStatus{{
    {MembershipStatus::kPending, "pending"},
    {MembershipStatus::kApproved, "approved"},
    {MembershipStatus::kRejected, "rejected"},
    {MembershipStatus::kLeft, "left"}}};
constexpr core::EnumNames<TeamKind, 3> kTeamKind{{
    {TeamKind::kGeneral, "general"}, {TeamKind::kPartyMember, "party_member"}, {TeamKind::kLeagueMember, "league_member"}}};
constexpr std::array<std::string_view, 8> kOrganizationTypes{
    "social_organization", "government_unit", "public_institution", "school",
    "enterprise",          "league_org",      "party_org",          "grassroots_team"};

}  // namespace

std::optional<PoliticalStatus> ParsePoliticalStatus(std::string_view t) { return ParseEnum(kPolitical, t); }
std::string_view ToString(PoliticalStatus s) { return EnumName(kPolitical, s); }
std::optional<PoliticalStatus> ParsePoliticalStatusLabel(std::string_view text) {
  static constexpr std::pair<std::string_view, PoliticalStatus> kLabels[] = {
      {"中共党员", PoliticalStatus::kPartyMember},
      {"党员", PoliticalStatus::kPartyMember},
      {"中共预备党员", PoliticalStatus::kProbationaryPartyMember},
      {"预备党员", PoliticalStatus::kProbationaryPartyMember},
      {"共青团员", PoliticalStatus::kLeagueMember},
      {"团员", PoliticalStatus::kLeagueMember},
      {"群众", PoliticalStatus::kMasses}};
  for (auto [label, status] : kLabels)
    if (text == label) return status;
  return ParsePoliticalStatus(text);
}
bool IsPartyMember(PoliticalStatus s) {
  return s == PoliticalStatus::kPartyMember || s == PoliticalStatus::kProbationaryPartyMember;
}
bool IsLeagueMember(PoliticalStatus s) { return s == PoliticalStatus::kLeagueMember; }

std::string_view ToString(OrgStatus s) { return EnumName(kOrgStatus, s); }
std::optional<OrgStatus> ParseOrgStatus(std::string_view t) { return ParseEnum(kOrgStatus, t); }
std::string_view ToString(MembershipStatus s) { return EnumName(kMembershipStatus, s); }
std::optional<MembershipStatus> ParseMembershipStatus(std::string_view t) { return ParseEnum(kMembershipStatus, t); }
std::string_view ToString(TeamKind k) { return EnumName(kTeamKind, k); }
std::optional<TeamKind> ParseTeamKind(std::string_view t) { return ParseEnum(kTeamKind, t); }

bool IsOrganizationType(std::string_view type) {
  for (auto t : kOrganizationTypes)
    if (t == type) return true;
  return false;
}

}  // namespace zhiyuan::domain::registry
