#include "domain/targets/targets.hpp"

namespace zhiyuan::domain::targets {

Rate RateOf(std::int64_t numerator, std::optional<std::int64_t> denominator, int goal) {
  Rate r;
  r.target = goal / 10000.0;
  if (!denominator || *denominator <= 0) return r;
  r.rate = double(numerator) / double(*denominator);
  // ⌈goal × denominator / 10000⌉ in integers, so "还需 N 人" never misses by a rounding.
  std::int64_t needed = (std::int64_t(goal) * *denominator + 9999) / 10000;
  r.gap = needed > numerator ? needed - numerator : 0;
  return r;
}

}  // namespace zhiyuan::domain::targets
