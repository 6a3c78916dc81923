#include <gtest/gtest.h>

#include "domain/identity/identity.hpp"
#include "domain/identity/principal.hpp"

using namespace zhiyuan::domain::identity;  // NOLINT

TEST(PasswordPolicy, NeedsLengthAndThreeClasses) {
  IdentityPolicy p;
  EXPECT_TRUE(CheckPasswordPolicy("Zhiyuan#2026", p).ok());
  EXPECT_TRUE(CheckPasswordPolicy("zhiyuan2026#", p).ok());
  EXPECT_FALSE(CheckPasswordPolicy("Zy#2026", p).ok());        // too short
  EXPECT_FALSE(CheckPasswordPolicy("zhiyuan2026", p).ok());    // two classes
  EXPECT_EQ(CheckPasswordPolicy("", p).error().fields[0].code, "required");
}

TEST(PasswordPolicy, IsConfiguration) {
  IdentityPolicy p;
  p.min_password_length = 12;
  EXPECT_FALSE(CheckPasswordPolicy("Zhiyuan#202", p).ok());
  EXPECT_TRUE(CheckPasswordPolicy("Zhiyuan#2026x", p).ok());
}

TEST(Principal, ScopesCountyAndOrganisationRoles) {
  Principal p;
  p.roles = {{Role::kCountyAdmin, {}, "441402"}, {Role::kOrgAdmin, zhiyuan::core::OrganizationId(7), ""}};
  EXPECT_TRUE(p.AdministersCounty("441402"));
  EXPECT_FALSE(p.AdministersCounty("441403"));
  EXPECT_TRUE(p.IsOrgAdminOf(zhiyuan::core::OrganizationId(7)));
  EXPECT_FALSE(p.IsOrgAdminOf(zhiyuan::core::OrganizationId(8)));
  Principal city;
  city.roles = {{Role::kCityAdmin, {}, ""}};
  EXPECT_TRUE(city.AdministersCounty("441403"));
  EXPECT_EQ(city.PrimaryRole(), "city_admin");
}
