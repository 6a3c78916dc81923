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

}  // namespace zhiyuan::storage
