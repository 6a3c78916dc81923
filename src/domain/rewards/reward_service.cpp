#include "domain/rewards/reward_service.hpp"

#include "core/validation.hpp"

namespace zhiyuan::domain::rewards {

using core::Error;
using identity::Role;

namespace {

bool OneOf(const std::string& v, std::initializer_list<const char*> options) {
  for (const char* o : options)
    if (v == o) return true;
  return false;
}

Holder HolderOf(const credentials::ECertificate& c) {
  return {c.star_level, c.holds_certificate, c.holds_card, c.county_code};
}

}  // namespace

core::Result<Merchant> RewardService::AddMerchant(const Principal& caller, const Merchant& in,
                                                  const audit::RequestMeta& meta) {
  if (!caller.IsCityAdmin()) return Error::Forbidden("合作单位和爱心商家由市级管理员登记");
  core::Validator v;
  Merchant m = in;
  if (m.code.empty() || m.code.size() > 32 ||
      m.code.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
    v.Add("code", "invalid_code", "商家代码应为小写字母、数字或连字符（最多32个）");
  m.name = v.Text("name", in.name, "名称", 100);
  m.address = v.Text("address", in.address, "地址", 200, false);
  if (!OneOf(m.category, {"insurance", "finance", "transport", "merchant"}))
    v.Add("category", "invalid_category", "类别应为 insurance、finance、transport 或 merchant");
  auto uow = store_.Write();
  if (!m.county_code.empty()) {
    auto r = uow->Regions().Find(m.county_code);
    if (!r || r->level != "county") v.Add("county_code", "unknown_county", "县区代码不存在");
  }
  ZY_TRY(v.Done());
  auto now = clock_.Now();
  if (!uow->Rewards().InsertMerchant(m, now)) return Error::Duplicate("merchant_exists", "该商家代码已登记", "code");
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "merchant.add",
                                   "merchant", m.code));
  uow->Commit();
  return m;
}

std::vector<Merchant> RewardService::Merchants() { return store_.Read()->Rewards().Merchants(); }

core::Result<Benefit> RewardService::Offer(const Principal& caller, const BenefitInput& in,
                                           const audit::RequestMeta& meta) {
  std::string merchant = caller.PartnerOf(Role::kMerchant);
  if (merchant.empty()) {
    if (!caller.IsCityAdmin()) return Error::Forbidden("仅爱心商家或市级管理员可以发布权益");
    merchant = in.merchant;
  }
  core::Validator v;
  Benefit b;
  b.merchant_code = merchant;
  b.title = v.Text("title", in.title, "权益名称", 100);
  b.description = v.Text("description", in.description, "权益说明", 1000, false);
  b.category = in.category;
  if (!OneOf(b.category, {"insurance", "finance", "transport", "discount"}))
    v.Add("category", "invalid_category", "类别应为 insurance、finance、transport 或 discount");
  b.min_star_level = in.min_star_level;
  if (b.min_star_level < 0 || b.min_star_level > 5) v.Add("min_star_level", "invalid_level", "星级要求应为0至5");
  b.requires_credential = in.requires_credential;
  if (!OneOf(b.requires_credential, {"", "certificate", "card", "either"}))
    v.Add("requires_credential", "invalid_requirement", "持证要求应为空、certificate、card 或 either");
  b.limit_per_volunteer = in.limit_per_volunteer;
  if (b.limit_per_volunteer < 0 || b.limit_per_volunteer > 1000)
    v.Add("limit_per_volunteer", "invalid_limit", "每人限用次数应为0（不限）至1000");
  auto from = core::ParseDate(in.valid_from);
  auto to = core::ParseDate(in.valid_to);
  if (!from) v.Add("valid_from", "invalid_date", "日期格式应为 YYYY-MM-DD");
  if (!to) v.Add("valid_to", "invalid_date", "日期格式应为 YYYY-MM-DD");
  if (from && to && *to < *from) v.Add("valid_to", "ends_before_start", "结束日期不能早于开始日期");
  auto uow = store_.Write();
  if (!uow->Rewards().FindMerchant(merchant)) v.Add("merchant", "unknown_merchant", "商家不存在");
  b.county_code = in.county_code;
  if (!b.county_code.empty()) {
    auto r = uow->Regions().Find(b.county_code);
    if (!r || r->level != "county") v.Add("county_code", "unknown_county", "县区代码不存在");
  }
  ZY_TRY(v.Done());
  b.valid_from = *from;
  b.valid_to = *to;
  auto now = clock_.Now();
  auto id = uow->Rewards().InsertBenefit(b, caller.account, now);
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "benefit.offer",
                                   "benefit", std::to_string(id.value)));
  auto saved = uow->Rewards().FindBenefit(id);
  uow->Commit();
  return *saved;
}

