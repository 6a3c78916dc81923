#include "fixture.hpp"

namespace zhiyuan::testing {

using namespace domain::attendance;  // NOLINT
using domain::identity::Role;
using domain::ledger::EntryStatus;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using AttendanceTest = BackendTest;

namespace {
Proof Token(const std::string& token) { return Proof{token, std::nullopt, std::nullopt}; }
}  // namespace

TEST_P(AttendanceTest, ATokenIsAcceptedForAtMostSixtySeconds) {
  auto admin = OrganisationAdmin("13800140001");
  auto a = PublishedActivity(admin, minutes(10), hours(2));
  auto v = SignedUpVolunteer("13800140002", a.id);
  auto grant = attendance_->Token(admin, a.id);
  ASSERT_TRUE(grant.ok());
  clock_.Advance(seconds(61));
  auto late = attendance_->CheckIn(v, a.id, Token(grant->token), meta_);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().fields[0].code, "expired_token");
  auto other = PublishedActivity(admin, minutes(10), hours(2));
  auto wrong = attendance_->CheckIn(v, a.id, Token(attendance_->Token(admin, other.id)->token), meta_);
  EXPECT_EQ(wrong.error().fields[0].code, "invalid_token");
  EXPECT_EQ(Count("attendance_sessions"), 0);
  EXPECT_TRUE(attendance_->CheckIn(v, a.id, Token(attendance_->Token(admin, a.id)->token), meta_).ok());
}

TEST_P(AttendanceTest, CheckInOpensThirtyMinutesBeforeTheStart) {
  auto admin = OrganisationAdmin("13800140003");
  auto a = PublishedActivity(admin, minutes(45), hours(2));
  auto v = SignedUpVolunteer("13800140004", a.id);
  EXPECT_EQ(attendance_->CheckIn(v, a.id, Token(attendance_->Token(admin, a.id)->token), meta_).error().fields[0].code,
            "checkin_not_open");
  clock_.Advance(minutes(16));
  EXPECT_TRUE(attendance_->CheckIn(v, a.id, Token(attendance_->Token(admin, a.id)->token), meta_).ok());
}

TEST_P(AttendanceTest, GpsCheckInNeedsABigActivityAndTheGeofence) {
  auto admin = OrganisationAdmin("13800140005");
  auto small = PublishedActivity(admin, minutes(10), hours(2), 10);
  auto big = PublishedActivity(admin, minutes(10), hours(2), 100);
  auto v = SignedUpVolunteer("13800140006", small.id);
  ASSERT_TRUE(activities_->SignUp(v, big.id, meta_).ok());
  EXPECT_EQ(attendance_->CheckIn(v, small.id, {"", 24.29, 116.12}, meta_).error().fields[0].code, "gps_not_allowed");
  EXPECT_EQ(attendance_->CheckIn(v, big.id, {"", 24.30, 116.12}, meta_).error().fields[0].code, "outside_geofence");
  auto ok = attendance_->CheckIn(v, big.id, {"", 24.2903, 116.1202}, meta_);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->method_in, "gps");
  EXPECT_EQ(ok->flags, std::vector<std::string>{"gps"});
}

TEST_P(AttendanceTest, NobodyIsInTwoActivitiesAtOnceAcrossOrganisations) {
  auto a = PublishedActivity(OrganisationAdmin("13800140007"), minutes(10), hours(2));
  auto other_admin = OrganisationAdmin("13800140008", "441403");
  auto b = PublishedActivity(other_admin, minutes(10), hours(2));
  auto admin_a = Login("13800140007");
  auto v = SignedUpVolunteer("13800140009", a.id);
  ASSERT_TRUE(activities_->SignUp(v, b.id, meta_).ok());
  ASSERT_TRUE(attendance_->CheckIn(v, a.id, Token(attendance_->Token(admin_a, a.id)->token), meta_).ok());
  auto refused = attendance_->CheckIn(v, b.id, Token(attendance_->Token(other_admin, b.id)->token), meta_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields[0].code, "overlapping_session");
  EXPECT_EQ(Count("attendance_sessions"), 1);
}

