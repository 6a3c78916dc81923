#include "domain/identity/identity_service.hpp"

#include <algorithm>
#include <cctype>

#include "core/text.hpp"
#include "core/transient_failure.hpp"
#include "domain/identity/totp.hpp"
#include "domain/registry/identity_documents.hpp"

namespace zhiyuan::domain::identity {

using core::Error;

core::Status CheckPasswordPolicy(std::string_view pw, const IdentityPolicy& policy, std::string_view field) {
  std::string f(field);
  if (pw.empty()) return Error::Field(f, "required", "请设置密码");
  if (core::Utf8Length(pw) < policy.min_password_length)
    return Error::Field(f, "weak_password", "密码至少" + std::to_string(policy.min_password_length) + "位");
  if (pw.size() > 128) return Error::Field(f, "password_too_long", "密码不能超过128个字符");
  bool lower = false, upper = false, digit = false, symbol = false;
  for (unsigned char c : pw) {
    if (std::islower(c)) lower = true;
    else if (std::isupper(c)) upper = true;
    else if (std::isdigit(c)) digit = true;
    else symbol = true;
  }
  if (int(lower) + int(upper) + int(digit) + int(symbol) < policy.min_password_classes)
    return Error::Field(f, "weak_password", "密码须包含小写字母、大写字母、数字、符号中的至少" +
                                                std::to_string(policy.min_password_classes) + "类");
  return core::Ok();
}

namespace {

Principal ToPrincipal(const SessionView& view) {
  Principal p;
  p.account = view.account.id;
  p.name = view.account.name;
  p.volunteer = view.volunteer;
  p.roles = view.grants;
  if (view.volunteer) p.roles.insert(p.roles.begin(), RoleGrant{Role::kVolunteer, {}, {}});
  p.session_hash = view.session.token_hash;
  p.csrf_token = view.session.csrf_token;
  p.password_changed_at = view.account.password_changed_at;
  return p;
}

Error InvalidCredentials() { return Error::Unauthenticated("invalid_credentials", "手机号码或密码不正确"); }

}  // namespace

core::Result<LoginResult> IdentityService::Login(std::string_view phone_in, std::string_view password,
                                                 std::string_view totp_code, const audit::RequestMeta& meta) {
  auto phone = registry::CheckMobilePhone(phone_in);
  if (!phone.ok() || password.empty()) return InvalidCredentials();
  auto now = clock_.Now();
  auto uow = store_.Write();
  auto account = uow->Accounts().FindByPhoneIndex(PhoneIndex(*phone));
  if (!account) {
    // Spend the same time as a real check so response time does not reveal which phones exist.
    std::call_once(dummy_once_, [this] { dummy_hash_ = hasher_.Hash(crypto::RandomToken(16)); });
    (void)hasher_.Verify(dummy_hash_, password);
    uow->Audit().Append(audit::Event(now, meta, std::nullopt, "", "session.login", "account", "", "denied",
                                     R"({"reason":"unknown_phone"})"));
    uow->Commit();
    return InvalidCredentials();
  }
  if (account->locked_until && *account->locked_until > now) {
    uow->Audit().Append(audit::Event(now, meta, account->id, "", "session.login", "account",
                                     std::to_string(account->id.value), "denied", R"({"reason":"locked"})"));
    uow->Commit();
    auto minutes = (std::chrono::duration_cast<std::chrono::seconds>(*account->locked_until - now).count() + 59) / 60;
    return Error{core::ErrorCode::kLocked, "account_locked",
                 "连续登录失败次数过多，账户已锁定，请" + std::to_string(minutes) + "分钟后再试", {}};
  }
  auto account_id = std::to_string(account->id.value);
  // A wrong password or second factor counts towards the lock.
  auto failed_login = [&](std::string_view reason, Error error) -> Error {
    int failed = account->failed_logins + 1;
    std::optional<core::TimePoint> locked;
    if (failed >= policy_.max_failed_logins) {
      locked = now + policy_.lock_duration;
      failed = 0;
    }
    uow->Accounts().UpdateLoginState(account->id, failed, locked);
    uow->Audit().Append(audit::Event(now, meta, account->id, "", "session.login", "account", account_id, "denied",
                                     R"({"reason":")" + std::string(reason) + (locked ? R"(","locked":true})" : "\"}")));
    uow->Commit();
    if (locked)
      return Error{core::ErrorCode::kLocked, "account_locked",
                   "连续" + std::to_string(policy_.max_failed_logins) + "次登录失败，账户已锁定" +
                       std::to_string(policy_.lock_duration.count() / 60) + "分钟",
                   {}};
    return error;
  };
  if (!hasher_.Verify(account->password_hash, password)) return failed_login("wrong_password", InvalidCredentials());
  // Said only after the right password, so the answer reveals nothing to someone guessing.
  if (account->status != "active") {
    uow->Audit().Append(audit::Event(now, meta, account->id, "", "session.login", "account", account_id, "denied",
                                     R"({"reason":"disabled"})"));
    uow->Commit();
    return Error{core::ErrorCode::kPermissionDenied, "account_disabled", "账号已停用，请联系系统管理员", {}};
  }
  bool needs_second_factor = false;
  for (const auto& g : uow->Accounts().Grants(account->id)) needs_second_factor |= NeedsSecondFactor(g.role);
  if (needs_second_factor) {
    auto factor = uow->Accounts().FindSecondFactor(account->id);
    auto deny = [&](std::string_view reason, std::string code, std::string message) -> Error {
      uow->Audit().Append(audit::Event(now, meta, account->id, "", "session.login", "account", account_id, "denied",
                                       R"({"reason":")" + std::string(reason) + "\"}"));
      uow->Commit();
      return Error::Unauthenticated(std::move(code), std::move(message));
    };
    if (!factor)
      return deny("no_second_factor", "totp_not_enrolled",
                  "管理员账户尚未绑定动态口令，请联系系统管理员重新签发（zhiyuan admin create）");
    if (totp_code.empty())
      return deny("totp_required", "totp_required", "请输入身份验证器中的6位动态口令");
    auto secret = vault_.cipher.Decrypt("totp_secret", factor->secret_enc);
    auto step = secret ? totp::Match(*secret, totp_code, now, factor->last_step) : std::nullopt;
    if (!step || !uow->Accounts().UseSecondFactorStep(account->id, *step))
      return failed_login("wrong_totp", Error::Unauthenticated("totp_invalid",
                                                               "动态口令错误或已使用，请输入身份验证器中最新的6位数字"));
  }
  if (account->failed_logins != 0 || account->locked_until) uow->Accounts().UpdateLoginState(account->id, 0, std::nullopt);
  LoginResult result;
  result.token = crypto::RandomToken(32);
  result.csrf_token = crypto::RandomToken(18);
  Session session{crypto::Sha256Hex(result.token), account->id, result.csrf_token, now, now};
  uow->Sessions().Insert(session);
  auto view = uow->Sessions().Resolve(session.token_hash);
  result.principal = ToPrincipal(*view);
  result.expires_at = now + policy_.idle_timeout;
  uow->Audit().Append(audit::Event(now, meta, account->id, std::string(result.principal.PrimaryRole()),
                                   "session.login", "account", std::to_string(account->id.value)));
  uow->Commit();
  return result;
}

