#include "domain/registry/volunteer_pass.hpp"

#include <charconv>

#include "crypto/crypto.hpp"

namespace zhiyuan::domain::registry {
namespace {

std::int64_t WindowOf(core::TimePoint t) { return core::ToUnix(t) / VolunteerPass::kWindow.count(); }

bool ParseNumber(std::string_view s, std::int64_t& out) {
  // Only the form Issue writes: a leading zero would make a second spelling of the same pass.
  if (s.empty() || s.size() > 18 || (s[0] == '0' && s.size() > 1)) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && out >= 0;
}

}  // namespace

std::string VolunteerPass::Mac(std::int64_t volunteer, std::int64_t window) const {
  return crypto::HmacSha256Hex(key_, "pass:" + std::to_string(volunteer) + ":" + std::to_string(window)).substr(0, 24);
}

std::string VolunteerPass::Issue(core::VolunteerId volunteer, core::TimePoint now) const {
  auto window = WindowOf(now);
  return "P" + std::to_string(volunteer.value) + "." + std::to_string(window) + "." + Mac(volunteer.value, window);
}

core::TimePoint VolunteerPass::ExpiresAt(core::TimePoint now) const {
  return core::FromUnix((WindowOf(now) + 2) * kWindow.count());
}

core::Result<core::VolunteerId> VolunteerPass::Verify(std::string_view token, core::TimePoint now,
                                                      std::string_view field) const {
  auto invalid = [&] { return core::Error::Field(std::string(field), "invalid_pass", "志愿者码无效，请让志愿者刷新后重新出示"); };
  if (token.size() < 4 || token[0] != 'P') return invalid();
  auto first = token.find('.');
  auto second = token.find('.', first == std::string_view::npos ? 0 : first + 1);
  if (first == std::string_view::npos || second == std::string_view::npos) return invalid();
  std::int64_t volunteer = 0, window = 0;
  if (!ParseNumber(token.substr(1, first - 1), volunteer) ||
      !ParseNumber(token.substr(first + 1, second - first - 1), window) || volunteer <= 0)
    return invalid();
  if (!crypto::ConstantTimeEquals(token.substr(second + 1), Mac(volunteer, window))) return invalid();
  auto current = WindowOf(now);
  if (window > current) return invalid();
  if (current - window > 1)
    return core::Error::Field(std::string(field), "expired_pass", "志愿者码已过期，请让志愿者刷新后重新出示");
  return core::VolunteerId(volunteer);
}

}  // namespace zhiyuan::domain::registry
