// 三员分立 (MLPS level 3): the security administrator manages staff accounts and reads the security events; the
// auditor and the security administrator hold no role that would let them act on what they oversee.
#include <algorithm>

#include "fixture.hpp"

namespace zhiyuan::testing {

using domain::identity::Role;
using SecurityAdminTest = BackendTest;

namespace {

const char* kPassword = "Admin#2026x";

}  // namespace

TEST_P(SecurityAdminTest, TheAuditorAndTheSecurityAdministratorHoldNoRoleTheyOversee) {
  auto conflict = [&](const std::string& phone, Role role, const std::string& county = "") {
    auto r = identity_->CreateAdmin({"x", phone, kPassword, role, county, role == Role::kBankOperator ? "boc" : ""}, meta_);
    return !r.ok() && !r.error().fields.empty() && r.error().fields[0].code == "role_conflict";
  };
  ASSERT_TRUE(identity_->CreateAdmin({"安全", "13700139001", kPassword, Role::kSecurityAdmin, "", ""}, meta_).ok());
  EXPECT_TRUE(conflict("13700139001", Role::kCityAdmin));
  EXPECT_TRUE(conflict("13700139001", Role::kCountyAdmin, "441402"));
  EXPECT_TRUE(conflict("13700139001", Role::kBankOperator));
  EXPECT_TRUE(conflict("13700139001", Role::kAuditor));
  // Granting the role held already changes nothing and is no conflict.
  EXPECT_TRUE(identity_->CreateAdmin({"安全", "13700139001", kPassword, Role::kSecurityAdmin, "", ""}, meta_).ok());

  ASSERT_TRUE(identity_->CreateAdmin({"市", "13700139002", kPassword, Role::kCityAdmin, "", ""}, meta_).ok());
  EXPECT_TRUE(conflict("13700139002", Role::kSecurityAdmin));
  EXPECT_TRUE(conflict("13700139002", Role::kAuditor));
  ASSERT_TRUE(identity_->CreateAdmin({"审计", "13700139003", kPassword, Role::kAuditor, "", ""}, meta_).ok());
  EXPECT_TRUE(conflict("13700139003", Role::kSecurityAdmin));
  EXPECT_TRUE(conflict("13700139003", Role::kCountyAdmin, "441403"));

  // A volunteer made the auditor cannot become an organisation's admin by applying for one: nothing is written.
  ASSERT_TRUE(Register("13700139004").ok());
  auto auditor = identity_->CreateAdmin({"", "13700139004", "", Role::kAuditor, "", ""}, meta_);
  ASSERT_TRUE(auditor.ok());
  auto auditor_login = identity_->Login("13700139004", "Zhiyuan#2026", TotpCodeNow(*auditor->totp_uri), meta_);
  ASSERT_TRUE(auditor_login.ok());
  auto orgs = Count("registry_organizations");
  domain::registry::ApplyOrganization a;
  a.name = "审计员的组织";
  a.type = "grassroots_team";
  a.county_code = "441402";
  a.contact_name = "联系人";
  a.contact_phone = "13700139004";
  auto applied = organizations_->Apply(auditor_login->principal, a, meta_);
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().fields[0].code, "role_conflict");
  EXPECT_EQ(Count("registry_organizations"), orgs);

  // Nor can an organisation make a member who is the security administrator one of its admins.
  auto org_admin = OrganisationAdmin("13700139005");
  auto org = OrgOf(org_admin);
  auto member = Register("13700139006");
  ASSERT_TRUE(member.ok());
  auto joined = organizations_->RequestMembership(Login("13700139006"), org, meta_);
  ASSERT_TRUE(joined.ok()) << joined.error().message;
  ASSERT_TRUE(organizations_->DecideMembership(org_admin, org, joined->id, true, "", meta_).ok());
  ASSERT_TRUE(identity_->CreateAdmin({"", "13700139006", "", Role::kSecurityAdmin, "", ""}, meta_).ok());
  auto added = organizations_->AddAdmin(org_admin, org, member->id, meta_);
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.error().fields[0].field, "volunteer_id");
  EXPECT_EQ(added.error().fields[0].code, "role_conflict");
}

