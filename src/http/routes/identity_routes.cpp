#include "core/time_format.hpp"
#include "http/routes/route_helpers.hpp"

namespace zhiyuan::http {

using nlohmann::json;

namespace {

std::string CookieAttributes(const Context& ctx, bool http_only) {
  std::string a = "; Path=/; SameSite=Strict";
  if (http_only) a += "; HttpOnly";
  if (ctx.options.cookie_secure) a += "; Secure";
  return a;
}

json AccountJson(Services& s, const domain::identity::Principal& p) {
  auto roles = json::array();
  for (const auto& g : p.roles) {
    auto j = ToJson(g);
    if (g.role == domain::identity::Role::kOrgAdmin) {
      auto org = s.organizations.Get(&p, g.organization);
      j["organization_name"] = org.ok() ? org->name : "";
    }
    roles.push_back(std::move(j));
  }
  return {{"id", p.account.value}, {"name", p.name}, {"roles", std::move(roles)}};
}

// 我的数据: the volunteer's own copy, full values included (PIPL art. 45), as one machine-readable document.
json PersonalDataJson(const domain::privacy::PersonalData& d) {
  auto list = [](const auto& items, auto to_json) {
    auto out = json::array();
    for (const auto& item : items) out.push_back(to_json(item));
    return out;
  };
  auto dto = [](const auto& item) { return ToJson(item); };
  auto roles = list(d.roles, dto);
  auto volunteer = ToJson(d.volunteer);
  volunteer["id_number"] = d.id_number;
  volunteer["emergency_contact_phone"] = d.emergency_contact_phone;
  volunteer["guardian_phone"] = d.guardian_phone;
  auto proofs = list(d.proofs, [](const domain::proofs::Proof& p) {
    return json{{"number", p.facts.number},
                {"status", std::string(domain::proofs::ToString(p.status))},
                {"from", p.facts.from ? core::FormatDate(*p.facts.from) : ""},
                {"to", p.facts.to ? core::FormatDate(*p.facts.to) : ""},
                {"total_minutes", p.facts.total_minutes},
                {"issued_at", core::FormatRfc3339(p.facts.issued_at)},
                {"revoked_reason", p.revoked_reason}};
  });
  auto applications = list(d.credential_applications, [](const domain::credentials::Application& a) {
    return json{{"id", a.id.value},
                {"kind", std::string(domain::credentials::ToString(a.kind))},
                {"bank_name", a.bank_name},
                {"card_type", a.card_type},
                {"status", std::string(domain::credentials::ToString(a.status))},
                {"shared_fields", a.shared_fields},
                {"consented_at", core::FormatRfc3339(a.consented_at)},
                {"created_at", core::FormatRfc3339(a.created_at)}};
  });
  auto redemptions = list(d.redemptions, [](const domain::rewards::Redemption& r) {
    return json{{"benefit_title", r.benefit_title}, {"merchant_name", r.merchant_name}, {"at", core::FormatRfc3339(r.at)}};
  });
  return {{"exported_at", core::FormatRfc3339(d.exported_at)},
          {"account",
           {{"id", d.account.id.value},
            {"name", d.account.name},
            {"phone", d.phone},
            {"created_at", core::FormatRfc3339(d.account.created_at)},
            {"password_changed_at", core::FormatRfc3339(d.account.password_changed_at)},
            {"roles", std::move(roles)}}},
          {"volunteer", std::move(volunteer)},
          {"memberships", list(d.memberships, dto)},
          {"signups", list(d.signups, dto)},
          {"ledger_entries", list(d.ledger_entries, dto)},
          {"appeals", list(d.appeals, dto)},
          {"proofs", std::move(proofs)},
          {"credential_applications", std::move(applications)},
          {"redemptions", std::move(redemptions)},
          {"notifications", list(d.notifications, dto)}};
}

}  // namespace

void AddIdentityRoutes(Router& router, Services& s) {
  router.Add("POST", "/api/v1/sessions", Access::kPublic, [&s](Context& ctx) {
    auto body = JsonReader::Parse(ctx.request.body);
    if (!body.ok()) return Problem(body.error(), ctx.request.request_id);
    auto phone = body->Str("phone");
    auto password = body->Str("password");
    auto totp = body->Str("totp");
    auto login = s.identity.Login(phone, password, totp, ctx.meta);
    if (!login.ok()) return Problem(login.error(), ctx.request.request_id);
    auto account = AccountJson(s, login->principal);
    if (auto v = s.volunteers.OfAccount(login->principal.account)) account["phone"] = v->phone_masked;
    auto r = Response::Json(201, {{"token", login->token},
                                  {"csrf_token", login->csrf_token},
                                  {"expires_at", core::FormatRfc3339(login->expires_at)},
                                  {"account", std::move(account)}});
    r.With("Set-Cookie", "zy_session=" + login->token + CookieAttributes(ctx, true));
    r.With("Set-Cookie", "zy_csrf=" + login->csrf_token + CookieAttributes(ctx, false));
    return r;
  }).Limit("login");

  // 账号激活: the owner of an account an organisation registered for them sets the first password.
  router.Add("GET", "/api/v1/account-activations/{token}", Access::kPublic, [&s](Context& ctx) {
    auto account = s.identity.DescribeActivation(ctx.request.Param("token"));
    if (!account.ok()) return Fail(ctx, account.error());
    return Response::Json(200, {{"name", account->name}, {"phone", account->phone_masked}});
  });

  router.Add("POST", "/api/v1/account-activations/{token}", Access::kPublic, [&s](Context& ctx) {
    ZY_BODY(body, ctx);
    auto password = body.Str("password");
    ZY_BODY_DONE(body, ctx);
    auto done = s.identity.Activate(ctx.request.Param("token"), password, ctx.meta);
    if (!done.ok()) return Fail(ctx, done.error());
    return Response::Json(200, {{"activated", true}});
  });

  router.Add("DELETE", "/api/v1/sessions/current", Access::kAuthenticated, [&s](Context& ctx) {
    auto status = s.identity.Logout(ctx.Caller(), ctx.meta);
    if (!status.ok()) return Problem(status.error(), ctx.request.request_id);
    auto r = Response::NoContent();
    r.With("Set-Cookie", "zy_session=; Max-Age=0" + CookieAttributes(ctx, true));
    r.With("Set-Cookie", "zy_csrf=; Max-Age=0" + CookieAttributes(ctx, false));
    return r;
  }).ForAnyAccount();

  router.Add("GET", "/api/v1/me", Access::kAuthenticated, [&s](Context& ctx) {
    auto account = AccountJson(s, ctx.Caller());
    auto volunteer = s.volunteers.OfAccount(ctx.Caller().account);
    if (volunteer) account["phone"] = volunteer->phone_masked;
    // Stars and hours at the top level, so every client finds them in one place (0 for non-volunteers).
    domain::recognition::StarSummary stars;
    if (volunteer) stars = s.stars.Summary(volunteer->id);
    // The units the caller answers for as their contact (单位联系人): not a role, but it opens the unit pages.
    auto units = json::array();
    for (const auto& u : s.units.Mine(ctx.Caller()))
      units.push_back({{"id", u.id.value}, {"name", u.name}, {"region_name", u.region_name}});
    return Response::Json(200, {{"account", std::move(account)},
                                {"units", std::move(units)},
                                {"volunteer", volunteer ? ToJson(*volunteer) : json(nullptr)},
                                {"star_level", stars.star_level},
                                {"certified_star_level", stars.certified_level},
                                {"confirmed_minutes", stars.confirmed_minutes},
                                {"password_changed_at", core::FormatRfc3339(ctx.Caller().password_changed_at)},
                                {"password_change_due", s.identity.PasswordChangeDue(ctx.Caller())}});
  }).ForAnyAccount();

  router.Add("PUT", "/api/v1/me/password", Access::kAuthenticated, [&s](Context& ctx) {
    auto body = JsonReader::Parse(ctx.request.body);
    if (!body.ok()) return Problem(body.error(), ctx.request.request_id);
    auto current = body->Str("current_password");
    auto next = body->Str("new_password");
    if (auto st = body->Done(); !st.ok()) return Problem(st.error(), ctx.request.request_id);
    auto status = s.identity.ChangePassword(ctx.Caller(), current, next, ctx.meta);
    if (!status.ok()) return Problem(status.error(), ctx.request.request_id);
    return Response::NoContent();
  }).ForAnyAccount();

  router.Add("GET", "/api/v1/me/personal-data", Access::kAuthenticated, [&s](Context& ctx) {
    auto data = s.privacy.Export(ctx.Caller(), ctx.meta);
    if (!data.ok()) return Fail(ctx, data.error());
    auto r = Response::File("application/json; charset=utf-8", PersonalDataJson(*data).dump(2),
                            AttachmentDisposition("我的志愿者数据-" + data->volunteer.volunteer_number + ".json"));
    return r;  // Api::Handle marks every API answer no-store
  }).For(kVolunteers);

  // 注销账号: the password again, since the step cannot be undone; the session ends with it.
  router.Add("POST", "/api/v1/me/account-closure", Access::kAuthenticated, [&s](Context& ctx) {
    ZY_BODY(body, ctx);
    auto password = body.Str("password");
    ZY_BODY_DONE(body, ctx);
    auto status = s.privacy.CloseAccount(ctx.Caller(), password, ctx.meta);
    if (!status.ok()) return Fail(ctx, status.error());
    auto r = Response::NoContent();
    r.With("Set-Cookie", "zy_session=; Max-Age=0" + CookieAttributes(ctx, true));
    r.With("Set-Cookie", "zy_csrf=; Max-Age=0" + CookieAttributes(ctx, false));
    return r;
  }).For(kVolunteers).Limit("login");  // a password check: guessing is limited like log-in
}

}  // namespace zhiyuan::http
