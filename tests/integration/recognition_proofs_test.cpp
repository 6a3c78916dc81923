#include "documents/proof_pdf.hpp"
#include "domain/proofs/proof_service.hpp"
#include "fixture.hpp"

namespace zhiyuan::testing {

using domain::identity::Principal;
using domain::identity::Role;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

// Confirmed hours written straight into the ledger (days of at most 8 h, as the organiser confirms them),
// with the yearly totals kept in step: the cheapest honest way to give a volunteer hundreds of hours.
std::vector<core::LedgerEntryId> GiveHours(storage::SqlStore& store, const domain::activities::Activity& a,
                                           core::VolunteerId volunteer, int total_minutes, core::Date first_day) {
  std::vector<core::LedgerEntryId> ids;
  auto uow = store.Write();
  std::chrono::sys_days day(first_day);
  for (int left = total_minutes; left > 0; day += days(1)) {
    domain::ledger::NewEntry e;
    e.volunteer = volunteer;
    e.activity = a.id;
    e.organization = a.organization;
    e.service_date = core::Date(day);
    e.minutes = std::min(left, 480);
    e.status = domain::ledger::EntryStatus::kConfirmed;
    e.created_at = core::FromUnix(0);
    ids.push_back(uow->Ledger().Insert(e).value());
    uow->Ledger().AddToTotals(volunteer, int(core::Date(day).year()), e.minutes);
    left -= e.minutes;
  }
  uow->Commit();
  return ids;
}

constexpr core::Date kJanuary{std::chrono::year(2026), std::chrono::January, std::chrono::day(5)};

}  // namespace

class RecognitionTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    org_admin_ = OrganisationAdmin("13800190001");
    activity_ = PublishedActivity(org_admin_, minutes(10), hours(8), 50);
    city_ = Admin(Role::kCityAdmin);
  }
  Principal VolunteerWithHours(const std::string& phone, int total_minutes,
                               std::vector<core::LedgerEntryId>* entries = nullptr) {
    auto v = Register(phone);
    if (!v.ok()) throw std::runtime_error("register");
    auto ids = GiveHours(*store_, activity_, v->id, total_minutes, kJanuary);
    if (entries) *entries = ids;
    return Login(phone);
  }
  // Opens a publicity for the volunteer and closes it after the period: the level is certified.
  void Certify(const Principal& v) {
    auto p = stars_->OpenPublicity(city_, "星级认定公示", 5, std::vector{*v.volunteer}, meta_);
    ASSERT_TRUE(p.ok()) << p.error().message;
    clock_.Advance(days(8));
    auto closed = stars_->Close(city_, p->publicity.id, meta_);
    ASSERT_TRUE(closed.ok()) << closed.error().message;
  }

  Principal org_admin_;
  Principal city_;
  domain::activities::Activity activity_;
};

TEST_P(RecognitionTest, TheLevelFollowsConfirmedHoursAndTheThresholdsAreData) {
  auto v = VolunteerWithHours("13800190002", 6000 - 1);
  EXPECT_EQ(stars_->Summary(*v.volunteer).star_level, 0);
  EXPECT_EQ(stars_->Summary(*v.volunteer).minutes_to_next, 1);
  GiveHours(*store_, activity_, *v.volunteer, 1, core::Date(std::chrono::year(2026), std::chrono::June, std::chrono::day(1)));
  auto s = stars_->Summary(*v.volunteer);
  EXPECT_EQ(s.star_level, 1);
  EXPECT_EQ(s.certified_level, 0);
  EXPECT_EQ(s.next_level, 2);
  db_->Acquire()->Execute("UPDATE recognition_star_thresholds SET minutes = 9000 WHERE level = 1");
  EXPECT_EQ(stars_->Summary(*v.volunteer).star_level, 0);
}

