#include "core/text.hpp"
#include "http/routes/route_helpers.hpp"

namespace zhiyuan::http {

namespace proofs = domain::proofs;
using nlohmann::json;

namespace {

std::string PdfUrl(const std::string& number) { return "/api/v1/me/proofs/" + number + "/pdf"; }

// A proof as its owner and the public verification page see it: the facts (ID masked), never more.
json ProofJson(const proofs::Proof& p, const proofs::ProofService& service) {
  const auto& f = p.facts;
  json issuers = json::array(), lines = json::array();
  for (const auto& i : f.issuers)
    issuers.push_back({{"organization_id", i.organization.value}, {"name", i.name},
                       {"person_in_charge", i.person_in_charge}, {"handler", i.handler}, {"minutes", i.minutes},
                       {"hours", core::FormatHours(i.minutes)}});
  for (const auto& l : f.lines)
    lines.push_back({{"activity_id", l.activity.value}, {"title", l.title}, {"category", l.category},
                     {"organization_id", l.organization.value}, {"first_day", core::FormatDate(l.first_day)},
                     {"last_day", core::FormatDate(l.last_day)}, {"minutes", l.minutes},
                     {"hours", core::FormatHours(l.minutes)}});
  return {{"number", f.number},
          {"status", proofs::ToString(p.status)},
          {"volunteer_name", f.volunteer_name},
          {"id_number", f.id_number_masked},
          {"volunteer_number", f.volunteer_number},
          {"from", f.from ? json(core::FormatDate(*f.from)) : json(nullptr)},
          {"to", f.to ? json(core::FormatDate(*f.to)) : json(nullptr)},
          {"total_minutes", f.total_minutes},
          {"total_hours", core::FormatHours(f.total_minutes)},
          {"issuers", std::move(issuers)},
          {"lines", std::move(lines)},
          {"issued_at", core::FormatRfc3339(f.issued_at)},
          {"superseded_by", p.superseded_by.empty() ? json(nullptr) : json(p.superseded_by)},
          {"revoked_reason", p.revoked_reason},
          {"changed_at", core::FormatRfc3339(p.changed_at)},
          {"verify_url", service.VerifyUrl(f.number)}};
}

// What the owner sees besides the facts: where to download the PDF.
json OwnProofJson(const proofs::Proof& p, const proofs::ProofService& service) {
  auto j = ProofJson(p, service);
  j["pdf_url"] = PdfUrl(p.facts.number);
  return j;
}

}  // namespace

void AddProofRoutes(Router& router, Services& s) {
  router.Add("POST", "/api/v1/me/proofs", Access::kAuthenticated, [&s](Context& ctx) {
    std::string from, to;
    if (!ctx.request.body.empty()) {
      ZY_BODY(body, ctx);
      from = body.Str("from");
      to = body.Str("to");
      ZY_BODY_DONE(body, ctx);
    }
    auto issued = s.proofs.Request(ctx.Caller(), from, to, ctx.meta);
    if (!issued.ok()) return Fail(ctx, issued.error());
    return Response::Json(201, OwnProofJson(issued->proof, s.proofs));
  }).For(kVolunteers);

  router.Add("GET", "/api/v1/me/proofs", Access::kAuthenticated, [&s](Context& ctx) {
    return ReplyItems(ctx, s.proofs.Mine(ctx.Caller()),
                      [&s](const proofs::Proof& p) { return OwnProofJson(p, s.proofs); });
  }).ForAnyAccount();

  router.Add("GET", "/api/v1/me/proofs/{number}/pdf", Access::kAuthenticated, [&s](Context& ctx) {
    const auto& number = ctx.request.Param("number");
    auto pdf = s.proofs.Pdf(ctx.Caller(), number);
    if (!pdf.ok()) return Fail(ctx, pdf.error());
    return Response::File("application/pdf", std::move(*pdf), "attachment; filename=\"proof-" + number + ".pdf\"");
  }).For(kVolunteers);

  router.Add("GET", "/api/v1/proofs/{number}", Access::kPublic, [&s](Context& ctx) {
    auto p = s.proofs.Verify(ctx.request.Param("number"));
    if (!p.ok()) return Fail(ctx, p.error());
    return Response::Json(200, ProofJson(*p, s.proofs));
  });

  // A file someone was given, checked by its SHA-256 (computed in the browser, so the file never leaves it).
  router.Add("GET", "/api/v1/proof-files/{sha256}", Access::kPublic, [&s](Context& ctx) {
    auto p = s.proofs.VerifyFile(ctx.request.Param("sha256"));
    if (!p.ok()) return Fail(ctx, p.error());
    return Response::Json(200, ProofJson(*p, s.proofs));
  });

  router.Add("POST", "/api/v1/proofs/{number}/revoke", Access::kAuthenticated, [&s](Context& ctx) {
    ZY_BODY(body, ctx);
    auto reason = body.Str("reason");
    ZY_BODY_DONE(body, ctx);
    auto p = s.proofs.Revoke(ctx.Caller(), ctx.request.Param("number"), reason, ctx.meta);
    if (!p.ok()) return Fail(ctx, p.error());
    return Response::Json(200, ProofJson(*p, s.proofs));
  }).For({Role::kOrgAdmin, Role::kCityAdmin});

  router.Add("GET", "/api/v1/organizations/{id}/proofs", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    return ReplyItems(ctx, s.proofs.OfOrganization(ctx.Caller(), core::OrganizationId(*id)),
                      [&s](const proofs::Proof& p) { return ProofJson(p, s.proofs); });
  }).For({Role::kOrgAdmin, Role::kCityAdmin});
}

}  // namespace zhiyuan::http
