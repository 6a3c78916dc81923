#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/time_format.hpp"

namespace zhiyuan::domain::rewards {

using BenefitId = core::Id<struct BenefitTag>;

// A partner (保险、金融、交通) or merchant (爱心商家) registered by the city.
struct Merchant {
  std::string code;
  std::string name;
  std::string category;  // insurance | finance | transport | merchant
  std::string county_code;
  std::string address;
};

// 嘉许回馈 benefit: who may use it (star level, certificate/card holder, county) and when.
struct Benefit {
  BenefitId id;
  std::string merchant_code;
  std::string merchant_name;
  std::string title;
  std::string description;
  std::string category;  // insurance | finance | transport | discount
  int min_star_level = 0;
  std::string requires_credential;  // "" | certificate | card | either
  std::string county_code;          // "" for the whole city
  core::Date valid_from;
  core::Date valid_to;
  int limit_per_volunteer = 0;  // 0: no limit
  bool active = true;
};

// What eligibility is judged on: the electronic certificate's facts.
struct Holder {
  int star_level = 0;
  bool holds_certificate = false;
  bool holds_card = false;
  std::string county_code;
};

// Whether the holder may use the benefit on `today`; `reason` says why not, in Chinese, for the merchant.
struct Eligibility {
  bool eligible = false;
  std::string reason;
};
Eligibility Judge(const Benefit& benefit, const Holder& holder, core::Date today);

struct Redemption {
  std::int64_t id = 0;
  BenefitId benefit;
  std::string benefit_title;
  std::string merchant_code;
  std::string merchant_name;
  core::VolunteerId volunteer;
  std::string volunteer_number;
  core::TimePoint at;
};

class RewardRepository {
 public:
  virtual ~RewardRepository() = default;
  [[nodiscard]] virtual bool InsertMerchant(const Merchant& merchant, core::TimePoint at) = 0;  // false: code taken
  virtual std::optional<Merchant> FindMerchant(const std::string& code) = 0;
  virtual std::vector<Merchant> Merchants() = 0;
  virtual BenefitId InsertBenefit(const Benefit& benefit, std::optional<core::AccountId> by, core::TimePoint at) = 0;
  virtual std::optional<Benefit> FindBenefit(BenefitId id) = 0;
  // Active benefits valid on `day` (all merchants, or one).
  virtual std::vector<Benefit> Benefits(core::Date day, const std::string& merchant_code) = 0;
  // Every benefit, withdrawn and future ones included (one merchant's, or all with "").
  virtual std::vector<Benefit> AllBenefits(const std::string& merchant_code) = 0;
  [[nodiscard]] virtual bool Withdraw(BenefitId id) = 0;
  // Takes one use of the benefit for the volunteer if the limit allows (0: none); false when used up.
  [[nodiscard]] virtual bool TakeUse(BenefitId id, core::VolunteerId volunteer, int limit) = 0;
  virtual int Used(BenefitId id, core::VolunteerId volunteer) = 0;
  virtual std::int64_t InsertRedemption(BenefitId id, core::VolunteerId volunteer, const std::string& merchant,
                                        core::AccountId by, core::TimePoint at) = 0;
  virtual std::optional<Redemption> FindRedemption(std::int64_t id) = 0;
  virtual std::vector<Redemption> RedemptionsOfMerchant(const std::string& merchant, int limit) = 0;
  virtual std::vector<Redemption> RedemptionsOfVolunteer(core::VolunteerId volunteer, int limit) = 0;
};

}  // namespace zhiyuan::domain::rewards
