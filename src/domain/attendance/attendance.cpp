#include "domain/attendance/attendance.hpp"

#include <cmath>

#include "crypto/crypto.hpp"

namespace zhiyuan::domain::attendance {

namespace {
std::int64_t WindowOf(core::TimePoint t) { return core::ToUnix(t) / CheckInTokens::kWindow.count(); }
}  // namespace

std::string CheckInTokens::Mac(core::ActivityId activity, std::int64_t window) const {
  return crypto::HmacSha256Hex(key_, "checkin:" + std::to_string(activity.value) + ":" + std::to_string(window))
      .substr(0, 24);
}

std::string CheckInTokens::Issue(core::ActivityId activity, core::TimePoint now) const {
  auto window = WindowOf(now);
  return std::to_string(window) + "." + Mac(activity, window);
}

core::TimePoint CheckInTokens::ExpiresAt(core::TimePoint now) const {
  return core::FromUnix((WindowOf(now) + 2) * kWindow.count());
}

CheckInTokens::Check CheckInTokens::Verify(core::ActivityId activity, std::string_view token, core::TimePoint now) const {
  auto dot = token.find('.');
  // Only the form Issue writes: a leading zero would make a second spelling of the same token.
  if (dot == std::string_view::npos || dot == 0 || dot > 12 || (token[0] == '0' && dot > 1)) return Check::kInvalid;
  std::int64_t window = 0;
  for (char c : token.substr(0, dot)) {
    if (c < '0' || c > '9') return Check::kInvalid;
    window = window * 10 + (c - '0');
  }
  if (!crypto::ConstantTimeEquals(token.substr(dot + 1), Mac(activity, window))) return Check::kInvalid;
  auto current = WindowOf(now);
  if (window > current) return Check::kInvalid;  // from the future: not ours
  if (current - window > 1) return Check::kExpired;
  return Check::kValid;
}

double DistanceMeters(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadius = 6371000.0;
  constexpr double kRad = M_PI / 180.0;
  double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadius * std::asin(std::min(1.0, std::sqrt(a)));
}

}  // namespace zhiyuan::domain::attendance