core::Result<Principal> IdentityService::Authenticate(std::string_view token) {
  if (token.empty() || token.size() > 128) return Error::Unauthenticated();
  auto hash = crypto::Sha256Hex(token);
  auto now = clock_.Now();
  std::optional<SessionView> view;
  {
    auto uow = store_.Read();
    view = uow->Sessions().Resolve(hash);
  }
  if (!view || view->account.status != "active") return Error::Unauthenticated();
  auto last_seen = view->session.last_seen_at;
  bool flush_due = false;
  {
    std::lock_guard lock(touches_mutex_);
    if (auto pending = pending_touches_.find(hash); pending != pending_touches_.end())
      last_seen = std::max(last_seen, pending->second);
    if (now - last_seen > policy_.idle_timeout) {
      pending_touches_.erase(hash);
    } else {
      if (now - last_seen >= policy_.touch_interval) pending_touches_[hash] = now;
      flush_due = !pending_touches_.empty() && now - touches_flushed_at_ >= policy_.touch_flush_interval;
    }
  }
  if (now - last_seen > policy_.idle_timeout) {
    auto uow = store_.Write();
    uow->Sessions().Delete(hash);
    uow->Commit();
    return Error::Unauthenticated("session_expired", "登录已超时，请重新登录");
  }
  if (flush_due) FlushSessionTouches();
  return ToPrincipal(*view);
}

