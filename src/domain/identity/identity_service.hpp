#pragma once

#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "crypto/crypto.hpp"
#include "domain/audit/audit.hpp"
#include "domain/identity/identity.hpp"
#include "domain/store.hpp"

namespace zhiyuan::domain::identity {

// Encryption and blind indexing of sensitive fields, shared by every module that stores them.
struct Vault {
  const crypto::FieldCipher& cipher;
  const crypto::BlindIndex& index;
};

struct LoginResult {
  std::string token;  // shown once; only its hash is stored
  std::string csrf_token;
  core::TimePoint expires_at;
  Principal principal;
};

struct NewAdmin {
  std::string name;
  std::string phone;
  std::string password;
  Role role = Role::kCityAdmin;
  std::string county_code;  // county admins
  std::string partner_code = {};  // bank operators: the bank's code; merchants: the merchant's code
};

// Accounts, sessions and roles (SPEC §4: Argon2id, lock after 5 failures, 30-minute idle expiry).
class IdentityService {
 public:
  IdentityService(Store& store, Vault vault, const crypto::PasswordHasher& hasher, const core::Clock& clock,
                  IdentityPolicy policy)
      : store_(store), vault_(vault), hasher_(hasher), clock_(clock), policy_(policy) {}

  // kUnauthenticated "invalid_credentials" for an unknown phone or a wrong password (the same answer, so
  // phones cannot be probed); kLocked "account_locked" while locked. An administrator role also needs `totp`,
  // the authenticator's current code: "totp_required" without one, "totp_invalid" for a wrong or used one
  // (counted as a failed log-in), "totp_not_enrolled" when no authenticator was set up.
  core::Result<LoginResult> Login(std::string_view phone, std::string_view password, std::string_view totp,
                                  const audit::RequestMeta& meta);
  // Resolves a bearer/cookie token; kUnauthenticated "session_expired" after the idle timeout.
  core::Result<Principal> Authenticate(std::string_view token);
  core::Status Logout(const Principal& principal, const audit::RequestMeta& meta);
  // Ends the caller's other sessions.
  core::Status ChangePassword(const Principal& principal, std::string_view current, std::string_view next,
                              const audit::RequestMeta& meta);
  // Creates (or grants the role to an existing) administrator account; used by `zhiyuan admin create`. A role
  // that needs a second factor gets an authenticator secret (kept if one is enrolled already), handed back as
  // an otpauth:// URI for the operator to pass on.
  struct CreatedAdmin {
    core::AccountId id;
    std::optional<std::string> totp_uri;
  };
  core::Result<CreatedAdmin> CreateAdmin(const NewAdmin& admin, const audit::RequestMeta& meta);
  // The operator's account actions (`zhiyuan admin disable|enable|revoke|reset-totp`, run with shell access to
  // the server): each ends the account's sessions so it applies at once, and each is audited as "system".
  // kNotFound for an unknown phone.
  core::Status SetDisabled(std::string_view phone, bool disabled, const audit::RequestMeta& meta);
  core::Status RevokeRole(std::string_view phone, const RoleGrant& grant, const audit::RequestMeta& meta);
  // A lost authenticator: a new secret replaces the old (whose codes stop working); answers the otpauth:// URI.
  core::Result<std::string> ResetSecondFactor(std::string_view phone, const audit::RequestMeta& meta);
  // The administrator roles (MLPS level 3: city and county admins, the auditor, the security administrator) log
  // in with a second factor.
  static bool NeedsSecondFactor(Role role) {
    return role == Role::kCityAdmin || role == Role::kCountyAdmin || role == Role::kAuditor ||
           role == Role::kSecurityAdmin;
  }
  // 三员分立: the auditor holds no acting role (any role but volunteer), and the security administrator no
  // business role (city, county or organisation admin, bank operator, merchant). Answers the 422 `role_conflict`
  // on `field` when granting `adding` to an account holding `held` would join them; checked wherever a role is
  // granted (CreateAdmin, an organisation's application and its new admins).
  static core::Status RoleConflict(Role adding, const std::vector<RoleGrant>& held, std::string_view field = "role");

