#include "core/time_format.hpp"
#include "http/routes/route_helpers.hpp"

namespace zhiyuan::http {

using nlohmann::json;
namespace ledger = domain::ledger;

void AddLedgerRoutes(Router& router, Services& s) {
  router.Add("POST", "/api/v1/activities/{id}/confirmations", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    auto ids = body.OptIntList("attendance_ids");
    ZY_BODY_DONE(body, ctx);
    std::vector<core::AttendanceId> only;
    for (auto a : ids.value_or(std::vector<std::int64_t>{})) only.emplace_back(a);
    if (ids && only.empty())
      return Fail(ctx, core::Error::Field("attendance_ids", "empty", "请选择要确认的签到记录"));
    auto r = s.ledger.Confirm(ctx.Caller(), core::ActivityId(*id), only, ctx.meta);
    if (!r.ok()) return Fail(ctx, r.error());
    json confirmed = json::array(), escalated = json::array(), skipped = json::array();
    for (auto e : r->confirmed) confirmed.push_back(e.value);
    for (const auto& e : r->escalated)
      escalated.push_back({{"entry_id", e.entry.value},
                           {"level", e.level == ledger::ApprovalLevel::kCity ? "city" : "county"},
                           {"reason", e.reason}});
    for (const auto& k : r->skipped) skipped.push_back({{"attendance_id", k.attendance.value}, {"reason", k.reason}});
    return Response::Json(200, {{"confirmed", confirmed}, {"escalated", escalated}, {"skipped", skipped}});
  }).For(kOrgAdmins);

