#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"

namespace zhiyuan::domain::identity {

// 三员分立 (MLPS level 3): the business is run by the system administrators (city, county and organisation
// admins), accounts and security policy by the security administrator (kSecurityAdmin), and the audit log is read
// by the auditor; RoleConflict (identity_service.hpp) keeps the three apart.
enum class Role { kVolunteer, kOrgAdmin, kCountyAdmin, kCityAdmin, kAuditor, kBankOperator, kMerchant, kSecurityAdmin };

std::string_view ToString(Role role);
std::optional<Role> ParseRole(std::string_view text);

// One role with its scope: an organisation for org admins, a county for county admins.
struct RoleGrant {
  Role role;
  core::OrganizationId organization;  // kOrgAdmin only
  std::string county_code;            // kCountyAdmin only
  std::string partner_code = {};      // kBankOperator: the bank ("boc"); kMerchant: the merchant's code
};

// Who is calling, resolved from the session once per request.
struct Principal {
  core::AccountId account;
  std::string name;
  std::optional<core::VolunteerId> volunteer;
  std::vector<RoleGrant> roles;
  std::string session_hash;  // identifies the session (for log-out)
  std::string csrf_token;
  core::TimePoint password_changed_at;  // for the rotation reminder (IdentityPolicy::password_max_age)

  bool Has(Role role) const;
  bool IsCityAdmin() const { return Has(Role::kCityAdmin); }
  bool IsAuditor() const { return Has(Role::kAuditor); }
  bool IsSecurityAdmin() const { return Has(Role::kSecurityAdmin); }
  bool IsCountyAdminOf(std::string_view county_code) const;
  bool IsOrgAdminOf(core::OrganizationId org) const;
  // The partner this bank operator or merchant acts for ("" when the caller is neither).
  std::string PartnerOf(Role role) const;
  // County or city admin whose scope includes the county: the approver of things in that county.
  bool AdministersCounty(std::string_view county_code) const { return IsCityAdmin() || IsCountyAdminOf(county_code); }
  bool IsAnyAdmin() const { return Has(Role::kCityAdmin) || Has(Role::kCountyAdmin); }
  // The main role, for the audit log's actor_role column.
  std::string_view PrimaryRole() const;
};

}  // namespace zhiyuan::domain::identity
