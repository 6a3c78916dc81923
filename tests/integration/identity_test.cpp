#include "crypto/crypto.hpp"
#include "fixture.hpp"

namespace zhiyuan::testing {

using domain::identity::Role;
using IdentityTest = BackendTest;

TEST_P(IdentityTest, LoginIssuesASessionStoredOnlyAsAHash) {
  ASSERT_TRUE(Register("13800138001").ok());
  auto r = identity_->Login("13800138001", "Zhiyuan#2026", "", meta_);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->principal.volunteer.has_value());
  auto stored = db_->Acquire()->QueryOne("SELECT token_hash FROM identity_sessions")->Text(0);
  EXPECT_EQ(stored, crypto::Sha256Hex(r->token));
  EXPECT_TRUE(identity_->Authenticate(r->token).ok());
}

TEST_P(IdentityTest, WrongPasswordAndUnknownPhoneGiveTheSameAnswer) {
  ASSERT_TRUE(Register("13800138002").ok());
  auto wrong = identity_->Login("13800138002", "Wrong#2026x", "", meta_);
  auto unknown = identity_->Login("13800138999", "Wrong#2026x", "", meta_);
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().code, "invalid_credentials");
  EXPECT_EQ(unknown.error().code, "invalid_credentials");
}

TEST_P(IdentityTest, FiveFailuresLockTheAccountForThirtyMinutes) {
  ASSERT_TRUE(Register("13800138003").ok());
  for (int i = 0; i < 4; ++i) EXPECT_EQ(identity_->Login("13800138003", "Wrong#2026x", "", meta_).error().code, "invalid_credentials");
  EXPECT_EQ(identity_->Login("13800138003", "Wrong#2026x", "", meta_).error().code, "account_locked");
  EXPECT_EQ(identity_->Login("13800138003", "Zhiyuan#2026", "", meta_).error().code, "account_locked");
  clock_.Advance(std::chrono::minutes(29));
  EXPECT_FALSE(identity_->Login("13800138003", "Zhiyuan#2026", "", meta_).ok());
  clock_.Advance(std::chrono::minutes(2));
  EXPECT_TRUE(identity_->Login("13800138003", "Zhiyuan#2026", "", meta_).ok());
}