TEST_P(SecurityAdminTest, TheSecurityAdministratorManagesStaffAccountsAndEveryActionIsAudited) {
  auto security = Admin(Role::kSecurityAdmin);
  auto created = identity_->CreateAdmin({"梅江区管理员", "13700139101", kPassword, Role::kCountyAdmin, "441402", ""}, meta_);
  ASSERT_TRUE(created.ok());
  auto county_id = created->id;
  auto county_login = [&]() {
    clock_.Advance(std::chrono::seconds(30));  // each authenticator code works once
    return identity_->Login("13700139101", kPassword, TotpCodeNow(*created->totp_uri), meta_);
  };
  auto session = county_login();
  ASSERT_TRUE(session.ok());

  // Only the security administrator: not the city admin, not the auditor.
  domain::identity::IdentityService::StaffQuery by_phone{"13700139101", "", "", {}};
  for (auto other : {Admin(Role::kCityAdmin), Admin(Role::kAuditor)}) {
    EXPECT_EQ(identity_->ListStaff(other, by_phone, meta_).error().canonical, core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(identity_->SetDisabled(other, county_id, true, meta_).error().canonical,
              core::ErrorCode::kPermissionDenied);
  }

  auto found = identity_->ListStaff(security, by_phone, meta_);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->items.size(), 1u);
  const auto& staff = found->items[0];
  EXPECT_EQ(staff.account.id, county_id);
  EXPECT_EQ(staff.account.phone_masked, "137****9101");
  EXPECT_TRUE(staff.account.password_hash.empty());
  EXPECT_TRUE(staff.second_factor);
  EXPECT_EQ(staff.sessions, 1);
  ASSERT_EQ(staff.grants.size(), 1u);
  EXPECT_EQ(staff.grants[0].county_code, "441402");
  auto by_role = identity_->ListStaff(security, {"", "county_admin", "", {}}, meta_);
  ASSERT_TRUE(by_role.ok());
  EXPECT_EQ(by_role->total, 1);
  EXPECT_EQ(identity_->ListStaff(security, {"", "no_such_role", "", {}}, meta_).error().fields[0].code, "invalid_role");

  // A volunteer's own account is no staff account: not listed, and out of reach.
  auto volunteer = Register("13700139102");
  ASSERT_TRUE(volunteer.ok());
  auto volunteer_principal = Login("13700139102");
  EXPECT_EQ(identity_->ListStaff(security, {"13700139102", "", "", {}}, meta_)->total, 0);
  EXPECT_EQ(identity_->SetDisabled(security, volunteer_principal.account, true, meta_).error().canonical,
            core::ErrorCode::kNotFound);
  // Nor may the security administrator act on their own account.
  EXPECT_EQ(identity_->SetDisabled(security, security.account, true, meta_).error().code, "own_account");

  // Disable: sessions end, log-in refused after the right password; enable: back.
  auto disabled = identity_->SetDisabled(security, county_id, true, meta_);
  ASSERT_TRUE(disabled.ok());
  EXPECT_EQ(disabled->account.status, "disabled");
  EXPECT_EQ(disabled->sessions, 0);
  EXPECT_FALSE(identity_->Authenticate(session->token).ok());
  EXPECT_EQ(county_login().error().code, "account_disabled");
  EXPECT_EQ(identity_->ListStaff(security, {"", "", "disabled", {}}, meta_)->total, 1);
  ASSERT_TRUE(identity_->SetDisabled(security, county_id, false, meta_).ok());
  session = county_login();
  ASSERT_TRUE(session.ok());

  // End sessions.
  auto ended = identity_->EndSessions(security, county_id, meta_);
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(ended->sessions, 0);
  EXPECT_FALSE(identity_->Authenticate(session->token).ok());

  // Five wrong passwords lock the account; the security administrator unlocks it before the 30 minutes are up.
  for (int i = 0; i < 5; ++i) (void)identity_->Login("13700139101", "Wrong#2026x", "", meta_);
  EXPECT_EQ(county_login().error().code, "account_locked");
  auto locked = identity_->ListStaff(security, {"", "", "locked", {}}, meta_);
  ASSERT_TRUE(locked.ok());
  ASSERT_EQ(locked->total, 1);
  EXPECT_TRUE(locked->items[0].locked);
  auto unlocked = identity_->Unlock(security, county_id, meta_);
  ASSERT_TRUE(unlocked.ok());
  EXPECT_FALSE(unlocked->locked);
  EXPECT_EQ(unlocked->account.failed_logins, 0);
  ASSERT_TRUE(county_login().ok());

  // A lost authenticator: the new secret logs in, the old one no longer does.
  auto uri = identity_->ResetSecondFactor(security, county_id, meta_);
  ASSERT_TRUE(uri.ok());
  EXPECT_NE(*uri, *created->totp_uri);
  clock_.Advance(std::chrono::seconds(30));
  EXPECT_EQ(identity_->Login("13700139101", kPassword, TotpCodeNow(*created->totp_uri), meta_).error().code,
            "totp_invalid");
  clock_.Advance(std::chrono::seconds(30));
  EXPECT_TRUE(identity_->Login("13700139101", kPassword, TotpCodeNow(*uri), meta_).ok());
  // An organisation admin logs in without one: nothing to reset.
  auto org_admin = OrganisationAdmin("13700139103");
  EXPECT_EQ(identity_->ResetSecondFactor(security, org_admin.account, meta_).error().code, "no_second_factor");

  // The security events: the refused log-ins above, and only the kinds there are.
  auto events = identity_->SecurityEvents(security, "login_denied", std::nullopt, std::nullopt, {1, 100}, meta_);
  ASSERT_TRUE(events.ok());
  EXPECT_GE(events->total, 7);  // disabled, five wrong passwords, locked, the old authenticator
  for (const auto& e : events->items) {
    EXPECT_EQ(e.action, "session.login");
    EXPECT_EQ(e.result, "denied");
  }
  EXPECT_EQ(identity_->SecurityEvents(security, "everything", std::nullopt, std::nullopt, {}, meta_).error().fields[0].code,
            "invalid_kind");
  EXPECT_EQ(identity_->SecurityEvents(Admin(Role::kAuditor), "login_denied", std::nullopt, std::nullopt, {}, meta_)
                .error().canonical,
            core::ErrorCode::kPermissionDenied);

  // Every action is in the audit log under the security administrator's name, for the auditor to review.
  domain::audit::AuditQuery q;
  q.actor = security.account;
  q.page = {1, 100};
  std::vector<std::string> actions;
  for (const auto& e : store_->Read()->Audit().Search(q).items) {
    EXPECT_EQ(e.actor_role, "security_admin") << e.action;
    actions.push_back(e.action);
  }
  for (const char* action : {"account.search", "account.disable", "account.enable", "account.end_sessions",
                             "account.unlock", "account.reset_second_factor", "security.events"})
    EXPECT_NE(std::find(actions.begin(), actions.end(), action), actions.end()) << action;
}

ZY_BACKENDS(SecurityAdminTest);

}  // namespace zhiyuan::testing
