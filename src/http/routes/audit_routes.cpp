#include "core/time_format.hpp"
#include "http/dto.hpp"

namespace zhiyuan::http {

void AddAuditRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/audit-events", Access::kAuthenticated, [&s](Context& ctx) {
    domain::audit::AuditQuery q;
    const auto& req = ctx.request;
    if (auto a = req.Query("actor_id"); a && !a->empty()) q.actor = core::AccountId(std::atoll(a->c_str()));
    q.action = req.Query("action").value_or("");
    if (auto f = req.Query("from")) q.from = core::ParseRfc3339(*f);
    if (auto t = req.Query("to")) q.to = core::ParseRfc3339(*t);
    q.page = PageFrom(req);
    auto page = s.audit.Search(ctx.Caller(), q);
    if (!page.ok()) return Problem(page.error(), req.request_id);
    return Response::Json(200, PageJson(*page));
  });
}

}  // namespace zhiyuan::http
