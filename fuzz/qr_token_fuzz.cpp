// QR tokens a phone shows or scans: the activity's check-in code (签到码) and the volunteer's own pass (志愿者码).
// Whatever is scanned must be verified or refused without a crash, and only what Issue wrote for that activity
// or volunteer in the current or the previous 30-second window may verify (no second spelling of a token).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/time_format.hpp"
#include "crypto/crypto.hpp"
#include "domain/attendance/attendance.hpp"
#include "domain/registry/volunteer_pass.hpp"

using namespace zhiyuan;  // NOLINT

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool initialized = (crypto::Initialize(), true);
  (void)initialized;
  std::string_view token(reinterpret_cast<const char*>(data), size);
  const auto now = core::FromUnix(1'800'000'000);
  const auto before = now - domain::attendance::CheckInTokens::kWindow;
  const domain::attendance::CheckInTokens checkin("fuzzing-checkin-key-0123456789ab");
  const domain::registry::VolunteerPass pass("fuzzing-pass-key-0123456789abcdef");
  const core::ActivityId activity(42);

  using Check = domain::attendance::CheckInTokens::Check;
  if (checkin.Verify(activity, token, now) == Check::kValid &&
      token != checkin.Issue(activity, now) && token != checkin.Issue(activity, before))
    __builtin_trap();
  if (auto who = pass.Verify(token, now); who.ok() && token != pass.Issue(*who, now) && token != pass.Issue(*who, before))
    __builtin_trap();

  // What Issue writes verifies; any one byte changed does not.
  auto issued = checkin.Issue(activity, now);
  auto card = pass.Issue(core::VolunteerId(7), now);
  if (checkin.Verify(activity, issued, now) != Check::kValid || !pass.Verify(card, now).ok()) __builtin_trap();
  if (size > 0) {
    std::size_t at = data[0] % issued.size();
    issued[at] = char(issued[at] ^ (data[size - 1] | 1));
    if (checkin.Verify(activity, issued, now) == Check::kValid) __builtin_trap();
    at = data[0] % card.size();
    card[at] = char(card[at] ^ (data[size - 1] | 1));
    if (pass.Verify(card, now).ok()) __builtin_trap();
  }
  return 0;
}