TEST_P(AttendanceTest, AtMostThreePairsADayPerActivity) {
  auto admin = OrganisationAdmin("13800140010");
  auto a = PublishedActivity(admin, minutes(10), hours(8));
  auto v = SignedUpVolunteer("13800140011", a.id);
  clock_.Advance(minutes(10));
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(attendance_->CheckIn(v, a.id, Token(attendance_->Token(admin, a.id)->token), meta_).ok());
    clock_.Advance(minutes(30));
    auto out = attendance_->CheckOut(v, a.id, Token(attendance_->Token(admin, a.id)->token), meta_);
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(out->minutes, 30);
    clock_.Advance(minutes(5));
  }
  auto fourth = attendance_->CheckIn(v, a.id, Token(attendance_->Token(admin, a.id)->token), meta_);
  ASSERT_FALSE(fourth.ok());
  EXPECT_EQ(fourth.error().fields[0].code, "daily_pair_limit");
}

TEST_P(AttendanceTest, AForgottenCheckOutIsClosedByTheOrganiserAndFlagged) {
  auto admin = OrganisationAdmin("13800140012");
  auto a = PublishedActivity(admin, minutes(0) + minutes(1), hours(4));
  auto v = SignedUpVolunteer("13800140013", a.id);
  clock_.Advance(minutes(1));
  auto number = volunteers_->OfAccount(v.account)->volunteer_number;
  ASSERT_TRUE(attendance_->Record(admin, a.id, {number, ""}, true, std::nullopt, meta_).ok());
  auto check_in_time = clock_.Now();
  clock_.Advance(hours(5));  // the activity ended an hour ago; the volunteer forgot to check out
  auto closed = attendance_->Record(admin, a.id, {number, ""}, false, check_in_time + hours(3), meta_);
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->minutes, 180);
  EXPECT_NE(std::find(closed->flags.begin(), closed->flags.end(), "closed_by_organizer"), closed->flags.end());
  EXPECT_NE(std::find(closed->flags.begin(), closed->flags.end(), "manual"), closed->flags.end());
}

TEST_P(AttendanceTest, TheOrganiserChecksAVolunteerInByScanningTheirPass) {
  auto admin = OrganisationAdmin("13800140020");
  auto a = PublishedActivity(admin, minutes(10), hours(2));
  auto v = SignedUpVolunteer("13800140021", a.id);
  auto pass = passes_.Issue(*v.volunteer, clock_.Now());
  auto in = attendance_->Record(admin, a.id, {"", pass}, true, std::nullopt, meta_);
  ASSERT_TRUE(in.ok()) << in.error().message;
  EXPECT_EQ(in->volunteer, *v.volunteer);
  clock_.Advance(seconds(61));
  auto stale = attendance_->Record(admin, a.id, {"", pass}, false, std::nullopt, meta_);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().fields[0].code, "expired_pass");
  auto forged = pass;
  forged.back() = forged.back() == 'a' ? 'b' : 'a';
  EXPECT_EQ(attendance_->Record(admin, a.id, {"", forged}, false, std::nullopt, meta_).error().fields[0].code,
            "invalid_pass");
  EXPECT_TRUE(attendance_->Record(admin, a.id, {"", passes_.Issue(*v.volunteer, clock_.Now())}, false, std::nullopt,
                                  meta_).ok());
}