void IdentityService::FlushSessionTouches() {
  std::unordered_map<std::string, core::TimePoint> batch;
  {
    std::lock_guard lock(touches_mutex_);
    batch.swap(pending_touches_);
    touches_flushed_at_ = clock_.Now();
  }
  if (batch.empty()) return;
  try {
    auto uow = store_.Write();
    for (const auto& [hash, at] : batch) uow->Sessions().Touch(hash, at);
    // Expired sessions are useless and each holds a token hash: they go too (an index on last_seen_at keeps
    // this a short range scan).
    uow->Sessions().DeleteIdleSince(clock_.Now() - policy_.idle_timeout - policy_.idle_session_retention);
    uow->Commit();
  } catch (const core::InfrastructureFailure&) {
    // Not the caller's concern (its own request has nothing to do with these sessions): keep them for the
    // next flush, unless a newer touch of the same session arrived meanwhile.
    std::lock_guard lock(touches_mutex_);
    for (auto& [hash, at] : batch) pending_touches_.try_emplace(hash, at);
  }
}

core::Status IdentityService::Logout(const Principal& principal, const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  uow->Sessions().Delete(principal.session_hash);
  uow->Audit().Append(audit::Event(clock_.Now(), meta, principal.account, std::string(principal.PrimaryRole()),
                                   "session.logout", "account", std::to_string(principal.account.value)));
  uow->Commit();
  return core::Ok();
}

core::Status IdentityService::ChangePassword(const Principal& principal, std::string_view current,
                                             std::string_view next, const audit::RequestMeta& meta) {
  ZY_TRY(CheckPasswordPolicy(next, policy_, "new_password"));
  auto uow = store_.Write();
  auto account = uow->Accounts().Find(principal.account);
  if (!account) return Error::Unauthenticated();
  if (!hasher_.Verify(account->password_hash, current))
    return Error::Field("current_password", "wrong_password", "当前密码不正确");
  if (current == next) return Error::Field("new_password", "same_password", "新密码不能与当前密码相同");
  auto now = clock_.Now();
  uow->Accounts().UpdatePassword(principal.account, hasher_.Hash(next), now);
  uow->Sessions().DeleteForAccount(principal.account, principal.session_hash);
  uow->Audit().Append(audit::Event(now, meta, principal.account, std::string(principal.PrimaryRole()),
                                   "account.change_password", "account", std::to_string(principal.account.value)));
  uow->Commit();
  return core::Ok();
}

std::string IdentityService::IssueActivation(UnitOfWork& uow, core::AccountId account) {
  auto token = crypto::RandomToken(24);
  auto now = clock_.Now();
  uow.Accounts().InsertActivation(crypto::Sha256Hex(token), account, now + std::chrono::days(30), now);
  return token;
}

core::Result<Account> IdentityService::DescribeActivation(std::string_view token) {
  auto uow = store_.Read();
  auto found = token.size() > 100 ? std::nullopt : uow->Accounts().FindActivation(crypto::Sha256Hex(token));
  if (!found || found->second <= clock_.Now()) return Error::NotFound("激活链接无效或已过期，请联系登记您的组织重新发送");
  auto account = uow->Accounts().Find(found->first);
  if (!account) return Error::NotFound("激活链接无效或已过期，请联系登记您的组织重新发送");
  return *account;
}

