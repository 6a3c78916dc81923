#include <gtest/gtest.h>

#include "core/time_format.hpp"
#include "crypto/crypto.hpp"
#include "domain/identity/totp.hpp"

using namespace zhiyuan;                           // NOLINT
using namespace zhiyuan::domain::identity::totp;  // NOLINT

namespace {
const std::string kRfcSecret = "12345678901234567890";  // RFC 6238 appendix B, SHA-1
}

TEST(Totp, MatchesTheRfc6238TestVectorsInSixDigits) {
  // The RFC's 8-digit values, of which an authenticator shows the last six.
  EXPECT_EQ(Code(kRfcSecret, StepAt(core::FromUnix(59))), "287082");
  EXPECT_EQ(Code(kRfcSecret, StepAt(core::FromUnix(1111111109))), "081804");
  EXPECT_EQ(Code(kRfcSecret, StepAt(core::FromUnix(1111111111))), "050471");
  EXPECT_EQ(Code(kRfcSecret, StepAt(core::FromUnix(1234567890))), "005924");
  EXPECT_EQ(Code(kRfcSecret, StepAt(core::FromUnix(2000000000))), "279037");
  EXPECT_EQ(Code(kRfcSecret, StepAt(core::FromUnix(20000000000))), "353130");
}

TEST(Totp, AcceptsOneStepOfDriftEachWayAndNeverAUsedStep) {
  auto now = core::FromUnix(1234567890);
  auto step = StepAt(now);
  EXPECT_EQ(Match(kRfcSecret, Code(kRfcSecret, step), now, 0), step);
  EXPECT_EQ(Match(kRfcSecret, Code(kRfcSecret, step - 1), now, 0), step - 1);
  EXPECT_EQ(Match(kRfcSecret, Code(kRfcSecret, step + 1), now, 0), step + 1);
  EXPECT_FALSE(Match(kRfcSecret, Code(kRfcSecret, step - 2), now, 0));
  EXPECT_FALSE(Match(kRfcSecret, Code(kRfcSecret, step), now, step));  // used: a replay
  EXPECT_FALSE(Match(kRfcSecret, "28708", now, 0));
  EXPECT_FALSE(Match("another secret 12345", Code(kRfcSecret, step), now, 0));
}

TEST(Totp, UriCarriesTheSecretInBase32) {
  auto uri = Uri(kRfcSecret, "138****0001");
  EXPECT_EQ(uri, "otpauth://totp/Zhiyuan:138****0001?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Zhiyuan"
                 "&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(NewSecret().size(), 20u);
  EXPECT_NE(NewSecret(), NewSecret());
}
