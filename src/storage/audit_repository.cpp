#include "storage/repositories.hpp"

namespace zhiyuan::storage {

using domain::audit::AuditEvent;

void SqlAuditRepository::Append(const AuditEvent& e) {
  conn_.Execute(
      "INSERT INTO audit_events (at, actor_id, actor_role, action, object_type, object_id, result, request_id, ip, "
      "detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      {core::ToUnix(e.at), e.actor ? Value(e.actor->value) : Value(), e.actor_role, e.action, e.object_type,
       e.object_id, e.result, e.request_id, e.ip, e.detail});
}

core::Page<AuditEvent> SqlAuditRepository::Search(const domain::audit::AuditQuery& q) {
  // Optional filters as "(CAST($n AS type) IS NULL OR col = $n)" keep one prepared statement for every
  // combination; the CAST tells PostgreSQL the parameter's type and is harmless in SQLite.
  constexpr std::string_view kWhere =
      " WHERE (CAST($1 AS BIGINT) IS NULL OR actor_id = $1) AND (CAST($2 AS TEXT) = '' OR action = $2) "
      "AND (CAST($3 AS BIGINT) IS NULL OR at >= $3) AND (CAST($4 AS BIGINT) IS NULL OR at <= $4)";
  Params filter{q.actor ? Value(q.actor->value) : Value(), q.action,
                q.from ? Value(core::ToUnix(*q.from)) : Value(), q.to ? Value(core::ToUnix(*q.to)) : Value()};
  core::Page<AuditEvent> page;
  page.request = q.page;
  static const std::string count_sql = "SELECT COUNT(*) FROM audit_events" + std::string(kWhere);
  static const std::string list_sql =
      "SELECT id, at, actor_id, actor_role, action, object_type, object_id, result, request_id, ip, detail "
      "FROM audit_events" +
      std::string(kWhere) + " ORDER BY id DESC LIMIT $5 OFFSET $6";
  page.total = conn_.QueryOne(count_sql, filter)->Int(0);
  filter.push_back(q.page.page_size);
  filter.push_back(q.page.offset());
  for (const auto& r : conn_.Query(list_sql, filter)) {
    AuditEvent e;
    e.id = r.Int(0);
    e.at = core::FromUnix(r.Int(1));
    if (auto a = r.OptInt(2)) e.actor = core::AccountId(*a);
    e.actor_role = r.Text(3);
    e.action = r.Text(4);
    e.object_type = r.Text(5);
    e.object_id = r.Text(6);
    e.result = r.Text(7);
    e.request_id = r.Text(8);
    e.ip = r.Text(9);
    e.detail = r.Text(10);
    page.items.push_back(std::move(e));
  }
  return page;
}

}  // namespace zhiyuan::storage
