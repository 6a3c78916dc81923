#include <charconv>

#include "core/time_format.hpp"
#include "core/validation.hpp"
#include "http/dto.hpp"

namespace zhiyuan::http {

void AddAuditRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/audit-events", Access::kAuthenticated, [&s](Context& ctx) {
    domain::audit::AuditQuery q;
    const auto& req = ctx.request;
    core::Validator v;
    if (auto a = req.Query("actor_id"); a && !a->empty()) {
      std::int64_t id = 0;
      auto [p, ec] = std::from_chars(a->data(), a->data() + a->size(), id);
      if (ec != std::errc() || p != a->data() + a->size()) v.Add("actor_id", "invalid_actor_id", "操作人编号应为整数");
      q.actor = core::AccountId(id);
    }
    q.action = req.Query("action").value_or("");
    for (auto [name, target] : {std::pair{"from", &q.from}, std::pair{"to", &q.to}}) {
      auto text = req.Query(name);
      if (!text || text->empty()) continue;
      *target = core::ParseRfc3339(*text);
      if (!*target) v.Add(name, "invalid_time", "时间格式应为 RFC 3339，例如 2026-01-01T00:00:00+08:00");
    }
    if (auto st = v.Done(); !st.ok()) return Problem(st.error(), req.request_id);
    q.page = PageFrom(req);
    nlohmann::json filters{{"page", q.page.page}};
    for (const char* name : {"actor_id", "action", "from", "to"})
      if (auto value = req.Query(name); value && !value->empty()) filters[name] = *value;
    auto page = s.audit.Search(ctx.Caller(), q, ctx.meta, filters.dump());
    if (!page.ok()) return Problem(page.error(), req.request_id);
    return Response::Json(200, PageJson(*page));
  }).For({domain::identity::Role::kAuditor});
}

}  // namespace zhiyuan::http
