#include <gtest/gtest.h>

#include "core/text.hpp"
#include "crypto/crypto.hpp"
#include "domain/credentials/bank_signature.hpp"
#include "domain/credentials/credentials.hpp"
#include "domain/proofs/proofs.hpp"
#include "domain/recognition/stars.hpp"
#include "domain/rewards/rewards.hpp"
#include "http/table_import.hpp"

namespace zhiyuan {
namespace {

using domain::credentials::SignedRequest;
using domain::credentials::Status;

const core::TimePoint kNow = core::FromUnix(1795900000);

SignedRequest Signed(const std::string& key, std::string body = R"({"status":"issued"})") {
  SignedRequest r{"boc", std::to_string(core::ToUnix(kNow)), "nonce-0001", "", "POST",
                  "/api/v1/bank/applications/7/status", std::move(body)};
  r.signature = domain::credentials::SignRequest(key, r);
  return r;
}

TEST(BankSignature, CoversTheTimestampNonceMethodTargetAndBody) {
  crypto::Initialize();
  auto r = Signed("key-1");
  EXPECT_EQ(domain::credentials::CanonicalRequest(r),
            std::to_string(core::ToUnix(kNow)) + "\nnonce-0001\nPOST\n/api/v1/bank/applications/7/status\n" +
                R"({"status":"issued"})");
  EXPECT_EQ(r.signature, crypto::HmacSha256Hex("key-1", domain::credentials::CanonicalRequest(r)));
  EXPECT_TRUE(domain::credentials::VerifyRequest("key-1", r, kNow).ok());
  for (auto edit : {+[](SignedRequest& x) { x.body = R"({"status":"activated"})"; },
                    +[](SignedRequest& x) { x.target += "?x=1"; }, +[](SignedRequest& x) { x.method = "GET"; },
                    +[](SignedRequest& x) { x.nonce = "nonce-0002"; }}) {
    auto changed = r;
    edit(changed);
    EXPECT_EQ(domain::credentials::VerifyRequest("key-1", changed, kNow).error().code, "bank_signature_invalid");
  }
  EXPECT_EQ(domain::credentials::VerifyRequest("key-2", r, kNow).error().code, "bank_signature_invalid");
}

TEST(BankSignature, RefusesMissingHeadersAndClocksMoreThanFiveMinutesOff) {
  auto r = Signed("k");
  auto missing = r;
  missing.signature.clear();
  EXPECT_EQ(domain::credentials::VerifyRequest("k", missing, kNow).error().code, "bank_signature_missing");
  EXPECT_TRUE(domain::credentials::VerifyRequest("k", r, kNow + std::chrono::seconds(300)).ok());
  EXPECT_EQ(domain::credentials::VerifyRequest("k", r, kNow + std::chrono::seconds(301)).error().code,
            "bank_timestamp_invalid");
  EXPECT_EQ(domain::credentials::VerifyRequest("k", r, kNow - std::chrono::seconds(301)).error().code,
            "bank_timestamp_invalid");
  auto words = r;
  words.timestamp = "yesterday";
  EXPECT_EQ(domain::credentials::VerifyRequest("k", words, kNow).error().code, "bank_timestamp_invalid");
}

TEST(CredentialWorkflow, BanksMoveOnlyForwardFromWhatTheyReceived) {
  using domain::credentials::BankMayMove;
  EXPECT_TRUE(BankMayMove(Status::kSentToBank, Status::kIssued));
  EXPECT_TRUE(BankMayMove(Status::kIssued, Status::kActivated));
  EXPECT_TRUE(BankMayMove(Status::kSentToBank, Status::kRejected));
  EXPECT_FALSE(BankMayMove(Status::kActivated, Status::kIssued));
  EXPECT_FALSE(BankMayMove(Status::kCancelled, Status::kIssued));
  EXPECT_FALSE(BankMayMove(Status::kApplied, Status::kIssued));
  EXPECT_FALSE(BankMayMove(Status::kRejected, Status::kActivated));
}

TEST(Stars, LevelsFollowTheThresholdsAndPublicitySkipsWeekends) {
  domain::recognition::StarRules rules{{6000, 18000, 36000, 60000, 90000}};
  EXPECT_EQ(rules.LevelFor(5999), 0);
  EXPECT_EQ(rules.LevelFor(6000), 1);
  EXPECT_EQ(rules.LevelFor(89999), 4);
  EXPECT_EQ(rules.LevelFor(1000000), 5);
  EXPECT_EQ(rules.ThresholdOf(6), std::nullopt);
  // Thursday 26 November 2026 + 5 working days = Thursday 3 December.
  EXPECT_EQ(core::FormatDate(domain::recognition::AddWorkingDays(*core::ParseDate("2026-11-26"), 5)), "2026-12-03");
}

TEST(Rewards, EligibilitySaysWhyNot) {
  domain::rewards::Benefit b;
  b.min_star_level = 3;
  b.requires_credential = "either";
  b.county_code = "441402";
  b.valid_from = *core::ParseDate("2026-01-01");
  b.valid_to = *core::ParseDate("2026-12-31");
  auto today = *core::ParseDate("2026-11-28");
  domain::rewards::Holder ok{3, true, false, "441402"};
  EXPECT_TRUE(Judge(b, ok, today).eligible);
  EXPECT_EQ(Judge(b, {2, true, false, "441402"}, today).reason, "需3星级及以上志愿者");
  EXPECT_EQ(Judge(b, {3, false, false, "441402"}, today).reason, "需持有注册志愿者证或梅州志愿者卡");
  EXPECT_EQ(Judge(b, {3, false, true, "441424"}, today).reason, "仅限本县（市、区）注册志愿者");
  EXPECT_FALSE(Judge(b, ok, *core::ParseDate("2027-01-01")).eligible);
}

TEST(Proofs, TheSignedTextChangesWithEveryFactAndCannotBeShifted) {
  domain::proofs::Facts f;
  f.number = "ZM2026AAAA";
  f.volunteer_name = "林艳";
  f.total_minutes = 600;
  f.lines.push_back({core::ActivityId(1), "助老", "助老助残", core::OrganizationId(1), {}, {}, 600});
  auto base = domain::proofs::CanonicalText(f);
  auto g = f;
  g.total_minutes = 6000;
  EXPECT_NE(domain::proofs::CanonicalText(g), base);
  auto h = f;
  h.volunteer_name = "林艳\ntotal\t6000";  // a separator in a value cannot forge another field
  EXPECT_EQ(domain::proofs::CanonicalText(h).find("\ntotal\t6000"), std::string::npos);
}

TEST(CsvImport, ReadsQuotesBomAndLineBreaksAndRefusesBrokenFiles) {
  auto t = http::ParseCsv("\xEF\xBB\xBF" "application_id,status,reason\r\n1,issued,\r\n2,rejected,\"资料不全, 请补充\"\r\n\r\n3,x,\"two\nlines\"\n");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->header, (std::vector<std::string>{"application_id", "status", "reason"}));
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(t->rows[1][2], "资料不全, 请补充");
  EXPECT_EQ(t->rows[2][2], "two\nlines");
  EXPECT_FALSE(http::ParseCsv("a,b\n1,\"open").ok());
  EXPECT_FALSE(http::ParseCsv("a\n\xff\xfe").ok());
}

TEST(Hours, PrintAsCertificatesDo) {
  EXPECT_EQ(core::FormatHours(6000), "100");
  EXPECT_EQ(core::FormatHours(90), "1.5");
  EXPECT_EQ(core::FormatHours(100), "1.7");
  EXPECT_EQ(core::FormatHours(-90), "-1.5");
}

}  // namespace
}  // namespace zhiyuan
