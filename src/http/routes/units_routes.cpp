#include "core/time_format.hpp"
#include "crypto/crypto.hpp"
#include "http/qr_svg.hpp"
#include "http/routes/route_helpers.hpp"
#include "http/table_import.hpp"

namespace zhiyuan::http {

namespace un = domain::units;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxRosterBytes = 5u << 20;
constexpr std::size_t kMaxRosterRows = 50000;

json UnitJson(const un::Unit& u) {
  return {{"id", u.id.value},           {"name", u.name}, {"kind", u.kind}, {"region_code", u.region_code},
          {"region_name", u.region_name}, {"contacts", u.contacts}};
}

json ContactJson(const un::Contact& c) {
  return {{"account_id", c.account.value}, {"name", c.name}, {"phone", c.phone_masked}};
}

json ImportJson(const un::RosterImport& i) {
  return {{"id", i.id},
          {"file_name", i.file_name},
          {"rows", i.rows},
          {"added", i.added},
          {"updated", i.updated},
          {"unchanged", i.unchanged},
          {"duplicates_merged", i.duplicates_merged},
          {"rejected", i.rejected},
          {"imported_at", core::FormatRfc3339(i.imported_at)},
          {"imported_by", i.imported_by_name}};
}

json EntryJson(const un::RosterEntry& e) {
  std::string status = !e.volunteer_number                          ? "unregistered"
                       : e.year_minutes < un::kMemberYearMinutes ? "under_20h"
                                                                    : "ok";
  return {{"name", e.name},
          {"id_number", e.id_masked},
          {"political_status", e.political_status},
          {"department", e.department},
          {"phone", e.phone_masked},
          {"registered", e.volunteer_number.has_value()},
          {"volunteer_number", e.volunteer_number ? json(*e.volunteer_number) : json(nullptr)},
          {"year_minutes", e.year_minutes},
          {"status", status},
          {"source", e.source}};
}

std::string InvitationUrl(const Context& ctx, const std::string& token) {
  return ctx.options.public_url + "/join/unit/" + token;
}

}  // namespace

