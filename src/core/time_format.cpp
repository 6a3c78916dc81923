#include "core/time_format.hpp"

#include <charconv>
#include <cstdio>

namespace zhiyuan::core {
namespace {

constexpr std::chrono::hours kChinaOffset{8};

bool ParseInt(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

std::string FormatRfc3339(TimePoint t) {
  auto local = t + kChinaOffset;
  auto day = std::chrono::floor<std::chrono::days>(local);
  std::chrono::year_month_day ymd{day};
  std::chrono::hh_mm_ss hms{local - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d+08:00", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()), int(hms.hours().count()), int(hms.minutes().count()),
                int(hms.seconds().count()));
  return buf;
}

std::optional<TimePoint> ParseRfc3339(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      s[13] != ':' || s[16] != ':')
    return std::nullopt;
  auto date = ParseDate(s.substr(0, 10));
  int hh, mm, ss;
  if (!date || !ParseInt(s.substr(11, 2), hh) || !ParseInt(s.substr(14, 2), mm) || !ParseInt(s.substr(17, 2), ss))
    return std::nullopt;
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
  }
  if (pos >= s.size()) return std::nullopt;
  int offset_minutes = 0;
  std::string_view zone = s.substr(pos);
  if (zone == "Z" || zone == "z") {
    offset_minutes = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int oh, om;
    if (!ParseInt(zone.substr(1, 2), oh) || !ParseInt(zone.substr(4, 2), om) || oh > 23 || om > 59)
      return std::nullopt;
    offset_minutes = (oh * 60 + om) * (zone[0] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  auto local = std::chrono::sys_days{*date} + std::chrono::hours(hh) + std::chrono::minutes(mm) +
               std::chrono::seconds(ss);
  return std::chrono::time_point_cast<std::chrono::seconds>(local - std::chrono::minutes(offset_minutes));
}

std::string FormatDate(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()), unsigned(d.day()));
  return buf;
}

std::optional<Date> ParseDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y, m, d;
  if (!ParseInt(s.substr(0, 4), y) || !ParseInt(s.substr(5, 2), m) || !ParseInt(s.substr(8, 2), d))
    return std::nullopt;
  Date date{std::chrono::year(y), std::chrono::month(unsigned(m)), std::chrono::day(unsigned(d))};
  if (!date.ok()) return std::nullopt;
  return date;
}

Date ChinaDate(TimePoint t) { return Date{std::chrono::floor<std::chrono::days>(t + kChinaOffset)}; }

int AgeOn(Date birth, Date on) {
  int age = int(on.year()) - int(birth.year());
  if (std::chrono::month_day{on.month(), on.day()} < std::chrono::month_day{birth.month(), birth.day()}) --age;
  return age;
}

}  // namespace zhiyuan::core
