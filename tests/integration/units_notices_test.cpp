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
    units_ = std::make_unique<domain::units::UnitService>(*store_, *identity_, domain::identity::Vault{cipher_, index_}, clock_);
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
  // A contact sees only their own unit's standing; someone answering for no addressed unit sees nothing.
  auto own = notices_->Board(teacher, notice->id);
  ASSERT_TRUE(own.ok());
  ASSERT_EQ(own->units.size(), 1u);
  EXPECT_EQ(own->units[0].status.unit_name, "梅州市梅江区实验学校");
  EXPECT_EQ(own->units[0].standing, Standing::kAnswered);
  ASSERT_TRUE(Register("13800220003").ok());
  EXPECT_EQ(notices_->Board(Login("13800220003"), notice->id).error().canonical, core::ErrorCode::kNotFound);

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

TEST_P(NoticeTest, RostersKeepGoodRowsReportBadOnesMatchVolunteersAndReimportChangesNothing) {
  using domain::units::RosterFilter;
  auto meijiang = Admin(Role::kCountyAdmin, "441402");
  auto unit = units_->Create(meijiang, "梅江区人民政府办公室", "government", "441402", meta_);
  ASSERT_TRUE(unit.ok());
  ASSERT_TRUE(Register("13800230001").ok());  // the unit's contact
  ASSERT_TRUE(units_->AddContact(meijiang, unit->id, "13800230001", meta_).ok());
  auto contact = Login("13800230001");
  // A League member registered as a volunteer with 5 h this year; two members not registered yet.
  auto registered_cmd = Command("13800230002");
  registered_cmd.political_status = "league_member";
  auto registered = volunteers_->Register(registered_cmd, meta_);
  ASSERT_TRUE(registered.ok());
  {
    auto uow = store_->Write();
    uow->Ledger().AddToTotals(registered->id, 2026, 300);
    uow->Commit();
  }
  auto a = NextIdNumber(), b = NextIdNumber("441424");
  auto bad_check = a.substr(0, 17) + (a.back() == '0' ? '1' : '0');
  core::Sheet sheet{{"姓名", "身份证号码", "政治面貌", "手机号码", "部门"},
                                   {{"刘一", a, "共青团员", "13800230011", "办公室"},
                                    {"陈二", b, "中共党员", "", ""},
                                    {"坏行", bad_check, "共青团员", "", ""},
                                    {"", NextIdNumber(), "群众", "", ""},
                                    {"王三", registered_cmd.id_number, "团员", "", "综合科"},
                                    {"刘一", a, "共青团员", "13800230011", "办公室"}},
                                   {2, 3, 4, 5, 6, 7}};
  auto first = units_->ImportRoster(contact, unit->id, "花名册.csv", "sha", sheet, meta_);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->import.rows, 6);
  EXPECT_EQ(first->import.added, 3);
  EXPECT_EQ(first->import.rejected, 2);
  EXPECT_EQ(first->import.duplicates_merged, 1);
  ASSERT_EQ(first->errors.size(), 3u);  // line 5 has two faults
  EXPECT_EQ(first->errors[0].line, 4);
  EXPECT_EQ(first->errors[0].field, "id_number");
  EXPECT_EQ(first->errors[1].line, 5);
  EXPECT_EQ(first->errors[2].code, "invalid_political_status");

  auto again = units_->ImportRoster(contact, unit->id, "花名册.csv", "sha", sheet, meta_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->import.added, 0);
  EXPECT_EQ(again->import.updated, 0);
  EXPECT_EQ(again->import.unchanged, 3);
  sheet.rows[1][4] = "宣传科";
  EXPECT_EQ(units_->ImportRoster(contact, unit->id, "花名册.csv", "sha", sheet, meta_)->import.updated, 1);
  EXPECT_EQ(Count("units_roster_members"), 3);
  EXPECT_EQ(units_->RosterImports(contact, unit->id)->size(), 3u);

  auto view = units_->Roster(contact, unit->id, 2026, RosterFilter::kAll, core::PageRequest::Of(1, 20));
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->summary.members, 3);
  EXPECT_EQ(view->summary.registered, 1);
  EXPECT_EQ(view->summary.unregistered, 2);
  EXPECT_EQ(view->summary.under_20h, 1);
  auto under = units_->Roster(contact, unit->id, 2026, RosterFilter::kUnder20h, core::PageRequest::Of(1, 20));
  ASSERT_EQ(under->page.items.size(), 1u);
  EXPECT_EQ(under->page.items[0].volunteer_number, registered->volunteer_number);
  EXPECT_EQ(under->page.items[0].year_minutes, 300);
  EXPECT_EQ(under->page.items[0].id_masked.find(registered_cmd.id_number), std::string::npos);
  EXPECT_EQ(units_->Roster(contact, unit->id, 2026, RosterFilter::kUnregistered, core::PageRequest::Of(1, 20))
                ->page.total,
            2);

  // Outsiders cannot see or change the roster; the unit is simply not there for them.
  auto wuhua = Admin(Role::kCountyAdmin, "441424");
  EXPECT_EQ(units_->Roster(wuhua, unit->id, 2026, RosterFilter::kAll, {}).error().canonical, core::ErrorCode::kNotFound);
  EXPECT_EQ(units_->ImportRoster(Login("13800230002"), unit->id, "x.csv", "sha", sheet, meta_).error().canonical,
            core::ErrorCode::kNotFound);
  EXPECT_TRUE(units_->Roster(Admin(Role::kCityAdmin), unit->id, 2026, RosterFilter::kAll, {}).ok());

  // A file without the ID column is refused as a whole.
  core::Sheet headless{{"姓名", "政治面貌"}, {{"刘一", "团员"}}, {2}};
  EXPECT_EQ(units_->ImportRoster(contact, unit->id, "x.csv", "sha", headless, meta_).error().code, "roster_unreadable");

  // The invitation link: one token; a registered volunteer joins once and shows on the unit's list.
  auto invitation = units_->Invitation(contact, unit->id);
  ASSERT_TRUE(invitation.ok());
  EXPECT_EQ(units_->Invitation(meijiang, unit->id)->second, invitation->second);
  EXPECT_EQ(units_->UnitOfInvitation("nope").error().canonical, core::ErrorCode::kNotFound);
  ASSERT_TRUE(Register("13800230003").ok());
  auto joiner = Login("13800230003");
  EXPECT_TRUE(units_->Join(joiner, invitation->second, meta_)->first);
  EXPECT_FALSE(units_->Join(joiner, invitation->second, meta_)->first);
  EXPECT_EQ(units_->Join(Admin(Role::kCityAdmin), invitation->second, meta_).error().code, "no_volunteer_profile");
  view = units_->Roster(contact, unit->id, 2026, RosterFilter::kAll, core::PageRequest::Of(1, 20));
  EXPECT_EQ(view->summary.joined, 1);
  EXPECT_EQ(view->summary.members, 4);
  EXPECT_EQ(view->page.items.size(), 4u);
}

