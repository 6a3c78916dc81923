// Bank requests: headers and body are the caller's. Any of them must be verified or refused without a crash;
// a request signed with the key at the current time verifies, and one byte changed anywhere does not.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/time_format.hpp"
#include "crypto/crypto.hpp"
#include "domain/credentials/bank_signature.hpp"

using namespace zhiyuan;  // NOLINT

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool initialized = (crypto::Initialize(), true);
  (void)initialized;
  // Fields separated by NUL: bank, timestamp, nonce, signature, method, target, body.
  std::vector<std::string> f(7);
  std::size_t i = 0;
  for (std::size_t k = 0; k < size; ++k) {
    if (data[k] == 0 && i < 6) ++i;
    else f[i] += char(data[k]);
  }
  domain::credentials::SignedRequest r{f[0], f[1], f[2], f[3], f[4], f[5], f[6]};
  auto now = core::FromUnix(1'800'000'000);
  const std::string key = "zyb_fuzzing-key-0123456789abcdef";
  (void)domain::credentials::VerifyRequest(key, r, now);

  // Made well-formed (a bank code, a nonce of 8–64 characters, the current time), then signed with the key.
  r.timestamp = "1800000000";
  if (r.bank_code.empty()) r.bank_code = "boc";
  r.nonce = (r.nonce + "nonce-pad").substr(0, 64);
  r.signature = domain::credentials::SignRequest(key, r);
  if (!domain::credentials::VerifyRequest(key, r, now).ok()) __builtin_trap();
  if (!r.body.empty()) {
    r.body[0] = char(r.body[0] ^ 1);
    if (domain::credentials::VerifyRequest(key, r, now).ok()) __builtin_trap();
  }
  return 0;
}
