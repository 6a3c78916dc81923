#include "domain/registry/identity_documents.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <cctype>

#include "core/text.hpp"

namespace zhiyuan::domain::registry {
namespace {

using core::Error;
using core::FieldError;

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string Upper(std::string_view s) {
  std::string out(core::Trim(s));
  for (auto& c : out) c = char(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Province-level codes of GB/T 2260 (and 71/81/82/83 for Taiwan, Hong Kong, Macao residence permits).
constexpr int kProvinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43,
                              44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83};
// Hong Kong, Macao and Taiwan residence-permit numbers use 810000, 820000 and 830000: no city part.
bool IsRegionCode(std::string_view six) {
  int province = (six[0] - '0') * 10 + (six[1] - '0');
  if (std::find(std::begin(kProvinces), std::end(kProvinces), province) == std::end(kProvinces)) return false;
  return province >= 71 || six.substr(2, 2) != "00";
}

constexpr std::string_view kCreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

}  // namespace

std::optional<IdType> ParseIdType(std::string_view t) {
  if (t == "resident_id") return IdType::kResidentId;
  if (t == "hk_macao_permit") return IdType::kHkMacaoPermit;
  if (t == "taiwan_permit") return IdType::kTaiwanPermit;
  if (t == "passport") return IdType::kPassport;
  return std::nullopt;
}

std::string_view ToString(IdType t) {
  switch (t) {
    case IdType::kResidentId: return "resident_id";
    case IdType::kHkMacaoPermit: return "hk_macao_permit";
    case IdType::kTaiwanPermit: return "taiwan_permit";
    case IdType::kPassport: return "passport";
  }
  return "resident_id";
}

std::optional<Gender> ParseGender(std::string_view t) {
  if (t == "male") return Gender::kMale;
  if (t == "female") return Gender::kFemale;
  return std::nullopt;
}

std::string_view ToString(Gender g) { return g == Gender::kMale ? "male" : "female"; }

char ResidentIdCheckChar(std::string_view first17) {
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr std::string_view kCheck = "10X98765432";
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheck[sum % 11];
}

core::Result<ResidentIdFacts> CheckResidentId(std::string_view raw, core::Date today, std::string_view field) {
  std::string f(field);
  std::string id = Upper(raw);
  if (id.empty()) return Error::Field(f, "required", "请填写身份证号码");
  if (id.size() != 18 || !AllDigits(std::string_view(id).substr(0, 17)) || !(std::isdigit(id[17]) || id[17] == 'X'))
    return Error::Field(f, "invalid_format", "身份证号码应为18位，前17位为数字，最后一位为数字或X");
  if (!IsRegionCode(id))
    return Error::Field(f, "invalid_region", "身份证号码前6位不是有效的行政区划代码");
  auto birth = core::ParseDate(id.substr(6, 4) + "-" + id.substr(10, 2) + "-" + id.substr(12, 2));
  if (!birth) return Error::Field(f, "invalid_birth_date", "身份证号码中的出生日期不存在");
  if (*birth > today || int(birth->year()) < 1900)
    return Error::Field(f, "invalid_birth_date", "身份证号码中的出生日期不合理");
  if (ResidentIdCheckChar(id) != id[17]) return Error::Field(f, "invalid_check_digit", "身份证号码校验位不正确，请核对");
  Gender gender = ((id[16] - '0') % 2 == 1) ? Gender::kMale : Gender::kFemale;
  return ResidentIdFacts{id, id.substr(0, 6), *birth, gender};
}

core::Result<std::string> CheckOtherIdNumber(IdType type, std::string_view raw, std::string_view field) {
  std::string f(field);
  std::string id = Upper(raw);
  if (id.empty()) return Error::Field(f, "required", "请填写证件号码");
  auto alnum = std::all_of(id.begin(), id.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
  switch (type) {
    case IdType::kHkMacaoPermit:
      // 港澳居民来往内地通行证: H (Hong Kong) or M (Macao) followed by 8 or 10 digits.
      if ((id[0] == 'H' || id[0] == 'M') && (id.size() == 9 || id.size() == 11) && AllDigits(id.substr(1))) return id;
      return Error::Field(f, "invalid_format", "港澳居民来往内地通行证号码应为H或M开头加8位或10位数字");
    case IdType::kTaiwanPermit:
      // 台湾居民来往大陆通行证: 8 digits (2015 card) or the older 10 digits.
      if ((id.size() == 8 || id.size() == 10) && AllDigits(id)) return id;
      return Error::Field(f, "invalid_format", "台湾居民来往大陆通行证号码应为8位或10位数字");
    case IdType::kPassport:
      if (id.size() >= 5 && id.size() <= 17 && alnum) return id;
      return Error::Field(f, "invalid_format", "护照号码应为5至17位字母或数字");
    case IdType::kResidentId: break;
  }
  return Error::Field(f, "invalid_format", "证件号码格式不正确");
}

char CreditCodeCheckChar(std::string_view first17) {
  int sum = 0;
  int weight = 1;  // 3^(i-1) mod 31
  for (std::size_t i = 0; i < 17; ++i) {
    sum += int(kCreditAlphabet.find(first17[i])) * weight;
    weight = weight * 3 % 31;
  }
  int check = 31 - sum % 31;
  return kCreditAlphabet[check == 31 ? 0 : check];
}

core::Result<std::string> CheckCreditCode(std::string_view raw, std::string_view field) {
  std::string f(field);
  std::string code = Upper(raw);
  if (code.size() != 18) return Error::Field(f, "invalid_format", "统一社会信用代码应为18位");
  for (char c : code)
    if (kCreditAlphabet.find(c) == std::string_view::npos)
      return Error::Field(f, "invalid_format", "统一社会信用代码含有不允许的字符（不使用I、O、Z、S、V）");
  if (CreditCodeCheckChar(code) != code[17])
    return Error::Field(f, "invalid_credit_code", "统一社会信用代码校验位不正确");
  return code;
}

core::Result<std::string> CheckMobilePhone(std::string_view raw, std::string_view field) {
  std::string phone(core::Trim(raw));
  if (phone.rfind("+86", 0) == 0) phone = phone.substr(3);
  if (phone.empty()) return Error::Field(std::string(field), "required", "请填写手机号码");
  if (phone.size() != 11 || !AllDigits(phone) || phone[0] != '1' || phone[1] < '3')
    return Error::Field(std::string(field), "invalid_phone", "手机号码应为11位，以13-19开头");
  return phone;
}

}  // namespace zhiyuan::domain::registry
