#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"
#include "domain/identity/principal.hpp"

namespace zhiyuan::domain::identity {

struct Account {
  core::AccountId id;
  std::string name;
  std::string phone_masked;
  std::string password_hash;
  int failed_logins = 0;
  std::optional<core::TimePoint> locked_until;
  core::TimePoint password_changed_at;
  core::TimePoint created_at;
  std::string status = "active";  // "active" | "disabled" (停用, by the operator) | "closed" (注销, by its owner)
};

struct NewAccount {
  std::string name;
  std::string phone_enc;
  std::string phone_bidx;
  std::string phone_masked;
  std::string password_hash;
  core::TimePoint created_at;
};

struct Session {
  std::string token_hash;
  core::AccountId account;
  std::string csrf_token;
  core::TimePoint created_at;
  core::TimePoint last_seen_at;
};

// A session with everything a request needs to know about its caller.
struct SessionView {
  Session session;
  Account account;
  std::optional<core::VolunteerId> volunteer;
  std::vector<RoleGrant> grants;
};

// An account with what the security administrator (安全管理员) needs to manage it: its roles, whether an
// authenticator is enrolled, how many sessions are live, whether it is locked now. Phones only masked.
struct StaffAccount {
  Account account;
  std::vector<RoleGrant> grants;
  bool second_factor = false;
  int sessions = 0;
  bool locked = false;
};

// Filters of the staff list; empty strings filter nothing.
struct StaffFilter {
  std::string name_contains;
  std::string phone_bidx;  // with name_contains: either matches
  std::string role;        // a role's name
  std::string status;      // "active" | "disabled" | "locked" (locked at `now`)
  core::TimePoint now;
  core::PageRequest page;
};

class AccountRepository {
 public:
  virtual ~AccountRepository() = default;
  // kAlreadyExists "duplicate_phone" when the phone is taken.
  virtual core::Result<core::AccountId> Insert(const NewAccount& account) = 0;
  virtual std::optional<Account> Find(core::AccountId id) = 0;
  virtual std::optional<Account> FindByPhoneIndex(const std::string& phone_bidx) = 0;
  virtual void UpdateLoginState(core::AccountId id, int failed_logins, std::optional<core::TimePoint> locked_until) = 0;
  virtual void UpdatePassword(core::AccountId id, const std::string& hash, core::TimePoint at) = 0;
  // The second factor (totp.hpp): the encrypted secret, if one is enrolled, and the last step a code was
  // accepted for. Using a step is atomic: false when it, or a later one, was used already (a replayed code).
  struct SecondFactor {
    std::string secret_enc;
    std::int64_t last_step = 0;
  };
  virtual std::optional<SecondFactor> FindSecondFactor(core::AccountId id) = 0;
  virtual void SetSecondFactor(core::AccountId id, const std::string& secret_enc) = 0;
  virtual bool UseSecondFactorStep(core::AccountId id, std::int64_t step) = 0;
  virtual std::vector<RoleGrant> Grants(core::AccountId id) = 0;
  // The accounts that administer an organisation (whom to tell about its business).
  virtual std::vector<core::AccountId> OrganizationAdmins(core::OrganizationId org) = 0;
  // Idempotent: granting a role the account already holds changes nothing.
  virtual void Grant(core::AccountId id, const RoleGrant& grant, core::TimePoint at, std::optional<core::AccountId> by) = 0;

  // 账号激活: an account someone else created (an organisation's bulk import) has no usable password until
  // its owner sets one through the one-time link sent to their phone. Only the token's hash is stored.
  virtual void InsertActivation(const std::string& token_hash, core::AccountId id, core::TimePoint expires_at,
                                core::TimePoint at) = 0;
  // The account of an unused activation; expiry is the caller's to check.
  virtual std::optional<std::pair<core::AccountId, core::TimePoint>> FindActivation(const std::string& token_hash) = 0;
  // When the account's newest activation link was issued (used or not), if ever.
  virtual std::optional<core::TimePoint> LatestActivation(core::AccountId id) = 0;
  // False when the activation was used meanwhile (a race between two tabs).
  virtual bool UseActivation(const std::string& token_hash, core::TimePoint at) = 0;

