#include "http/routes/route_helpers.hpp"
#include "http/table_import.hpp"

namespace zhiyuan::http {

using nlohmann::json;
namespace registry = domain::registry;


void AddRegistryRoutes(Router& router, Services& s) {
  // ---- regions
  router.Add("GET", "/api/v1/regions", Access::kPublic, [&s](Context&) {
    json out{{"city", nullptr}, {"items", json::array()}};
    for (const auto& r : s.regions.List()) {
      if (r.level == "city")
        out["city"] = ToJson(r);
      else
        out["items"].push_back(ToJson(r));
    }
    return Response::Json(200, out);
  });

  router.Add("GET", "/api/v1/regions/{code}/populations", Access::kPublic, [&s](Context& ctx) {
    return ReplyList(ctx, s.regions.Populations(ctx.request.Param("code")));
  });

  router.Add("PUT", "/api/v1/regions/{code}/populations/{year}", Access::kAuthenticated, [&s](Context& ctx) {
    auto year = PathId(ctx, "year");
    if (!year) return NotFound(ctx);
    auto body = JsonReader::Parse(ctx.request.body);
    if (!body.ok()) return Fail(ctx, body.error());
    auto population = body->OptInt("population");
    auto note = body->Str("note");
    if (auto st = body->Done(); !st.ok()) return Fail(ctx, st.error());
    if (!population) return Fail(ctx, core::Error::Field("population", "required", "请填写常住人口（人）"));
    return Reply(ctx, 200,
                 s.regions.SetPopulation(ctx.Caller(), ctx.request.Param("code"), int(*year), *population, note,
                                         ctx.meta));
  }).For(kCityAdmins);

  // ---- volunteers
  router.Add("POST", "/api/v1/volunteers", Access::kPublic, [&s](Context& ctx) {
    auto body = JsonReader::Parse(ctx.request.body);
    if (!body.ok()) return Fail(ctx, body.error());
    registry::RegisterVolunteer c;
    c.name = body->Str("name");
    c.id_type = body->Str("id_type");
    c.id_number = body->Str("id_number");
    c.phone = body->Str("phone");
    c.password = body->Str("password");
    c.county_code = body->Str("county_code");
    c.political_status = body->Str("political_status");
    c.skills = body->StrList("skills");
    c.service_categories = body->StrList("service_categories");
    c.availability = body->Str("availability");
    c.emergency_contact_name = body->Str("emergency_contact_name");
    c.emergency_contact_phone = body->Str("emergency_contact_phone");
    c.gender = body->Str("gender");
    c.birth_date = body->Str("birth_date");
    c.guardian_name = body->Str("guardian_name");
    c.guardian_phone = body->Str("guardian_phone");
    c.guardian_consent = body->Bool("guardian_consent");
    if (auto st = body->Done(); !st.ok()) return Fail(ctx, st.error());
    return Reply(ctx, 201, s.volunteers.Register(c, ctx.meta));
  }).Limit("registration");

  router.Add("GET", "/api/v1/volunteers", Access::kAuthenticated, [&s](Context& ctx) {
    registry::VolunteerQuery q;
    if (auto c = ctx.request.Query("county_code"); c && !c->empty()) q.county_code = *c;
    q.text = ctx.request.Query("q").value_or("");
    q.page = PageFrom(ctx.request);
    auto page = s.volunteers.Search(ctx.Caller(), q);
    if (!page.ok()) return Problem(page.error(), ctx.request.request_id);
    return Response::Json(200, PageJson(*page));
  }).For(kAdmins);

  router.Add("GET", "/api/v1/volunteers/{id}", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    return Reply(ctx, 200, s.volunteers.Get(ctx.Caller(), core::VolunteerId(*id), ctx.meta));
  }).For({Role::kVolunteer, Role::kOrgAdmin, Role::kCountyAdmin, Role::kCityAdmin});

  router.Add("PATCH", "/api/v1/me/volunteer", Access::kAuthenticated, [&s](Context& ctx) {
    auto body = JsonReader::Parse(ctx.request.body);
    if (!body.ok()) return Fail(ctx, body.error());
    registry::UpdateProfile c;
    c.political_status = body->OptStr("political_status");
    c.skills = body->OptStrList("skills");
    c.service_categories = body->OptStrList("service_categories");
    c.availability = body->OptStr("availability");
    c.emergency_contact_name = body->OptStr("emergency_contact_name");
    c.emergency_contact_phone = body->OptStr("emergency_contact_phone");
    c.county_code = body->OptStr("county_code");
    if (auto st = body->Done(); !st.ok()) return Fail(ctx, st.error());
    return Reply(ctx, 200, s.volunteers.UpdateOwnProfile(ctx.Caller(), c, ctx.meta));
  }).For(kVolunteers);