TEST_P(RecognitionTest, PublicityCertifiesOnlyAfterTheWorkingDaysAndFilesTheLevel) {
  auto v = VolunteerWithHours("13800190003", 18000);
  auto eligible = stars_->EligibleList(city_, {1, 20});
  ASSERT_TRUE(eligible.ok());
  ASSERT_EQ(eligible->total, 1);
  EXPECT_EQ(eligible->items[0].eligible_level, 2);
  EXPECT_EQ(stars_->EligibleList(v, {1, 20}).error().canonical, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(stars_->OpenPublicity(city_, "公示", 4, {}, meta_).error().fields[0].code, "publicity_too_short");
  auto p = stars_->OpenPublicity(city_, "2026年第二批星级志愿者认定公示", 5, {}, meta_);
  ASSERT_TRUE(p.ok());
  // 2026-11-28 is a Saturday: five working days run Monday 30 November to Friday 4 December.
  EXPECT_EQ(core::FormatDate(p->publicity.ends_on), "2026-12-04");
  EXPECT_EQ(stars_->EligibleList(city_, {1, 20})->total, 0);  // listed already
  clock_.Advance(days(6));  // Friday 4 December: still within the period
  EXPECT_EQ(stars_->Close(city_, p->publicity.id, meta_).error().code, "publicity_not_over");
  clock_.Advance(days(1));
  auto closed = stars_->Close(city_, p->publicity.id, meta_);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->candidates[0].status, domain::recognition::CandidateStatus::kCertified);
  auto s = stars_->Summary(*v.volunteer);
  EXPECT_EQ(s.certified_level, 2);
  auto mine = stars_->Mine(v);
  ASSERT_EQ(mine->events.size(), 1u);
  EXPECT_EQ(mine->events[0].reason_code, "publicity_passed");
}

TEST_P(RecognitionTest, AnUpheldObjectionWithdrawsTheCandidateAndOpenOnesBlockClosing) {
  auto v = VolunteerWithHours("13800190004", 6000);
  auto w = VolunteerWithHours("13800190005", 6000);
  auto p = stars_->OpenPublicity(city_, "公示", 5, {}, meta_);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->candidates.size(), 2u);
  auto objector = Login("13800190001");
  EXPECT_EQ(stars_->Object(objector, p->candidates[0].id, "太短", meta_).error().fields[0].code, "too_short");
  auto o = stars_->Object(objector, p->candidates[0].id, "该志愿者多次未到岗，签到记录不实，请核查。", meta_);
  ASSERT_TRUE(o.ok());
  clock_.Advance(days(10));
  EXPECT_EQ(stars_->Close(city_, p->publicity.id, meta_).error().code, "objections_open");
  EXPECT_EQ(stars_->Object(objector, p->candidates[1].id, "公示期结束后提交的异议应不予受理。", meta_).error().code,
            "publicity_over");
  ASSERT_TRUE(stars_->Decide(city_, o->id, true, "经核查签到记录，异议属实", meta_).ok());
  EXPECT_EQ(stars_->Decide(city_, o->id, false, "再次处理", meta_).error().code, "objection_decided");
  auto closed = stars_->Close(city_, p->publicity.id, meta_);
  ASSERT_TRUE(closed.ok());
  int certified = 0;
  for (const auto& c : closed->candidates) certified += c.status == domain::recognition::CandidateStatus::kCertified;
  EXPECT_EQ(certified, 1);
  EXPECT_EQ(stars_->Summary(*v.volunteer).certified_level + stars_->Summary(*w.volunteer).certified_level, 1);
}

TEST_P(RecognitionTest, ReversingHoursBelowTheThresholdRevokesTheCertifiedLevel) {
  std::vector<core::LedgerEntryId> entries;
  auto v = VolunteerWithHours("13800190006", 6000, &entries);
  Certify(v);
  ASSERT_EQ(stars_->Summary(*v.volunteer).certified_level, 1);
  // A correction that keeps the total at the threshold keeps the level…
  auto same = ledger_->Correct(org_admin_, entries.back(), 240, "wrong_time", "核对签到时间", meta_);
  ASSERT_TRUE(same.ok()) << same.error().message;
  EXPECT_EQ(stars_->Summary(*v.volunteer).certified_level, 1);
  // …one that takes it below revokes it in the same transaction, with the reason in the archive.
  auto cut = ledger_->Correct(org_admin_, entries.front(), 0, "not_present", "当天未到岗", meta_);
  ASSERT_TRUE(cut.ok()) << cut.error().message;
  auto s = stars_->Mine(v);
  EXPECT_EQ(s->confirmed_minutes, 6000 - 480);
  EXPECT_EQ(s->star_level, 0);
  EXPECT_EQ(s->certified_level, 0);
  ASSERT_FALSE(s->events.empty());
  EXPECT_EQ(s->events[0].reason_code, "hours_reversed");
  auto uow = store_->Read();
  std::int64_t recomputed = 0;
  for (const auto& t : uow->Ledger().RecomputedTotals(*v.volunteer)) recomputed += t.minutes;
  EXPECT_EQ(recomputed, s->confirmed_minutes);
}

