#include <thread>

#include "domain/credentials/credential_service.hpp"
#include "domain/rewards/reward_service.hpp"
#include "fixture.hpp"

namespace zhiyuan::testing {

using domain::credentials::ApplicationId;
using domain::credentials::BankActor;
using domain::credentials::Status;
using domain::identity::Principal;
using domain::identity::Role;

class CredentialTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    credentials_ = std::make_unique<domain::credentials::CredentialService>(
        *store_, domain::identity::Vault{cipher_, index_}, *stars_, passes_, clock_);
    rewards_ = std::make_unique<domain::rewards::RewardService>(*store_, *credentials_, clock_);
  }
  void TearDown() override {
    rewards_.reset();
    credentials_.reset();
    BackendTest::TearDown();
  }
  Principal Volunteer(const std::string& phone) {
    if (!Register(phone).ok()) throw std::runtime_error("register");
    return Login(phone);
  }
  ApplicationId Apply(const Principal& v, const std::string& kind, const std::string& bank) {
    auto a = credentials_->Apply(v, {kind, bank, "", true}, meta_);
    if (!a.ok()) throw std::runtime_error("apply: " + a.error().message);
    return a->application.id;
  }
  domain::credentials::SignedRequest Signed(const std::string& bank, const std::string& key, const std::string& nonce) {
    domain::credentials::SignedRequest r{bank, std::to_string(core::ToUnix(clock_.Now())), nonce, "", "GET",
                                         "/api/v1/bank/applications", ""};
    r.signature = domain::credentials::SignRequest(key, r);
    return r;
  }
  Status StatusOf(ApplicationId id) { return store_->Read()->Credentials().Find(id)->status; }

  BankActor boc_{"boc", "bank:boc", std::nullopt};
  BankActor ccb_{"ccb", "bank:ccb", std::nullopt};
  std::unique_ptr<domain::credentials::CredentialService> credentials_;
  std::unique_ptr<domain::rewards::RewardService> rewards_;
};

TEST_P(CredentialTest, ThePlatformChecksAtOnceAndSendsPassingApplicationsToTheirBank) {
  auto v = Volunteer("13800200001");
  auto a = credentials_->Apply(v, {"certificate", "boc", "", true}, meta_);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->application.status, Status::kSentToBank);
  ASSERT_EQ(a->events.size(), 3u);
  EXPECT_EQ(a->events[1].actor, "platform");
  EXPECT_EQ(credentials_->Apply(v, {"certificate", "ceb", "", true}, meta_).error().code, "application_exists");
  EXPECT_EQ(credentials_->Apply(v, {"card", "ccb", "credit", true}, meta_).error().fields[0].code, "bank_not_offered");
  EXPECT_EQ(credentials_->Apply(v, {"card", "ccb", "", false}, meta_).error().fields[0].code, "consent_required");
  auto card = credentials_->Apply(v, {"card", "psbc", "", true}, meta_);
  ASSERT_TRUE(card.ok());
  EXPECT_EQ(card->application.card_type, "credit");
  // A passport holder is not real-name verified offline: the platform refuses with the reason.
  auto c = Command("13800200002");
  c.id_type = "passport";
  c.id_number = "E12345678";
  c.gender = "female";
  c.birth_date = "1990-05-01";
  auto foreigner = volunteers_->Register(c, meta_);
  ASSERT_TRUE(foreigner.ok()) << foreigner.error().message;
  auto refused = credentials_->Apply(Login("13800200002"), {"certificate", "boc", "", true}, meta_);
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->application.status, Status::kRejected);
  EXPECT_NE(refused->application.reason.find("实名认证"), std::string::npos);
}

TEST_P(CredentialTest, BanksSeeOnlyTheirApplicationsAndEveryDisclosureIsLogged) {
  auto v = Volunteer("13800200003");
  auto w = Volunteer("13800200004");
  auto cert = Apply(v, "certificate", "boc");
  Apply(w, "card", "ccb");
  auto before = Count("audit_log");
  auto seen = credentials_->ForBank(boc_, std::nullopt, meta_);
  ASSERT_TRUE(seen.ok());
  ASSERT_EQ(seen->size(), 1u);
  EXPECT_EQ((*seen)[0].application.id, cert);
  EXPECT_EQ((*seen)[0].id_number.size(), 18u);  // in clear: the volunteer consented to share it with this bank
  EXPECT_EQ((*seen)[0].phone, "13800200003");
  EXPECT_TRUE((*seen)[0].county_name.empty());  // not consented for a certificate
  EXPECT_EQ(Count("audit_log"), before + 1);
  EXPECT_EQ(credentials_->Report(ccb_, cert, "issued", "", meta_).error().canonical, core::ErrorCode::kNotFound);
}