TEST_P(NoticeTest, AttachmentsAreRecognisedByContentNamedSafelyAndServedOnlyToReaders) {
  auto city = Admin(Role::kCityAdmin);
  auto unit = units_->Create(city, "梅州市教育局", "government", "441400", meta_);
  ASSERT_TRUE(Register("13800250001").ok());
  ASSERT_TRUE(units_->AddContact(city, unit->id, "13800250001", meta_).ok());
  auto deadline = core::FormatRfc3339(clock_.Now() + std::chrono::hours(48));
  auto notice = notices_->Publish(city, "操作手册", "见附件", deadline, {unit->id.value}, meta_);
  ASSERT_TRUE(notice.ok());

  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
  auto manual = notices_->Attach(city, notice->id, "../../etc/操作手册.exe", pdf, meta_);
  ASSERT_TRUE(manual.ok()) << manual.error().message;
  EXPECT_EQ(manual->file_name, "操作手册.pdf");  // no directories; the extension of what it really is
  EXPECT_EQ(manual->content_type, "application/pdf");
  EXPECT_EQ(notices_->Attach(city, notice->id, "a.pdf", "MZ\x90\x00 not a pdf", meta_).error().code,
            "unsupported_file_type");
  EXPECT_EQ(notices_->Attach(city, notice->id, "a.pdf", "", meta_).error().code, "unsupported_file_type");
  EXPECT_EQ(notices_->Attach(Login("13800250001"), notice->id, "a.pdf", pdf, meta_).error().canonical,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(notices_->Attach(city, notice->id, "\x01\x02..", pdf, meta_)->file_name, "附件.pdf");

  auto file = notices_->Download(Login("13800250001"), notice->id, manual->id);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->second, pdf);  // byte for byte, high bytes included
  ASSERT_TRUE(Register("13800250002").ok());
  EXPECT_EQ(notices_->Download(Login("13800250002"), notice->id, manual->id).error().canonical,
            core::ErrorCode::kNotFound);
  auto other = notices_->Publish(city, "另一通知", "正文", deadline, {unit->id.value}, meta_);
  EXPECT_EQ(notices_->Download(city, other->id, manual->id).error().canonical, core::ErrorCode::kNotFound);

  for (int i = 0; i < 8; ++i) ASSERT_TRUE(notices_->Attach(city, notice->id, "p.pdf", pdf, meta_).ok());
  EXPECT_EQ(notices_->Attach(city, notice->id, "p.pdf", pdf, meta_).error().code, "too_many_attachments");
  ASSERT_TRUE(notices_->Detach(city, notice->id, manual->id, meta_).ok());
  EXPECT_EQ(notices_->Attachments(city, notice->id)->size(), 9u);
  EXPECT_EQ(notices_->Detach(city, notice->id, manual->id, meta_).error().canonical, core::ErrorCode::kNotFound);
}

}  // namespace zhiyuan::testing