TEST_P(RecognitionTest, FalsifiedHoursRevokeTheLevelAndBarTheVolunteer) {
  auto v = VolunteerWithHours("13800190007", 36000);
  Certify(v);
  EXPECT_EQ(stars_->Summary(*v.volunteer).certified_level, 3);
  EXPECT_EQ(stars_->RevokeForFalsification(city_, *v.volunteer, "虚报时长", 4, meta_).error().fields[0].code,
            "invalid_bar_years");
  EXPECT_EQ(stars_->RevokeForFalsification(org_admin_, *v.volunteer, "虚报时长", 2, meta_).error().canonical,
            core::ErrorCode::kPermissionDenied);
  auto s = stars_->RevokeForFalsification(city_, *v.volunteer, "经核查存在虚报时长", 2, meta_);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->certified_level, 0);
  EXPECT_EQ(s->star_level, 0);
  ASSERT_TRUE(s->barred_until.has_value());
  EXPECT_EQ(core::FormatDate(*s->barred_until), "2028-12-06");
  EXPECT_EQ(stars_->EligibleList(city_, {1, 20})->total, 0);
  clock_.Advance(days(2 * 366));
  EXPECT_EQ(stars_->EligibleList(city_, {1, 20})->total, 1);
}

ZY_BACKENDS(RecognitionTest);

class ProofTest : public RecognitionTest {
 protected:
  void SetUp() override {
    RecognitionTest::SetUp();
    proofs_ = std::make_unique<domain::proofs::ProofService>(*store_, renderer_, "proof-test-key",
                                                             "https://zy.example", clock_);
  }
  void TearDown() override {
    proofs_.reset();
    RecognitionTest::TearDown();
  }
  documents::ProofPdf renderer_{"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"};
  std::unique_ptr<domain::proofs::ProofService> proofs_;
};

TEST_P(ProofTest, AProofStatesTheConfirmedHoursAndVerifiesByNumberAndFile) {
  auto v = VolunteerWithHours("13800190010", 900);
  auto issued = proofs_->Request(v, "", "", meta_);
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  const auto& f = issued->proof.facts;
  EXPECT_EQ(f.total_minutes, 900);
  ASSERT_EQ(f.issuers.size(), 1u);
  EXPECT_EQ(f.issuers[0].organization, activity_.organization);
  EXPECT_EQ(f.id_number_masked.find("********"), 6u);
  EXPECT_EQ(issued->verify_url, "https://zy.example/verify/proofs/" + f.number);
  auto pdf = proofs_->Pdf(v, f.number);
  ASSERT_TRUE(pdf.ok());
  EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
  EXPECT_EQ(crypto::Sha256Hex(*pdf), issued->proof.pdf_sha256);  // rendering is deterministic
  EXPECT_TRUE(proofs_->VerifyFile(crypto::Sha256Hex(*pdf)).ok());
  auto edited = *pdf;
  edited[edited.size() / 2] ^= 1;
  EXPECT_EQ(proofs_->VerifyFile(crypto::Sha256Hex(edited)).error().code, "proof_file_not_genuine");
  EXPECT_EQ(proofs_->Verify(f.number)->status, domain::proofs::ProofStatus::kGenuine);
  auto other = VolunteerWithHours("13800190011", 60);
  EXPECT_EQ(proofs_->Pdf(other, f.number).error().canonical, core::ErrorCode::kNotFound);
}