  router.Add("GET", "/api/v1/activities/{id}/ledger-entries", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    return ReplyList(ctx, s.ledger.ActivityEntries(ctx.Caller(), core::ActivityId(*id)));
  }).For(kOrgAdmins);

  router.Add("GET", "/api/v1/ledger/reviews", Access::kAuthenticated,
             [&s](Context& ctx) { return ReplyList(ctx, s.ledger.Reviews(ctx.Caller())); }).For(kOrganizers);

  for (auto [action, approve] : {std::pair{"approve", true}, std::pair{"reject", false}}) {
    router.Add("POST", std::string("/api/v1/ledger/entries/{id}/") + action, Access::kAuthenticated,
               [&s, approve](Context& ctx) {
                 auto id = PathId(ctx, "id");
                 if (!id) return NotFound(ctx);
                 ZY_BODY(body, ctx);
                 auto reason = body.Str("reason");
                 ZY_BODY_DONE(body, ctx);
                 return Reply(ctx, 200, s.ledger.Review(ctx.Caller(), core::LedgerEntryId(*id), approve, reason, ctx.meta));
               }).For(kOrganizers);
  }

  router.Add("POST", "/api/v1/ledger/entries/{id}/corrections", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    auto minutes = body.OptInt("minutes");
    auto code = body.Str("reason_code");
    auto reason = body.Str("reason");
    ZY_BODY_DONE(body, ctx);
    std::optional<int> m;  // required, checked after the entry's scope
    if (minutes) m = int(*minutes);
    auto r = s.ledger.Correct(ctx.Caller(), core::LedgerEntryId(*id), m, code, reason, ctx.meta);
    if (!r.ok()) return Fail(ctx, r.error());
    return Response::Json(201, {{"reversal", ToJson(r->reversal)},
                                {"replacement", r->replacement ? ToJson(*r->replacement) : json(nullptr)}});
  }).For(kOrgAdmins);

  router.Add("POST", "/api/v1/activities/{id}/retro-entries", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    auto number = body.Str("volunteer_number");
    auto date = body.Str("service_date");
    auto minutes = body.OptInt("minutes");
    auto reason = body.Str("reason");
    ZY_BODY_DONE(body, ctx);
    return Reply(ctx, 201,
                 s.ledger.RequestRetroEntry(ctx.Caller(), core::ActivityId(*id), number, date, int(minutes.value_or(0)),
                                            reason, ctx.meta));
  }).For(kOrgAdmins);

  router.Add("POST", "/api/v1/ledger/entries/{id}/appeals", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    auto reason = body.Str("reason");
    ZY_BODY_DONE(body, ctx);
    return Reply(ctx, 201, s.ledger.FileAppeal(ctx.Caller(), core::LedgerEntryId(*id), reason, ctx.meta));
  }).For(kVolunteers);

  router.Add("GET", "/api/v1/me/appeals", Access::kAuthenticated,
             [&s](Context& ctx) { return ReplyList(ctx, s.ledger.MyAppeals(ctx.Caller())); }).ForAnyAccount();

  router.Add("GET", "/api/v1/organizations/{id}/appeals", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    std::optional<ledger::AppealStatus> status;
    if (auto st = ctx.request.Query("status"); st && !st->empty()) {
      status = ledger::ParseAppealStatus(*st);
      if (!status) return Fail(ctx, core::Error::Field("status", "invalid_status", "状态不正确"));
    }
    return ReplyList(ctx, s.ledger.OrganizationAppeals(ctx.Caller(), core::OrganizationId(*id), status));
  }).For(kOrgAdmins);

  router.Add("POST", "/api/v1/appeals/{id}/decision", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    auto accept = body.OptBool("accept");
    auto reason = body.Str("reason");
    auto minutes = body.OptInt("minutes");
    ZY_BODY_DONE(body, ctx);
    std::optional<int> m;
    if (minutes) m = int(*minutes);
    // `accept` is required, checked after the appeal's scope.
    return Reply(ctx, 200, s.ledger.DecideAppeal(ctx.Caller(), *id, accept, reason, m, ctx.meta));
  }).For(kOrgAdmins);

  // 组织成员时长: JSON, CSV or XLSX of a year's hours per volunteer.
  for (std::string suffix : {"", ".csv", ".xlsx"}) {
    router.Add("GET", "/api/v1/organizations/{id}/hours" + suffix, Access::kAuthenticated, [&s, suffix](Context& ctx) {
      auto id = PathId(ctx, "id");
      if (!id) return NotFound(ctx);
      int year = int(core::ChinaDate(s.clock.Now()).year());
      if (auto y = ctx.request.Query("year"); y && !y->empty()) year = std::atoi(y->c_str());
      auto rows = s.ledger.OrganizationHours(ctx.Caller(), core::OrganizationId(*id), year);
      if (!rows.ok()) return Fail(ctx, rows.error());
      if (suffix.empty())
        return ReplyItems(ctx, rows, [](const ledger::MemberHours& m) {
          return json{{"volunteer_id", m.volunteer.value}, {"name", m.name}, {"volunteer_number", m.volunteer_number},
                      {"confirmed_minutes", m.confirmed_minutes}, {"pending_minutes", m.pending_minutes}};
        });
      Table t{std::to_string(year) + "年服务时长", {"志愿者编号", "姓名", "已确认时长（分钟）", "待确认时长（分钟）"}, {}};
      for (const auto& m : *rows)
        t.rows.push_back({m.volunteer_number, m.name, std::to_string(m.confirmed_minutes),
                          std::to_string(m.pending_minutes)});
      return Download(t, suffix.substr(1), "hours-" + std::to_string(*id) + "-" + std::to_string(year));
    }).For(kOrgAdmins);
  }

  router.Add("GET", "/api/v1/me/hours", Access::kAuthenticated, [&s](Context& ctx) {
    auto h = s.ledger.MyHours(ctx.Caller());
    if (!h.ok()) return Fail(ctx, h.error());
    json by_year = json::array(), entries = json::array();
    for (const auto& y : h->by_year) by_year.push_back({{"year", y.year}, {"minutes", y.minutes}});
    for (const auto& e : h->entries) entries.push_back(ToJson(e));
    return Response::Json(200, {{"confirmed_minutes", h->confirmed_minutes},
                                {"pending_minutes", h->pending_minutes},
                                {"by_year", by_year},
                                {"entries", entries}});
  }).For(kVolunteers);
}

}  // namespace zhiyuan::http
