#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "domain/registry/identity_documents.hpp"
#include "fixture.hpp"
#include "storage/key_rotation.hpp"

namespace zhiyuan::testing {
namespace {

using domain::identity::Role;

// The fixture's services, but encrypting through a cipher with a key ring of its own (a temporary folder), so a
// test can rotate the key under them the way `zhiyuan keys rotate` does beside a running server.
class KeyRotationTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    static int sequence = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("zhiyuan-ring-" + std::to_string(getpid()) + "-" + std::to_string(++sequence));
    std::filesystem::create_directories(dir_);
    ring_ = crypto::KeyRing::PathFor(dir_ / "secret.key");
    ringed_ = std::make_unique<crypto::FieldCipher>(key_, ring_);
    domain::identity::Vault vault{*ringed_, index_};
    volunteers_.reset();
    identity_ = std::make_unique<domain::identity::IdentityService>(*store_, vault, hasher_, clock_,
                                                                    domain::identity::IdentityPolicy{});
    volunteers_ = std::make_unique<domain::registry::VolunteerService>(*store_, *identity_, vault, verifier_, clock_);
    organizations_ = std::make_unique<domain::registry::OrganizationService>(*store_, vault, clock_);
    activities_ = std::make_unique<domain::activities::ActivityService>(*store_, vault, clock_);
  }
  void TearDown() override {
    BackendTest::TearDown();
    std::filesystem::remove_all(dir_);
  }

  // Writes values into every encrypted column: volunteers (with emergency and guardian phones), their accounts,
  // administrators with a second factor, an organisation, an activity, a need, bank keys, notice receipts and
  // roster members (the last two tables have two-column keys).
  void WriteEveryKindOfValue(int volunteers) {
    for (int i = 0; i < volunteers; ++i) {
      auto c = Command("1390000" + std::to_string(1000 + i));
      c.emergency_contact_name = "家属";
      c.emergency_contact_phone = "1370001" + std::to_string(1000 + i);
      if (i % 3 == 0) {  // a minor (born 2012), who registers with a guardian
        char first17[18];
        std::snprintf(first17, sizeof first17, "44140220120%d%02d%03d", 1 + i % 9, 1 + i % 28, i);
        c.id_number = std::string(first17) + domain::registry::ResidentIdCheckChar(first17);
        c.guardian_name = "监护人";
        c.guardian_phone = "1370002" + std::to_string(1000 + i);
        c.guardian_consent = true;
      }
      auto r = volunteers_->Register(c, meta_);
      ASSERT_TRUE(r.ok()) << r.error().message;
    }
    auto created = identity_->CreateAdmin({"审计员", "13700009999", "Admin#2026x", Role::kAuditor, "", ""}, meta_);
    ASSERT_TRUE(created.ok() && created->totp_uri);
    admin_totp_uri_ = *created->totp_uri;
    auto org_admin = OrganisationAdmin("13600000001");
    PublishedActivity(org_admin, std::chrono::hours(24), std::chrono::hours(2));

    auto conn = db_->Acquire();
    conn->Execute("UPDATE credentials_banks SET api_key_enc = $1 WHERE code = $2",
                  {ringed_->Encrypt("bank_api_key", "zyb_boc_key"), "boc"});
    conn->Execute("UPDATE credentials_banks SET api_key_enc = $1 WHERE code = $2",
                  {ringed_->Encrypt("bank_api_key", "zyb_ccb_key"), "ccb"});
    auto account = conn->QueryOne("SELECT MIN(id) FROM identity_accounts")->Int(0);
    for (int u = 0; u < 2; ++u) {
      conn->Execute("INSERT INTO units_units (name, kind, region_code, created_at) VALUES ($1, 'government', '441402', 0)",
                    {"单位" + std::to_string(u)});
    }
    conn->Execute("INSERT INTO needs_needs (title, description, recipients, county_code, address, wanted_from, "
                  "wanted_to, contact_name, contact_phone_enc, contact_phone_masked, status, posted_by, posted_at, "
                  "updated_at) VALUES ('需求', '说明', '居民', '441402', '地址', 0, 0, '联系人', $1, '', 'open', $2, 0, 0)",
                  {ringed_->Encrypt("contact_phone", "13500000999"), account});
    auto units = conn->Query("SELECT id FROM units_units ORDER BY id");
    conn->Execute("INSERT INTO notices_notices (title, body, deadline, published_by, published_at) "
                  "VALUES ('通知', '正文', 0, $1, 0)",
                  {account});
    auto notice = conn->QueryOne("SELECT MAX(id) FROM notices_notices")->Int(0);
    for (const auto& unit : units) {
      conn->Execute("INSERT INTO notices_receipts (notice_id, unit_id, leader_name, contact_name, contact_position, "
                    "contact_phone_enc, contact_phone_masked, contact_email, submitted_by, submitted_at, updated_at) "
                    "VALUES ($1, $2, '领导', '联系人', '职务', $3, '', '', $4, 0, 0)",
                    {notice, unit.Int(0), ringed_->Encrypt("contact_phone", "13500000" + std::to_string(100 + unit.Int(0))), account});
      for (int m = 0; m < 3; ++m) {
        auto id_number = NextIdNumber();
        conn->Execute("INSERT INTO units_roster_members (unit_id, id_bidx, name, id_enc, id_masked, political_status, "
                      "phone_enc, phone_masked, department, digest, added_at, updated_at) "
                      "VALUES ($1, $2, '成员', $3, '', 'party_member', $4, '', '', '', 0, 0)",
                      {unit.Int(0), index_.Of("id_number", id_number), ringed_->Encrypt("id_number", id_number),
                       m == 0 ? std::string() : ringed_->Encrypt("phone", "1340000" + std::to_string(1000 + m))});
      }
    }
  }

