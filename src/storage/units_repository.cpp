#include "storage/repositories.hpp"
#include "storage/sql_builder.hpp"

namespace zhiyuan::storage {

using namespace domain::units;  // NOLINT: this file implements the units port

namespace {

constexpr std::string_view kSelectUnit =
    "SELECT u.id, u.name, u.kind, u.region_code, r.name, "
    "(SELECT COUNT(*) FROM units_contacts c WHERE c.unit_id = u.id) "
    "FROM units_units u JOIN registry_regions r ON r.code = u.region_code";

std::vector<Unit> ReadUnits(const std::vector<Row>& rows) {
  std::vector<Unit> out;
  for (const auto& r : rows) out.push_back({UnitId(r.Int(0)), r.Text(1), r.Text(2), r.Text(3), r.Text(4), int(r.Int(5))});
  return out;
}

}  // namespace

std::optional<UnitId> SqlUnitRepository::Insert(const Unit& u, core::AccountId by, core::TimePoint at) {
  auto row = conn_.QueryOne("INSERT INTO units_units (name, kind, region_code, created_by, created_at) "
                            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id",
                            {u.name, u.kind, u.region_code, by.value, core::ToUnix(at)});
  if (!row) return std::nullopt;
  return UnitId(row->Int(0));
}

std::optional<Unit> SqlUnitRepository::Find(UnitId id) {
  static const std::string sql = Sql(kSelectUnit, " WHERE u.id = $1");
  auto units = ReadUnits(conn_.Query(sql, {id.value}));
  if (units.empty()) return std::nullopt;
  return units.front();
}

std::vector<Unit> SqlUnitRepository::List(const std::vector<std::string>& regions) {
  SqlBuilder b;
  if (!regions.empty()) {
    std::string in;
    for (const auto& r : regions) in += (in.empty() ? "" : ", ") + b.Bind(r);
    b.Where("u.region_code IN (" + in + ")");
  }
  return ReadUnits(conn_.Query(Sql(kSelectUnit, b.where() + " ORDER BY r.code, u.name"), b.params()));
}

void SqlUnitRepository::AddContact(UnitId unit, core::AccountId account, core::TimePoint at) {
  conn_.Execute("INSERT INTO units_contacts (unit_id, account_id, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                {unit.value, account.value, core::ToUnix(at)});
}

std::vector<Contact> SqlUnitRepository::Contacts(UnitId unit) {
  std::vector<Contact> out;
  for (const auto& r : conn_.Query("SELECT a.id, a.name, a.phone_masked FROM units_contacts c "
                                   "JOIN identity_accounts a ON a.id = c.account_id WHERE c.unit_id = $1 ORDER BY a.id",
                                   {unit.value}))
    out.push_back({core::AccountId(r.Int(0)), r.Text(1), r.Text(2)});
  return out;
}

std::vector<Unit> SqlUnitRepository::OfContact(core::AccountId account) {
  static const std::string sql =
      Sql(kSelectUnit, " JOIN units_contacts m ON m.unit_id = u.id WHERE m.account_id = $1 ORDER BY u.id");
  return ReadUnits(conn_.Query(sql, {account.value}));
}

bool SqlUnitRepository::IsContact(UnitId unit, core::AccountId account) {
  return conn_.QueryOne("SELECT 1 FROM units_contacts WHERE unit_id = $1 AND account_id = $2",
                        {unit.value, account.value})
      .has_value();
}

Upserted SqlUnitRepository::UpsertRosterMember(UnitId unit, const RosterMember& m, core::TimePoint at) {
  auto existing = conn_.QueryOne("SELECT digest FROM units_roster_members WHERE unit_id = $1 AND id_bidx = $2",
                                 {unit.value, m.id_bidx});
  if (existing && existing->Text(0) == m.digest) return Upserted::kUnchanged;
  if (existing) {
    conn_.Execute("UPDATE units_roster_members SET name = $3, id_enc = $4, id_masked = $5, political_status = $6, "
                  "phone_enc = $7, phone_masked = $8, department = $9, digest = $10, updated_at = $11 "
                  "WHERE unit_id = $1 AND id_bidx = $2",
                  {unit.value, m.id_bidx, m.name, m.id_enc, m.id_masked, m.political_status, m.phone_enc,
                   m.phone_masked, m.department, m.digest, core::ToUnix(at)});
    return Upserted::kUpdated;
  }
  conn_.Execute("INSERT INTO units_roster_members (unit_id, id_bidx, name, id_enc, id_masked, political_status, "
                "phone_enc, phone_masked, department, digest, added_at, updated_at) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
                {unit.value, m.id_bidx, m.name, m.id_enc, m.id_masked, m.political_status, m.phone_enc,
                 m.phone_masked, m.department, m.digest, core::ToUnix(at)});
  return Upserted::kAdded;
}

std::int64_t SqlUnitRepository::InsertRosterImport(const RosterImport& i) {
  return conn_
      .QueryOne("INSERT INTO units_roster_imports (unit_id, file_name, file_sha256, row_count, added, updated, "
                "unchanged, duplicates_merged, rejected, imported_by, imported_at) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                {i.unit.value, i.file_name, i.file_sha256, i.rows, i.added, i.updated, i.unchanged,
                 i.duplicates_merged, i.rejected, i.imported_by.value, core::ToUnix(i.imported_at)})
      ->Int(0);
}

std::vector<RosterImport> SqlUnitRepository::RosterImports(UnitId unit, int limit) {
  std::vector<RosterImport> out;
  for (const auto& r : conn_.Query(
           "SELECT i.id, i.file_name, i.file_sha256, i.row_count, i.added, i.updated, i.unchanged, "
           "i.duplicates_merged, i.rejected, i.imported_by, a.name, i.imported_at FROM units_roster_imports i "
           "JOIN identity_accounts a ON a.id = i.imported_by WHERE i.unit_id = $1 ORDER BY i.id DESC LIMIT $2",
           {unit.value, limit})) {
    RosterImport i;
    i.id = r.Int(0);
    i.unit = unit;
    i.file_name = r.Text(1);
    i.file_sha256 = r.Text(2);
    i.rows = int(r.Int(3));
    i.added = int(r.Int(4));
    i.updated = int(r.Int(5));
    i.unchanged = int(r.Int(6));
    i.duplicates_merged = int(r.Int(7));
    i.rejected = int(r.Int(8));
    i.imported_by = core::AccountId(r.Int(9));
    i.imported_by_name = r.Text(10);
    i.imported_at = core::FromUnix(r.Int(11));
    out.push_back(std::move(i));
  }
  return out;
}

namespace {

// The unit's people: its roster matched to volunteers through the ID blind index, and the volunteers who
// joined through the invitation link without being on the roster; each with the year's confirmed minutes.
constexpr std::string_view kEntries =
    "WITH entries AS ("
    "SELECT m.name, m.id_masked, m.political_status, m.department, m.phone_masked, v.volunteer_number, "
    "COALESCE(t.confirmed_minutes, 0) AS minutes, 'roster' AS source, m.id_bidx AS sort_key "
    "FROM units_roster_members m LEFT JOIN registry_volunteers v ON v.id_number_bidx = m.id_bidx "
    "LEFT JOIN ledger_volunteer_totals t ON t.volunteer_id = v.id AND t.year = $2 WHERE m.unit_id = $1 "
    "UNION ALL "
    "SELECT v.name, v.id_number_masked, v.political_status, '', '', v.volunteer_number, "
    "COALESCE(t.confirmed_minutes, 0), 'invitation', v.id_number_bidx "
    "FROM units_memberships j JOIN registry_volunteers v ON v.id = j.volunteer_id "
    "LEFT JOIN ledger_volunteer_totals t ON t.volunteer_id = v.id AND t.year = $2 WHERE j.unit_id = $1 "
    "AND NOT EXISTS (SELECT 1 FROM units_roster_members m WHERE m.unit_id = $1 AND m.id_bidx = v.id_number_bidx)) ";

std::string FilterOf(RosterFilter f) {
  switch (f) {
    case RosterFilter::kUnregistered: return " WHERE volunteer_number IS NULL";
    case RosterFilter::kUnder20h: return " WHERE volunteer_number IS NOT NULL AND minutes < 1200";
    case RosterFilter::kAll: break;
  }
  return "";
}

}  // namespace

RosterSummary SqlUnitRepository::Summary(UnitId unit, int year) {
  static const std::string sql = Sql(
      kEntries,
      "SELECT COUNT(*), COUNT(volunteer_number), "
      "COALESCE(SUM(CASE WHEN volunteer_number IS NOT NULL AND minutes < 1200 THEN 1 ELSE 0 END), 0), "
      "(SELECT COUNT(*) FROM units_memberships WHERE unit_id = $1) FROM entries");
  auto r = conn_.QueryOne(sql, {unit.value, year});
  RosterSummary s;
  s.members = r->Int(0);
  s.registered = r->Int(1);
  s.unregistered = s.members - s.registered;
  s.under_20h = r->Int(2);
  s.joined = r->Int(3);
  return s;
}

core::Page<RosterEntry> SqlUnitRepository::Roster(UnitId unit, int year, RosterFilter filter,
                                                  core::PageRequest page) {
  core::Page<RosterEntry> out;
  out.request = page;
  auto where = FilterOf(filter);
  out.total = conn_.QueryOne(Sql(kEntries, "SELECT COUNT(*) FROM entries" + where), {unit.value, year})->Int(0);
  // Unregistered first, then the fewest hours: the people a unit still has to reach.
  for (const auto& r : conn_.Query(Sql(kEntries, "SELECT name, id_masked, political_status, department, "
                                                 "phone_masked, volunteer_number, minutes, source FROM entries" +
                                                     where +
                                                     " ORDER BY CASE WHEN volunteer_number IS NULL THEN 0 ELSE 1 "
                                                     "END, minutes, sort_key LIMIT $3 OFFSET $4"),
                                   {unit.value, year, page.page_size, page.offset()})) {
    RosterEntry e;
    e.name = r.Text(0);
    e.id_masked = r.Text(1);
    e.political_status = r.Text(2);
    e.department = r.Text(3);
    e.phone_masked = r.Text(4);
    if (!r.IsNull(5)) e.volunteer_number = r.Text(5);
    e.year_minutes = r.Int(6);
    e.source = r.Text(7);
    out.items.push_back(std::move(e));
  }
  return out;
}

std::string SqlUnitRepository::Invitation(UnitId unit, const std::string& fresh_token, core::TimePoint at) {
  conn_.Execute("INSERT INTO units_invitations (unit_id, token, created_at) VALUES ($1, $2, $3) "
                "ON CONFLICT (unit_id) DO NOTHING",
                {unit.value, fresh_token, core::ToUnix(at)});
  return conn_.QueryOne("SELECT token FROM units_invitations WHERE unit_id = $1", {unit.value})->Text(0);
}

std::optional<UnitId> SqlUnitRepository::FindByInvitation(const std::string& token) {
  auto r = conn_.QueryOne("SELECT unit_id FROM units_invitations WHERE token = $1", {token});
  if (!r) return std::nullopt;
  return UnitId(r->Int(0));
}

bool SqlUnitRepository::Join(UnitId unit, core::VolunteerId volunteer, core::TimePoint at) {
  return conn_
      .QueryOne("INSERT INTO units_memberships (unit_id, volunteer_id, joined_at) VALUES ($1, $2, $3) "
                "ON CONFLICT DO NOTHING RETURNING unit_id",
                {unit.value, volunteer.value, core::ToUnix(at)})
      .has_value();
}

}  // namespace zhiyuan::storage
