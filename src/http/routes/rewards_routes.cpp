#include "http/routes/route_helpers.hpp"

namespace zhiyuan::http {

namespace rw = domain::rewards;
using nlohmann::json;

namespace {

json MerchantJson(const rw::Merchant& m) {
  return {{"code", m.code}, {"name", m.name}, {"category", m.category},
          {"county_code", m.county_code}, {"address", m.address}};
}

json BenefitJson(const rw::Benefit& b) {
  return {{"id", b.id.value},
          {"merchant", b.merchant_code},
          {"merchant_name", b.merchant_name},
          {"title", b.title},
          {"description", b.description},
          {"category", b.category},
          {"min_star_level", b.min_star_level},
          {"requires_credential", b.requires_credential},
          {"county_code", b.county_code},
          {"valid_from", core::FormatDate(b.valid_from)},
          {"valid_to", core::FormatDate(b.valid_to)},
          {"limit_per_volunteer", b.limit_per_volunteer},
          {"status", b.active ? "active" : "withdrawn"}};
}

json StandingJson(const rw::BenefitStanding& s) {
  auto j = BenefitJson(s.benefit);
  j["eligible"] = s.eligibility.eligible;
  j["reason"] = s.eligibility.reason;
  j["used"] = s.used;
  return j;
}

json RedemptionJson(const rw::Redemption& r) {
  return {{"id", r.id},
          {"benefit_id", r.benefit.value},
          {"benefit_title", r.benefit_title},
          {"merchant", r.merchant_code},
          {"merchant_name", r.merchant_name},
          {"volunteer_number", r.volunteer_number},
          {"at", core::FormatRfc3339(r.at)}};
}

}  // namespace

void AddRewardRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/merchants", Access::kPublic, [&s](Context&) {
    auto items = json::array();
    for (const auto& m : s.rewards.Merchants()) items.push_back(MerchantJson(m));
    return Response::Json(200, {{"items", std::move(items)}});
  });

  router.Add("POST", "/api/v1/merchants", Access::kAuthenticated, [&s](Context& ctx) {
    ZY_BODY(body, ctx);
    rw::Merchant m{body.Str("code"), body.Str("name"), body.Str("category"), body.Str("county_code"),
                   body.Str("address")};
    ZY_BODY_DONE(body, ctx);
    auto added = s.rewards.AddMerchant(ctx.Caller(), m, ctx.meta);
    if (!added.ok()) return Fail(ctx, added.error());
    return Response::Json(201, MerchantJson(*added));
  }).For(kCityAdmins);

  router.Add("GET", "/api/v1/benefits", Access::kPublic, [&s](Context&) {
    auto items = json::array();
    for (const auto& b : s.rewards.Catalogue()) items.push_back(BenefitJson(b));
    return Response::Json(200, {{"items", std::move(items)}});
  });

  router.Add("POST", "/api/v1/benefits", Access::kAuthenticated, [&s](Context& ctx) {
    ZY_BODY(body, ctx);
    rw::BenefitInput in;
    in.merchant = body.Str("merchant");
    in.title = body.Str("title");
    in.description = body.Str("description");
    in.category = body.Str("category");
    in.min_star_level = int(body.OptInt("min_star_level").value_or(0));
    in.requires_credential = body.Str("requires_credential");
    in.county_code = body.Str("county_code");
    in.valid_from = body.Str("valid_from");
    in.valid_to = body.Str("valid_to");
    in.limit_per_volunteer = int(body.OptInt("limit_per_volunteer").value_or(0));
    ZY_BODY_DONE(body, ctx);
    auto b = s.rewards.Offer(ctx.Caller(), in, ctx.meta);
    if (!b.ok()) return Fail(ctx, b.error());
    return Response::Json(201, BenefitJson(*b));
  }).For({Role::kMerchant, Role::kCityAdmin});

  router.Add("POST", "/api/v1/benefits/{id}/withdraw", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    auto b = s.rewards.Withdraw(ctx.Caller(), rw::BenefitId(*id), ctx.meta);
    if (!b.ok()) return Fail(ctx, b.error());
    return Response::Json(200, BenefitJson(*b));
  }).For({Role::kMerchant, Role::kCityAdmin});

  router.Add("GET", "/api/v1/me/benefits", Access::kAuthenticated, [&s](Context& ctx) {
    return ReplyItems(ctx, s.rewards.Mine(ctx.Caller()), StandingJson);
  }).For(kVolunteers);

  router.Add("GET", "/api/v1/me/redemptions", Access::kAuthenticated, [&s](Context& ctx) {
    return ReplyItems(ctx, s.rewards.MyRedemptions(ctx.Caller()), RedemptionJson);
  }).ForAnyAccount();

  // The merchant scans the volunteer's electronic certificate (or types its code).
  router.Add("POST", "/api/v1/merchant/verifications", Access::kAuthenticated, [&s](Context& ctx) {
    ZY_BODY(body, ctx);
    auto token = body.Str("token");
    ZY_BODY_DONE(body, ctx);
    auto v = s.rewards.Verify(ctx.Caller(), token);
    if (!v.ok()) return Fail(ctx, v.error());
    auto benefits = json::array();
    for (const auto& b : v->benefits) benefits.push_back(StandingJson(b));
    return Response::Json(200, {{"certificate", ECertificateJson(v->certificate)}, {"benefits", std::move(benefits)}});
  }).For({Role::kMerchant});

  router.Add("POST", "/api/v1/merchant/redemptions", Access::kAuthenticated, [&s](Context& ctx) {
    ZY_BODY(body, ctx);
    auto token = body.Str("token");
    auto benefit = body.OptInt("benefit_id");
    ZY_BODY_DONE(body, ctx);
    if (!benefit) return Fail(ctx, core::Error::Field("benefit_id", "required", "请选择要核销的权益"));
    auto r = s.rewards.Redeem(ctx.Caller(), token, rw::BenefitId(*benefit), ctx.meta);
    if (!r.ok()) return Fail(ctx, r.error());
    return Response::Json(201, RedemptionJson(*r));
  }).For({Role::kMerchant});

  // Benefits to manage: the merchant's own, or all for the city admin — withdrawn and future ones too.
  router.Add("GET", "/api/v1/merchant/benefits", Access::kAuthenticated, [&s](Context& ctx) {
    return ReplyItems(ctx, s.rewards.Managed(ctx.Caller()), BenefitJson);
  }).For({Role::kMerchant, Role::kCityAdmin});

  router.Add("GET", "/api/v1/merchant/redemptions", Access::kAuthenticated, [&s](Context& ctx) {
    return ReplyItems(ctx, s.rewards.MerchantRedemptions(ctx.Caller()), RedemptionJson);
  }).For({Role::kMerchant});
}

}  // namespace zhiyuan::http
