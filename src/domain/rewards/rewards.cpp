#include "domain/rewards/rewards.hpp"

namespace zhiyuan::domain::rewards {

Eligibility Judge(const Benefit& b, const Holder& h, core::Date today) {
  if (!b.active) return {false, "该权益已下架"};
  if (today < b.valid_from) return {false, "权益自" + core::FormatDate(b.valid_from) + "起生效"};
  if (today > b.valid_to) return {false, "权益已于" + core::FormatDate(b.valid_to) + "到期"};
  if (h.star_level < b.min_star_level) return {false, "需" + std::to_string(b.min_star_level) + "星级及以上志愿者"};
  const auto& need = b.requires_credential;
  if (need == "certificate" && !h.holds_certificate) return {false, "需持有注册志愿者证"};
  if (need == "card" && !h.holds_card) return {false, "需持有梅州志愿者卡"};
  if (need == "either" && !h.holds_certificate && !h.holds_card) return {false, "需持有注册志愿者证或梅州志愿者卡"};
  if (!b.county_code.empty() && b.county_code != h.county_code) return {false, "仅限本县（市、区）注册志愿者"};
  return {true, ""};
}

}  // namespace zhiyuan::domain::rewards
