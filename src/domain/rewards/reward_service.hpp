#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/audit/audit.hpp"
#include "domain/credentials/credential_service.hpp"
#include "domain/rewards/rewards.hpp"
#include "domain/store.hpp"

namespace zhiyuan::domain::rewards {

using identity::Principal;

struct BenefitInput {
  std::string merchant;  // the city admin names it; a merchant's own is implied
  std::string title;
  std::string description;
  std::string category;
  int min_star_level = 0;
  std::string requires_credential;
  std::string county_code;
  std::string valid_from;
  std::string valid_to;
  int limit_per_volunteer = 0;
};

struct BenefitStanding {
  Benefit benefit;
  Eligibility eligibility;
  int used = 0;
};

// What a merchant sees after scanning: the certificate's facts (nothing private) and, for each of its
// benefits, whether this volunteer may use it.
struct Verification {
  credentials::ECertificate certificate;
  std::vector<BenefitStanding> benefits;
};

// 嘉许回馈: the city registers partners and merchants; they offer benefits; a merchant scans a volunteer's
// electronic certificate, sees eligibility and records a redemption, within the per-volunteer limit.
class RewardService {
 public:
  RewardService(Store& store, credentials::CredentialService& credentials, const core::Clock& clock)
      : store_(store), credentials_(credentials), clock_(clock) {}

  core::Result<Merchant> AddMerchant(const Principal& caller, const Merchant& merchant, const audit::RequestMeta& meta);
  std::vector<Merchant> Merchants();
  core::Result<Benefit> Offer(const Principal& caller, const BenefitInput& input, const audit::RequestMeta& meta);
  core::Result<Benefit> Withdraw(const Principal& caller, BenefitId id, const audit::RequestMeta& meta);
  // What a merchant (its own) or the city admin (all) manages, withdrawn and future benefits included.
  core::Result<std::vector<Benefit>> Managed(const Principal& caller);
  // Benefits valid today (the public catalogue).
  std::vector<Benefit> Catalogue();
  // The caller's view of every benefit valid today: eligible or why not, and uses so far.
  core::Result<std::vector<BenefitStanding>> Mine(const Principal& caller);
  core::Result<Verification> Verify(const Principal& caller, const std::string& token);
  core::Result<Redemption> Redeem(const Principal& caller, const std::string& token, BenefitId benefit,
                                  const audit::RequestMeta& meta);
  core::Result<std::vector<Redemption>> MerchantRedemptions(const Principal& caller);
  core::Result<std::vector<Redemption>> MyRedemptions(const Principal& caller);

 private:
  std::vector<BenefitStanding> Standings(UnitOfWork& uow, const credentials::ECertificate& c,
                                         const std::string& merchant);

  Store& store_;
  credentials::CredentialService& credentials_;
  const core::Clock& clock_;
};

}  // namespace zhiyuan::domain::rewards