core::Status IdentityService::Activate(std::string_view token, std::string_view password,
                                       const audit::RequestMeta& meta) {
  ZY_ASSIGN_OR_RETURN(auto account, DescribeActivation(token));
  ZY_TRY(CheckPasswordPolicy(password, policy_));
  auto hash = hasher_.Hash(password);  // before the write transaction: Argon2id must not hold the writer
  auto uow = store_.Write();
  auto now = clock_.Now();
  if (!uow->Accounts().UseActivation(crypto::Sha256Hex(token), now))
    return Error::NotFound("激活链接无效或已过期，请联系登记您的组织重新发送");
  uow->Accounts().UpdatePassword(account.id, hash, now);
  uow->Audit().Append(audit::Event(now, meta, account.id, "volunteer", "account.activate", "account",
                                   std::to_string(account.id.value)));
  uow->Commit();
  return core::Ok();
}

core::Result<core::AccountId> IdentityService::InsertAccount(UnitOfWork& uow, std::string_view name,
                                                             std::string_view phone, std::string_view password_hash) {
  NewAccount account{std::string(name), vault_.cipher.Encrypt("phone", phone), PhoneIndex(phone),
                     core::MaskPhone(phone), std::string(password_hash), clock_.Now()};
  return uow.Accounts().Insert(account);
}

void IdentityService::EnrolSecondFactor(UnitOfWork& uow, core::AccountId account, std::string_view secret) {
  uow.Accounts().SetSecondFactor(account, vault_.cipher.Encrypt("totp_secret", secret));
}

core::Result<IdentityService::CreatedAdmin> IdentityService::CreateAdmin(const NewAdmin& admin,
                                                                        const audit::RequestMeta& meta) {
  ZY_ASSIGN_OR_RETURN(auto phone, registry::CheckMobilePhone(admin.phone));
  if (admin.role == Role::kVolunteer || admin.role == Role::kOrgAdmin)
    return Error::Field("role", "invalid_role", "只能创建市级管理员、县区管理员、审计员、安全管理员、银行经办或爱心商家账号");
  bool partner = admin.role == Role::kBankOperator || admin.role == Role::kMerchant;
  if (partner && admin.partner_code.empty())
    return Error::Field("partner_code", "required", "请指定所属银行或商家");
  auto uow = store_.Write();
  if (admin.role == Role::kCountyAdmin) {
    auto region = uow->Regions().Find(admin.county_code);
    if (!region || region->level != "county") return Error::Field("county", "unknown_county", "县区代码不存在");
  }
  auto now = clock_.Now();
  core::AccountId id;
  if (auto existing = uow->Accounts().FindByPhoneIndex(PhoneIndex(phone))) {
    id = existing->id;
  } else {
    ZY_TRY(CheckPasswordPolicy(admin.password, policy_));
    std::string name = admin.name;
    if (name.empty()) {
      switch (admin.role) {
        case Role::kCityAdmin: name = "市级管理员"; break;
        case Role::kAuditor: name = "审计员"; break;
        case Role::kSecurityAdmin: name = "安全管理员"; break;
        case Role::kBankOperator: name = "银行经办"; break;
        case Role::kMerchant: name = "爱心商家"; break;
        default: name = "县区管理员";
      }
    }
    ZY_ASSIGN_OR_RETURN(id, InsertAccount(*uow, name, phone, hasher_.Hash(admin.password)));
  }
  ZY_TRY(RoleConflict(admin.role, uow->Accounts().Grants(id)));
  RoleGrant grant{admin.role, {}, admin.role == Role::kCountyAdmin ? admin.county_code : "",
                  partner ? admin.partner_code : ""};
  uow->Accounts().Grant(id, grant, now, std::nullopt);
  CreatedAdmin created{id, std::nullopt};
  if (NeedsSecondFactor(admin.role)) {
    std::string secret;
    if (auto factor = uow->Accounts().FindSecondFactor(id))
      secret = vault_.cipher.Decrypt("totp_secret", factor->secret_enc).value_or("");
    if (secret.empty()) {
      secret = totp::NewSecret();
      EnrolSecondFactor(*uow, id, secret);
    }
    created.totp_uri = totp::Uri(secret, core::MaskPhone(phone));
  }
  uow->Audit().Append(audit::Event(now, meta, std::nullopt, "system", "account.grant_role", "account",
                                   std::to_string(id.value), "ok",
                                   R"({"role":")" + std::string(ToString(admin.role)) + R"(","county":")" +
                                       grant.county_code + R"(","partner":")" + grant.partner_code + "\"}"));
  uow->Commit();
  return created;
}

