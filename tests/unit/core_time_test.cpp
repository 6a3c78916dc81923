#include <gtest/gtest.h>

#include "core/time_format.hpp"

using namespace zhiyuan::core;  // NOLINT

TEST(Time, FormatsInChinaStandardTime) {
  auto t = ParseRfc3339("2027-01-01T01:00:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatRfc3339(*t), "2027-01-01T09:00:00+08:00");
}

TEST(Time, ParsesOffsetsAndFractions) {
  auto a = ParseRfc3339("2027-01-01T09:00:00+08:00");
  auto b = ParseRfc3339("2027-01-01T01:00:00.250Z");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
}

TEST(Time, RejectsMalformedTimes) {
  for (auto bad : {"2027-01-01", "2027-13-01T00:00:00Z", "2027-02-30T00:00:00Z", "2027-01-01T25:00:00Z",
                   "2027-01-01T00:00:00", "2027-01-01T00:00:00+0800", "garbage"})
    EXPECT_FALSE(ParseRfc3339(bad)) << bad;
}

TEST(Time, DatesMustBeRealCalendarDays) {
  EXPECT_TRUE(ParseDate("2024-02-29"));
  EXPECT_FALSE(ParseDate("2023-02-29"));
  EXPECT_FALSE(ParseDate("2023-2-28"));
  EXPECT_EQ(FormatDate(*ParseDate("2001-03-09")), "2001-03-09");
}

TEST(Time, AgeCountsTheBirthdayItself) {
  auto birth = *ParseDate("2008-11-28");
  EXPECT_EQ(AgeOn(birth, *ParseDate("2026-11-27")), 17);
  EXPECT_EQ(AgeOn(birth, *ParseDate("2026-11-28")), 18);
}

TEST(Time, ChinaDateRollsOverAtSixteenHundredUtc) {
  auto t = *ParseRfc3339("2026-11-28T16:30:00Z");
  EXPECT_EQ(FormatDate(ChinaDate(t)), "2026-11-29");
}
