#include "domain/identity/totp.hpp"

#include <cstdio>

#include "core/time_format.hpp"
#include "crypto/crypto.hpp"

namespace zhiyuan::domain::identity::totp {

std::string NewSecret() { return crypto::RandomBytes(20); }

std::int64_t StepAt(core::TimePoint t) { return core::ToUnix(t) / kStepSeconds; }

std::string Code(std::string_view secret, std::int64_t step) {
  std::string counter(8, '\0');
  for (int i = 7; i >= 0; --i, step >>= 8) counter[std::size_t(i)] = char(step & 0xff);
  auto mac = crypto::HmacSha1(secret, counter);
  // RFC 4226 §5.3 dynamic truncation.
  auto offset = std::size_t(mac[19] & 0x0f);
  std::uint32_t binary = (std::uint32_t(mac[offset] & 0x7f) << 24) | (std::uint32_t(std::uint8_t(mac[offset + 1])) << 16) |
                         (std::uint32_t(std::uint8_t(mac[offset + 2])) << 8) | std::uint32_t(std::uint8_t(mac[offset + 3]));
  char digits[8];
  std::snprintf(digits, sizeof digits, "%06u", binary % 1'000'000u);
  return digits;
}

std::optional<std::int64_t> Match(std::string_view secret, std::string_view code, core::TimePoint now,
                                  std::int64_t last_used) {
  if (code.size() != std::size_t(kDigits)) return std::nullopt;
  auto step = StepAt(now);
  for (auto candidate : {step, step - 1, step + 1}) {
    if (candidate <= last_used) continue;
    if (crypto::ConstantTimeEquals(Code(secret, candidate), code)) return candidate;
  }
  return std::nullopt;
}

std::string Uri(std::string_view secret, std::string_view label) {
  return "otpauth://totp/Zhiyuan:" + std::string(label) + "?secret=" + crypto::Base32Encode(secret) +
         "&issuer=Zhiyuan&algorithm=SHA1&digits=6&period=30";
}

}  // namespace zhiyuan::domain::identity::totp
