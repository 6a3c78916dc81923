// 安全管理员 (MLPS level 3 三员分立): the security administrator's account actions and the separation of roles.
// The actions share their bodies with the operator's commands (`zhiyuan admin disable|enable|reset-totp`).
#include <algorithm>

#include "core/validation.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/registry/identity_documents.hpp"

namespace zhiyuan::domain::identity {

using core::Error;

namespace {

// Every role but the volunteer's (a citizen's own) and the auditor's does something the auditor would review.
bool Acts(Role r) { return r != Role::kVolunteer && r != Role::kAuditor; }
// The roles that run the business or touch its data: whoever manages accounts holds none of them.
bool Business(Role r) { return Acts(r) && r != Role::kSecurityAdmin; }

// The audit log's action and result for each kind of security event (SecurityEventKinds, in that order).
struct EventKind {
  std::string kind;
  std::string action;
  std::string result;
};
const std::vector<EventKind>& EventKinds() {
  static const std::vector<EventKind> kinds{
      {"login_denied", "session.login", "denied"},      // wrong passwords and codes, locked and disabled accounts
      {"rate_limited", "security.rate_limited", ""},    // the first refusal per address and window
      {"access_denied", "access.denied", ""},           // 403s, and 404s on routes with an id
      {"session_rejected", "session.rejected", ""},     // a forged or expired token on a protected route
      {"csrf_rejected", "csrf.rejected", ""},           // a cookie write without the page's token
      {"request_too_large", "request.too_large", ""},   // 413
      {"path_traversal", "request.path_traversal", ""},  // a path with `..`: someone probing for files
  };
  return kinds;
}

}  // namespace

core::Status IdentityService::RoleConflict(Role adding, const std::vector<RoleGrant>& held, std::string_view field) {
  for (const auto& g : held) {
    if (g.role == adding) continue;
    if ((adding == Role::kAuditor && Acts(g.role)) || (g.role == Role::kAuditor && Acts(adding)))
      return Error::Field(std::string(field), "role_conflict",
                          "审计员不能同时担任管理员、安全管理员或业务角色（三员分立），请使用另一个账号");
    if ((adding == Role::kSecurityAdmin && Business(g.role)) || (g.role == Role::kSecurityAdmin && Business(adding)))
      return Error::Field(std::string(field), "role_conflict",
                          "安全管理员不能同时担任业务管理员、银行经办或商家角色（三员分立），请使用另一个账号");
  }
  return core::Ok();
}

core::Result<StaffAccount> IdentityService::ManagedAccount(UnitOfWork& uow, const Principal& caller,
                                                           core::AccountId target) {
  if (!caller.IsSecurityAdmin()) return Error::Forbidden("只有安全管理员可以管理账号");
  auto staff = uow.Accounts().FindStaff(target, clock_.Now());
  if (!staff || staff->grants.empty() || staff->account.status == "closed") return Error::NotFound("账号不存在");
  if (staff->account.id == caller.account)
    return Error{core::ErrorCode::kPermissionDenied, "own_account", "不能对自己的账号执行此操作，请由另一位安全管理员办理", {}};
  return *staff;
}

core::Result<core::Page<StaffAccount>> IdentityService::ListStaff(const Principal& caller, const StaffQuery& query,
                                                                  const audit::RequestMeta& meta) {
  if (!caller.IsSecurityAdmin()) return Error::Forbidden("只有安全管理员可以管理账号");
  core::Validator v;
  if (!query.role.empty() && !ParseRole(query.role)) v.Add("role", "invalid_role", "角色不正确");
  if (!query.status.empty() && query.status != "active" && query.status != "disabled" && query.status != "locked")
    v.Add("status", "invalid_status", "状态应为 active、disabled 或 locked");
  if (query.text.size() > 50) v.Add("q", "too_long", "搜索内容不能超过50个字符");
  ZY_TRY(v.Done());
  StaffFilter filter;
  filter.role = query.role;
  filter.status = query.status;
  filter.now = clock_.Now();
  filter.page = query.page;
  std::string searched;
  if (auto phone = registry::CheckMobilePhone(query.text); phone.ok()) {
    filter.phone_bidx = PhoneIndex(*phone);
    searched = "phone";
  } else if (!query.text.empty()) {
    filter.name_contains = query.text;
    searched = "name";
  }
  auto uow = store_.Write();
  auto page = uow->Accounts().ListStaff(filter);
  // The filters, never the searched name or phone itself.
  uow->Audit().Append(audit::Event(filter.now, meta, caller.account, std::string(caller.PrimaryRole()),
                                   "account.search", "account", "", "ok",
                                   R"({"query":")" + searched + R"(","role":")" + query.role + R"(","status":")" +
                                       query.status + R"(","page":)" + std::to_string(query.page.page) + "}"));
  uow->Commit();
  return page;
}

