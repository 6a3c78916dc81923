#include "core/time_format.hpp"
#include "http/qr_svg.hpp"
#include "http/routes/route_helpers.hpp"

namespace zhiyuan::http {

using nlohmann::json;
namespace attendance = domain::attendance;

namespace {

attendance::Proof ReadProof(JsonReader& body) {
  return {body.Str("token"), body.OptDouble("latitude"), body.OptDouble("longitude")};
}

// "2026-11-29 06:26:38": Beijing wall-clock time, as people read it in a spreadsheet.
std::string ChinaTime(core::TimePoint t) {
  auto s = core::FormatRfc3339(t);
  return s.substr(0, 10) + " " + s.substr(11, 8);
}

// The page a volunteer's phone opens by scanning the QR code, on the host the organiser's browser used.
std::string CheckInUrl(const Request& req, std::int64_t activity, const std::string& token) {
  std::string host(req.Header("host"));
  std::string scheme = req.Header("x-forwarded-proto") == "https" ? "https" : "http";
  return scheme + "://" + (host.empty() ? "127.0.0.1" : host) + "/checkin/" + std::to_string(activity) +
         "?token=" + token;
}

}  // namespace

void AddAttendanceRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/activities/{id}/checkin-token", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    auto grant = s.attendance.Token(ctx.Caller(), core::ActivityId(*id));
    if (!grant.ok()) return Fail(ctx, grant.error());
    auto base = "/api/v1/activities/" + std::to_string(*id);
    return Response::Json(200, {{"token", grant->token},
                                {"expires_at", core::FormatRfc3339(grant->expires_at)},
                                {"qr_url", base + "/checkin-qr.svg"},
                                {"checkin_url", CheckInUrl(ctx.request, *id, grant->token)}});
  }).For(kOrgAdmins);

  router.Add("GET", "/api/v1/activities/{id}/checkin-qr.svg", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    auto grant = s.attendance.Token(ctx.Caller(), core::ActivityId(*id));
    if (!grant.ok()) return Fail(ctx, grant.error());
    auto svg = QrSvg(CheckInUrl(ctx.request, *id, grant->token));
    if (!svg) return Fail(ctx, core::Error::Internal("二维码生成失败"));
    return Response{200, "image/svg+xml", std::move(*svg), {}};  // Api::Handle adds Cache-Control: no-store
  }).For(kOrgAdmins);

  // 志愿者码: the volunteer's own rotating QR pass, shown on their phone for the organiser to scan.
  router.Add("GET", "/api/v1/me/pass", Access::kAuthenticated, [&s](Context& ctx) {
    if (!ctx.Caller().volunteer) return Fail(ctx, core::Error::Forbidden("当前账户不是志愿者"));
    auto now = s.clock.Now();
    return Response::Json(200, {{"token", s.passes.Issue(*ctx.Caller().volunteer, now)},
                                {"expires_at", core::FormatRfc3339(s.passes.ExpiresAt(now))},
                                {"qr_url", "/api/v1/me/pass.svg"}});
  }).For(kVolunteers);

  router.Add("GET", "/api/v1/me/pass.svg", Access::kAuthenticated, [&s](Context& ctx) {
    if (!ctx.Caller().volunteer) return Fail(ctx, core::Error::Forbidden("当前账户不是志愿者"));
    auto svg = QrSvg(s.passes.Issue(*ctx.Caller().volunteer, s.clock.Now()));
    if (!svg) return Fail(ctx, core::Error::Internal("二维码生成失败"));
    return Response{200, "image/svg+xml", std::move(*svg), {}};
  }).For(kVolunteers);

  for (auto [path, check_in] : {std::pair{"/check-ins", true}, std::pair{"/check-outs", false}}) {
    router.Add("POST", std::string("/api/v1/activities/{id}") + path, Access::kAuthenticated,
               [&s, check_in](Context& ctx) {
                 auto id = PathId(ctx, "id");
                 if (!id) return NotFound(ctx);
                 ZY_BODY(body, ctx);
                 auto proof = ReadProof(body);
                 ZY_BODY_DONE(body, ctx);
                 core::ActivityId activity(*id);
                 return Reply(ctx, 201,
                              check_in ? s.attendance.CheckIn(ctx.Caller(), activity, proof, ctx.meta)
                                       : s.attendance.CheckOut(ctx.Caller(), activity, proof, ctx.meta));
               }).For(kVolunteers);
  }

  router.Add("POST", "/api/v1/activities/{id}/attendance", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    domain::attendance::AttendanceService::VolunteerRef who{body.Str("volunteer_number"), body.Str("volunteer_qr")};
    auto action = body.Str("action");
    auto at_text = body.OptStr("at");
    ZY_BODY_DONE(body, ctx);
    // `action` and `at` are validated by the service, after the activity's scope.
    return Reply(ctx, 201, s.attendance.Record(ctx.Caller(), core::ActivityId(*id), who, action, at_text, ctx.meta));
  }).For(kOrgAdmins);

  router.Add("GET", "/api/v1/activities/{id}/attendance", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    return ReplyList(ctx, s.attendance.List(ctx.Caller(), core::ActivityId(*id)));
  }).For(kOrgAdmins);

  // The attendance sheet (考勤表) for the organiser's records, as CSV or XLSX.
  for (std::string format : {"csv", "xlsx"}) {
    router.Add("GET", "/api/v1/activities/{id}/attendance." + format, Access::kAuthenticated, [&s, format](Context& ctx) {
      auto id = PathId(ctx, "id");
      if (!id) return NotFound(ctx);
      auto sessions = s.attendance.List(ctx.Caller(), core::ActivityId(*id));
      if (!sessions.ok()) return Fail(ctx, sessions.error());
      Table t{"考勤表",
              {"志愿者编号", "姓名", "服务日期", "签到时间", "签退时间", "时长（分钟）", "签到方式", "标记", "时长状态"},
              {}};
      auto method = [](const std::string& m) -> std::string {
        return m == "qr" ? "扫码" : m == "gps" ? "定位" : m == "organizer" ? "组织者代签" : m;
      };
      auto status = [](const std::string& st) -> std::string {
        return st == "pending" ? "待确认" : st == "confirmed" ? "已确认" : st == "awaiting_county" ? "待县区审核"
               : st == "awaiting_city" ? "待市级审核" : st == "rejected" ? "未通过" : st;
      };
      for (const auto& x : *sessions) {
        std::string flags;
        for (const auto& f : x.flags) flags += (flags.empty() ? "" : " ") + f;
        t.rows.push_back({x.volunteer_number, x.volunteer_name, core::FormatDate(x.service_date),
                          ChinaTime(x.check_in_at), x.check_out_at ? ChinaTime(*x.check_out_at) : "",
                          x.minutes ? std::to_string(*x.minutes) : "", method(x.method_in), flags,
                          status(x.entry_status)});
      }
      return Download(t, format, "attendance-" + std::to_string(*id));
    }).For(kOrgAdmins);
  }
}

}  // namespace zhiyuan::http
