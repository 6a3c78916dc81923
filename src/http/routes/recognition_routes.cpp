#include "core/text.hpp"
#include "http/routes/route_helpers.hpp"

namespace zhiyuan::http {

namespace rec = domain::recognition;
using nlohmann::json;

namespace {

json OptDateJson(const std::optional<core::Date>& d) { return d ? json(core::FormatDate(*d)) : json(nullptr); }

json EventJson(const rec::StarEvent& e) {
  return {{"kind", rec::ToString(e.kind)},   {"level", e.level},         {"previous_level", e.previous_level},
          {"reason_code", e.reason_code},    {"reason", e.reason},       {"barred_until", OptDateJson(e.barred_until)},
          {"at", core::FormatRfc3339(e.at)}, {"publicity_id", e.publicity ? json(e.publicity->value) : json(nullptr)}};
}

json PublicityJson(const rec::Publicity& p) {
  return {{"id", p.id.value},
          {"title", p.title},
          {"starts_on", core::FormatDate(p.starts_on)},
          {"ends_on", core::FormatDate(p.ends_on)},
          {"status", rec::ToString(p.status)},
          {"opened_at", core::FormatRfc3339(p.opened_at)},
          {"closed_at", p.closed_at ? json(core::FormatRfc3339(*p.closed_at)) : json(nullptr)},
          {"candidates", p.candidates},
          {"open_objections", p.open_objections}};
}

// What a publicity list shows the public: name, volunteer number, county, level and hours (公示 content).
json CandidateJson(const rec::Candidate& c) {
  return {{"id", c.id.value},
          {"volunteer_id", c.volunteer.value},
          {"name", c.name},
          {"volunteer_number", c.volunteer_number},
          {"county_name", c.county_name},
          {"level", c.level},
          {"confirmed_minutes", c.confirmed_minutes},
          {"status", rec::ToString(c.status)},
          {"outcome_reason", c.outcome_reason}};
}

json DetailJson(const rec::PublicityDetail& d) {
  auto j = PublicityJson(d.publicity);
  auto items = json::array();
  for (const auto& c : d.candidates) items.push_back(CandidateJson(c));
  j["candidate_list"] = std::move(items);
  return j;
}

json ObjectionJson(const rec::Objection& o) {
  return {{"id", o.id.value},
          {"candidate_id", o.candidate.value},
          {"publicity_id", o.publicity.value},
          {"candidate_name", o.candidate_name},
          {"level", o.level},
          {"reason", o.reason},
          {"status", rec::ToString(o.status)},
          {"decision_reason", o.decision_reason},
          {"filed_at", core::FormatRfc3339(o.filed_at)},
          {"decided_at", o.decided_at ? json(core::FormatRfc3339(*o.decided_at)) : json(nullptr)}};
}

json EligibleJson(const rec::Eligible& e) {
  return {{"volunteer_id", e.volunteer.value}, {"name", e.name},
          {"volunteer_number", e.volunteer_number}, {"county_name", e.county_name},
          {"confirmed_minutes", e.confirmed_minutes}, {"certified_level", e.certified_level},
          {"eligible_level", e.eligible_level}};
}

Response Detail(const Context& ctx, int status, const core::Result<rec::PublicityDetail>& r) {
  if (!r.ok()) return Fail(ctx, r.error());
  return Response::Json(status, DetailJson(*r));
}

}  // namespace

json StarSummaryJson(const rec::StarSummary& s) {
  auto events = json::array();
  for (const auto& e : s.events) events.push_back(EventJson(e));
  return {{"confirmed_minutes", s.confirmed_minutes},
          {"star_level", s.star_level},
          {"certified_level", s.certified_level},
          {"next_level", s.next_level ? json(*s.next_level) : json(nullptr)},
          {"minutes_to_next", s.minutes_to_next},
          {"barred_until", OptDateJson(s.barred_until)},
          {"events", std::move(events)}};
}

void AddRecognitionRoutes(Router& router, Services& s) {
  // 守信联合激励: the list for the credit platform; JSON previews with masked IDs, the file carries full IDs.
  router.Add("GET", "/api/v1/credit/good-standing", Access::kAuthenticated, [&s](Context& ctx) {
    // Absent: the default; not a whole number: -1, which the rule refuses with its own message.
    auto number = [&](const char* name, int fallback) {
      auto text = ctx.request.Query(name).value_or("");
      if (text.empty()) return fallback;
      auto v = ParseWhole(text);
      return v && *v >= INT32_MIN && *v <= INT32_MAX ? int(*v) : -1;
    };
    auto format_or = ExportFormat(ctx);
    if (!format_or.ok()) return Fail(ctx, format_or.error());
    const auto& format = *format_or;
    bool file = format != "json";
    auto list = s.stars.GoodStanding(ctx.Caller(), number("min_star", 1), number("min_hours", 100), file, ctx.meta);
    if (!list.ok()) return Fail(ctx, list.error());
    std::string rule = "认证星级≥" + std::to_string(list->min_star_level) + "星，或累计已确认服务时长≥" +
                       core::FormatHours(list->min_minutes) + "小时；从未因虚假时长被撤销星级";
    if (file) {
      Table t{"守信激励名单", {"姓名", "证件类型", "证件号码", "志愿者编号", "所在县区", "认证星级", "累计服务时长（小时）"}, {}};
      for (const auto& r : list->records)
        t.rows.push_back({r.name, r.id_type, r.id_number, r.volunteer_number, r.county_name,
                          std::to_string(r.certified_level), core::FormatHours(r.confirmed_minutes)});
      return Download(t, format, "credit-good-standing");
    }
    auto items = json::array();
    for (const auto& r : list->records) {
      if (items.size() == 200) break;  // a preview; the file holds them all
      items.push_back({{"volunteer_id", r.volunteer.value}, {"name", r.name}, {"id_number", r.id_number_masked},
                       {"volunteer_number", r.volunteer_number}, {"county_name", r.county_name},
                       {"certified_level", r.certified_level}, {"confirmed_minutes", r.confirmed_minutes}});
    }
    return Response::Json(200, {{"rule", rule}, {"min_star", list->min_star_level},
                                {"min_hours", list->min_minutes / 60}, {"total", list->records.size()},
                                {"items", std::move(items)}});
  }).For(kCityAdmins);

  router.Add("GET", "/api/v1/me/stars", Access::kAuthenticated, [&s](Context& ctx) {
    auto summary = s.stars.Mine(ctx.Caller());
    if (!summary.ok()) return Fail(ctx, summary.error());
    return Response::Json(200, StarSummaryJson(*summary));
  }).For(kVolunteers);

  router.Add("GET", "/api/v1/stars/eligible", Access::kAuthenticated, [&s](Context& ctx) {
    auto page = s.stars.EligibleList(ctx.Caller(), PageFrom(ctx.request));
    if (!page.ok()) return Fail(ctx, page.error());
    auto items = json::array();
    for (const auto& e : page->items) items.push_back(EligibleJson(e));
    return Response::Json(200, {{"items", std::move(items)}, {"total", page->total}, {"page", page->request.page},
                                {"page_size", page->request.page_size}});
  }).For(kCityAdmins);

  router.Add("POST", "/api/v1/star-publicities", Access::kAuthenticated, [&s](Context& ctx) {
    ZY_BODY(body, ctx);
    auto title = body.Str("title");
    auto days = body.OptInt("working_days").value_or(5);
    auto ids = body.OptIntList("volunteer_ids");
    ZY_BODY_DONE(body, ctx);
    std::optional<std::vector<core::VolunteerId>> volunteers;
    if (ids) {
      volunteers.emplace();
      for (auto id : *ids) volunteers->emplace_back(id);
    }
    return Detail(ctx, 201, s.stars.OpenPublicity(ctx.Caller(), title, int(days), volunteers, ctx.meta));
  }).For(kCityAdmins);

  router.Add("GET", "/api/v1/star-publicities", Access::kPublic, [&s](Context&) {
    auto items = json::array();
    for (const auto& p : s.stars.Publicities()) items.push_back(PublicityJson(p));
    return Response::Json(200, {{"items", std::move(items)}});
  });

  router.Add("GET", "/api/v1/star-publicities/{id}", Access::kPublic, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    return Detail(ctx, 200, s.stars.PublicityOf(rec::PublicityId(*id)));
  });