  // Every non-empty value of every encrypted column, decrypted: "table.column key" → {ciphertext, plaintext}.
  std::map<std::string, std::pair<std::string, std::string>> Snapshot() {
    std::map<std::string, std::pair<std::string, std::string>> out;
    auto conn = db_->Acquire();
    for (const auto& c : storage::EncryptedColumns()) {
      std::string keys;
      for (const auto& k : c.key) keys += (keys.empty() ? "" : ", ") + k.name;
      for (const auto& row : conn->Query("SELECT " + keys + ", " + c.column + " FROM " + c.table)) {
        auto value = row.OptText(c.key.size());
        if (!value || value->empty()) continue;
        std::string where = c.Name();
        for (std::size_t k = 0; k < c.key.size(); ++k) where += " " + row.Text(k);
        auto plaintext = ringed_->Decrypt(c.field, *value);
        EXPECT_TRUE(plaintext.has_value()) << where << " does not decrypt as field " << c.field;
        out[where] = {*value, plaintext.value_or("")};
      }
    }
    return out;
  }

  std::set<std::string> ColumnsWithValues(const std::map<std::string, std::pair<std::string, std::string>>& snapshot) {
    std::set<std::string> out;
    for (const auto& entry : snapshot) out.insert(entry.first.substr(0, entry.first.find(' ')));
    return out;
  }

  std::filesystem::path dir_;
  std::filesystem::path ring_;
  std::unique_ptr<crypto::FieldCipher> ringed_;
  std::string admin_totp_uri_;
};

TEST_P(KeyRotationTest, RotationReencryptsEveryValueUnderTheNewVersionAndLookUpsStillWork) {
  WriteEveryKindOfValue(25);
  auto before = Snapshot();
  EXPECT_EQ(ColumnsWithValues(before).size(), storage::EncryptedColumns().size()) << "a value in every column";
  for (const auto& [where, value] : before) EXPECT_EQ(value.first.rfind("k1:", 0), 0u) << where;

  ASSERT_EQ(crypto::KeyRing::AddVersion(ring_), 2);
  ASSERT_TRUE(ringed_->Reload());
  EXPECT_EQ(storage::CountNotOnVersion(*db_, 2), std::int64_t(before.size()));
  std::vector<storage::TableRotation> finished;
  storage::RotationOptions options;
  options.batch_rows = 4;  // many batches, so the key paging is exercised
  options.on_progress = [&](const storage::TableRotation& t) {
    if (t.done) finished.push_back(t);
  };
  auto report = storage::ReencryptAll(*db_, *ringed_, options);
  EXPECT_EQ(report.version, 2);
  EXPECT_EQ(report.ValuesRewritten(), std::int64_t(before.size()));
  EXPECT_EQ(report.ValuesUnreadable(), 0);
  EXPECT_EQ(finished.size(), report.tables.size());
  for (const auto& t : report.tables) {
    if (t.table == "registry_volunteers") {
      EXPECT_EQ(t.rows_rewritten, 26);  // 25 and the organisation's admin
    }
  }

  auto after = Snapshot();
  ASSERT_EQ(after.size(), before.size());
  for (const auto& [where, value] : after) {
    EXPECT_EQ(value.first.rfind("k2:", 0), 0u) << where;
    EXPECT_EQ(value.second, before.at(where).second) << where << " decrypts to what it held";
  }
  EXPECT_EQ(storage::CountNotOnVersion(*db_, 2), 0);
  for (const auto& census : storage::CountCiphertexts(*db_)) {
    for (const auto& [label, count] : census.by_version) EXPECT_EQ(label, "k2") << census.column->Name();
  }

  // Look-ups by blind index are unchanged, decryption of the second factor works, uniqueness holds.
  EXPECT_NO_THROW(Login("13900001003"));
  auto admin = identity_->Login("13700009999", "Admin#2026x", TotpCodeNow(admin_totp_uri_), meta_);
  EXPECT_TRUE(admin.ok()) << (admin.ok() ? "" : admin.error().code);
  auto again = Command("13900009876");
  again.id_number = NextIdNumber();
  ASSERT_TRUE(volunteers_->Register(again, meta_).ok());
  auto duplicate = Command("13900009877");
  duplicate.id_number = again.id_number;
  EXPECT_FALSE(volunteers_->Register(duplicate, meta_).ok()) << "the ID number's blind index still finds it";
  EXPECT_EQ(storage::CountNotOnVersion(*db_, 2), 0) << "new values use k2";

  auto rerun = storage::ReencryptAll(*db_, *ringed_, options);
  EXPECT_EQ(rerun.ValuesRewritten(), 0) << "nothing left to do";
}