  // ---- organisations
  router.Add("POST", "/api/v1/organizations", Access::kAuthenticated, [&s](Context& ctx) {
    auto body = JsonReader::Parse(ctx.request.body);
    if (!body.ok()) return Fail(ctx, body.error());
    registry::ApplyOrganization c;
    c.name = body->Str("name");
    c.credit_code = body->Str("credit_code");
    c.credit_code_note = body->Str("credit_code_note");
    c.type = body->Str("type");
    c.county_code = body->Str("county_code");
    c.parent_id = body->OptInt("parent_id");
    c.contact_name = body->Str("contact_name");
    c.person_in_charge = body->Str("person_in_charge");
    c.contact_phone = body->Str("contact_phone");
    c.description = body->Str("description");
    if (auto st = body->Done(); !st.ok()) return Fail(ctx, st.error());
    return Reply(ctx, 201, s.organizations.Apply(ctx.Caller(), c, ctx.meta));
  }).For(kVolunteers);

  router.Add("GET", "/api/v1/organizations", Access::kPublic, [&s](Context& ctx) {
    registry::OrganizationQuery q;
    const auto& req = ctx.request;
    if (auto st = req.Query("status"); st && !st->empty()) {
      auto parsed = registry::ParseOrgStatus(*st);
      if (!parsed) return Fail(ctx, core::Error::Field("status", "invalid_status", "状态不正确"));
      q.statuses.push_back(*parsed);
    }
    if (auto c = req.Query("county_code"); c && !c->empty()) q.county_code = *c;
    q.text = req.Query("q").value_or("");
    q.page = PageFrom(req);
    bool mine = req.Query("mine").value_or("") == "true";
    auto page = s.organizations.Search(ctx.MaybeCaller(), q, mine);
    if (!page.ok()) return Problem(page.error(), req.request_id);
    return Response::Json(200, PageJson(*page));
  });

