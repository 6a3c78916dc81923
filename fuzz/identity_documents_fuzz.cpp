// Resident ID (GB 11643), other ID documents, unified social credit code (GB 32100) and mobile numbers: any
// bytes must be accepted or refused without a crash, and whatever is accepted must satisfy the rules.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/time_format.hpp"
#include "domain/registry/identity_documents.hpp"

using namespace zhiyuan;  // NOLINT

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto today = *core::ParseDate("2026-11-29");
  if (auto id = domain::registry::CheckResidentId(input, today); id.ok()) {
    // Accepted (after trimming and upper-casing): 18 characters whose last is the check character of the
    // first 17, born in the past, and it reads back the same.
    const auto& n = id->normalized;
    if (n.size() != 18) __builtin_trap();
    if (domain::registry::ResidentIdCheckChar(std::string_view(n).substr(0, 17)) != n[17]) __builtin_trap();
    if (!(id->birth_date <= today)) __builtin_trap();
    if (!domain::registry::CheckResidentId(n, today).ok()) __builtin_trap();
  }
  for (auto type : {domain::registry::IdType::kResidentId, domain::registry::IdType::kPassport,
                    domain::registry::IdType::kHkMacaoPermit, domain::registry::IdType::kTaiwanPermit})
    (void)domain::registry::CheckOtherIdNumber(type, input);
  if (auto code = domain::registry::CheckCreditCode(input); code.ok()) {
    if (code->size() != 18) __builtin_trap();
    if (domain::registry::CreditCodeCheckChar(std::string_view(*code).substr(0, 17)) != (*code)[17]) __builtin_trap();
  }
  if (auto phone = domain::registry::CheckMobilePhone(input); phone.ok() && phone->size() != 11) __builtin_trap();
  (void)domain::registry::ParseIdType(input);
  (void)domain::registry::ParseGender(input);
  return 0;
}