TEST_P(KeyRotationTest, AnInterruptedRotationFinishesWhenRunAgain) {
  WriteEveryKindOfValue(30);
  auto before = Snapshot();
  crypto::KeyRing::AddVersion(ring_);
  ringed_->Reload();
  storage::RotationOptions options;
  options.batch_rows = 10;
  int batches = 0;
  options.on_progress = [&](const storage::TableRotation&) {
    if (++batches == 3) throw std::runtime_error("interrupted");
  };
  EXPECT_THROW(storage::ReencryptAll(*db_, *ringed_, options), std::runtime_error);
  auto left = storage::CountNotOnVersion(*db_, 2);
  EXPECT_GT(left, 0);
  EXPECT_LT(left, std::int64_t(before.size())) << "the committed batches stay done";

  options.on_progress = nullptr;
  auto report = storage::ReencryptAll(*db_, *ringed_, options);
  EXPECT_EQ(report.ValuesRewritten(), left);
  EXPECT_EQ(storage::CountNotOnVersion(*db_, 2), 0);
  auto after = Snapshot();
  for (const auto& [where, value] : after) EXPECT_EQ(value.second, before.at(where).second) << where;
}

TEST_P(KeyRotationTest, AValueThatDoesNotDecryptIsReportedAndLeftAsItIs) {
  WriteEveryKindOfValue(5);
  auto conn = db_->Acquire();
  auto victim = conn->QueryOne("SELECT MIN(id) FROM registry_volunteers")->Int(0);
  // A phone ciphertext moved into the guardian column: the field name (authenticated data) does not match.
  conn->Execute("UPDATE registry_volunteers SET guardian_phone_enc = $1 WHERE id = $2",
                {ringed_->Encrypt("phone", "13711112222"), victim});
  crypto::KeyRing::AddVersion(ring_);
  ringed_->Reload();
  auto report = storage::ReencryptAll(*db_, *ringed_, {});
  EXPECT_EQ(report.ValuesUnreadable(), 1);
  ASSERT_EQ(report.unreadable.size(), 1u);
  EXPECT_EQ(report.unreadable[0], "registry_volunteers.guardian_phone_enc (id=" + std::to_string(victim) + ")");
  EXPECT_EQ(storage::CountNotOnVersion(*db_, 2), 1) << "everything else moved on";
}

// The list the rotation works from names every `*_enc` column of the schema, each with its table's primary key.
TEST_P(KeyRotationTest, TheEncryptedColumnListMatchesTheSchema) {
  auto conn = db_->Acquire();
  bool sqlite = conn->dialect() == storage::Dialect::kSqlite;
  std::set<std::string> schema;
  auto rows = sqlite ? conn->Query("SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p "
                                   "WHERE m.type = 'table' AND p.name LIKE '%\\_enc' ESCAPE '\\'")
                     : conn->Query("SELECT table_name, column_name FROM information_schema.columns "
                                   "WHERE table_schema = current_schema() AND column_name LIKE '%\\_enc' ESCAPE '\\'");
  for (const auto& row : rows) schema.insert(row.Text(0) + "." + row.Text(1));
  std::set<std::string> listed;
  for (const auto& c : storage::EncryptedColumns()) {
    listed.insert(c.Name());
    std::vector<std::string> primary_key;
    auto key_rows =
        sqlite ? conn->Query("SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk", {c.table})
               : conn->Query("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                             "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = $1::regclass AND i.indisprimary "
                             "ORDER BY array_position(i.indkey::int2[], a.attnum)",
                             {c.table});
    for (const auto& row : key_rows) primary_key.push_back(row.Text(0));
    std::vector<std::string> key;
    for (const auto& k : c.key) key.push_back(k.name);
    EXPECT_EQ(key, primary_key) << c.table;
  }
  EXPECT_EQ(listed, schema);
}

ZY_BACKENDS(KeyRotationTest);

}  // namespace
}  // namespace zhiyuan::testing
