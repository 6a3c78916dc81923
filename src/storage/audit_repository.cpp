#include "storage/repositories.hpp"

namespace zhiyuan::storage {

using domain::audit::AuditEvent;

namespace {

constexpr std::string_view kColumns =
    "id, at, actor_id, actor_role, action, object_type, object_id, result, request_id, ip, detail, prev_hash, hash";

AuditEvent ReadEvent(const Row& r) {
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
  e.prev_hash = r.Text(11);
  e.hash = r.Text(12);
  return e;
}

constexpr std::string_view kSelectHead = "SELECT last_id, last_hash, seal FROM audit_chain WHERE id = 1";

domain::audit::ChainHead ReadHead(Connection& conn, const std::string& sql) {
  auto row = conn.QueryOne(sql);
  return {row->Int(0), row->Text(1), row->Text(2)};
}

}  // namespace

void SqlAuditRepository::Flush() {
  if (pending_.empty()) return;
  auto head = LockHead();
  for (auto& e : pending_) {
    e.id = head.last_id + 1;  // ids follow the chain, with no gaps
    e.prev_hash = head.last_hash;
    e.hash = chain_.Link(e, e.prev_hash);
    Insert(e);
    head.last_id = e.id;
    head.last_hash = e.hash;
  }
  pending_.clear();
  SaveHead(head);
}

domain::audit::ChainHead SqlAuditRepository::LockHead() {
  // SQLite's write transaction already excludes every other writer; PostgreSQL takes the head's row lock, held
  // to the commit, so the links are written in commit order.
  static const std::string postgres = std::string(kSelectHead) + " FOR UPDATE";
  return ReadHead(conn_, conn_.dialect() == Dialect::kPostgres ? postgres : std::string(kSelectHead));
}

void SqlAuditRepository::SaveHead(const domain::audit::ChainHead& head) {
  conn_.Execute("UPDATE audit_chain SET last_id = $1, last_hash = $2, seal = $3 WHERE id = 1",
                {head.last_id, head.last_hash, chain_.Head(head.last_id, head.last_hash)});
}

void SqlAuditRepository::Insert(const AuditEvent& e) {
  static const std::string sql =
      "INSERT INTO audit_log (" + std::string(kColumns) + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
      "$12, $13)";
  conn_.Execute(sql, {e.id, core::ToUnix(e.at), e.actor ? Value(e.actor->value) : Value(), e.actor_role, e.action,
                      e.object_type, e.object_id, e.result, e.request_id, e.ip, e.detail, e.prev_hash, e.hash});
}

std::vector<AuditEvent> SqlAuditRepository::ChainAfter(std::int64_t after_id, int limit) {
  static const std::string sql =
      "SELECT " + std::string(kColumns) + " FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2";
  std::vector<AuditEvent> out;
  for (const auto& r : conn_.Query(sql, {after_id, std::int64_t(limit)})) out.push_back(ReadEvent(r));
  return out;
}

domain::audit::ChainHead SqlAuditRepository::Head() { return ReadHead(conn_, std::string(kSelectHead)); }

std::int64_t SqlAuditRepository::LinkRecordsBeforeTheChain() {
  auto head = LockHead();
  if (head.last_id != 0 || !head.seal.empty()) return 0;
  if (conn_.QueryOne("SELECT COUNT(*) FROM audit_log WHERE hash <> ''")->Int(0) != 0) return 0;
  std::int64_t linked = 0;
  for (;;) {
    auto batch = ChainAfter(head.last_id, 5000);
    if (batch.empty()) break;
    for (auto& e : batch) {
      e.prev_hash = head.last_hash;
      e.hash = chain_.Link(e, e.prev_hash);
      conn_.Execute("UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE id = $3", {e.prev_hash, e.hash, e.id});
      head.last_id = e.id;
      head.last_hash = e.hash;
      ++linked;
    }
  }
  SaveHead(head);
  return linked;
}

std::optional<domain::audit::Archive> SqlAuditRepository::LatestArchive() {
  auto r = conn_.QueryOne(
      "SELECT id, first_id, through_id, through_hash, records, file_sha256, file_name, archived_at, seal "
      "FROM audit_archives ORDER BY through_id DESC LIMIT 1");
  if (!r) return std::nullopt;
  return domain::audit::Archive{r->Int(0),  r->Int(1),  r->Int(2), r->Text(3), r->Int(4),
                                r->Text(5), r->Text(6), core::FromUnix(r->Int(7)), r->Text(8)};
}

void SqlAuditRepository::InsertArchive(const domain::audit::Archive& a) {
  conn_.Execute(
      "INSERT INTO audit_archives (id, first_id, through_id, through_hash, records, file_sha256, file_name, "
      "archived_at, seal) VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM audit_archives), $1, $2, $3, $4, $5, $6, $7, $8)",
      {a.first_id, a.through_id, a.through_hash, a.records, a.file_sha256, a.file_name, core::ToUnix(a.archived_at),
       a.seal});
}

std::int64_t SqlAuditRepository::DeleteThrough(std::int64_t through_id) {
  return conn_.Execute("DELETE FROM audit_log WHERE id <= $1", {through_id});
}

core::Page<AuditEvent> SqlAuditRepository::Search(const domain::audit::AuditQuery& q) {
  // Optional filters as "(CAST($n AS type) IS NULL OR col = $n)" keep one prepared statement for every
  // combination; the CAST tells PostgreSQL the parameter's type and is harmless in SQLite.
  constexpr std::string_view kWhere =
      " WHERE (CAST($1 AS BIGINT) IS NULL OR actor_id = $1) AND (CAST($2 AS TEXT) = '' OR action = $2) "
      "AND (CAST($3 AS BIGINT) IS NULL OR at >= $3) AND (CAST($4 AS BIGINT) IS NULL OR at <= $4) "
      "AND (CAST($5 AS TEXT) = '' OR result = $5)";
  Params filter{q.actor ? Value(q.actor->value) : Value(), q.action,
                q.from ? Value(core::ToUnix(*q.from)) : Value(), q.to ? Value(core::ToUnix(*q.to)) : Value(),
                q.result};
  core::Page<AuditEvent> page;
  page.request = q.page;
  static const std::string count_sql = "SELECT COUNT(*) FROM audit_log" + std::string(kWhere);
  static const std::string list_sql =
      "SELECT " + std::string(kColumns) + " FROM audit_log" + std::string(kWhere) +
      " ORDER BY id DESC LIMIT $6 OFFSET $7";
  page.total = conn_.QueryOne(count_sql, filter)->Int(0);
  filter.push_back(q.page.page_size);
  filter.push_back(q.page.offset());
  for (const auto& r : conn_.Query(list_sql, filter)) page.items.push_back(ReadEvent(r));
  return page;
}

}  // namespace zhiyuan::storage
