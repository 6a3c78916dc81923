#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace zhiyuan::domain::identity {

// The second factor of administrator roles 动态口令 (MLPS level 3): RFC 6238 time-based one-time passwords as
// every authenticator app computes them — HMAC-SHA-1, 6 digits, 30-second steps.
namespace totp {

inline constexpr int kStepSeconds = 30;
inline constexpr int kDigits = 6;

std::string NewSecret();  // 20 random bytes (RFC 4226 recommends 160 bits)
std::int64_t StepAt(core::TimePoint t);
std::string Code(std::string_view secret, std::int64_t step);
// The step whose code `code` is, looking one step either side of `now` for clock drift, and only after
// `last_used` so a code is good for one log-in.
std::optional<std::int64_t> Match(std::string_view secret, std::string_view code, core::TimePoint now,
                                  std::int64_t last_used);
// otpauth://totp/Zhiyuan:LABEL?secret=BASE32&issuer=Zhiyuan&algorithm=SHA1&digits=6&period=30
std::string Uri(std::string_view secret, std::string_view label);

}  // namespace totp
}  // namespace zhiyuan::domain::identity