TEST_P(AttendanceTest, DailyTiersSendLongDaysToTheCountyAndTheCity) {
  auto admin = OrganisationAdmin("13800140014");
  auto a = PublishedActivity(admin, minutes(1), hours(16), 10);
  auto v = SignedUpVolunteer("13800140015", a.id);
  auto number = volunteers_->OfAccount(v.account)->volunteer_number;
  clock_.Advance(minutes(1));
  ASSERT_TRUE(attendance_->Record(admin, a.id, {number, ""}, true, std::nullopt, meta_).ok());
  clock_.Advance(hours(9));
  ASSERT_TRUE(attendance_->Record(admin, a.id, {number, ""}, false, std::nullopt, meta_).ok());
  auto result = ledger_->Confirm(admin, a.id, {}, meta_);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->confirmed.empty());
  ASSERT_EQ(result->escalated.size(), 1u);
  EXPECT_EQ(result->escalated[0].level, domain::ledger::ApprovalLevel::kCounty);
  EXPECT_EQ(ledger_->MyHours(v)->confirmed_minutes, 0);
  EXPECT_EQ(ledger_->MyHours(v)->pending_minutes, 540);
  auto other_county = Admin(Role::kCountyAdmin, "441403");
  EXPECT_TRUE(ledger_->Reviews(other_county)->empty());
  auto county = Admin(Role::kCountyAdmin, "441402");
  ASSERT_EQ(ledger_->Reviews(county)->size(), 1u);
  ASSERT_TRUE(ledger_->Review(county, result->escalated[0].entry, true, "", meta_).ok());
  EXPECT_EQ(ledger_->MyHours(v)->confirmed_minutes, 540);

  // Another 4 hours the same day makes 13 h: only the city may confirm it.
  ASSERT_TRUE(attendance_->Record(admin, a.id, {number, ""}, true, std::nullopt, meta_).ok());
  clock_.Advance(hours(4));
  ASSERT_TRUE(attendance_->Record(admin, a.id, {number, ""}, false, std::nullopt, meta_).ok());
  auto second = ledger_->Confirm(admin, a.id, {}, meta_);
  ASSERT_EQ(second->escalated.size(), 1u);
  EXPECT_EQ(second->escalated[0].level, domain::ledger::ApprovalLevel::kCity);
  EXPECT_EQ(ledger_->Review(county, second->escalated[0].entry, true, "", meta_).error().canonical,
            core::ErrorCode::kNotFound);
  ASSERT_TRUE(ledger_->Review(Admin(Role::kCityAdmin), second->escalated[0].entry, true, "", meta_).ok());
  EXPECT_EQ(ledger_->MyHours(v)->confirmed_minutes, 780);
}

TEST_P(AttendanceTest, CorrectionsAppendAReversalAndTotalsAgreeWithTheLedger) {
  auto admin = OrganisationAdmin("13800140016");
  auto a = PublishedActivity(admin, minutes(1), hours(6));
  auto v = SignedUpVolunteer("13800140017", a.id);
  clock_.Advance(minutes(1));
  ASSERT_TRUE(attendance_->CheckIn(v, a.id, Token(attendance_->Token(admin, a.id)->token), meta_).ok());
  clock_.Advance(hours(2));
  auto out = attendance_->CheckOut(v, a.id, Token(attendance_->Token(admin, a.id)->token), meta_);
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(ledger_->Confirm(admin, a.id, {}, meta_)->confirmed.size(), 1u);
  auto entry = *out->ledger_entry;
  auto corrected = ledger_->Correct(admin, entry, 90, "wrong_time", "提前离开", meta_);
  ASSERT_TRUE(corrected.ok()) << corrected.error().message;
  EXPECT_EQ(corrected->reversal.minutes, -120);
  EXPECT_EQ(corrected->reversal.reverses, entry);
  EXPECT_EQ(corrected->replacement->minutes, 90);
  EXPECT_EQ(corrected->replacement->status, EntryStatus::kConfirmed);
  EXPECT_EQ(ledger_->Correct(admin, entry, 60, "wrong_time", "再改", meta_).error().code, "already_reversed");
  auto volunteer_id = *v.volunteer;
  auto hours_view = ledger_->MyHours(v);
  EXPECT_EQ(hours_view->confirmed_minutes, 90);
  EXPECT_EQ(hours_view->entries.size(), 3u);
  auto recomputed = store_->Read()->Ledger().RecomputedTotals(volunteer_id);
  auto kept = store_->Read()->Ledger().Totals(volunteer_id);
  ASSERT_EQ(recomputed.size(), kept.size());
  for (std::size_t i = 0; i < kept.size(); ++i) {
    EXPECT_EQ(recomputed[i].year, kept[i].year);
    EXPECT_EQ(recomputed[i].minutes, kept[i].minutes);
  }
  auto outsider = OrganisationAdmin("13800140018");
  EXPECT_EQ(ledger_->Correct(outsider, corrected->replacement->id, 30, "other", "x", meta_).error().canonical,
            core::ErrorCode::kNotFound);
}

