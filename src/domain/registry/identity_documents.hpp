#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/time_format.hpp"

namespace zhiyuan::domain::registry {

// ID document types a volunteer can register with (实名登记).
enum class IdType { kResidentId, kHkMacaoPermit, kTaiwanPermit, kPassport };

std::optional<IdType> ParseIdType(std::string_view text);
std::string_view ToString(IdType type);

enum class Gender { kMale, kFemale };
std::optional<Gender> ParseGender(std::string_view text);
std::string_view ToString(Gender gender);

// What a valid 居民身份证号 tells us.
struct ResidentIdFacts {
  std::string normalized;  // upper-case X
  std::string region_code;  // first six digits (GB/T 2260)
  core::Date birth_date;
  Gender gender;
};

// GB 11643-1999: 18 characters, ISO 7064 MOD 11-2 check character, a real past birth date, and a region
// code whose province part exists in GB/T 2260. Fails with field errors on `field`, each saying why.
core::Result<ResidentIdFacts> CheckResidentId(std::string_view id, core::Date today,
                                              std::string_view field = "id_number");
// The check character for the first 17 digits (exposed for tests and demo data).
char ResidentIdCheckChar(std::string_view first17);

// Format checks for the other document types; returns the normalised number.
core::Result<std::string> CheckOtherIdNumber(IdType type, std::string_view id, std::string_view field = "id_number");

// GB 32100-2015 统一社会信用代码: 18 characters from 0-9A-HJ-NPQRTUWXY, check character from weights
// 3^(i-1) mod 31. Returns the normalised (upper-case) code or a field error.
core::Result<std::string> CheckCreditCode(std::string_view code, std::string_view field = "credit_code");
char CreditCodeCheckChar(std::string_view first17);

// Mainland mobile numbers: 11 digits starting 1[3-9].
core::Result<std::string> CheckMobilePhone(std::string_view phone, std::string_view field = "phone");

}  // namespace zhiyuan::domain::registry
