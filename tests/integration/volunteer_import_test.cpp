#include "domain/registry/volunteer_import.hpp"
#include "fixture.hpp"

namespace zhiyuan::testing {

using domain::identity::Role;

class VolunteerImportTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    imports_ = std::make_unique<domain::registry::VolunteerImportService>(
        *store_, *identity_, domain::identity::Vault{cipher_, index_}, verifier_, "https://zy.example", clock_);
  }
  void TearDown() override {
    imports_.reset();
    BackendTest::TearDown();
  }
  // The link in the newest SMS of the outbox.
  std::string LastActivationToken() {
    auto body = db_->Acquire()->QueryOne("SELECT body FROM notices_outbox ORDER BY id DESC LIMIT 1")->Text(0);
    return body.substr(body.find("/activate/") + 10);
  }
  std::unique_ptr<domain::registry::VolunteerImportService> imports_;
};

TEST_P(VolunteerImportTest, AnOrganisationRegistersItsVolunteersWhoActivateTheirOwnAccounts) {
  auto admin = OrganisationAdmin("13800260001");
  auto org = OrgOf(admin);
  ASSERT_TRUE(Register("13800260002").ok());
  auto existing = Command("13800260009");  // registered already, with another phone
  ASSERT_TRUE(volunteers_->Register(existing, meta_).ok());
  auto fresh = NextIdNumber(), other = NextIdNumber("441424");
  auto minor = std::string("44140220150101") + "123";
  minor += domain::registry::ResidentIdCheckChar(minor);
  core::Sheet sheet{{"姓名", "身份证号码", "手机号码", "政治面貌", "所在县区"},
                    {{"黄一", fresh, "13800260011", "共青团员", ""},
                     {"黄二", other, "13800260012", "", "五华县"},
                     {"黄三", existing.id_number, "13800260013", "", ""},
                     {"黄四", NextIdNumber(), "13800260002", "", ""},  // phone of another account
                     {"黄五", minor, "13800260015", "", ""},
                     {"黄六", NextIdNumber(), "12345", "群众", "火星"}},
                    {2, 3, 4, 5, 6, 7}};
  auto result = imports_->Import(admin, org, sheet, meta_);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->created, 2);
  EXPECT_EQ(result->joined, 1);
  EXPECT_EQ(result->rejected, 3);
  ASSERT_EQ(result->errors.size(), 4u);
  EXPECT_EQ(result->errors[0].code, "duplicate_phone");
  EXPECT_EQ(result->errors[1].code, "minor");
  EXPECT_EQ(result->errors[2].field, "phone");
  EXPECT_EQ(result->errors[3].code, "unknown_county");

  // Again: nothing new (the two created and the one joined are members now).
  auto again = imports_->Import(admin, org, sheet, meta_);
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->joined, 0);
  EXPECT_EQ(again->unchanged, 3);
  EXPECT_EQ(again->resent, 0);  // the links went out today

  // 黄二 cannot log in until she sets a password through her link.
  auto token = LastActivationToken();
  EXPECT_EQ(identity_->Login("13800260012", std::string(domain::identity::IdentityService::kNoPassword), "", meta_)
                .error()
                .code,
            "invalid_credentials");
  EXPECT_EQ(identity_->DescribeActivation(token)->name, "黄二");
  EXPECT_EQ(identity_->Activate(token, "short", meta_).error().canonical, core::ErrorCode::kValidation);
  ASSERT_TRUE(identity_->Activate(token, "Huang#2026x", meta_).ok());
  auto huang = Login("13800260012", "Huang#2026x");
  ASSERT_TRUE(huang.volunteer.has_value());
  EXPECT_EQ(identity_->Activate(token, "Another#2026", meta_).error().canonical, core::ErrorCode::kNotFound);

  // Outsiders: another organisation's admin; an expired link.
  auto stranger = OrganisationAdmin("13800260020");
  EXPECT_EQ(imports_->Import(stranger, org, sheet, meta_).error().canonical, core::ErrorCode::kNotFound);
  core::Sheet one{{"姓名", "身份证号码", "手机号码"}, {{"黄七", NextIdNumber(), "13800260017"}}, {2}};
  ASSERT_EQ(imports_->Import(admin, org, one, meta_)->created, 1);
  auto late = LastActivationToken();
  clock_.Advance(std::chrono::days(31));
  EXPECT_EQ(identity_->DescribeActivation(late).error().canonical, core::ErrorCode::kNotFound);
  // A month later the one who never activated gets a fresh link when the organisation imports again.
  auto later = imports_->Import(admin, org, sheet, meta_);
  EXPECT_EQ(later->resent, 1);
  EXPECT_EQ(later->unchanged, 2);
  EXPECT_EQ(identity_->DescribeActivation(LastActivationToken())->name, "黄一");
  core::Sheet headless{{"姓名", "手机号码"}, {{"黄八", "13800260018"}}, {2}};
  EXPECT_EQ(imports_->Import(admin, org, headless, meta_).error().code, "sheet_unreadable");
}

ZY_BACKENDS(VolunteerImportTest);

}  // namespace zhiyuan::testing