  // 停用/启用 by the operator (`zhiyuan admin disable|enable`): a disabled account cannot log in.
  virtual void SetStatus(core::AccountId id, const std::string& status) = 0;
  // Takes one role away (`zhiyuan admin revoke`); false when the account did not hold it.
  virtual bool Revoke(core::AccountId id, const RoleGrant& grant) = 0;

  // 安全管理员's list: accounts holding at least one role grant (staff), not closed, newest first.
  virtual core::Page<StaffAccount> ListStaff(const StaffFilter& filter) = 0;
  // One account as that list shows it, whether or not it is staff (nullopt when it does not exist).
  virtual std::optional<StaffAccount> FindStaff(core::AccountId id, core::TimePoint now) = 0;

  // 账号注销 (PIPL art. 47): the phone's ciphertext, for the owner's copy of their data.
  virtual std::optional<std::string> PhoneCiphertext(core::AccountId id) = 0;
  // Closes the account for good: name and phone replaced (the phone's index by a placeholder, so the number can
  // register again), no usable password or second factor, its sessions, roles and activation links gone.
  virtual void Close(core::AccountId id, const std::string& phone_enc, const std::string& phone_bidx,
                     core::TimePoint at) = 0;
};

// Attempt counters for rate limits, shared by every app node (they live in the database).
class RateLimitRepository {
 public:
  virtual ~RateLimitRepository() = default;
  // Counts one attempt in `bucket`'s window starting at `window_start` (Unix seconds) and answers the window's
  // count so far; the bucket's older windows are dropped when a new one starts.
  virtual std::int64_t Hit(const std::string& bucket, std::int64_t window_start) = 0;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual void Insert(const Session& session) = 0;
  virtual std::optional<SessionView> Resolve(const std::string& token_hash) = 0;
  virtual void Touch(const std::string& token_hash, core::TimePoint at) = 0;
  virtual void Delete(const std::string& token_hash) = 0;
  virtual void DeleteForAccount(core::AccountId id, const std::string& except_hash) = 0;
  // Deletes the sessions last seen before `before`; answers how many.
  virtual std::int64_t DeleteIdleSince(core::TimePoint before) = 0;
};

// The in-app inbox (站内通知): what an account is told, e.g. that an activity it signed up for was cancelled.
struct Notification {
  std::int64_t id = 0;
  std::string title;
  std::string body;
  std::string link;
  core::TimePoint created_at;
  std::optional<core::TimePoint> read_at;
};

class NotificationRepository {
 public:
  virtual ~NotificationRepository() = default;
  virtual void Insert(core::AccountId account, const std::string& title, const std::string& body,
                      const std::string& link, core::TimePoint at) = 0;
  virtual std::vector<Notification> Latest(core::AccountId account, int limit) = 0;
  virtual void MarkAllRead(core::AccountId account, core::TimePoint at) = 0;
};

// Account security policy (SPEC §4, MLPS level 3); values come from configuration.
struct IdentityPolicy {
  int max_failed_logins = 5;
  std::chrono::seconds lock_duration{30 * 60};
  std::chrono::seconds idle_timeout{30 * 60};
  // last_seen_at is written at most this often, so reads do not turn into writes on every request.
  std::chrono::seconds touch_interval{60};
  // Touches wait in memory and are written together at most this often (IdentityService::Authenticate).
  std::chrono::seconds touch_flush_interval{5};
  // Sessions idle this long are deleted as touches are written (they had expired long before; until then a
  // returning user is told their session timed out rather than that it does not exist).
  std::chrono::seconds idle_session_retention{24 * 3600};
  int min_password_length = 8;
  int min_password_classes = 3;
  // MLPS level 3 asks for periodic password changes: after this long the app reminds (it does not force).
  std::chrono::seconds password_max_age{90 * 24 * 3600};
};

// Password rule: at least `min_length` characters from at least `min_classes` of lower, upper, digit, symbol.
core::Status CheckPasswordPolicy(std::string_view password, const IdentityPolicy& policy,
                                 std::string_view field = "password");

}  // namespace zhiyuan::domain::identity