TEST_P(IdentityTest, IdleSessionsExpireAfterThirtyMinutes) {
  ASSERT_TRUE(Register("13800138004").ok());
  auto login = identity_->Login("13800138004", "Zhiyuan#2026", "", meta_);
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

TEST_P(IdentityTest, SessionTouchesAreWrittenTogetherAndKeepTheSessionAliveMeanwhile) {
  ASSERT_TRUE(Register("13800138014").ok());
  ASSERT_TRUE(Register("13800138015").ok());
  auto first = identity_->Login("13800138014", "Zhiyuan#2026", "", meta_);
  auto second = identity_->Login("13800138015", "Zhiyuan#2026", "", meta_);
  auto stored_last_seen = [&](const std::string& token) {
    return store_->Read()->Sessions().Resolve(crypto::Sha256Hex(token))->session.last_seen_at;
  };
  auto logged_in_at = clock_.Now();
  clock_.Advance(std::chrono::minutes(2));
  ASSERT_TRUE(identity_->Authenticate(first->token).ok());  // nothing flushed yet: written at once
  EXPECT_EQ(stored_last_seen(first->token), clock_.Now());
  clock_.Advance(std::chrono::seconds(1));
  ASSERT_TRUE(identity_->Authenticate(second->token).ok());  // within the flush interval: waits in memory
  EXPECT_EQ(stored_last_seen(second->token), logged_in_at);
  // Still alive 31 minutes after its stored last_seen_at: the pending touch counts.
  clock_.Advance(std::chrono::minutes(29));
  ASSERT_TRUE(identity_->Authenticate(second->token).ok());
  // The first request past the flush interval writes what waited.
  EXPECT_EQ(stored_last_seen(second->token), clock_.Now());
}

TEST_P(IdentityTest, SessionsIdleForADayPastTheTimeoutAreDeletedAsTouchesAreWritten) {
  ASSERT_TRUE(Register("13800138016").ok());
  ASSERT_TRUE(Register("13800138017").ok());
  auto left = identity_->Login("13800138016", "Zhiyuan#2026", "", meta_);
  auto stays = identity_->Login("13800138017", "Zhiyuan#2026", "", meta_);
  clock_.Advance(std::chrono::hours(2));
  ASSERT_FALSE(identity_->Authenticate(left->token).ok());  // expired, but not long enough ago to be purged
  clock_.Advance(std::chrono::hours(23));
  auto again = identity_->Login("13800138017", "Zhiyuan#2026", "", meta_);
  EXPECT_EQ(Count("identity_sessions"), 2);  // the expired `stays` and the new one
  clock_.Advance(std::chrono::minutes(2));
  ASSERT_TRUE(identity_->Authenticate(again->token).ok());  // a touch, written with the purge
  EXPECT_EQ(Count("identity_sessions"), 1);
  EXPECT_FALSE(identity_->Authenticate(stays->token).ok());
}

TEST_P(IdentityTest, LogoutEndsTheSession) {
  ASSERT_TRUE(Register("13800138005").ok());
  auto login = identity_->Login("13800138005", "Zhiyuan#2026", "", meta_);
  ASSERT_TRUE(identity_->Logout(login->principal, meta_).ok());
  EXPECT_FALSE(identity_->Authenticate(login->token).ok());
}

TEST_P(IdentityTest, ChangingThePasswordEndsOtherSessions) {
  ASSERT_TRUE(Register("13800138006").ok());
  auto a = identity_->Login("13800138006", "Zhiyuan#2026", "", meta_);
  auto b = identity_->Login("13800138006", "Zhiyuan#2026", "", meta_);
  EXPECT_EQ(identity_->ChangePassword(a->principal, "Wrong#2026x", "Better#2027", meta_).error().code, "validation_failed");
  ASSERT_TRUE(identity_->ChangePassword(a->principal, "Zhiyuan#2026", "Better#2027", meta_).ok());
  EXPECT_TRUE(identity_->Authenticate(a->token).ok());
  EXPECT_FALSE(identity_->Authenticate(b->token).ok());
  EXPECT_FALSE(identity_->Login("13800138006", "Zhiyuan#2026", "", meta_).ok());
  EXPECT_TRUE(identity_->Login("13800138006", "Better#2027", "", meta_).ok());
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
  (void)identity_->Login("13800138007", "Wrong#2026x", "", meta_);
  (void)identity_->Login("13800138007", "Zhiyuan#2026", "", meta_);
  auto rows = db_->Acquire()->Query("SELECT result FROM audit_log WHERE action = 'session.login' ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].Text(0), "denied");
  EXPECT_EQ(rows[1].Text(0), "ok");
}

TEST_P(IdentityTest, APasswordOlderThanNinetyDaysIsDueForAChange) {
  ASSERT_TRUE(Register("13800138301").ok());
  EXPECT_FALSE(identity_->PasswordChangeDue(Login("13800138301")));
  clock_.Advance(std::chrono::hours(24 * 91));
  auto old = identity_->Login("13800138301", "Zhiyuan#2026", "", meta_);
  ASSERT_TRUE(old.ok());
  EXPECT_TRUE(identity_->PasswordChangeDue(old->principal));
  ASSERT_TRUE(identity_->ChangePassword(old->principal, "Zhiyuan#2026", "Better#2027", meta_).ok());
  EXPECT_FALSE(identity_->PasswordChangeDue(identity_->Authenticate(old->token).value()));
}

TEST_P(IdentityTest, AdministratorsLogInWithAnAuthenticatorCodeThatWorksOnce) {
  auto created = identity_->CreateAdmin({"市管理员", "13700138101", "Admin#2026x", Role::kCityAdmin, "", ""}, meta_);
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(created->totp_uri.has_value());
  EXPECT_EQ(created->totp_uri->rfind("otpauth://totp/Zhiyuan:137****8101?secret=", 0), 0u);
  auto code = TotpCodeNow(*created->totp_uri);
  EXPECT_EQ(identity_->Login("13700138101", "Admin#2026x", "", meta_).error().code, "totp_required");
  EXPECT_EQ(identity_->Login("13700138101", "Wrong#2026x", code, meta_).error().code, "invalid_credentials");
  auto wrong = code == "000000" ? "000001" : "000000";
  EXPECT_EQ(identity_->Login("13700138101", "Admin#2026x", wrong, meta_).error().code, "totp_invalid");
  auto first = identity_->Login("13700138101", "Admin#2026x", code, meta_);
  ASSERT_TRUE(first.ok()) << first.error().code;
  EXPECT_TRUE(first->principal.IsCityAdmin());
  // The same code again is a replay; the next step's code works.
  EXPECT_EQ(identity_->Login("13700138101", "Admin#2026x", code, meta_).error().code, "totp_invalid");
  clock_.Advance(std::chrono::seconds(30));
  EXPECT_TRUE(identity_->Login("13700138101", "Admin#2026x", TotpCodeNow(*created->totp_uri), meta_).ok());
  // Granting again keeps the enrolled authenticator; roles without a second factor get none.
  auto again = identity_->CreateAdmin({"市管理员", "13700138101", "Admin#2026x", Role::kCountyAdmin, "441424", ""}, meta_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->totp_uri, created->totp_uri);
  // Three-role separation: an administrator cannot also be the auditor, nor the auditor an administrator.
  EXPECT_EQ(identity_->CreateAdmin({"x", "13700138101", "Admin#2026x", Role::kAuditor, "", ""}, meta_)
                .error().fields[0].code,
            "role_conflict");
  ASSERT_TRUE(identity_->CreateAdmin({"审计", "13700138103", "Admin#2026x", Role::kAuditor, "", ""}, meta_).ok());
  EXPECT_EQ(identity_->CreateAdmin({"x", "13700138103", "Admin#2026x", Role::kCityAdmin, "", ""}, meta_)
                .error().fields[0].code,
            "role_conflict");
  EXPECT_FALSE(identity_->CreateAdmin({"店员", "13700138102", "Admin#2026x", Role::kBankOperator, "", "boc"}, meta_)
                   ->totp_uri.has_value());
  // Wrong codes count towards the lock like wrong passwords: the fifth locks the account.
  clock_.Advance(std::chrono::seconds(30));
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(identity_->Login("13700138101", "Admin#2026x", wrong, meta_).error().code, "totp_invalid");
  EXPECT_EQ(identity_->Login("13700138101", "Admin#2026x", wrong, meta_).error().code, "account_locked");
  EXPECT_EQ(identity_->Login("13700138101", "Admin#2026x", TotpCodeNow(*created->totp_uri), meta_).error().code,
            "account_locked");
  // An administrator whose authenticator was never set up (an old account) cannot log in without one.
  db_->Acquire()->Execute("UPDATE identity_accounts SET totp_secret_enc = NULL, failed_logins = 0, locked_until = NULL");
  EXPECT_EQ(identity_->Login("13700138101", "Admin#2026x", "123456", meta_).error().code, "totp_not_enrolled");
}

TEST_P(IdentityTest, TheAuditChainShowsAnEditADeletionOrACutOffTail) {
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(Register("1380013820" + std::to_string(i)).ok());
  auto report = audit_->Verify();
  ASSERT_TRUE(report.intact()) << report.reason;
  auto records = report.records;
  ASSERT_GE(records, 4);
  EXPECT_EQ(Count("audit_log"), records);
  auto c = db_->Acquire();
  auto row = c->QueryOne("SELECT detail FROM audit_log WHERE id = 2");
  auto detail = row->Text(0);

  c->Execute("UPDATE audit_log SET detail = '{}' WHERE id = 2");
  report = audit_->Verify();
  EXPECT_EQ(report.broken_at, 2);
  EXPECT_EQ(report.records, 1);
  c->Execute("UPDATE audit_log SET detail = $1 WHERE id = 2", {detail});
  EXPECT_TRUE(audit_->Verify().intact());

  // Rebuilding a record's link without the key does not help: the link is keyed.
  c->Execute("UPDATE audit_log SET actor_role = 'auditor', hash = $1 WHERE id = 3",
             {crypto::Sha256Hex("forged")});
  EXPECT_EQ(audit_->Verify().broken_at, 3);
  c->Execute("DELETE FROM audit_log WHERE id = 3");
  report = audit_->Verify();
  EXPECT_EQ(report.broken_at, 4);  // it no longer follows its predecessor

  // A fresh log whose newest record is cut off: the head still names it.
  c->Execute("DELETE FROM audit_log");
  c->Execute("UPDATE audit_chain SET last_id = 0, last_hash = '', seal = ''");
  ASSERT_TRUE(Register("13800138210").ok());
  ASSERT_TRUE(Register("13800138211").ok());
  ASSERT_TRUE(audit_->Verify().intact());
  auto last = c->QueryOne("SELECT MAX(id) FROM audit_log")->Int(0);
  c->Execute("DELETE FROM audit_log WHERE id = $1", {last});
  report = audit_->Verify();
  EXPECT_EQ(report.broken_at, 0);
  EXPECT_NE(report.reason.find("cut off"), std::string::npos) << report.reason;
}

TEST_P(IdentityTest, RecordsWrittenBeforeTheChainAreLinkedOnceAndOnlyThen) {
  ASSERT_TRUE(Register("13800138220").ok());
  auto c = db_->Acquire();
  // As a database migrated from before the chain: records without links, an empty head.
  c->Execute("UPDATE audit_log SET prev_hash = '', hash = ''");
  c->Execute("UPDATE audit_chain SET last_id = 0, last_hash = '', seal = ''");
  EXPECT_FALSE(audit_->Verify().intact());
  EXPECT_EQ(audit_->LinkRecordsBeforeTheChain(), Count("audit_log"));
  EXPECT_TRUE(audit_->Verify().intact());
  EXPECT_EQ(audit_->LinkRecordsBeforeTheChain(), 0);
  // Emptying the head of a linked log does not get its records relinked.
  c->Execute("UPDATE audit_log SET detail = '{\"forged\":true}' WHERE id = 1");
  c->Execute("UPDATE audit_chain SET last_id = 0, last_hash = '', seal = ''");
  EXPECT_EQ(audit_->LinkRecordsBeforeTheChain(), 0);
  EXPECT_FALSE(audit_->Verify().intact());
}

ZY_BACKENDS(IdentityTest);

}  // namespace zhiyuan::testing
