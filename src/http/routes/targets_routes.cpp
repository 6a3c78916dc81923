#include <algorithm>
#include <cmath>

#include "core/text.hpp"
#include "core/time_format.hpp"
#include "documents/table_pdf.hpp"
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
      {"gap", "达到目标还需的人数：目标 × 分母（向上取整）- 分子，不小于0"}};
  return kFormulas;
}

// The formulas as lines for the foot of a printed table.
std::vector<std::string> FormulaNotes() {
  static const char* const kLabels[][2] = {{"registration_rate", "注册率"},     {"league_rate", "团员注册率"},
                                           {"certificate_rate", "持证率"},      {"card_rate", "持卡率"},
                                           {"avg_annual_minutes", "人均年服务时长"}, {"members_20h_rate", "党团员满20小时比例"},
                                           {"gap", "差额"}};
  std::vector<std::string> notes{"计算口径："};
  const auto& f = Formulas();
  for (const auto& [key, label] : kLabels)
    if (f.contains(key)) notes.push_back(std::string(label) + "：" + f[key].get<std::string>());
  return notes;
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

json SnapshotJson(const tg::Snapshot& snapshot) {
  return {{"id", snapshot.id.value},
          {"year", snapshot.year},
          {"label", snapshot.label},
          {"frozen_at", core::FormatRfc3339(snapshot.frozen_at)},
          {"frozen_by", snapshot.frozen_by_name}};
}

std::string ExportName(const tg::Desk& d) {
  return "assessment-" + std::to_string(d.year) + (d.snapshot ? "-snapshot-" + std::to_string(d.snapshot->id.value) : "");
}

// The desk the query names: ?snapshot=ID (a frozen one) or ?year=YYYY (live; this year without it).
core::Result<tg::Desk> DeskFrom(const Context& ctx, Services& s) {
  if (auto text = ctx.request.Query("snapshot"); text && !text->empty()) {
    auto id = ParseWhole(*text);
    if (!id || *id <= 0) return core::Error::NotFound("快照不存在");
    return s.targets.DeskOfSnapshot(ctx.Caller(), tg::SnapshotId(*id));
  }
  bool bad = false;
  auto year = QueryYear(ctx, "year", bad);  // out-of-range years are the desk's to refuse (invalid_year)
  if (bad) return core::Error::Field("year", "invalid_year", "年份格式不正确");
  return s.targets.DeskFor(ctx.Caller(), year);
}

}  // namespace

void AddTargetRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/targets", Access::kAuthenticated, [&s](Context& ctx) {
    auto desk = DeskFrom(ctx, s);
    if (!desk.ok()) return Fail(ctx, desk.error());
    auto counties = json::array();
    for (const auto& f : desk->counties) counties.push_back(FiguresJson(f));
    return Response::Json(200, {{"year", desk->year},
                                {"snapshot", desk->snapshot ? SnapshotJson(*desk->snapshot) : json(nullptr)},
                                {"population_year", ReportedYear(desk->city.population)},
                                {"formulas", Formulas()},
                                {"city", FiguresJson(desk->city)},
                                {"counties", std::move(counties)}});
  }).For(kAdmins);

  // A frozen desk's files carry the freezing time, so the same snapshot always gives the same bytes.
  router.Add("GET", "/api/v1/targets/export.xlsx", Access::kAuthenticated, [&s](Context& ctx) {
    auto desk = DeskFrom(ctx, s);
    if (!desk.ok()) return Fail(ctx, desk.error());
    std::optional<std::int64_t> created;
    if (desk->snapshot) created = core::ToUnix(desk->snapshot->frozen_at);
    return Download(AssessmentTable(*desk), "xlsx", ExportName(*desk), created);
  }).For(kAdmins);

  // The same table as a landscape A4 PDF for printing and filing, with the formulas beneath it.
  router.Add("GET", "/api/v1/targets/export.pdf", Access::kAuthenticated, [&s](Context& ctx) {
    auto desk = DeskFrom(ctx, s);
    if (!desk.ok()) return Fail(ctx, desk.error());
    auto table = AssessmentTable(*desk);
    auto created = desk->snapshot ? desk->snapshot->frozen_at : s.clock.Now();
    std::string when = core::FormatRfc3339(created).substr(0, 16);
    std::replace(when.begin(), when.end(), 'T', ' ');
    documents::TableReport report{
        "梅州市志愿服务" + table.title + "表",
        {desk->snapshot ? "快照：" + desk->snapshot->label + "（" + when + " 冻结）" : "统计时间：" + when + "（实时数据）"},
        table.header,
        table.rows,
        FormulaNotes(),
        created};
    return Response::File("application/pdf", documents::RenderTablePdf(ctx.options.pdf_font, report),
                          AttachmentDisposition(ExportName(*desk) + ".pdf"));
  }).For(kAdmins);

  // Trends (趋势): the figures of each year from..to (default: the last five years up to this one).
  router.Add("GET", "/api/v1/targets/trend", Access::kAuthenticated, [&s](Context& ctx) {
    bool bad_from = false, bad_to = false;
    auto to = QueryYear(ctx, "to", bad_to).value_or(int(core::ChinaDate(s.clock.Now()).year()));
    auto from = QueryYear(ctx, "from", bad_from).value_or(std::max(2017, to - 4));
    if (bad_from || bad_to)
      return Fail(ctx, core::Error::Field(bad_from ? "from" : "to", "invalid_year", "年份格式不正确"));
    auto desks = s.targets.Trend(ctx.Caller(), from, to);
    if (!desks.ok()) return Fail(ctx, desks.error());
    auto items = json::array();
    for (const auto& d : *desks) {
      auto counties = json::array();
      for (const auto& f : d.counties) counties.push_back(FiguresJson(f));
      items.push_back({{"year", d.year}, {"city", FiguresJson(d.city)}, {"counties", std::move(counties)}});
    }
    return Response::Json(200, {{"from", from}, {"to", to}, {"items", std::move(items)}});
  }).For(kAdmins);

  // Drill-down 下钻: a county's figures with its organisations and units.
  router.Add("GET", "/api/v1/targets/counties/{code}", Access::kAuthenticated, [&s](Context& ctx) {
    bool bad = false;
    auto year = QueryYear(ctx, "year", bad);
    if (bad) return Fail(ctx, core::Error::Field("year", "invalid_year", "年份格式不正确"));
    auto b = s.targets.BreakdownOf(ctx.Caller(), ctx.request.Param("code"), year);
    if (!b.ok()) return Fail(ctx, b.error());
    auto orgs = json::array();
    for (const auto& o : b->organizations)
      orgs.push_back({{"id", o.id},
                      {"name", o.name},
                      {"type", o.type},
                      {"members", o.members},
                      {"activities_published", o.activities_published},
                      {"year_minutes", o.year_minutes}});
    auto units = json::array();
    for (const auto& u : b->units)
      units.push_back({{"id", u.id},
                       {"name", u.name},
                       {"kind", u.kind},
                       {"members", u.members},
                       {"registered", u.registered},
                       {"unregistered", u.members - u.registered},
                       {"under_20h", u.under_20h}});
    return Response::Json(200, {{"year", b->year},
                                {"county", FiguresJson(b->county)},
                                {"organizations", std::move(orgs)},
                                {"units", std::move(units)}});
  }).For(kAdmins);

  router.Add("POST", "/api/v1/targets/snapshots", Access::kAuthenticated, [&s](Context& ctx) {
    ZY_BODY(body, ctx);
    auto year = body.OptInt("year");
    auto label = body.Str("label");
    ZY_BODY_DONE(body, ctx);
    std::optional<int> y;
    if (year) y = int(std::clamp<std::int64_t>(*year, 0, 9999));
    auto snapshot = s.targets.Freeze(ctx.Caller(), y, label, ctx.meta);
    if (!snapshot.ok()) return Fail(ctx, snapshot.error());
    return Response::Json(201, SnapshotJson(*snapshot));
  }).For(kCityAdmins);

  router.Add("GET", "/api/v1/targets/snapshots", Access::kAuthenticated, [&s](Context& ctx) {
    return ReplyItems(ctx, s.targets.Snapshots(ctx.Caller()), SnapshotJson);
  }).For(kAdmins);

  // The city's headline figures for the public home page.
  router.Add("GET", "/api/v1/portal/figures", Access::kPublic, [&s](Context&) {
    auto f = s.targets.CityHeadline();
    const auto& c = f.counts;
    return Response::Json(200, {{"year", int(core::ChinaDate(s.clock.Now()).year())},
                                {"as_of", core::FormatRfc3339(s.clock.Now())},
                                {"registered_volunteers", c.registered},
                                {"registration_rate", Opt(f.registration.rate)},
                                {"registration_target", f.registration.target},
                                {"organizations", c.organizations},
                                {"activities_published", c.activities_published},
                                {"year_service_hours", std::round(double(c.year_minutes) / 6.0) / 10.0},  // one decimal
                                {"certificate_holders", c.certificate_holders},
                                {"card_holders", c.card_holders}});
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
  }).For(kCityAdmins);
}

}  // namespace zhiyuan::http
