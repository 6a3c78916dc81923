// 安全管理员 (MLPS level 3 三员分立): the security administrator's routes. Accounts and security events only;
// no business data, and no other role may call them (city and county admins run the business, the auditor reads
// the audit log).
#include "core/time_format.hpp"
#include "core/validation.hpp"
#include "http/routes/route_helpers.hpp"

namespace zhiyuan::http {

namespace {

using domain::identity::StaffAccount;

// An action on the account named by {id}: 404 for an id that is not a positive integer.
template <typename Action>
Response OnAccount(Context& ctx, Action action) {
  auto id = PathId(ctx, "id");
  if (!id) return NotFound(ctx);
  return Reply(ctx, 200, action(core::AccountId(*id)));
}

}  // namespace

void AddSecurityRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/security/accounts", Access::kAuthenticated, [&s](Context& ctx) {
    domain::identity::IdentityService::StaffQuery q;
    q.text = ctx.request.Query("q").value_or("");
    q.role = ctx.request.Query("role").value_or("");
    q.status = ctx.request.Query("status").value_or("");
    q.page = PageFrom(ctx.request);
    auto page = s.identity.ListStaff(ctx.Caller(), q, ctx.meta);
    if (!page.ok()) return Fail(ctx, page.error());
    return Response::Json(200, PageJson(*page));
  }).For(kSecurityAdmins);

  router.Add("POST", "/api/v1/security/accounts/{id}/disable", Access::kAuthenticated, [&s](Context& ctx) {
    return OnAccount(ctx, [&](core::AccountId id) { return s.identity.SetDisabled(ctx.Caller(), id, true, ctx.meta); });
  }).For(kSecurityAdmins);

  router.Add("POST", "/api/v1/security/accounts/{id}/enable", Access::kAuthenticated, [&s](Context& ctx) {
    return OnAccount(ctx, [&](core::AccountId id) { return s.identity.SetDisabled(ctx.Caller(), id, false, ctx.meta); });
  }).For(kSecurityAdmins);

  router.Add("POST", "/api/v1/security/accounts/{id}/unlock", Access::kAuthenticated, [&s](Context& ctx) {
    return OnAccount(ctx, [&](core::AccountId id) { return s.identity.Unlock(ctx.Caller(), id, ctx.meta); });
  }).For(kSecurityAdmins);

  router.Add("DELETE", "/api/v1/security/accounts/{id}/sessions", Access::kAuthenticated, [&s](Context& ctx) {
    return OnAccount(ctx, [&](core::AccountId id) { return s.identity.EndSessions(ctx.Caller(), id, ctx.meta); });
  }).For(kSecurityAdmins);

  // The new secret is shown once, to be handed to the account's holder; only its ciphertext is stored.
  router.Add("POST", "/api/v1/security/accounts/{id}/second-factor-reset", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    auto uri = s.identity.ResetSecondFactor(ctx.Caller(), core::AccountId(*id), ctx.meta);
    if (!uri.ok()) return Fail(ctx, uri.error());
    return Response::Json(200, {{"otpauth_uri", *uri}});
  }).For(kSecurityAdmins);

  router.Add("GET", "/api/v1/security/events", Access::kAuthenticated, [&s](Context& ctx) {
    const auto& req = ctx.request;
    core::Validator v;
    std::optional<core::TimePoint> from, to;
    for (auto [name, target] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
      auto text = req.Query(name);
      if (!text || text->empty()) continue;
      *target = core::ParseRfc3339(*text);
      if (!*target) v.Add(name, "invalid_time", "时间格式应为 RFC 3339，例如 2026-01-01T00:00:00+08:00");
    }
    if (auto st = v.Done(); !st.ok()) return Fail(ctx, st.error());
    auto kind = req.Query("kind").value_or("login_denied");
    if (kind.empty()) kind = "login_denied";
    auto page = s.identity.SecurityEvents(ctx.Caller(), kind, from, to, PageFrom(req), ctx.meta);
    if (!page.ok()) return Fail(ctx, page.error());
    return Response::Json(200, PageJson(*page));
  }).For(kSecurityAdmins);
}

}  // namespace zhiyuan::http
