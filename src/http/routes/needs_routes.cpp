#include "http/routes/route_helpers.hpp"

namespace zhiyuan::http {

namespace needs = domain::needs;

void AddNeedRoutes(Router& router, Services& s) {
  router.Add("POST", "/api/v1/needs", Access::kAuthenticated, [&s](Context& ctx) {
    ZY_BODY(body, ctx);
    needs::PostNeed in;
    in.title = body.Str("title");
    in.description = body.Str("description");
    in.recipients = body.Str("recipients");
    in.county_code = body.Str("county_code");
    in.address = body.Str("address");
    in.latitude = body.OptDouble("latitude");
    in.longitude = body.OptDouble("longitude");
    in.wanted_from = body.Str("wanted_from");
    in.wanted_to = body.Str("wanted_to");
    in.contact_name = body.Str("contact_name");
    in.contact_phone = body.Str("contact_phone");
    ZY_BODY_DONE(body, ctx);
    return Reply(ctx, 201, s.needs.Post(ctx.Caller(), in, ctx.meta));
  }).ForAnyAccount();

  router.Add("GET", "/api/v1/needs", Access::kAuthenticated, [&s](Context& ctx) {
    std::optional<needs::NeedStatus> status;
    if (auto st = ctx.request.Query("status"); st && !st->empty()) {
      status = needs::ParseNeedStatus(*st);
      if (!status) return Fail(ctx, core::Error::Field("status", "invalid_status", "状态不正确"));
    }
    bool mine = ctx.request.Query("mine").value_or("") == "true";
    auto page = s.needs.Search(ctx.Caller(), status, mine, PageFrom(ctx.request));
    if (!page.ok()) return Fail(ctx, page.error());
    return Response::Json(200, PageJson(*page));
  }).ForAnyAccount();

  router.Add("GET", "/api/v1/needs/{id}", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    return Reply(ctx, 200, s.needs.Get(ctx.Caller(), needs::NeedId(*id)));
  }).ForAnyAccount();

  router.Add("POST", "/api/v1/needs/{id}/dispatch", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    auto org = body.OptInt("organization_id");
    auto note = body.Str("note");
    ZY_BODY_DONE(body, ctx);
    std::optional<core::OrganizationId> chosen;  // required, checked after the need's scope
    if (org) chosen = core::OrganizationId(*org);
    return Reply(ctx, 200, s.needs.Dispatch(ctx.Caller(), needs::NeedId(*id), chosen, note, ctx.meta));
  }).For(kAdmins);

  router.Add("POST", "/api/v1/needs/{id}/accept", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    return Reply(ctx, 200, s.needs.Accept(ctx.Caller(), needs::NeedId(*id), ctx.meta));
  }).For(kOrgAdmins);

  router.Add("POST", "/api/v1/needs/{id}/decline", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    auto reason = body.Str("reason");
    ZY_BODY_DONE(body, ctx);
    return Reply(ctx, 200, s.needs.Decline(ctx.Caller(), needs::NeedId(*id), reason, ctx.meta));
  }).For(kOrgAdmins);

  router.Add("POST", "/api/v1/needs/{id}/activity", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    auto in = ReadActivityInput(body);
    ZY_BODY_DONE(body, ctx);
    auto a = s.needs.CreateActivity(ctx.Caller(), needs::NeedId(*id), in, ctx.meta);
    if (!a.ok()) return Fail(ctx, a.error());
    return Response::Json(201, ActivityJson(*a, s.clock.Now()));
  }).For(kOrgAdmins);

  router.Add("POST", "/api/v1/needs/{id}/confirmation", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    auto rating = body.OptInt("rating");
    auto feedback = body.Str("feedback");
    ZY_BODY_DONE(body, ctx);
    return Reply(ctx, 200, s.needs.Confirm(ctx.Caller(), needs::NeedId(*id), int(rating.value_or(0)), feedback, ctx.meta));
  }).ForAnyAccount();

  router.Add("POST", "/api/v1/needs/{id}/cancel", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    return Reply(ctx, 200, s.needs.Cancel(ctx.Caller(), needs::NeedId(*id), ctx.meta));
  }).ForAnyAccount();
}

}  // namespace zhiyuan::http
