#include <algorithm>

#include "core/validation.hpp"
#include "core/time_format.hpp"
#include "http/routes/route_helpers.hpp"

namespace zhiyuan::http {

using nlohmann::json;
namespace activities = domain::activities;

activities::ActivityInput ReadActivityInput(JsonReader& body) {
  activities::ActivityInput in;
  in.organization_id = body.OptInt("organization_id");
  in.title = body.OptStr("title");
  in.category = body.OptStr("category");
  in.recipients = body.OptStr("recipients");
  in.content = body.OptStr("content");
  in.requirements = body.OptStr("requirements");
  in.risks = body.OptStr("risks");
  in.county_code = body.OptStr("county_code");
  in.address = body.OptStr("address");
  in.latitude = body.OptDouble("latitude");
  in.longitude = body.OptDouble("longitude");
  in.geofence_meters = body.OptInt("geofence_meters");
  in.starts_at = body.OptStr("starts_at");
  in.ends_at = body.OptStr("ends_at");
  in.signup_deadline = body.OptStr("signup_deadline");
  in.quota = body.OptInt("quota");
  in.requires_approval = body.OptBool("requires_approval");
  in.min_age = body.OptInt("min_age");
  in.political_requirement = body.OptStr("political_requirement");
  in.required_skills = body.OptStrList("required_skills");
  in.contact_name = body.OptStr("contact_name");
  in.contact_phone = body.OptStr("contact_phone");
  return in;
}

namespace {

// A date ("2027-01-01", the start of that day in Beijing) or an RFC 3339 time.
std::optional<core::TimePoint> QueryTime(const std::string& text, bool end_of_day) {
  if (auto d = core::ParseDate(text)) {
    auto start = std::chrono::sys_days{*d} - std::chrono::hours(8);
    return std::chrono::time_point_cast<std::chrono::seconds>(start + (end_of_day ? std::chrono::days(1) : std::chrono::days(0)));
  }
  return core::ParseRfc3339(text);
}

}  // namespace

void AddActivityRoutes(Router& router, Services& s) {
  // The activity with the caller's own sign-up, if any.
  auto activity_json = [&s](const Context& ctx, const activities::Activity& a) {
    auto j = ActivityJson(a, s.clock.Now());
    if (auto mine = s.activities.MySignup(ctx.MaybeCaller(), a.id)) j["my_signup"] = ToJson(*mine);
    return j;
  };
  auto reply_activity = [activity_json](const Context& ctx, int status, const core::Result<activities::Activity>& r) {
    if (!r.ok()) return Fail(ctx, r.error());
    return Response::Json(status, activity_json(ctx, *r));
  };

  router.Add("POST", "/api/v1/activities", Access::kAuthenticated, [&s, reply_activity](Context& ctx) {
    ZY_BODY(body, ctx);
    auto in = ReadActivityInput(body);
    ZY_BODY_DONE(body, ctx);
    return reply_activity(ctx, 201, s.activities.Create(ctx.Caller(), in, ctx.meta));
  }).For(kOrgAdmins);

  router.Add("GET", "/api/v1/activities", Access::kPublic, [&s](Context& ctx) {
    const auto& req = ctx.request;
    activities::ActivityQuery q;
    core::Validator v;
    auto opt = [&](const char* name) -> std::optional<std::string> {
      auto value = req.Query(name);
      if (!value || value->empty()) return std::nullopt;
      return value;
    };
    q.county_code = opt("county_code");
    q.category = opt("category");
    q.wire_status = opt("status");
    q.text = opt("q").value_or("");
    if (auto o = opt("organization_id")) {
      auto id = std::atoll(o->c_str());
      if (id <= 0) v.Add("organization_id", "invalid_id", "组织编号不正确");
      q.organization = core::OrganizationId(id);
    }
    if (auto f = opt("from")) {
      q.from = QueryTime(*f, false);
      if (!q.from) v.Add("from", "invalid_time", "开始日期格式应为 YYYY-MM-DD 或 RFC 3339");
    }
    if (auto t = opt("to")) {
      q.to = QueryTime(*t, true);
      if (!q.to) v.Add("to", "invalid_time", "结束日期格式应为 YYYY-MM-DD 或 RFC 3339");
    }
    static const std::vector<std::string> kStatuses{"draft", "published", "running", "finished", "closed", "cancelled"};
    if (q.wire_status && std::find(kStatuses.begin(), kStatuses.end(), *q.wire_status) == kStatuses.end())
      v.Add("status", "invalid_status", "状态不正确");
    if (auto st = v.Done(); !st.ok()) return Fail(ctx, st.error());
    q.page = PageFrom(req);
    auto page = s.activities.Search(ctx.MaybeCaller(), q);
    if (!page.ok()) return Fail(ctx, page.error());
    auto now = s.clock.Now();
    auto items = json::array();
    for (const auto& a : page->items) items.push_back(ActivityJson(a, now));
    return Response::Json(200, {{"items", std::move(items)}, {"total", page->total}, {"page", page->request.page},
                                {"page_size", page->request.page_size}});
  });

  router.Add("GET", "/api/v1/activities/recommended", Access::kAuthenticated, [&s](Context& ctx) {
    auto r = s.activities.Recommended(ctx.Caller());
    if (!r.ok()) return Fail(ctx, r.error());
    auto now = s.clock.Now();
    auto items = json::array();
    for (const auto& rec : *r) {
      auto j = ActivityJson(rec.activity, now);
      j["reasons"] = rec.reasons;
      items.push_back(std::move(j));
    }
    return Response::Json(200, {{"items", std::move(items)}});
  }).For(kVolunteers);

  router.Add("GET", "/api/v1/activities/{id}", Access::kPublic, [&s, reply_activity](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    return reply_activity(ctx, 200, s.activities.Get(ctx.MaybeCaller(), core::ActivityId(*id)));
  });

  router.Add("PATCH", "/api/v1/activities/{id}", Access::kAuthenticated, [&s, reply_activity](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    auto in = ReadActivityInput(body);
    ZY_BODY_DONE(body, ctx);
    in.organization_id.reset();  // an activity never moves to another organisation
    return reply_activity(ctx, 200, s.activities.Edit(ctx.Caller(), core::ActivityId(*id), in, ctx.meta));
  }).For(kOrgAdmins);

  router.Add("POST", "/api/v1/activities/{id}/publish", Access::kAuthenticated, [&s, reply_activity](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    return reply_activity(ctx, 200, s.activities.Publish(ctx.Caller(), core::ActivityId(*id), ctx.meta));
  }).For(kOrgAdmins);

  router.Add("POST", "/api/v1/activities/{id}/cancel", Access::kAuthenticated, [&s, reply_activity](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    auto reason = body.Str("reason");
    ZY_BODY_DONE(body, ctx);
    return reply_activity(ctx, 200, s.activities.Cancel(ctx.Caller(), core::ActivityId(*id), reason, ctx.meta));
  }).For(kOrgAdmins);

  router.Add("POST", "/api/v1/activities/{id}/close", Access::kAuthenticated, [&s, reply_activity](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    return reply_activity(ctx, 200, s.activities.Close(ctx.Caller(), core::ActivityId(*id), ctx.meta));
  }).For(kOrgAdmins);

  // ---- sign-ups 报名
  router.Add("POST", "/api/v1/activities/{id}/signups", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    return Reply(ctx, 201, s.activities.SignUp(ctx.Caller(), core::ActivityId(*id), ctx.meta));
  }).For(kVolunteers);