TEST_P(CredentialTest, ReportsAreIdempotentAndMoveOnlyForward) {
  auto id = Apply(Volunteer("13800200005"), "certificate", "boc");
  ASSERT_TRUE(credentials_->Report(boc_, id, "issued", "", meta_).ok());
  auto events = store_->Read()->Credentials().Events(id).size();
  ASSERT_TRUE(credentials_->Report(boc_, id, "issued", "", meta_).ok());  // the same report again: nothing changes
  EXPECT_EQ(store_->Read()->Credentials().Events(id).size(), events);
  ASSERT_TRUE(credentials_->Report(boc_, id, "activated", "", meta_).ok());
  EXPECT_EQ(credentials_->Report(boc_, id, "issued", "", meta_).error().code, "invalid_transition");
  EXPECT_EQ(credentials_->Report(boc_, id, "rejected", "", meta_).error().fields[0].code, "required");
  EXPECT_EQ(StatusOf(id), Status::kActivated);
  auto held = credentials_->Held(store_->Read()->Credentials().Find(id)->volunteer);
  EXPECT_EQ(held.size(), 1u);
}

TEST_P(CredentialTest, AStatusFileWithABadRowChangesNothing) {
  auto a = Apply(Volunteer("13800200006"), "certificate", "boc");
  auto b = Apply(Volunteer("13800200007"), "certificate", "boc");
  auto report = credentials_->ImportStatusFile(
      boc_, {{2, std::to_string(a.value), "issued", ""}, {3, "x12", "issued", ""}, {4, std::to_string(b.value), "lost", ""}},
      meta_);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->errors.size(), 2u);
  EXPECT_EQ(report->errors[0].line, 3);
  EXPECT_EQ(report->errors[1].code, "invalid_status");
  EXPECT_EQ(StatusOf(a), Status::kSentToBank);  // the good row was not applied either
  auto good = credentials_->ImportStatusFile(
      boc_, {{2, std::to_string(a.value), "issued", ""}, {3, std::to_string(b.value), "rejected", "资料不全"}}, meta_);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good->applied, 2);
  EXPECT_EQ(StatusOf(b), Status::kRejected);
}

TEST_P(CredentialTest, SignedRequestsNeedTheBanksKeyAndAFreshNonce) {
  auto key = credentials_->SetBankKey("boc", "");
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE(credentials_->AuthenticateBank(Signed("boc", *key, "nonce-aaaa-1")).ok());
  EXPECT_EQ(credentials_->AuthenticateBank(Signed("boc", *key, "nonce-aaaa-1")).error().code, "bank_replay");
  EXPECT_EQ(credentials_->AuthenticateBank(Signed("boc", "zyb_guess", "nonce-aaaa-2")).error().code,
            "bank_signature_invalid");
  EXPECT_EQ(credentials_->AuthenticateBank(Signed("ccb", *key, "nonce-aaaa-3")).error().code,
            "bank_signature_invalid");  // ccb has no key yet
  auto rotated = credentials_->SetBankKey("boc", "");
  EXPECT_EQ(credentials_->AuthenticateBank(Signed("boc", *key, "nonce-aaaa-4")).error().code, "bank_signature_invalid");
  EXPECT_TRUE(credentials_->AuthenticateBank(Signed("boc", *rotated, "nonce-aaaa-5")).ok());
  // The key is stored encrypted, never in clear.
  EXPECT_EQ(db_->Acquire()->QueryOne("SELECT COUNT(*) FROM credentials_banks WHERE api_key_enc LIKE '%" +
                                     rotated->substr(4, 12) + "%'")->Int(0), 0);
}

TEST_P(CredentialTest, RedemptionsNeverExceedTheLimitEvenAllAtOnce) {
  auto city = Admin(Role::kCityAdmin);
  ASSERT_TRUE(rewards_->AddMerchant(city, {"shop", "爱心书店", "merchant", "", ""}, meta_).ok());
  domain::rewards::BenefitInput in;
  in.merchant = "shop";
  in.title = "购书优惠";
  in.category = "discount";
  in.valid_from = "2026-01-01";
  in.valid_to = "2026-12-31";
  in.limit_per_volunteer = 2;
  auto benefit = rewards_->Offer(city, in, meta_);
  ASSERT_TRUE(benefit.ok()) << benefit.error().message;
  auto id = identity_->CreateAdmin({"店员", "13700300001", "Admin#2026x", Role::kMerchant, "", "shop"}, meta_);
  ASSERT_TRUE(id.ok());
  auto merchant = Login("13700300001", "Admin#2026x");
  auto v = Volunteer("13800200008");
  auto token = passes_.Issue(*v.volunteer, clock_.Now());
  auto seen = rewards_->Verify(merchant, token);
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->benefits.at(0).eligibility.eligible);
  std::atomic<int> ok{0}, limited{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      auto r = rewards_->Redeem(merchant, token, benefit->id, meta_);
      (r.ok() ? ok : limited)++;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 2);
  EXPECT_EQ(limited.load(), 6);
  EXPECT_EQ(Count("rewards_redemptions"), 2);
  EXPECT_EQ(rewards_->Redeem(v, token, benefit->id, meta_).error().canonical, core::ErrorCode::kPermissionDenied);
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(rewards_->Verify(merchant, token).error().fields[0].code, "expired_pass");
}

ZY_BACKENDS(CredentialTest);

}  // namespace zhiyuan::testing