void AddUnitRoutes(Router& router, Services& s) {
  router.Add("POST", "/api/v1/units", Access::kAuthenticated, [&s](Context& ctx) {
    ZY_BODY(body, ctx);
    auto name = body.Str("name");
    auto kind = body.Str("kind");
    auto region = body.Str("region_code");
    ZY_BODY_DONE(body, ctx);
    auto u = s.units.Create(ctx.Caller(), name, kind, region, ctx.meta);
    if (!u.ok()) return Fail(ctx, u.error());
    return Response::Json(201, UnitJson(*u));
  }).For(kAdmins);

  router.Add("GET", "/api/v1/units", Access::kAuthenticated, [&s](Context& ctx) {
    if (ctx.request.Query("mine").value_or("") == "true")
      return ReplyItems(ctx, core::Result<std::vector<un::Unit>>(s.units.Mine(ctx.Caller())), UnitJson);
    return ReplyItems(ctx, s.units.Administered(ctx.Caller()), UnitJson);
  }).ForAnyAccount();

  router.Add("POST", "/api/v1/units/{id}/contacts", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    auto phone = body.Str("phone");
    ZY_BODY_DONE(body, ctx);
    auto contacts = s.units.AddContact(ctx.Caller(), un::UnitId(*id), phone, ctx.meta);
    if (!contacts.ok()) return Fail(ctx, contacts.error());
    auto items = json::array();
    for (const auto& c : *contacts) items.push_back(ContactJson(c));
    return Response::Json(201, {{"items", std::move(items)}});
  }).For(kAdmins);

  // The body is the roster file itself (CSV or XLSX, told apart by content), up to 5 MiB.
  router
      .Add("POST", "/api/v1/units/{id}/roster-imports", Access::kAuthenticated,
           [&s](Context& ctx) {
             auto id = PathId(ctx, "id");
             if (!id) return NotFound(ctx);
             if (auto access = s.units.CheckRosterAccess(ctx.Caller(), un::UnitId(*id)); !access.ok())
               return Fail(ctx, access.error());
             auto sheet = ReadSheet(ctx.request.body, kMaxRosterRows, "roster_unreadable");
             if (!sheet.ok()) return Fail(ctx, sheet.error());
             auto file_name = ctx.request.Query("file_name").value_or("");
             auto result = s.units.ImportRoster(ctx.Caller(), un::UnitId(*id), file_name,
                                                crypto::Sha256Hex(ctx.request.body), *sheet, ctx.meta);
             if (!result.ok()) return Fail(ctx, result.error());
             auto out = ImportJson(result->import);
             out["import_id"] = result->import.id;
             out["errors"] = RowErrorsJson(result->errors);
             return Response::Json(200, out);
           }).ForAnyAccount()
      .AcceptUploads(kMaxRosterBytes);

  router.Add("GET", "/api/v1/units/{id}/roster-imports", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    return ReplyItems(ctx, s.units.RosterImports(ctx.Caller(), un::UnitId(*id)), ImportJson);
  }).ForAnyAccount();

  router.Add("GET", "/api/v1/units/{id}/roster", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    auto status = ctx.request.Query("status").value_or("all");
    un::RosterFilter filter = un::RosterFilter::kAll;
    if (status == "unregistered") filter = un::RosterFilter::kUnregistered;
    else if (status == "under_20h") filter = un::RosterFilter::kUnder20h;
    else if (status != "all")
      return Fail(ctx, core::Error::Field("status", "invalid_status", "筛选条件应为 all、unregistered 或 under_20h"));
    bool bad = false;
    int year = QueryYear(ctx, "year", bad).value_or(int(core::ChinaDate(s.clock.Now()).year()));
    if (bad || year < 2000 || year > 2100)
      return Fail(ctx, core::Error::Field("year", "invalid_year", "年份格式不正确"));
    auto view = s.units.Roster(ctx.Caller(), un::UnitId(*id), year, filter, PageFrom(ctx.request));
    if (!view.ok()) return Fail(ctx, view.error());
    auto items = json::array();
    for (const auto& e : view->page.items) items.push_back(EntryJson(e));
    const auto& sum = view->summary;
    return Response::Json(200, {{"unit", UnitJson(view->unit)},
                                {"year", view->year},
                                {"summary",
                                 {{"members", sum.members},
                                  {"registered", sum.registered},
                                  {"unregistered", sum.unregistered},
                                  {"under_20h", sum.under_20h},
                                  {"joined", sum.joined}}},
                                {"total", view->page.total},
                                {"page", view->page.request.page},
                                {"page_size", view->page.request.page_size},
                                {"items", std::move(items)}});
  }).ForAnyAccount();

  router.Add("GET", "/api/v1/units/{id}/invitation", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    auto inv = s.units.Invitation(ctx.Caller(), un::UnitId(*id));
    if (!inv.ok()) return Fail(ctx, inv.error());
    auto url = InvitationUrl(ctx, inv->second);
    return Response::Json(200, {{"unit_id", inv->first.id.value},
                                {"unit_name", inv->first.name},
                                {"token", inv->second},
                                {"url", url},
                                {"qr_svg", QrSvg(url).value_or("")}});
  }).ForAnyAccount();

  router.Add("GET", "/api/v1/unit-invitations/{token}", Access::kPublic, [&s](Context& ctx) {
    auto unit = s.units.UnitOfInvitation(ctx.request.Param("token"));
    if (!unit.ok()) return Fail(ctx, unit.error());
    return Response::Json(200,
                          {{"unit_id", unit->id.value}, {"unit_name", unit->name}, {"region_name", unit->region_name}});
  });

  router.Add("POST", "/api/v1/me/unit-memberships", Access::kAuthenticated, [&s](Context& ctx) {
    ZY_BODY(body, ctx);
    auto token = body.Str("token");
    ZY_BODY_DONE(body, ctx);
    auto joined = s.units.Join(ctx.Caller(), token, ctx.meta);
    if (!joined.ok()) return Fail(ctx, joined.error());
    return Response::Json(joined->first ? 201 : 200, {{"unit_id", joined->unit.id.value},
                                                      {"unit_name", joined->unit.name},
                                                      {"joined_at", core::FormatRfc3339(joined->at)}});
  }).For(kVolunteers);
}

}  // namespace zhiyuan::http
