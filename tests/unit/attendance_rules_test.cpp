#include <gtest/gtest.h>

#include "core/time_format.hpp"
#include "domain/attendance/attendance.hpp"
#include "domain/ledger/ledger.hpp"

using namespace zhiyuan;  // NOLINT
using domain::attendance::CheckInTokens;
using domain::ledger::ApprovalLevel;
using domain::ledger::RequiredLevel;

TEST(CheckInTokens, RotateEveryThirtySecondsAndLiveAtMostSixty) {
  CheckInTokens tokens("key");
  auto t0 = *core::ParseRfc3339("2027-01-01T09:00:00+08:00");
  auto token = tokens.Issue(core::ActivityId(7), t0);
  EXPECT_EQ(tokens.Verify(core::ActivityId(7), token, t0), CheckInTokens::Check::kValid);
  EXPECT_EQ(tokens.Verify(core::ActivityId(7), token, t0 + std::chrono::seconds(59)), CheckInTokens::Check::kValid);
  EXPECT_EQ(tokens.Verify(core::ActivityId(7), token, t0 + std::chrono::seconds(60)), CheckInTokens::Check::kExpired);
  EXPECT_NE(tokens.Issue(core::ActivityId(7), t0 + std::chrono::seconds(30)), token);
  EXPECT_EQ(tokens.ExpiresAt(t0), t0 + std::chrono::seconds(60));
}

TEST(CheckInTokens, RefuseForgeriesOtherActivitiesAndOtherKeys) {
  CheckInTokens tokens("key");
  auto t0 = *core::ParseRfc3339("2027-01-01T09:00:00+08:00");
  auto token = tokens.Issue(core::ActivityId(7), t0);
  EXPECT_EQ(tokens.Verify(core::ActivityId(8), token, t0), CheckInTokens::Check::kInvalid);
  EXPECT_EQ(CheckInTokens("other").Verify(core::ActivityId(7), token, t0), CheckInTokens::Check::kInvalid);
  auto forged = token;
  forged.back() = forged.back() == 'a' ? 'b' : 'a';
  EXPECT_EQ(tokens.Verify(core::ActivityId(7), forged, t0), CheckInTokens::Check::kInvalid);
  EXPECT_EQ(tokens.Verify(core::ActivityId(7), "garbage", t0), CheckInTokens::Check::kInvalid);
  // A token "from the future" (a window ahead) is not one we issued.
  auto ahead = tokens.Issue(core::ActivityId(7), t0 + std::chrono::seconds(90));
  EXPECT_EQ(tokens.Verify(core::ActivityId(7), ahead, t0), CheckInTokens::Check::kInvalid);
}

TEST(Geofence, MeasuresGreatCircleDistance) {
  // 0.001° of latitude is about 111 m.
  EXPECT_NEAR(domain::attendance::DistanceMeters(24.29, 116.12, 24.291, 116.12), 111.2, 0.5);
  EXPECT_NEAR(domain::attendance::DistanceMeters(24.29, 116.12, 24.29, 116.12), 0.0, 1e-9);
}

TEST(DailyTiers, FollowTheEightAndTwelveHourLimits) {
  EXPECT_EQ(RequiredLevel(0, 480), ApprovalLevel::kOrganization);
  EXPECT_EQ(RequiredLevel(0, 481), ApprovalLevel::kCounty);
  EXPECT_EQ(RequiredLevel(300, 300), ApprovalLevel::kCounty);
  EXPECT_EQ(RequiredLevel(600, 120), ApprovalLevel::kCounty);
  EXPECT_EQ(RequiredLevel(600, 121), ApprovalLevel::kCity);
}

#include "domain/registry/volunteer_pass.hpp"

TEST(VolunteerPass, NamesTheVolunteerForAtMostSixtySeconds) {
  domain::registry::VolunteerPass passes("key");
  auto t0 = *core::ParseRfc3339("2027-01-01T09:00:00+08:00");
  auto pass = passes.Issue(core::VolunteerId(42), t0);
  EXPECT_EQ(pass.rfind("P42.", 0), 0u);
  EXPECT_EQ(*passes.Verify(pass, t0 + std::chrono::seconds(59)), core::VolunteerId(42));
  EXPECT_EQ(passes.Verify(pass, t0 + std::chrono::seconds(60)).error().fields[0].code, "expired_pass");
  auto other_person = pass;
  other_person.replace(1, 2, "43");
  EXPECT_EQ(passes.Verify(other_person, t0).error().fields[0].code, "invalid_pass");
  EXPECT_EQ(domain::registry::VolunteerPass("other").Verify(pass, t0).error().fields[0].code, "invalid_pass");
  EXPECT_FALSE(passes.Verify("P.1.2", t0).ok());
  EXPECT_FALSE(passes.Verify("", t0).ok());
}