  router.Add("GET", "/api/v1/organizations/{id}", Access::kPublic, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    return Reply(ctx, 200, s.organizations.Get(ctx.MaybeCaller(), core::OrganizationId(*id)));
  });

  router.Add("POST", "/api/v1/organizations/{id}/approve", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    auto body = JsonReader::Parse(ctx.request.body);
    if (!body.ok()) return Fail(ctx, body.error());
    auto reason = body->Str("credit_code_override_reason");
    if (auto st = body->Done(); !st.ok()) return Fail(ctx, st.error());
    return Reply(ctx, 200, s.organizations.Approve(ctx.Caller(), core::OrganizationId(*id), reason, ctx.meta));
  }).For(kAdmins);

  router.Add("POST", "/api/v1/organizations/{id}/reject", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    auto body = JsonReader::Parse(ctx.request.body);
    if (!body.ok()) return Fail(ctx, body.error());
    auto reason = body->Str("reason");
    if (auto st = body->Done(); !st.ok()) return Fail(ctx, st.error());
    return Reply(ctx, 200, s.organizations.Reject(ctx.Caller(), core::OrganizationId(*id), reason, ctx.meta));
  }).For(kAdmins);

  // ---- memberships
  router.Add("POST", "/api/v1/organizations/{id}/memberships", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    return Reply(ctx, 201, s.organizations.RequestMembership(ctx.Caller(), core::OrganizationId(*id), ctx.meta));
  }).For(kVolunteers);

  router.Add("GET", "/api/v1/organizations/{id}/memberships", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    std::optional<registry::MembershipStatus> status;
    if (auto st = ctx.request.Query("status"); st && !st->empty()) {
      status = registry::ParseMembershipStatus(*st);
      if (!status) return Fail(ctx, core::Error::Field("status", "invalid_status", "状态不正确"));
    }
    return ReplyList(ctx, s.organizations.Memberships(ctx.Caller(), core::OrganizationId(*id), status));
  }).For(kOrgAdmins);

  for (auto [action, approve] : {std::pair{"approve", true}, std::pair{"reject", false}}) {
    router.Add("POST", std::string("/api/v1/organizations/{id}/memberships/{membership_id}/") + action,
               Access::kAuthenticated, [&s, approve](Context& ctx) {
                 auto id = PathId(ctx, "id");
                 auto mid = PathId(ctx, "membership_id");
                 if (!id || !mid) return NotFound(ctx);
                 auto body = JsonReader::Parse(ctx.request.body);
                 if (!body.ok()) return Fail(ctx, body.error());
                 auto reason = body->Str("reason");
                 if (auto st = body->Done(); !st.ok()) return Fail(ctx, st.error());
                 return Reply(ctx, 200,
                              s.organizations.DecideMembership(ctx.Caller(), core::OrganizationId(*id),
                                                               core::MembershipId(*mid), approve, reason, ctx.meta));
               }).For(kOrgAdmins);
  }

  router.Add("GET", "/api/v1/me/memberships", Access::kAuthenticated, [&s](Context& ctx) {
    return ReplyList(ctx, s.organizations.MyMemberships(ctx.Caller()));
  }).ForAnyAccount();

  router.Add("POST", "/api/v1/organizations/{id}/admins", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    auto body = JsonReader::Parse(ctx.request.body);
    if (!body.ok()) return Fail(ctx, body.error());
    auto volunteer = body->OptInt("volunteer_id");
    if (auto st = body->Done(); !st.ok()) return Fail(ctx, st.error());
    std::optional<core::VolunteerId> chosen;  // required, checked after the organisation's scope
    if (volunteer) chosen = core::VolunteerId(*volunteer);
    auto st = s.organizations.AddAdmin(ctx.Caller(), core::OrganizationId(*id), chosen, ctx.meta);
    if (!st.ok()) return Fail(ctx, st.error());
    return Response::NoContent();
  }).For(kOrgAdmins);

  // ---- teams 队伍
  router.Add("GET", "/api/v1/organizations/{id}/teams", Access::kPublic, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    return ReplyList(ctx, s.organizations.Teams(ctx.MaybeCaller(), core::OrganizationId(*id)));
  });

  router.Add("POST", "/api/v1/organizations/{id}/teams", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    auto body = JsonReader::Parse(ctx.request.body);
    if (!body.ok()) return Fail(ctx, body.error());
    registry::CreateTeam c{body->Str("name"), body->Str("kind"), body->Str("description")};
    if (auto st = body->Done(); !st.ok()) return Fail(ctx, st.error());
    return Reply(ctx, 201, s.organizations.CreateTeam(ctx.Caller(), core::OrganizationId(*id), c, ctx.meta));
  }).For(kOrgAdmins);

  router.Add("GET", "/api/v1/organizations/{id}/teams/{team_id}/members", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    auto team = PathId(ctx, "team_id");
    if (!id || !team) return NotFound(ctx);
    return ReplyList(ctx, s.organizations.TeamMembers(ctx.Caller(), core::OrganizationId(*id), core::TeamId(*team)));
  }).For(kOrgAdmins);

  router.Add("POST", "/api/v1/organizations/{id}/teams/{team_id}/members", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    auto team = PathId(ctx, "team_id");
    if (!id || !team) return NotFound(ctx);
    auto body = JsonReader::Parse(ctx.request.body);
    if (!body.ok()) return Fail(ctx, body.error());
    auto volunteer = body->OptInt("volunteer_id");
    if (auto st = body->Done(); !st.ok()) return Fail(ctx, st.error());
    std::optional<core::VolunteerId> chosen;  // required, checked after the organisation's and team's scope
    if (volunteer) chosen = core::VolunteerId(*volunteer);
    auto st = s.organizations.AddTeamMember(ctx.Caller(), core::OrganizationId(*id), core::TeamId(*team), chosen,
                                            ctx.meta);
    if (!st.ok()) return Fail(ctx, st.error());
    return Response::NoContent();
  }).For(kOrgAdmins);

  // 批量导入志愿者: the body is the spreadsheet itself (CSV or XLSX, told apart by content), up to 5 MiB.
  router
      .Add("POST", "/api/v1/organizations/{id}/volunteer-imports", Access::kAuthenticated,
           [&s](Context& ctx) {
             auto id = PathId(ctx, "id");
             // Outsiders are turned away before the file is read: its faults are none of their business.
             if (!id || !ctx.Caller().IsOrgAdminOf(core::OrganizationId(*id))) return NotFound(ctx);
             auto sheet = ReadSheet(ctx.request.body, 20000, "sheet_unreadable");
             if (!sheet.ok()) return Fail(ctx, sheet.error());
             auto r = s.volunteer_imports.Import(ctx.Caller(), core::OrganizationId(*id), *sheet, ctx.meta);
             if (!r.ok()) return Fail(ctx, r.error());
             return Response::Json(200, {{"rows", r->rows},
                                         {"created", r->created},
                                         {"joined", r->joined},
                                         {"unchanged", r->unchanged},
                                         {"resent", r->resent},
                                         {"rejected", r->rejected},
                                         {"errors", RowErrorsJson(r->errors)}});
           }).For(kOrgAdmins)
      .AcceptUploads(5u << 20)
      .Limit("sms");  // new people get an SMS with their activation link
}

}  // namespace zhiyuan::http
