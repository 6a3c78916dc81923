#include "storage/key_rotation.hpp"

#include <chrono>

namespace zhiyuan::storage {
namespace {

constexpr std::size_t kUnreadableListed = 20;

// The LIKE pattern of values on `version`: "k3:%" (no LIKE wildcard can occur in the prefix).
std::string VersionPattern(int version) { return "k" + std::to_string(version) + ":%"; }

// The columns of one table, which a batch reads and rewrites together.
struct TableColumns {
  std::string table;
  std::vector<const EncryptedColumn*> columns;
};

std::vector<TableColumns> ByTable() {
  std::vector<TableColumns> tables;
  for (const auto& c : EncryptedColumns()) {
    if (tables.empty() || tables.back().table != c.table) tables.push_back({c.table, {}});
    tables.back().columns.push_back(&c);
  }
  return tables;
}

std::string KeyList(const EncryptedColumn& c) {
  std::string out;
  for (const auto& k : c.key) out += (out.empty() ? "" : ", ") + k.name;
  return out;
}

// SQLite rewrites every $N to a positional ?, so each statement numbers its parameters once, in order.
std::string Placeholders(int& next, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += (i ? ", $" : "$") + std::to_string(next++);
  return out;
}

std::string DescribeKey(const EncryptedColumn& c, const Row& row) {
  std::string out;
  for (std::size_t i = 0; i < c.key.size(); ++i)
    out += (i ? ", " : "") + c.key[i].name + "=" + (c.key[i].integer ? std::to_string(row.Int(i)) : row.Text(i));
  return out;
}

// Re-encrypts one batch of `table` after `last` (empty: from the start) in one write transaction. Returns the
// number of rows read; `last` becomes the key of the last of them.
std::size_t ReencryptBatch(Database& db, const crypto::FieldCipher& cipher, const TableColumns& t, int version,
                           int batch_rows, Params& last, TableRotation& progress, RotationReport& report) {
  const auto& first = *t.columns.front();
  const auto key_count = first.key.size();
  auto pattern = VersionPattern(version);

  std::string sql = "SELECT " + KeyList(first);
  for (const auto* c : t.columns) sql += ", " + c->column;
  sql += " FROM " + t.table + " WHERE (";
  int next = 1;
  Params params;
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    const auto& column = t.columns[i]->column;
    sql += (i ? " OR (" : "(") + column + " <> '' AND " + column + " NOT LIKE $" + std::to_string(next++) + ")";
    params.emplace_back(pattern);
  }
  sql += ")";
  if (!last.empty()) {
    sql += " AND (" + KeyList(first) + ") > (" + Placeholders(next, key_count) + ")";
    params.insert(params.end(), last.begin(), last.end());
  }
  sql += " ORDER BY " + KeyList(first) + " LIMIT " + std::to_string(batch_rows);

  Transaction tx(db, TxMode::kWrite);
  auto rows = tx.conn().Query(sql, params);
  for (const auto& row : rows) {
    Params key;
    for (std::size_t k = 0; k < key_count; ++k)
      key.push_back(first.key[k].integer ? Value(row.Int(k)) : Value(row.Text(k)));
    bool rewritten = false;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const auto& c = *t.columns[i];
      auto old = row.OptText(key_count + i);
      if (!old || old->empty() || crypto::FieldCipher::VersionOf(*old) == version) continue;
      auto plaintext = cipher.Decrypt(c.field, *old);
      if (!plaintext) {
        ++progress.values_unreadable;
        if (report.unreadable.size() < kUnreadableListed)
          report.unreadable.push_back(c.Name() + " (" + DescribeKey(c, row) + ")");
        continue;
      }
      int n = 1;
      std::string update = "UPDATE " + t.table + " SET " + c.column + " = $" + std::to_string(n++) + " WHERE ";
      for (const auto& part : c.key) update += part.name + " = $" + std::to_string(n++) + " AND ";
      update += c.column + " = $" + std::to_string(n++);
      Params values{cipher.Encrypt(c.field, *plaintext)};
      values.insert(values.end(), key.begin(), key.end());
      values.emplace_back(*old);
      if (tx.conn().Execute(update, values) == 1) {
        ++progress.values_rewritten;
        rewritten = true;
      } else {
        ++progress.values_changed_meanwhile;
      }
    }
    if (rewritten) ++progress.rows_rewritten;
    last = std::move(key);
  }
  tx.Commit();
  return rows.size();
}

}  // namespace

