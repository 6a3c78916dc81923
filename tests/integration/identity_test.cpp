#include "crypto/crypto.hpp"
#include "fixture.hpp"

namespace zhiyuan::testing {

using domain::identity::Role;
using IdentityTest = BackendTest;

TEST_P(IdentityTest, LoginIssuesASessionStoredOnlyAsAHash) {
  ASSERT_TRUE(Register("13800138001").ok());
  auto r = identity_->Login("13800138001", "Zhiyuan#2026", meta_);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->principal.volunteer.has_value());
  auto stored = db_->Acquire()->QueryOne("SELECT token_hash FROM identity_sessions")->Text(0);
  EXPECT_EQ(stored, crypto::Sha256Hex(r->token));
  EXPECT_TRUE(identity_->Authenticate(r->token).ok());
}

TEST_P(IdentityTest, WrongPasswordAndUnknownPhoneGiveTheSameAnswer) {
  ASSERT_TRUE(Register("13800138002").ok());
  auto wrong = identity_->Login("13800138002", "Wrong#2026x", meta_);
  auto unknown = identity_->Login("13800138999", "Wrong#2026x", meta_);
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().code, "invalid_credentials");
  EXPECT_EQ(unknown.error().code, "invalid_credentials");
}

TEST_P(IdentityTest, FiveFailuresLockTheAccountForThirtyMinutes) {
  ASSERT_TRUE(Register("13800138003").ok());
  for (int i = 0; i < 4; ++i) EXPECT_EQ(identity_->Login("13800138003", "Wrong#2026x", meta_).error().code, "invalid_credentials");
  EXPECT_EQ(identity_->Login("13800138003", "Wrong#2026x", meta_).error().code, "account_locked");
  EXPECT_EQ(identity_->Login("13800138003", "Zhiyuan#2026", meta_).error().code, "account_locked");
  clock_.Advance(std::chrono::minutes(29));
  EXPECT_FALSE(identity_->Login("13800138003", "Zhiyuan#2026", meta_).ok());
  clock_.Advance(std::chrono::minutes(2));
  EXPECT_TRUE(identity_->Login("13800138003", "Zhiyuan#2026", meta_).ok());
}

TEST_P(IdentityTest, IdleSessionsExpireAfterThirtyMinutes) {
  ASSERT_TRUE(Register("13800138004").ok());
  auto login = identity_->Login("13800138004", "Zhiyuan#2026", meta_);
  clock_.Advance(std::chrono::minutes(20));
  ASSERT_TRUE(identity_->Authenticate(login->token).ok());  // activity keeps it alive
  clock_.Advance(std::chrono::minutes(20));
  ASSERT_TRUE(identity_->Authenticate(login->token).ok());
  clock_.Advance(std::chrono::minutes(31));
  auto expired = identity_->Authenticate(login->token);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, "session_expired");
  EXPECT_FALSE(identity_->Authenticate(login->token).ok());
}

TEST_P(IdentityTest, LogoutEndsTheSession) {
  ASSERT_TRUE(Register("13800138005").ok());
  auto login = identity_->Login("13800138005", "Zhiyuan#2026", meta_);
  ASSERT_TRUE(identity_->Logout(login->principal, meta_).ok());
  EXPECT_FALSE(identity_->Authenticate(login->token).ok());
}

TEST_P(IdentityTest, ChangingThePasswordEndsOtherSessions) {
  ASSERT_TRUE(Register("13800138006").ok());
  auto a = identity_->Login("13800138006", "Zhiyuan#2026", meta_);
  auto b = identity_->Login("13800138006", "Zhiyuan#2026", meta_);
  EXPECT_EQ(identity_->ChangePassword(a->principal, "Wrong#2026x", "Better#2027", meta_).error().code, "validation_failed");
  ASSERT_TRUE(identity_->ChangePassword(a->principal, "Zhiyuan#2026", "Better#2027", meta_).ok());
  EXPECT_TRUE(identity_->Authenticate(a->token).ok());
  EXPECT_FALSE(identity_->Authenticate(b->token).ok());
  EXPECT_FALSE(identity_->Login("13800138006", "Zhiyuan#2026", meta_).ok());
  EXPECT_TRUE(identity_->Login("13800138006", "Better#2027", meta_).ok());
}

TEST_P(IdentityTest, AdminCreationGrantsAScopedRole) {
  auto admin = Admin(Role::kCountyAdmin, "441424");
  EXPECT_TRUE(admin.IsCountyAdminOf("441424"));
  EXPECT_FALSE(admin.IsCityAdmin());
  auto bad = identity_->CreateAdmin({"x", "13700009999", "Admin#2026x", Role::kCountyAdmin, "441499"}, meta_);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields[0].code, "unknown_county");
}

TEST_P(IdentityTest, EveryLoginAttemptIsAudited) {
  ASSERT_TRUE(Register("13800138007").ok());
  (void)identity_->Login("13800138007", "Wrong#2026x", meta_);
  (void)identity_->Login("13800138007", "Zhiyuan#2026", meta_);
  auto rows = db_->Acquire()->Query("SELECT result FROM audit_events WHERE action = 'session.login' ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].Text(0), "denied");
  EXPECT_EQ(rows[1].Text(0), "ok");
}

ZY_BACKENDS(IdentityTest);

}  // namespace zhiyuan::testing