  // 安全管理员 (three-role separation): account security without business data. Each call answers
  // kPermissionDenied unless the caller is a security administrator; an account that is not staff (holds no role
  // grant) or is closed is kNotFound; the caller's own account is kPermissionDenied "own_account" (another
  // security administrator acts on it, so no one clears their own record). Every call is audited with the
  // security administrator as the actor, in the transaction of what it does.
  struct StaffQuery {
    std::string text;    // a name fragment, or a whole mobile number
    std::string role;    // a role's name, or empty
    std::string status;  // "active" | "disabled" | "locked", or empty
    core::PageRequest page;
  };
  core::Result<core::Page<StaffAccount>> ListStaff(const Principal& caller, const StaffQuery& query,
                                                   const audit::RequestMeta& meta);
  // 停用/启用; the account's sessions end.
  core::Result<StaffAccount> SetDisabled(const Principal& caller, core::AccountId target, bool disabled,
                                         const audit::RequestMeta& meta);
  // 强制下线: ends every session of the account.
  core::Result<StaffAccount> EndSessions(const Principal& caller, core::AccountId target, const audit::RequestMeta& meta);
  // 解除锁定: clears the failed log-ins and the lock.
  core::Result<StaffAccount> Unlock(const Principal& caller, core::AccountId target, const audit::RequestMeta& meta);
  // 重置动态口令: a new authenticator secret (the otpauth:// URI, shown once), the old codes refused, sessions ended;
  // kFailedPrecondition "no_second_factor" when none of the account's roles needs one.
  core::Result<std::string> ResetSecondFactor(const Principal& caller, core::AccountId target,
                                              const audit::RequestMeta& meta);
  // 安全事件: the security records of the audit log of one kind ("login_denied", "rate_limited", "access_denied",
  // "session_rejected", "csrf_rejected", "request_too_large"); kValidation "invalid_kind" for another. The read
  // is audited as security.events.
  static const std::vector<std::string>& SecurityEventKinds();
  core::Result<core::Page<audit::AuditEvent>> SecurityEvents(const Principal& caller, std::string_view kind,
                                                             std::optional<core::TimePoint> from,
                                                             std::optional<core::TimePoint> to, core::PageRequest page,
                                                             const audit::RequestMeta& meta);
  // Sets up the second factor with a given secret (the demo data's, which its README publishes).
  void EnrolSecondFactor(UnitOfWork& uow, core::AccountId account, std::string_view secret);

  // The caller's latest in-app notifications, newest first.
  std::vector<Notification> Notifications(const Principal& principal) {
    return store_.Read()->Notifications().Latest(principal.account, 50);
  }

  void MarkNotificationsRead(const Principal& principal) {
    auto uow = store_.Write();
    uow->Notifications().MarkAllRead(principal.account, clock_.Now());
    uow->Commit();
  }

  // An activation link's token for an account created on its owner's behalf (valid 30 days; only its hash is kept).
  std::string IssueActivation(UnitOfWork& uow, core::AccountId account);
  // Whose account the link activates (name and masked phone), while it is valid.
  core::Result<Account> DescribeActivation(std::string_view token);
  // Sets the first password (the policy applies) and uses the link up.
  core::Status Activate(std::string_view token, std::string_view password, const audit::RequestMeta& meta);
  // A stored hash that no password matches: the account cannot log in until activated.
  static constexpr std::string_view kNoPassword = "!activation-pending";

  // Creates the account row inside the caller's unit of work (volunteer registration uses it).
  core::Result<core::AccountId> InsertAccount(UnitOfWork& uow, std::string_view name, std::string_view phone,
                                              std::string_view password_hash);
  std::string HashPassword(std::string_view password) const { return hasher_.Hash(password); }
  std::string PhoneIndex(std::string_view phone) const { return vault_.index.Of("phone", phone); }
  const IdentityPolicy& policy() const { return policy_; }
  // Writes the pending session touches in one transaction (Authenticate calls it when they are due; the server
  // calls it once more as it stops).
  void FlushSessionTouches();
  // The caller's password is older than the policy's maximum age: the app reminds them to change it.
  bool PasswordChangeDue(const Principal& caller) const {
    return clock_.Now() - caller.password_changed_at > policy_.password_max_age;
  }

 private:
  // Who acts on an account: the operator's commands (no account, audited as "system") or a security administrator.
  struct Actor {
    std::optional<core::AccountId> account;
    std::string role = "system";
  };
  // The shared bodies of the operator's commands and the security administrator's actions, in `uow`.
  void ApplyDisabled(UnitOfWork& uow, const Account& account, bool disabled, const Actor& by,
                     const audit::RequestMeta& meta);
  core::Result<std::string> ApplyNewSecondFactor(UnitOfWork& uow, const Account& account, const Actor& by,
                                                 const audit::RequestMeta& meta);
  // The staff account a security administrator may act on (see ListStaff).
  core::Result<StaffAccount> ManagedAccount(UnitOfWork& uow, const Principal& caller, core::AccountId target);

  Store& store_;
  Vault vault_;
  const crypto::PasswordHasher& hasher_;
  const core::Clock& clock_;
  IdentityPolicy policy_;
  // Sessions seen again whose last_seen_at is not written yet. The touch is bookkeeping for the idle timeout,
  // not anyone's data: touches are written together (FlushSessionTouches) instead of costing the request that
  // noticed them a durable commit of its own. A crash loses at most touch_flush_interval of them: those
  // sessions then end that much early, which the idle timeout's 30 minutes easily absorb.
  std::mutex touches_mutex_;
  std::unordered_map<std::string, core::TimePoint> pending_touches_;
  core::TimePoint touches_flushed_at_{};
  std::once_flag dummy_once_;
  std::string dummy_hash_;  // verified against for unknown phones
};

}  // namespace zhiyuan::domain::identity
