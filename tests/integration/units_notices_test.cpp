#include "domain/notices/notice_service.hpp"
#include "domain/units/unit_service.hpp"
#include "fixture.hpp"

namespace zhiyuan::testing {

using domain::identity::Role;
using domain::notices::Standing;

class NoticeTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    units_ = std::make_unique<domain::units::UnitService>(*store_, *identity_, clock_);
    notices_ = std::make_unique<domain::notices::NoticeService>(*store_, domain::identity::Vault{cipher_, index_}, clock_);
  }
  void TearDown() override {
    notices_.reset();
    units_.reset();
    BackendTest::TearDown();
  }
  domain::notices::ReceiptInput Receipt() {
    return {std::nullopt, "张书记", "李干事", "办公室主任", "13800220099", "lgs@example.cn"};
  }
  std::unique_ptr<domain::units::UnitService> units_;
  std::unique_ptr<domain::notices::NoticeService> notices_;
};

TEST_P(NoticeTest, UnitsReturnReceiptsAndTheCitySeesWhoIsOnTimeLateOrMissing) {
  auto city = Admin(Role::kCityAdmin);
  auto meijiang = Admin(Role::kCountyAdmin, "441402");
  auto school = units_->Create(meijiang, "梅州市梅江区实验学校", "school", "441402", meta_);
  ASSERT_TRUE(school.ok()) << school.error().message;
  EXPECT_EQ(units_->Create(meijiang, "五华县某单位", "government", "441424", meta_).error().canonical,
            core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(units_->Create(meijiang, "梅州市梅江区实验学校", "school", "441402", meta_).error().code, "unit_exists");
  auto bureau = units_->Create(city, "梅州市文明办", "government", "441400", meta_);
  auto company = units_->Create(city, "梅州客都企业", "enterprise", "441424", meta_);
  ASSERT_TRUE(bureau.ok() && company.ok());
  ASSERT_TRUE(Register("13800220001").ok());
  ASSERT_TRUE(Register("13800220002").ok());
  EXPECT_EQ(units_->AddContact(meijiang, bureau->id, "13800220001", meta_).error().canonical, core::ErrorCode::kNotFound);
  ASSERT_TRUE(units_->AddContact(meijiang, school->id, "13800220001", meta_).ok());
  ASSERT_TRUE(units_->AddContact(city, bureau->id, "13800220002", meta_).ok());
  EXPECT_EQ(units_->AddContact(city, company->id, "13800220999", meta_).error().fields[0].code, "unknown_account");

  auto deadline = core::FormatRfc3339(clock_.Now() + std::chrono::hours(48));
  EXPECT_EQ(notices_->Publish(meijiang, "通知", "内容", deadline, {school->id.value}, meta_).error().canonical,
            core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(notices_->Publish(city, "通知", "内容", deadline, {}, meta_).error().fields[0].code, "required");
  auto notice = notices_->Publish(city, "关于报送志愿服务工作联系人的通知", "请各单位于截止前提交回执。", deadline,
                                  {school->id.value, bureau->id.value, company->id.value}, meta_);
  ASSERT_TRUE(notice.ok()) << notice.error().message;

  auto teacher = Login("13800220001");
  EXPECT_EQ(notices_->List(teacher).size(), 1u);
  auto bad = Receipt();
  bad.contact_email = "not-an-email";
  EXPECT_EQ(notices_->Answer(teacher, notice->id, bad, meta_).error().fields[0].code, "invalid_email");
  auto answered = notices_->Answer(teacher, notice->id, Receipt(), meta_);
  ASSERT_TRUE(answered.ok()) << answered.error().message;
  EXPECT_EQ(answered->unit, school->id);
  EXPECT_EQ(answered->contact_phone_masked, "138****0099");
  EXPECT_EQ(notices_->Answer(Login("13800220002", "Zhiyuan#2026"), domain::notices::NoticeId(999), Receipt(), meta_)
                .error().canonical,
            core::ErrorCode::kNotFound);

  clock_.Advance(std::chrono::hours(49));
  ASSERT_TRUE(notices_->Answer(Login("13800220002"), notice->id, Receipt(), meta_).ok());
  auto board = notices_->Board(city, notice->id);
  ASSERT_TRUE(board.ok());
  std::map<std::string, Standing> by_name;
  for (const auto& u : board->units) by_name[u.status.unit_name] = u.standing;
  EXPECT_EQ(by_name["梅州市梅江区实验学校"], Standing::kAnswered);
  EXPECT_EQ(by_name["梅州市文明办"], Standing::kAnsweredLate);
  EXPECT_EQ(by_name["梅州客都企业"], Standing::kLate);
  EXPECT_EQ(notices_->Board(teacher, notice->id).error().canonical, core::ErrorCode::kNotFound);

  ASSERT_TRUE(units_->AddContact(city, company->id, "13800220001", meta_).ok());
  auto reminded = notices_->Remind(city, notice->id, meta_);
  ASSERT_TRUE(reminded.ok());
  EXPECT_EQ(reminded->units, 1);
  EXPECT_EQ(reminded->contacts, 1);
  EXPECT_EQ(Count("notices_outbox"), 1);
  // The receipt's phone is stored encrypted.
  EXPECT_EQ(db_->Acquire()->QueryOne("SELECT COUNT(*) FROM notices_receipts WHERE contact_phone_enc LIKE '%13800220099%'")
                ->Int(0),
            0);
  // Now a contact of two addressed units, the teacher must say which one a receipt is for.
  EXPECT_EQ(notices_->Answer(teacher, notice->id, Receipt(), meta_).error().fields[0].code, "required");
}

ZY_BACKENDS(NoticeTest);

}  // namespace zhiyuan::testing