TEST_P(ProofTest, AnEditedRecordFailsItsSignature) {
  auto v = VolunteerWithHours("13800190012", 600);
  auto issued = proofs_->Request(v, "", "", meta_);
  ASSERT_TRUE(issued.ok());
  db_->Acquire()->Execute("UPDATE proofs_proofs SET facts = REPLACE(facts, '\"total_minutes\":600', "
                          "'\"total_minutes\":6000')");
  EXPECT_EQ(proofs_->Verify(issued->proof.facts.number).error().canonical, core::ErrorCode::kNotFound);
}

TEST_P(ProofTest, PeriodsSupersedeRevokeAndRefuseEmptyPeriods) {
  auto v = VolunteerWithHours("13800190013", 1200);  // 5 Jan 480, 6 Jan 480, 7 Jan 240
  auto first = proofs_->Request(v, "2026-01-06", "2026-01-07", meta_);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->proof.facts.total_minutes, 720);
  EXPECT_EQ(proofs_->Request(v, "2026-02-01", "2026-02-28", meta_).error().code, "no_hours");
  EXPECT_EQ(proofs_->Request(v, "2026-01-07", "2026-01-06", meta_).error().fields[0].code, "ends_before_start");
  auto all = proofs_->Request(v, "", "", meta_);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(proofs_->Verify(first->proof.facts.number)->status, domain::proofs::ProofStatus::kGenuine);
  auto again = proofs_->Request(v, "2026-01-06", "2026-01-07", meta_);
  ASSERT_TRUE(again.ok());
  auto old = proofs_->Verify(first->proof.facts.number);
  EXPECT_EQ(old->status, domain::proofs::ProofStatus::kSuperseded);
  EXPECT_EQ(old->superseded_by, again->proof.facts.number);
  auto outsider = OrganisationAdmin("13800190014");
  EXPECT_EQ(proofs_->Revoke(outsider, all->proof.facts.number, "错误", meta_).error().canonical,
            core::ErrorCode::kNotFound);
  auto revoked = proofs_->Revoke(org_admin_, all->proof.facts.number, "时长记录有误，已更正", meta_);
  ASSERT_TRUE(revoked.ok());
  EXPECT_EQ(revoked->status, domain::proofs::ProofStatus::kRevoked);
  EXPECT_EQ(proofs_->Revoke(org_admin_, all->proof.facts.number, "再次撤销", meta_).error().code, "proof_not_genuine");
}

ZY_BACKENDS(ProofTest);

}  // namespace zhiyuan::testing

namespace zhiyuan::testing {

// A renderer whose output changes with its version, as a library or font update would change real PDFs.
class VersionedRenderer final : public domain::proofs::ProofRenderer {
 public:
  std::string Render(const domain::proofs::Facts& facts, const std::string& url) const override {
    return "%PDF-fake v" + std::to_string(version) + "\n" + domain::proofs::CanonicalText(facts) + url;
  }
  int version = 1;
};

class ProofFileTest : public RecognitionTest {};

TEST_P(ProofFileTest, AFileServedAfterTheRendererChangedStillVerifies) {
  VersionedRenderer renderer;
  domain::proofs::ProofService proofs(*store_, renderer, "k", "https://zy.example", clock_);
  auto v = VolunteerWithHours("13800190020", 300);
  auto issued = proofs.Request(v, "", "", meta_);
  ASSERT_TRUE(issued.ok());
  auto first = *proofs.Pdf(v, issued->proof.facts.number);
  renderer.version = 2;
  auto second = *proofs.Pdf(v, issued->proof.facts.number);
  ASSERT_NE(first, second);
  EXPECT_TRUE(proofs.VerifyFile(crypto::Sha256Hex(first)).ok());
  EXPECT_TRUE(proofs.VerifyFile(crypto::Sha256Hex(second)).ok());
  EXPECT_FALSE(proofs.VerifyFile(crypto::Sha256Hex(second + " ")).ok());
}

ZY_BACKENDS(ProofFileTest);

}  // namespace zhiyuan::testing
