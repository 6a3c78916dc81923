#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace zhiyuan::core {

// A calendar date without time zone (birth dates, statistics years).
using Date = std::chrono::year_month_day;

// RFC 3339 in China Standard Time, e.g. "2027-01-01T09:00:00+08:00" (the wire format of the API).
std::string FormatRfc3339(TimePoint t);
// Accepts any RFC 3339 offset ("Z", "+08:00"); returns nullopt when malformed.
std::optional<TimePoint> ParseRfc3339(std::string_view text);

std::string FormatDate(Date d);                           // "2001-03-09"
std::optional<Date> ParseDate(std::string_view text);     // strict YYYY-MM-DD, a real calendar day
Date ChinaDate(TimePoint t);                              // the date in Beijing time
// Whole years between `birth` and `on` (a birthday counts on the day itself).
int AgeOn(Date birth, Date on);

}  // namespace zhiyuan::core
