#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"

namespace zhiyuan::domain::registry {

// The volunteer's own QR pass (志愿者码): a signed token naming the volunteer, valid for at most 60 s, so
// an organiser can check a volunteer in by scanning their phone and a screenshot cannot be reused for long.
// Format "P<volunteer id>.<30-second window>.<HMAC>"; the electronic certificate builds on it.
class VolunteerPass {
 public:
  static constexpr std::chrono::seconds kWindow{30};
  explicit VolunteerPass(std::string key) : key_(std::move(key)) {}
  std::string Issue(core::VolunteerId volunteer, core::TimePoint now) const;
  core::TimePoint ExpiresAt(core::TimePoint now) const;
  // The volunteer named by a valid pass; a field error on `field` ("invalid_pass" | "expired_pass") otherwise.
  core::Result<core::VolunteerId> Verify(std::string_view token, core::TimePoint now,
                                         std::string_view field = "volunteer_qr") const;

 private:
  std::string Mac(std::int64_t volunteer, std::int64_t window) const;
  std::string key_;
};

}  // namespace zhiyuan::domain::registry