core::Result<StaffAccount> IdentityService::SetDisabled(const Principal& caller, core::AccountId target, bool disabled,
                                                        const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  ZY_ASSIGN_OR_RETURN(auto staff, ManagedAccount(*uow, caller, target));
  ApplyDisabled(*uow, staff.account, disabled, Actor{caller.account, "security_admin"}, meta);
  auto after = uow->Accounts().FindStaff(target, clock_.Now());
  uow->Commit();
  return *after;
}

core::Result<StaffAccount> IdentityService::EndSessions(const Principal& caller, core::AccountId target,
                                                        const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  ZY_ASSIGN_OR_RETURN(auto staff, ManagedAccount(*uow, caller, target));
  uow->Sessions().DeleteForAccount(target, "");
  uow->Audit().Append(audit::Event(clock_.Now(), meta, caller.account, "security_admin", "account.end_sessions",
                                   "account", std::to_string(target.value), "ok",
                                   R"({"sessions":)" + std::to_string(staff.sessions) + "}"));
  auto after = uow->Accounts().FindStaff(target, clock_.Now());
  uow->Commit();
  return *after;
}

core::Result<StaffAccount> IdentityService::Unlock(const Principal& caller, core::AccountId target,
                                                   const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  ZY_ASSIGN_OR_RETURN(auto staff, ManagedAccount(*uow, caller, target));
  uow->Accounts().UpdateLoginState(target, 0, std::nullopt);
  uow->Audit().Append(audit::Event(clock_.Now(), meta, caller.account, "security_admin", "account.unlock", "account",
                                   std::to_string(target.value), "ok",
                                   std::string(R"({"was_locked":)") + (staff.locked ? "true" : "false") + "}"));
  auto after = uow->Accounts().FindStaff(target, clock_.Now());
  uow->Commit();
  return *after;
}

core::Result<std::string> IdentityService::ResetSecondFactor(const Principal& caller, core::AccountId target,
                                                             const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  ZY_ASSIGN_OR_RETURN(auto staff, ManagedAccount(*uow, caller, target));
  ZY_ASSIGN_OR_RETURN(auto uri, ApplyNewSecondFactor(*uow, staff.account, Actor{caller.account, "security_admin"}, meta));
  uow->Commit();
  return uri;
}

const std::vector<std::string>& IdentityService::SecurityEventKinds() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& k : EventKinds()) out.push_back(k.kind);
    return out;
  }();
  return names;
}

core::Result<core::Page<audit::AuditEvent>> IdentityService::SecurityEvents(const Principal& caller,
                                                                            std::string_view kind,
                                                                            std::optional<core::TimePoint> from,
                                                                            std::optional<core::TimePoint> to,
                                                                            core::PageRequest page,
                                                                            const audit::RequestMeta& meta) {
  if (!caller.IsSecurityAdmin()) return Error::Forbidden("只有安全管理员可以查看安全事件");
  const auto& kinds = EventKinds();
  auto found = std::find_if(kinds.begin(), kinds.end(), [&](const EventKind& k) { return k.kind == kind; });
  if (found == kinds.end()) return Error::Field("kind", "invalid_kind", "安全事件类型不正确");
  audit::AuditQuery query;
  query.action = found->action;
  query.result = found->result;
  query.from = from;
  query.to = to;
  query.page = page;
  auto uow = store_.Write();
  auto events = uow->Audit().Search(query);
  uow->Audit().Append(audit::Event(clock_.Now(), meta, caller.account, std::string(caller.PrimaryRole()),
                                   "security.events", "audit_log", "", "ok",
                                   R"({"kind":")" + found->kind + R"(","page":)" + std::to_string(page.page) + "}"));
  uow->Commit();
  return events;
}

}  // namespace zhiyuan::domain::identity