ZY_BACKENDS(AttendanceTest);

}  // namespace zhiyuan::testing

namespace zhiyuan::testing {

using RetroAppealTest = BackendTest;

TEST_P(RetroAppealTest, RetroEntriesNeedTheLevelAboveAndNeverExceedTheDuration) {
  auto admin = OrganisationAdmin("13800141001");
  auto a = PublishedActivity(admin, std::chrono::minutes(1), std::chrono::hours(3));
  ASSERT_TRUE(Register("13800141002").ok());
  auto v = Login("13800141002");
  auto number = volunteers_->OfAccount(v.account)->volunteer_number;
  clock_.Advance(std::chrono::hours(4));  // the activity is over
  auto today = core::FormatDate(core::ChinaDate(clock_.Now()));
  auto too_much = ledger_->RequestRetroEntry(admin, a.id, number, today, 200, "漏签", meta_);
  ASSERT_FALSE(too_much.ok());
  EXPECT_EQ(too_much.error().fields[0].code, "exceeds_activity_duration");
  auto entry = ledger_->RequestRetroEntry(admin, a.id, number, today, 150, "现场网络故障未能签到", meta_);
  ASSERT_TRUE(entry.ok()) << entry.error().message;
  EXPECT_EQ(entry->status, domain::ledger::EntryStatus::kAwaitingCounty);
  EXPECT_EQ(ledger_->RequestRetroEntry(admin, a.id, number, today, 31, "再补", meta_).error().fields[0].code,
            "exceeds_activity_duration");
  EXPECT_EQ(ledger_->Review(admin, entry->id, true, "", meta_).error().canonical, core::ErrorCode::kNotFound);
  auto county = Admin(Role::kCountyAdmin, "441402");
  ASSERT_TRUE(ledger_->Review(county, entry->id, true, "", meta_).ok());
  EXPECT_EQ(ledger_->MyHours(v)->confirmed_minutes, 150);
}

TEST_P(RetroAppealTest, AnAcceptedAppealCorrectsTheEntry) {
  auto admin = OrganisationAdmin("13800141003");
  auto a = PublishedActivity(admin, std::chrono::minutes(1), std::chrono::hours(3));
  auto v = SignedUpVolunteer("13800141004", a.id);
  auto number = volunteers_->OfAccount(v.account)->volunteer_number;
  clock_.Advance(std::chrono::minutes(1));
  ASSERT_TRUE(attendance_->Record(admin, a.id, {number, ""}, true, std::nullopt, meta_).ok());
  clock_.Advance(std::chrono::minutes(30));
  auto out = attendance_->Record(admin, a.id, {number, ""}, false, std::nullopt, meta_);
  ASSERT_TRUE(ledger_->Confirm(admin, a.id, {}, meta_).ok());
  auto appeal = ledger_->FileAppeal(v, *out->ledger_entry, "我服务了两个小时，签退时间记错了", meta_);
  ASSERT_TRUE(appeal.ok());
  auto told = identity_->Notifications(admin);  // the organisation's admins hear of it
  ASSERT_FALSE(told.empty());
  EXPECT_EQ(told.front().title, "新的时长申诉");
  EXPECT_EQ(ledger_->FileAppeal(v, *out->ledger_entry, "again", meta_).error().code, "appeal_open");
  auto other = OrganisationAdmin("13800141005");
  EXPECT_EQ(ledger_->DecideAppeal(other, appeal->id, true, "x", 120, meta_).error().canonical, core::ErrorCode::kNotFound);
  auto decided = ledger_->DecideAppeal(admin, appeal->id, true, "经核实签到表，确认服务2小时", 120, meta_);
  ASSERT_TRUE(decided.ok()) << decided.error().message;
  EXPECT_EQ(decided->status, domain::ledger::AppealStatus::kAccepted);
  EXPECT_TRUE(decided->correction.has_value());
  EXPECT_EQ(ledger_->MyHours(v)->confirmed_minutes, 120);
  EXPECT_EQ(ledger_->MyAppeals(v)->size(), 1u);
}

ZY_BACKENDS(RetroAppealTest);

}  // namespace zhiyuan::testing
