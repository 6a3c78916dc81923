#include "fixture.hpp"

namespace zhiyuan::testing {

using domain::identity::Role;
using namespace domain::registry;  // NOLINT
using RegistryTest = BackendTest;

namespace {
std::string ValidCreditCode(const std::string& region, int n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "51%s%09d", region.c_str(), n);
  std::string s(buf);
  return s + CreditCodeCheckChar(s);
}
ApplyOrganization Application(const std::string& name, const std::string& county, const std::string& code) {
  ApplyOrganization a;
  a.name = name;
  a.credit_code = code;
  a.type = "social_organization";
  a.county_code = county;
  a.contact_name = "联系人";
  a.contact_phone = "13911112222";
  return a;
}
}  // namespace

TEST_P(RegistryTest, RegistrationMasksAndEncryptsTheIdNumberAndPhone) {
  auto c = Command("13800138100");
  auto v = volunteers_->Register(c, meta_);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->id_number_masked, c.id_number.substr(0, 6) + "********" + c.id_number.substr(14));
  EXPECT_EQ(v->phone_masked, "138****8100");
  EXPECT_EQ(v->volunteer_number.rfind("ZY2026", 0), 0u);
  EXPECT_EQ(v->real_name_status, "verified");
  auto conn = db_->Acquire();
  for (const auto& row : conn->Query("SELECT * FROM registry_volunteers"))
    for (std::size_t i = 0; i < row.size(); ++i) {
      EXPECT_EQ(row.Text(i).find(c.id_number), std::string::npos);
      EXPECT_EQ(row.Text(i).find("13800138100"), std::string::npos);
    }
  for (const auto& row : conn->Query("SELECT * FROM identity_accounts"))
    for (std::size_t i = 0; i < row.size(); ++i) EXPECT_EQ(row.Text(i).find("13800138100"), std::string::npos);
  auto enc = conn->QueryOne("SELECT id_number_enc FROM registry_volunteers")->Text(0);
  EXPECT_EQ(cipher_.Decrypt("id_number", enc), c.id_number);
}

TEST_P(RegistryTest, DuplicateIdNumberIsRefusedAndWritesNothing) {
  auto c = Command("13800138101");
  ASSERT_TRUE(volunteers_->Register(c, meta_).ok());
  auto accounts = Count("identity_accounts");
  c.phone = "13800138102";
  auto dup = volunteers_->Register(c, meta_);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "duplicate_id_number");
  EXPECT_EQ(dup.error().fields[0].field, "id_number");
  EXPECT_EQ(Count("identity_accounts"), accounts);
}

TEST_P(RegistryTest, InvalidInputNamesEveryFieldInChineseAndWritesNothing) {
  auto c = Command("12345");
  c.id_number = "441402199002301234";
  c.password = "short";
  c.county_code = "110105";
  auto r = volunteers_->Register(c, meta_);
  ASSERT_FALSE(r.ok());
  std::set<std::string> fields;
  for (const auto& f : r.error().fields) {
    fields.insert(f.field);
    EXPECT_FALSE(f.message.empty());
  }
  EXPECT_EQ(fields, (std::set<std::string>{"id_number", "phone", "password", "county_code"}));
  EXPECT_EQ(Count("identity_accounts"), 0);
  EXPECT_EQ(Count("registry_volunteers"), 0);
}

TEST_P(RegistryTest, MinorsNeedAGuardiansConsent) {
  auto c = Command("13800138103");
  std::string first17 = "441402201205011" + std::string("23");
  c.id_number = first17 + ResidentIdCheckChar(first17);
  auto refused = volunteers_->Register(c, meta_);
  ASSERT_FALSE(refused.ok());
  std::set<std::string> fields;
  for (const auto& f : refused.error().fields) fields.insert(f.field);
  EXPECT_TRUE(fields.count("guardian_consent"));
  c.guardian_name = "家长";
  c.guardian_phone = "13800138104";
  c.guardian_consent = true;
  auto ok = volunteers_->Register(c, meta_);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok->guardian_consent);
  EXPECT_EQ(ok->guardian_phone_masked, "138****8104");
}

TEST_P(RegistryTest, VolunteersSeeThemselvesButNotOthers) {
  auto a = Register("13800138105");
  auto b = Register("13800138106");
  auto pa = Login("13800138105");
  EXPECT_TRUE(volunteers_->Get(pa, a->id, meta_).ok());
  EXPECT_EQ(volunteers_->Get(pa, b->id, meta_).error().canonical, core::ErrorCode::kNotFound);
  auto county = Admin(Role::kCountyAdmin, "441402");
  EXPECT_TRUE(volunteers_->Get(county, b->id, meta_).ok());
  auto other_county = Admin(Role::kCountyAdmin, "441403");
  EXPECT_EQ(volunteers_->Get(other_county, b->id, meta_).error().canonical, core::ErrorCode::kNotFound);
}

