#include <gtest/gtest.h>

#include "domain/registry/identity_documents.hpp"

using namespace zhiyuan::domain::registry;  // NOLINT
using zhiyuan::core::FormatDate;
using zhiyuan::core::ParseDate;

namespace {
const auto kToday = *ParseDate("2026-11-28");
std::string FirstFieldCode(const zhiyuan::core::Error& e) { return e.fields.at(0).code; }
}  // namespace

TEST(ResidentId, AcceptsTheStandardsExampleWithCheckX) {
  auto r = CheckResidentId("11010519491231002x", kToday);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->normalized, "11010519491231002X");
  EXPECT_EQ(r->gender, Gender::kFemale);
  EXPECT_EQ(FormatDate(r->birth_date), "1949-12-31");
  EXPECT_EQ(r->region_code, "110105");
}

TEST(ResidentId, DerivesMaleFromAnOddSeventeenthDigit) {
  std::string first17 = "44140219900101123";
  auto r = CheckResidentId(first17 + ResidentIdCheckChar(first17), kToday);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->gender, Gender::kMale);
}

TEST(ResidentId, RefusesAWrongCheckDigit) {
  auto r = CheckResidentId("110105194912310021", kToday);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(FirstFieldCode(r.error()), "invalid_check_digit");
  EXPECT_EQ(r.error().fields[0].field, "id_number");
}

TEST(ResidentId, RefusesAnImpossibleOrFutureBirthDate) {
  std::string feb30 = "44140219990230123";
  EXPECT_EQ(FirstFieldCode(CheckResidentId(feb30 + ResidentIdCheckChar(feb30), kToday).error()), "invalid_birth_date");
  std::string future = "44140220300101123";
  EXPECT_EQ(FirstFieldCode(CheckResidentId(future + ResidentIdCheckChar(future), kToday).error()), "invalid_birth_date");
}

TEST(ResidentId, RefusesAnUnknownProvinceAndBadFormat) {
  std::string region = "99140219900101123";
  EXPECT_EQ(FirstFieldCode(CheckResidentId(region + ResidentIdCheckChar(region), kToday).error()), "invalid_region");
  EXPECT_EQ(FirstFieldCode(CheckResidentId("4414021990010112", kToday).error()), "invalid_format");
  EXPECT_EQ(FirstFieldCode(CheckResidentId("44140219900101123Y", kToday).error()), "invalid_format");
  EXPECT_EQ(FirstFieldCode(CheckResidentId("", kToday).error()), "required");
}

TEST(OtherIdTypes, CheckTheirFormats) {
  EXPECT_TRUE(CheckOtherIdNumber(IdType::kHkMacaoPermit, "H12345678").ok());
  EXPECT_TRUE(CheckOtherIdNumber(IdType::kHkMacaoPermit, "m1234567890").ok());
  EXPECT_FALSE(CheckOtherIdNumber(IdType::kHkMacaoPermit, "X12345678").ok());
  EXPECT_TRUE(CheckOtherIdNumber(IdType::kTaiwanPermit, "12345678").ok());
  EXPECT_FALSE(CheckOtherIdNumber(IdType::kTaiwanPermit, "1234567").ok());
  EXPECT_TRUE(CheckOtherIdNumber(IdType::kPassport, "E12345678").ok());
  EXPECT_FALSE(CheckOtherIdNumber(IdType::kPassport, "E12-345").ok());
}

TEST(CreditCode, ComputesTheGb32100CheckCharacter) {
  // Built from a known-good first 17 characters; the check comes from weights 3^(i-1) mod 31.
  std::string first17 = "91350100M000100Y4";
  EXPECT_EQ(CreditCodeCheckChar(first17), '3');
  EXPECT_TRUE(CheckCreditCode("91350100M000100Y43").ok());
}

TEST(CreditCode, RefusesAWrongCheckOrForbiddenLetters) {
  EXPECT_EQ(FirstFieldCode(CheckCreditCode("91350100M000100Y44").error()), "invalid_credit_code");
  EXPECT_EQ(FirstFieldCode(CheckCreditCode("91350100I000100Y43").error()), "invalid_format");
  EXPECT_EQ(FirstFieldCode(CheckCreditCode("9135010").error()), "invalid_format");
}

TEST(Phone, AcceptsMainlandMobilesOnly) {
  EXPECT_EQ(*CheckMobilePhone(" 13812345678 "), "13812345678");
  EXPECT_EQ(*CheckMobilePhone("+8613812345678"), "13812345678");
  EXPECT_FALSE(CheckMobilePhone("12812345678").ok());
  EXPECT_FALSE(CheckMobilePhone("1381234567").ok());
  EXPECT_FALSE(CheckMobilePhone("0753-2254110").ok());
}