  router.Add("DELETE", "/api/v1/activities/{id}/signups/mine", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    return Reply(ctx, 200, s.activities.CancelSignup(ctx.Caller(), core::ActivityId(*id), ctx.meta));
  }).For(kVolunteers);

  router.Add("GET", "/api/v1/activities/{id}/signups", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    std::optional<activities::SignupStatus> status;
    if (auto st = ctx.request.Query("status"); st && !st->empty()) {
      status = activities::ParseSignupStatus(*st);
      if (!status) return Fail(ctx, core::Error::Field("status", "invalid_status", "状态不正确"));
    }
    return ReplyList(ctx, s.activities.Signups(ctx.Caller(), core::ActivityId(*id), status));
  }).For(kOrgAdmins);

  for (auto [action, approve] : {std::pair{"approve", true}, std::pair{"reject", false}}) {
    router.Add("POST", std::string("/api/v1/activities/{id}/signups/{signup_id}/") + action, Access::kAuthenticated,
               [&s, approve](Context& ctx) {
                 auto id = PathId(ctx, "id");
                 auto signup = PathId(ctx, "signup_id");
                 if (!id || !signup) return NotFound(ctx);
                 ZY_BODY(body, ctx);
                 auto reason = body.Str("reason");
                 ZY_BODY_DONE(body, ctx);
                 return Reply(ctx, 200,
                              s.activities.DecideSignup(ctx.Caller(), core::ActivityId(*id), core::SignupId(*signup),
                                                        approve, reason, ctx.meta));
               }).For(kOrgAdmins);
  }

  router.Add("GET", "/api/v1/me/signups", Access::kAuthenticated, [&s](Context& ctx) {
    auto signups = s.activities.MySignups(ctx.Caller());
    auto now = s.clock.Now();
    return ReplyItems(ctx, signups, [&](const activities::Signup& signup) {
      auto j = ToJson(signup);
      auto a = s.activities.Get(ctx.MaybeCaller(), signup.activity);
      j["activity"] = a.ok() ? ActivityJson(*a, now) : json(nullptr);
      return j;
    });
  }).ForAnyAccount();

  router.Add("POST", "/api/v1/me/notifications/read", Access::kAuthenticated, [&s](Context& ctx) {
    s.identity.MarkNotificationsRead(ctx.Caller());
    return Response::NoContent();
  }).ForAnyAccount();

  router.Add("GET", "/api/v1/me/notifications", Access::kAuthenticated, [&s](Context& ctx) {
    return ReplyList(ctx, core::Result(s.identity.Notifications(ctx.Caller())));
  }).ForAnyAccount();
}

}  // namespace zhiyuan::http
