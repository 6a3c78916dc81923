#include "domain/identity/principal.hpp"

#include <algorithm>

namespace zhiyuan::domain::identity {

std::string_view ToString(Role role) {
  switch (role) {
    case Role::kVolunteer: return "volunteer";
    case Role::kOrgAdmin: return "org_admin";
    case Role::kCountyAdmin: return "county_admin";
    case Role::kCityAdmin: return "city_admin";
    case Role::kAuditor: return "auditor";
    case Role::kBankOperator: return "bank_operator";
    case Role::kMerchant: return "merchant";
    case Role::kSecurityAdmin: return "security_admin";
  }
  return "volunteer";
}

std::optional<Role> ParseRole(std::string_view t) {
  for (Role r : {Role::kVolunteer, Role::kOrgAdmin, Role::kCountyAdmin, Role::kCityAdmin, Role::kAuditor,
                 Role::kBankOperator, Role::kMerchant, Role::kSecurityAdmin})
    if (ToString(r) == t) return r;
  return std::nullopt;
}

bool Principal::Has(Role role) const {
  return std::any_of(roles.begin(), roles.end(), [&](const RoleGrant& g) { return g.role == role; });
}

bool Principal::IsCountyAdminOf(std::string_view county) const {
  return std::any_of(roles.begin(), roles.end(),
                     [&](const RoleGrant& g) { return g.role == Role::kCountyAdmin && g.county_code == county; });
}

bool Principal::IsOrgAdminOf(core::OrganizationId org) const {
  return std::any_of(roles.begin(), roles.end(),
                     [&](const RoleGrant& g) { return g.role == Role::kOrgAdmin && g.organization == org; });
}

std::string Principal::PartnerOf(Role role) const {
  for (const auto& g : roles)
    if (g.role == role) return g.partner_code;
  return "";
}

std::string_view Principal::PrimaryRole() const {
  for (Role r : {Role::kAuditor, Role::kSecurityAdmin, Role::kCityAdmin, Role::kCountyAdmin, Role::kOrgAdmin, Role::kBankOperator,
                 Role::kMerchant, Role::kVolunteer})
    if (Has(r)) return ToString(r);
  return "";
}

}  // namespace zhiyuan::domain::identity
