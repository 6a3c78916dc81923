#include "http/dto.hpp"

namespace zhiyuan::http {

void AddSystemRoutes(Router& router, Services& s) {
  // Health: answers 503 when the database does not, so a load balancer stops sending traffic.
  router.Add("GET", "/healthz", Access::kPublic, [&s](Context&) {
    bool db = s.store.Ping();
    return Response::Json(db ? 200 : 503, {{"status", db ? "ok" : "degraded"}, {"database", db ? "ok" : "down"}});
  });
}

}  // namespace zhiyuan::http