namespace {

// The account of a phone for the operator's commands.
core::Result<Account> OperatorTarget(UnitOfWork& uow, const IdentityService& identity, std::string_view phone_in) {
  ZY_ASSIGN_OR_RETURN(auto phone, registry::CheckMobilePhone(phone_in));
  auto account = uow.Accounts().FindByPhoneIndex(identity.PhoneIndex(phone));
  if (!account) return Error::NotFound("该手机号码没有账号");
  return *account;
}

}  // namespace

core::Status IdentityService::SetDisabled(std::string_view phone, bool disabled, const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  ZY_ASSIGN_OR_RETURN(auto account, OperatorTarget(*uow, *this, phone));
  if (account.status == "closed") return Error::Conflict("account_closed", "该账号已由本人注销");
  ApplyDisabled(*uow, account, disabled, Actor{}, meta);
  uow->Commit();
  return core::Ok();
}

void IdentityService::ApplyDisabled(UnitOfWork& uow, const Account& account, bool disabled, const Actor& by,
                                    const audit::RequestMeta& meta) {
  uow.Accounts().SetStatus(account.id, disabled ? "disabled" : "active");
  uow.Sessions().DeleteForAccount(account.id, "");
  uow.Audit().Append(audit::Event(clock_.Now(), meta, by.account, by.role, disabled ? "account.disable" : "account.enable",
                                  "account", std::to_string(account.id.value)));
}

core::Status IdentityService::RevokeRole(std::string_view phone, const RoleGrant& grant, const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  ZY_ASSIGN_OR_RETURN(auto account, OperatorTarget(*uow, *this, phone));
  if (!uow->Accounts().Revoke(account.id, grant)) return Error::NotFound("该账号没有这个角色");
  uow->Sessions().DeleteForAccount(account.id, "");
  uow->Audit().Append(audit::Event(clock_.Now(), meta, std::nullopt, "system", "account.revoke_role", "account",
                                   std::to_string(account.id.value), "ok",
                                   R"({"role":")" + std::string(ToString(grant.role)) + R"(","county":")" +
                                       grant.county_code + R"(","partner":")" + grant.partner_code + "\"}"));
  uow->Commit();
  return core::Ok();
}

core::Result<std::string> IdentityService::ResetSecondFactor(std::string_view phone_in, const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  ZY_ASSIGN_OR_RETURN(auto account, OperatorTarget(*uow, *this, phone_in));
  ZY_ASSIGN_OR_RETURN(auto uri, ApplyNewSecondFactor(*uow, account, Actor{}, meta));
  uow->Commit();
  return uri;
}

core::Result<std::string> IdentityService::ApplyNewSecondFactor(UnitOfWork& uow, const Account& account,
                                                                const Actor& by, const audit::RequestMeta& meta) {
  bool needs = false;
  for (const auto& g : uow.Accounts().Grants(account.id)) needs |= NeedsSecondFactor(g.role);
  if (!needs) return Error::Conflict("no_second_factor", "该账号的角色不需要动态口令");
  auto secret = totp::NewSecret();
  EnrolSecondFactor(uow, account.id, secret);
  uow.Sessions().DeleteForAccount(account.id, "");
  uow.Audit().Append(audit::Event(clock_.Now(), meta, by.account, by.role, "account.reset_second_factor", "account",
                                  std::to_string(account.id.value)));
  return totp::Uri(secret, account.phone_masked);
}

}  // namespace zhiyuan::domain::identity