  router.Add("POST", "/api/v1/star-publicities/{id}/close", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    return Detail(ctx, 200, s.stars.Close(ctx.Caller(), rec::PublicityId(*id), ctx.meta));
  }).For(kCityAdmins);

  router.Add("GET", "/api/v1/star-publicities/{id}/objections", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    return ReplyItems(ctx, s.stars.Objections(ctx.Caller(), rec::PublicityId(*id)), ObjectionJson);
  }).For(kCityAdmins);

  // 异议: any signed-in (real-name) person may object to a listed candidate during the period.
  router.Add("POST", "/api/v1/star-candidates/{id}/objections", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    auto reason = body.Str("reason");
    ZY_BODY_DONE(body, ctx);
    auto o = s.stars.Object(ctx.Caller(), rec::CandidateId(*id), reason, ctx.meta);
    if (!o.ok()) return Fail(ctx, o.error());
    return Response::Json(201, ObjectionJson(*o));
  }).ForAnyAccount();

  router.Add("POST", "/api/v1/star-objections/{id}/decision", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    auto uphold = body.OptBool("uphold");
    auto reason = body.Str("reason");
    ZY_BODY_DONE(body, ctx);
    if (!uphold) return Fail(ctx, core::Error::Field("uphold", "required", "请选择异议是否成立"));
    auto o = s.stars.Decide(ctx.Caller(), rec::ObjectionId(*id), *uphold, reason, ctx.meta);
    if (!o.ok()) return Fail(ctx, o.error());
    return Response::Json(200, ObjectionJson(*o));
  }).For(kCityAdmins);

  router.Add("POST", "/api/v1/volunteers/{id}/star-revocation", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    auto reason = body.Str("reason");
    auto years = body.OptInt("bar_years").value_or(0);
    ZY_BODY_DONE(body, ctx);
    auto summary =
        s.stars.RevokeForFalsification(ctx.Caller(), core::VolunteerId(*id), reason, int(years), ctx.meta);
    if (!summary.ok()) return Fail(ctx, summary.error());
    return Response::Json(200, StarSummaryJson(*summary));
  }).For(kCityAdmins);
}

}  // namespace zhiyuan::http