const std::vector<EncryptedColumn>& EncryptedColumns() {
  // Grouped by table (a batch rewrites a table's columns together). `field` is what the domain passes to
  // FieldCipher::Encrypt for the column (identity, registry, activities, needs, credentials, notices, units).
  static const std::vector<EncryptedColumn> kColumns = {
      {"identity_accounts", {{"id", true}}, "phone_enc", "phone"},
      {"identity_accounts", {{"id", true}}, "totp_secret_enc", "totp_secret"},
      {"registry_volunteers", {{"id", true}}, "id_number_enc", "id_number"},
      {"registry_volunteers", {{"id", true}}, "emergency_contact_phone_enc", "emergency_contact_phone"},
      {"registry_volunteers", {{"id", true}}, "guardian_phone_enc", "guardian_phone"},
      {"registry_organizations", {{"id", true}}, "contact_phone_enc", "contact_phone"},
      {"activities_activities", {{"id", true}}, "contact_phone_enc", "contact_phone"},
      {"needs_needs", {{"id", true}}, "contact_phone_enc", "contact_phone"},
      {"credentials_banks", {{"code", false}}, "api_key_enc", "bank_api_key"},
      {"notices_receipts", {{"notice_id", true}, {"unit_id", true}}, "contact_phone_enc", "contact_phone"},
      {"units_roster_members", {{"unit_id", true}, {"id_bidx", false}}, "id_enc", "id_number"},
      {"units_roster_members", {{"unit_id", true}, {"id_bidx", false}}, "phone_enc", "phone"},
  };
  return kColumns;
}

std::vector<ColumnCensus> CountCiphertexts(Database& db) {
  auto conn = db.Acquire();
  std::vector<ColumnCensus> out;
  for (const auto& c : EncryptedColumns()) {
    const auto& v = c.column;
    // Only the short version prefix leaves the database: never a value that might not be ciphertext.
    std::string prefix = conn->dialect() == Dialect::kSqlite
                             ? "CASE WHEN instr(substr(" + v + ", 1, 8), ':') > 1 THEN substr(" + v + ", 1, instr(" +
                                   v + ", ':') - 1) ELSE '' END"
                             : "CASE WHEN strpos(left(" + v + ", 8), ':') > 1 THEN split_part(" + v +
                                   ", ':', 1) ELSE '' END";
    ColumnCensus census{&c, {}};
    for (const auto& row : conn->Query("SELECT " + prefix + ", COUNT(*) FROM " + c.table + " WHERE " + v +
                                       " IS NOT NULL AND " + v + " <> '' GROUP BY 1")) {
      auto version = crypto::FieldCipher::VersionOf(row.Text(0) + ":");
      census.by_version[version ? "k" + std::to_string(*version) : "unrecognised"] += row.Int(1);
    }
    out.push_back(std::move(census));
  }
  return out;
}

std::int64_t CountNotOnVersion(Database& db, int version) {
  auto conn = db.Acquire();
  std::int64_t total = 0;
  for (const auto& c : EncryptedColumns())
    total += conn->QueryOne("SELECT COUNT(*) FROM " + c.table + " WHERE " + c.column + " <> '' AND " + c.column +
                                " NOT LIKE $1",
                            {VersionPattern(version)})
                 ->Int(0);
  return total;
}

std::int64_t RotationReport::ValuesRewritten() const {
  std::int64_t n = 0;
  for (const auto& t : tables) n += t.values_rewritten;
  return n;
}

std::int64_t RotationReport::ValuesUnreadable() const {
  std::int64_t n = 0;
  for (const auto& t : tables) n += t.values_unreadable;
  return n;
}

RotationReport ReencryptAll(Database& db, const crypto::FieldCipher& cipher, const RotationOptions& options) {
  RotationReport report;
  report.version = cipher.NewestVersion();
  int batch_rows = std::max(1, options.batch_rows);
  for (const auto& t : ByTable()) {
    TableRotation progress;
    progress.table = t.table;
    auto started = std::chrono::steady_clock::now();
    Params last;
    for (;;) {
      auto read = ReencryptBatch(db, cipher, t, report.version, batch_rows, last, progress, report);
      progress.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      progress.done = read < std::size_t(batch_rows);
      if (options.on_progress) options.on_progress(progress);
      if (progress.done) break;
    }
    report.tables.push_back(progress);
  }
  return report;
}

}  // namespace zhiyuan::storage