TEST_P(RegistryTest, ProfileEditsChangeOnlyTheGivenFields) {
  ASSERT_TRUE(Register("13800138107").ok());
  auto p = Login("13800138107");
  UpdateProfile u;
  u.skills = std::vector<std::string>{"急救", "摄影", "急救"};
  u.political_status = "league_member";
  auto v = volunteers_->UpdateOwnProfile(p, u, meta_);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->skills, (std::vector<std::string>{"急救", "摄影"}));
  EXPECT_EQ(v->political_status, PoliticalStatus::kLeagueMember);
  EXPECT_EQ(v->county_code, "441402");
}

TEST_P(RegistryTest, CountyAdminApprovesOnlyInTheirCounty) {
  ASSERT_TRUE(Register("13800138110").ok());
  auto applicant = Login("13800138110");
  auto org = organizations_->Apply(applicant, Application("梅江区测试协会", "441402", ValidCreditCode("441402", 1)), meta_);
  ASSERT_TRUE(org.ok()) << org.error().message;
  EXPECT_EQ(org->status, OrgStatus::kPending);
  auto as_admin = Login("13800138110");
  EXPECT_TRUE(as_admin.IsOrgAdminOf(org->id));
  EXPECT_EQ(organizations_->Approve(as_admin, org->id, "", meta_).error().canonical, core::ErrorCode::kPermissionDenied);
  auto other = Admin(Role::kCountyAdmin, "441403");
  EXPECT_EQ(organizations_->Approve(other, org->id, "", meta_).error().canonical, core::ErrorCode::kNotFound);
  auto county = Admin(Role::kCountyAdmin, "441402");
  auto approved = organizations_->Approve(county, org->id, "", meta_);
  ASSERT_TRUE(approved.ok());
  EXPECT_EQ(approved->status, OrgStatus::kApproved);
  EXPECT_EQ(organizations_->Approve(county, org->id, "", meta_).error().code, "already_decided");
  EXPECT_EQ(Count("audit_log WHERE action = 'organization.approve'"), 1);
}

TEST_P(RegistryTest, AHistoricCreditCodeNeedsAnOverrideReason) {
  ASSERT_TRUE(Register("13800138111").ok());
  auto applicant = Login("13800138111");
  auto bad_code = ValidCreditCode("441402", 2);
  bad_code.back() = bad_code.back() == '0' ? '1' : '0';
  auto refused = organizations_->Apply(applicant, Application("老组织", "441402", bad_code), meta_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields[0].code, "invalid_credit_code");
  auto with_note = Application("老组织", "441402", bad_code);
  with_note.credit_code_note = "2015年前民政登记的旧代码";
  auto org = organizations_->Apply(applicant, with_note, meta_);
  ASSERT_TRUE(org.ok());
  EXPECT_FALSE(org->credit_code_valid);
  auto city = Admin(Role::kCityAdmin);
  EXPECT_EQ(organizations_->Approve(city, org->id, "", meta_).error().fields[0].code, "override_reason_required");
  auto approved = organizations_->Approve(city, org->id, "已核对民政登记证书", meta_);
  ASSERT_TRUE(approved.ok());
  EXPECT_EQ(approved->credit_code_override_reason, "已核对民政登记证书");
}

TEST_P(RegistryTest, DuplicateCreditCodesAreRefused) {
  ASSERT_TRUE(Register("13800138112").ok());
  auto applicant = Login("13800138112");
  auto code = ValidCreditCode("441402", 3);
  ASSERT_TRUE(organizations_->Apply(applicant, Application("甲", "441402", code), meta_).ok());
  auto dup = organizations_->Apply(applicant, Application("乙", "441402", code), meta_);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "duplicate_credit_code");
}