core::Result<Benefit> RewardService::Withdraw(const Principal& caller, BenefitId id, const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  auto b = uow->Rewards().FindBenefit(id);
  if (!b || (!caller.IsCityAdmin() && caller.PartnerOf(Role::kMerchant) != b->merchant_code))
    return Error::NotFound("权益不存在");
  if (!uow->Rewards().Withdraw(id)) return Error::Conflict("benefit_withdrawn", "该权益已下架");
  auto now = clock_.Now();
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "benefit.withdraw",
                                   "benefit", std::to_string(id.value)));
  auto saved = uow->Rewards().FindBenefit(id);
  uow->Commit();
  return *saved;
}

core::Result<std::vector<Benefit>> RewardService::Managed(const Principal& caller) {
  auto merchant = caller.PartnerOf(Role::kMerchant);
  if (merchant.empty() && !caller.IsCityAdmin()) return Error::Forbidden("仅爱心商家或市级管理员可以管理权益");
  return store_.Read()->Rewards().AllBenefits(merchant);
}

std::vector<Benefit> RewardService::Catalogue() {
  return store_.Read()->Rewards().Benefits(core::ChinaDate(clock_.Now()), "");
}

std::vector<BenefitStanding> RewardService::Standings(UnitOfWork& uow, const credentials::ECertificate& c,
                                                      const std::string& merchant) {
  auto today = core::ChinaDate(clock_.Now());
  std::vector<BenefitStanding> out;
  for (auto& b : uow.Rewards().Benefits(today, merchant)) {
    BenefitStanding s{b, Judge(b, HolderOf(c), today), uow.Rewards().Used(b.id, c.volunteer)};
    if (s.eligibility.eligible && b.limit_per_volunteer > 0 && s.used >= b.limit_per_volunteer)
      s.eligibility = {false, "已达每人限用次数（" + std::to_string(b.limit_per_volunteer) + "次）"};
    out.push_back(std::move(s));
  }
  return out;
}

core::Result<std::vector<BenefitStanding>> RewardService::Mine(const Principal& caller) {
  if (!caller.volunteer) return Error::Forbidden("只有注册志愿者可以享受嘉许回馈");
  auto uow = store_.Read();
  auto v = uow->Volunteers().Find(*caller.volunteer);
  if (!v) return Error::NotFound("志愿者不存在");
  return Standings(*uow, credentials_.ECertificateOf(*uow, *v), "");
}

core::Result<Verification> RewardService::Verify(const Principal& caller, const std::string& token) {
  auto merchant = caller.PartnerOf(Role::kMerchant);
  if (merchant.empty()) return Error::Forbidden("仅爱心商家可以核验");
  ZY_ASSIGN_OR_RETURN(auto certificate, credentials_.VerifyECertificate(token));
  auto uow = store_.Read();
  return Verification{certificate, Standings(*uow, certificate, merchant)};
}

core::Result<Redemption> RewardService::Redeem(const Principal& caller, const std::string& token, BenefitId id,
                                               const audit::RequestMeta& meta) {
  auto merchant = caller.PartnerOf(Role::kMerchant);
  if (merchant.empty()) return Error::Forbidden("仅爱心商家可以登记核销");
  ZY_ASSIGN_OR_RETURN(auto certificate, credentials_.VerifyECertificate(token));
  auto uow = store_.Write();
  auto b = uow->Rewards().FindBenefit(id);
  if (!b || b->merchant_code != merchant) return Error::NotFound("权益不存在");
  auto now = clock_.Now();
  auto judged = Judge(*b, HolderOf(certificate), core::ChinaDate(now));
  if (!judged.eligible) return Error::Conflict("not_eligible", "该志愿者不符合条件：" + judged.reason);
  if (!uow->Rewards().TakeUse(id, certificate.volunteer, b->limit_per_volunteer))
    return Error::Conflict("limit_reached",
                           "该志愿者已达每人限用次数（" + std::to_string(b->limit_per_volunteer) + "次）");
  auto redemption = uow->Rewards().InsertRedemption(id, certificate.volunteer, merchant, caller.account, now);
  uow->Audit().Append(audit::Event(now, meta, caller.account, "merchant", "benefit.redeem", "redemption",
                                   std::to_string(redemption), "ok",
                                   "{\"benefit\":" + std::to_string(id.value) + "}"));
  auto recorded = uow->Rewards().FindRedemption(redemption);
  uow->Commit();
  return *recorded;
}

core::Result<std::vector<Redemption>> RewardService::MerchantRedemptions(const Principal& caller) {
  auto merchant = caller.PartnerOf(Role::kMerchant);
  if (merchant.empty()) return Error::Forbidden("仅爱心商家可以查看核销记录");
  return store_.Read()->Rewards().RedemptionsOfMerchant(merchant, 200);
}

core::Result<std::vector<Redemption>> RewardService::MyRedemptions(const Principal& caller) {
  if (!caller.volunteer) return std::vector<Redemption>{};
  return store_.Read()->Rewards().RedemptionsOfVolunteer(*caller.volunteer, 200);
}

}  // namespace zhiyuan::domain::rewards
