#include <algorithm>

#include "core/text.hpp"
#include "http/routes/route_helpers.hpp"

namespace zhiyuan::http {

namespace tg = domain::targets;
using nlohmann::json;

namespace {

json Opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json ReportedValue(const std::optional<tg::Reported>& r) { return r ? json(r->value) : json(nullptr); }
json ReportedYear(const std::optional<tg::Reported>& r) { return r ? json(r->year) : json(nullptr); }

void PutRate(json& j, const char* name, const tg::Rate& r) {
  std::string n(name);
  j[n + "_rate"] = Opt(r.rate);
  j[n + "_target"] = r.target;
  j[n + "_gap"] = r.gap;
}

json FiguresJson(const tg::Figures& f) {
  const auto& c = f.counts;
  json j{{"county_code", f.code},
         {"name", f.name},
         {"population", ReportedValue(f.population)},
         {"population_year", ReportedYear(f.population)},
         {"registered", c.registered},
         {"league_members", ReportedValue(f.league_members)},
         {"league_members_year", ReportedYear(f.league_members)},
         {"league_registered", c.league_registered},
         {"party_members", ReportedValue(f.party_members)},
         {"party_members_year", ReportedYear(f.party_members)},
         {"certificate_holders", c.certificate_holders},
         {"card_holders", c.card_holders},
         {"year_minutes", c.year_minutes},
         {"avg_annual_minutes", Opt(f.avg_annual_minutes)},
         {"activities_published", c.activities_published},
         {"organizations", c.organizations},
         {"members_20h", c.members_20h}};
  PutRate(j, "registration", f.registration);
  PutRate(j, "league", f.league);
  PutRate(j, "certificate", f.certificate);
  PutRate(j, "card", f.card);
  PutRate(j, "members_20h", f.members_20h);
  return j;
}

// How each figure is computed, shown beside it (SPEC: the rule and the formula beside each figure).
const json& Formulas() {
  static const json kFormulas{
      {"registration_rate", "注册志愿者人数 ÷ 常住人口（人口取所选年份或之前最近一年的数据）"},
      {"league_rate", "已注册为志愿者的团员人数 ÷ 团员人数"},
      {"certificate_rate", "持注册志愿者证（已发放或已激活）人数 ÷ 注册志愿者人数"},
      {"card_rate", "持梅州志愿者卡（已发放或已激活）人数 ÷ 注册志愿者人数"},
      {"avg_annual_minutes", "当年已确认服务时长合计 ÷ 注册志愿者人数"},
      {"activities_published", "当年开始、已发布（未取消）的活动数"},
      {"organizations", "已通过审核的志愿服务组织数"},
      {"members_20h_rate", "当年已确认服务时长满20小时的党员、团员志愿者人数 ÷ 党员与团员人数"},
      {"gap", "达到目标还需的人数：⌈目标 × 分母⌉ − 分子，不小于0"}};
  return kFormulas;
}

std::string Percent(const std::optional<double>& v) {
  if (!v) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", *v * 100);
  return buf;
}

std::string Count(const std::optional<tg::Reported>& r) {
  return r ? std::to_string(r->value) + "（" + std::to_string(r->year) + "年）" : "—";
}

Table AssessmentTable(const tg::Desk& d) {
  Table t{std::to_string(d.year) + "年测评考核",
          {"县（市、区）", "常住人口", "注册志愿者", "注册率", "注册率差额（人）", "团员人数", "注册团员", "团员注册率",
           "团员差额（人）", "持证人数", "持证率", "持证差额（人）", "持卡人数", "持卡率", "持卡差额（人）",
           "人均年服务时长（小时）", "发布活动数", "志愿服务组织数", "党团员满20小时人数", "党团员满20小时比例"},
          {}};
  auto row = [&](const tg::Figures& f) {
    const auto& c = f.counts;
    t.rows.push_back({f.name, Count(f.population), std::to_string(c.registered), Percent(f.registration.rate),
                      std::to_string(f.registration.gap), Count(f.league_members), std::to_string(c.league_registered),
                      Percent(f.league.rate), std::to_string(f.league.gap), std::to_string(c.certificate_holders),
                      Percent(f.certificate.rate), std::to_string(f.certificate.gap), std::to_string(c.card_holders),
                      Percent(f.card.rate), std::to_string(f.card.gap),
                      f.avg_annual_minutes ? core::FormatHours(std::int64_t(*f.avg_annual_minutes + 0.5)) : "—",
                      std::to_string(c.activities_published), std::to_string(c.organizations),
                      std::to_string(c.members_20h), Percent(f.members_20h.rate)});
  };
  for (const auto& f : d.counties) row(f);
  row(d.city);
  return t;
}

std::optional<int> YearFrom(const Context& ctx, bool& bad) {
  auto text = ctx.request.Query("year").value_or("");
  if (text.empty()) return std::nullopt;
  auto y = ParseWhole(text);
  // Out-of-range years are refused by the desk itself (invalid_year), so any whole number passes through.
  if (!y || *y < INT32_MIN || *y > INT32_MAX) bad = true;
  return y ? int(std::clamp<std::int64_t>(*y, INT32_MIN, INT32_MAX)) : 0;
}

}  // namespace

void AddTargetRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/targets", Access::kAuthenticated, [&s](Context& ctx) {
    bool bad = false;
    auto year = YearFrom(ctx, bad);
    if (bad) return Fail(ctx, core::Error::Field("year", "invalid_year", "年份格式不正确"));
    auto desk = s.targets.DeskFor(ctx.Caller(), year);
    if (!desk.ok()) return Fail(ctx, desk.error());
    auto counties = json::array();
    for (const auto& f : desk->counties) counties.push_back(FiguresJson(f));
    return Response::Json(200, {{"year", desk->year},
                                {"population_year", ReportedYear(desk->city.population)},
                                {"formulas", Formulas()},
                                {"city", FiguresJson(desk->city)},
                                {"counties", std::move(counties)}});
  });

  router.Add("GET", "/api/v1/targets/export.xlsx", Access::kAuthenticated, [&s](Context& ctx) {
    bool bad = false;
    auto year = YearFrom(ctx, bad);
    if (bad) return Fail(ctx, core::Error::Field("year", "invalid_year", "年份格式不正确"));
    auto desk = s.targets.DeskFor(ctx.Caller(), year);
    if (!desk.ok()) return Fail(ctx, desk.error());
    return Download(AssessmentTable(*desk), "xlsx", "assessment-" + std::to_string(desk->year));
  });

  router.Add("PUT", "/api/v1/targets/member-counts", Access::kAuthenticated, [&s](Context& ctx) {
    ZY_BODY(body, ctx);
    auto county = body.Str("county_code");
    auto year = body.OptInt("year");
    auto kind = body.Str("kind");
    auto members = body.OptInt("members");
    auto note = body.Str("note");
    ZY_BODY_DONE(body, ctx);
    std::optional<int> y;
    if (year) y = int(*year);
    auto st = s.targets.SetMemberCount(ctx.Caller(), county, y, kind, members, note, ctx.meta);
    if (!st.ok()) return Fail(ctx, st.error());
    return Response::NoContent();
  });
}

}  // namespace zhiyuan::http