TEST_P(RegistryTest, MembershipAndPartyLeagueTeams) {
  ASSERT_TRUE(Register("13800138120").ok());
  auto admin = Login("13800138120");
  auto org = organizations_->Apply(admin, Application("团员服务队母体", "441402", ValidCreditCode("441402", 4)), meta_);
  ASSERT_TRUE(organizations_->Approve(Admin(Role::kCityAdmin), org->id, "", meta_).ok());
  admin = Login("13800138120");
  auto league = Register("13800138121", "441402", "league_member");
  auto masses = Register("13800138122", "441402", "masses");
  auto pl = Login("13800138121");
  auto pm = Login("13800138122");
  auto m1 = organizations_->RequestMembership(pl, org->id, meta_);
  auto m2 = organizations_->RequestMembership(pm, org->id, meta_);
  ASSERT_TRUE(m1.ok() && m2.ok());
  EXPECT_EQ(m1->status, MembershipStatus::kPending);
  EXPECT_EQ(organizations_->RequestMembership(pl, org->id, meta_).error().code, "already_member");
  EXPECT_EQ(organizations_->DecideMembership(pl, org->id, m2->id, true, "", meta_).error().canonical,
            core::ErrorCode::kNotFound);
  ASSERT_TRUE(organizations_->DecideMembership(admin, org->id, m1->id, true, "", meta_).ok());
  ASSERT_TRUE(organizations_->DecideMembership(admin, org->id, m2->id, true, "", meta_).ok());
  auto team = organizations_->CreateTeam(admin, org->id, {"团员志愿服务队", "league_member", ""}, meta_);
  ASSERT_TRUE(team.ok());
  EXPECT_EQ(organizations_->AddTeamMember(admin, org->id, team->id, masses->id, meta_).error().fields[0].code,
            "not_league_member");
  EXPECT_TRUE(organizations_->AddTeamMember(admin, org->id, team->id, league->id, meta_).ok());
  EXPECT_EQ(organizations_->Teams(nullptr, org->id)->at(0).member_count, 1);
  auto members = organizations_->TeamMembers(admin, org->id, team->id);
  ASSERT_TRUE(members.ok());
  ASSERT_EQ(members->size(), 1u);
  EXPECT_EQ(members->at(0).volunteer, league->id);
  EXPECT_EQ(organizations_->TeamMembers(pl, org->id, team->id).error().canonical, core::ErrorCode::kNotFound);
  auto mine = organizations_->MyMemberships(pl);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->at(0).organization_name, "团员服务队母体");
  EXPECT_EQ(mine->at(0).status, MembershipStatus::kApproved);
  // The organisation admin may now read its members' profiles.
  EXPECT_TRUE(volunteers_->Get(admin, masses->id, meta_).ok());
}

TEST_P(RegistryTest, PendingOrganisationsAreHiddenFromThePublic) {
  ASSERT_TRUE(Register("13800138130").ok());
  auto applicant = Login("13800138130");
  auto org = organizations_->Apply(applicant, Application("待审组织", "441402", ValidCreditCode("441402", 5)), meta_);
  EXPECT_EQ(organizations_->Get(nullptr, org->id).error().canonical, core::ErrorCode::kNotFound);
  applicant = Login("13800138130");  // a new request sees the org_admin role granted by the application
  EXPECT_TRUE(organizations_->Get(&applicant, org->id).ok());
  OrganizationQuery q;
  EXPECT_EQ(organizations_->Search(nullptr, q, false)->total, 0);
  EXPECT_EQ(organizations_->Search(&applicant, q, true)->total, 1);
  auto county = Admin(Role::kCountyAdmin, "441402");
  q.statuses = {OrgStatus::kPending};
  EXPECT_EQ(organizations_->Search(&county, q, false)->total, 1);
  auto other = Admin(Role::kCountyAdmin, "441481");
  EXPECT_EQ(organizations_->Search(&other, q, false)->total, 0);
}

TEST_P(RegistryTest, OnlyTheCityAdminMaintainsPopulationAndItIsAudited) {
  auto county = Admin(Role::kCountyAdmin, "441426");
  EXPECT_EQ(regions_->SetPopulation(county, "441426", 2025, 190500, "", meta_).error().canonical,
            core::ErrorCode::kPermissionDenied);
  auto city = Admin(Role::kCityAdmin);
  ASSERT_TRUE(regions_->SetPopulation(city, "441426", 2025, 190500, "2025年统计公报", meta_).ok());
  auto region = *store_->Read()->Regions().Find("441426");
  EXPECT_EQ(region.population, 190500);
  EXPECT_EQ(region.population_year, 2025);
  EXPECT_EQ(regions_->Populations("441426")->size(), 2u);
  EXPECT_EQ(regions_->SetPopulation(city, "441426", 2035, 1, "", meta_).error().code, "validation_failed");
  EXPECT_EQ(Count("audit_log WHERE action = 'region.set_population'"), 1);
  // One county's newer figure does not change the city total until every county has that year.
  auto city_region = *store_->Read()->Regions().Find("441400");
  EXPECT_EQ(city_region.population, 3858000);
  EXPECT_EQ(city_region.population_year, 2022);
}

TEST_P(RegistryTest, OnlyTheAuditorReadsTheAuditLog) {
  ASSERT_TRUE(Register("13800138140").ok());
  auto city = Admin(Role::kCityAdmin);
  EXPECT_EQ(audit_->Search(city, {}, meta_, "{}").error().canonical, core::ErrorCode::kPermissionDenied);
  auto auditor = Admin(Role::kAuditor);
  domain::audit::AuditQuery q;
  q.action = "volunteer.register";
  auto page = audit_->Search(auditor, q, meta_, R"({"action":"volunteer.register"})");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 1);
  EXPECT_EQ(page->items[0].result, "ok");
  // The auditor's own search is on record too, with its filters.
  q.action = "audit.search";
  auto searches = audit_->Search(auditor, q, meta_, "{}");
  ASSERT_TRUE(searches.ok());
  ASSERT_GE(searches->total, 1);
  EXPECT_EQ(searches->items.back().detail, R"({"action":"volunteer.register"})");
}

ZY_BACKENDS(RegistryTest);

}  // namespace zhiyuan::testing
