#include "domain/registry/registry.hpp"

#include <array>

namespace zhiyuan::domain::registry {
namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> Parse(const std::array<std::pair<Enum, std::string_view>, N>& table, std::string_view text) {
  for (const auto& [value, name] : table)
    if (name == text) return value;
  return std::nullopt;
}

template <typename Enum, std::size_t N>
std::string_view Name(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return table.front().second;
}

constexpr std::array<std::pair<PoliticalStatus, std::string_view>, 6> kPolitical{{
    {PoliticalStatus::kPartyMember, "party_member"},
    {PoliticalStatus::kProbationaryPartyMember, "probationary_party_member"},
    {PoliticalStatus::kLeagueMember, "league_member"},
    {PoliticalStatus::kMasses, "masses"},
    {PoliticalStatus::kDemocraticParty, "democratic_party"},
    {PoliticalStatus::kOther, "other"},
}};
constexpr std::array<std::pair<OrgStatus, std::string_view>, 3> kOrgStatus{{
    {OrgStatus::kPending, "pending"}, {OrgStatus::kApproved, "approved"}, {OrgStatus::kRejected, "rejected"}}};
constexpr std::array<std::pair<MembershipStatus, std::string_view>, 4> kMembershipStatus{{
    {MembershipStatus::kPending, "pending"},
    {MembershipStatus::kApproved, "approved"},
    {MembershipStatus::kRejected, "rejected"},
    {MembershipStatus::kLeft, "left"}}};
constexpr std::array<std::pair<TeamKind, std::string_view>, 3> kTeamKind{{
    {TeamKind::kGeneral, "general"}, {TeamKind::kPartyMember, "party_member"}, {TeamKind::kLeagueMember, "league_member"}}};
constexpr std::array<std::string_view, 8> kOrganizationTypes{
    "social_organization", "government_unit", "public_institution", "school",
    "enterprise",          "league_org",      "party_org",          "grassroots_team"};

}  // namespace

std::optional<PoliticalStatus> ParsePoliticalStatus(std::string_view t) { return Parse(kPolitical, t); }
std::string_view ToString(PoliticalStatus s) { return Name(kPolitical, s); }
bool IsPartyMember(PoliticalStatus s) {
  return s == PoliticalStatus::kPartyMember || s == PoliticalStatus::kProbationaryPartyMember;
}
bool IsLeagueMember(PoliticalStatus s) { return s == PoliticalStatus::kLeagueMember; }

std::string_view ToString(OrgStatus s) { return Name(kOrgStatus, s); }
std::optional<OrgStatus> ParseOrgStatus(std::string_view t) { return Parse(kOrgStatus, t); }
std::string_view ToString(MembershipStatus s) { return Name(kMembershipStatus, s); }
std::optional<MembershipStatus> ParseMembershipStatus(std::string_view t) { return Parse(kMembershipStatus, t); }
std::string_view ToString(TeamKind k) { return Name(kTeamKind, k); }
std::optional<TeamKind> ParseTeamKind(std::string_view t) { return Parse(kTeamKind, t); }

bool IsOrganizationType(std::string_view type) {
  for (auto t : kOrganizationTypes)
    if (t == type) return true;
  return false;
}

}  // namespace zhiyuan::domain::registry
