#include "app/generate.hpp"

#include <chrono>
#include <fstream>
#include <iostream>
#include <random>

#include "core/text.hpp"
#include "core/time_format.hpp"
#include "domain/registry/identity_documents.hpp"
#include "storage/database.hpp"

namespace zhiyuan::app {

using storage::Params;
using storage::Value;

namespace {

// Where generated people live: a county-level region and its weight (resident population, 10,000 persons).
struct Place {
  std::string code;
  double weight;
  std::string city_name;
};

// Meizhou's counties by population share (2022 bulletin), so volunteers spread as people do.
std::vector<Place> MeizhouCounties() {
  return {{"441402", 43.78, "梅州市"}, {"441403", 55.51, "梅州市"}, {"441422", 32.30, "梅州市"},
          {"441423", 48.00, "梅州市"}, {"441424", 92.44, "梅州市"}, {"441426", 19.00, "梅州市"},
          {"441427", 17.74, "梅州市"}, {"441481", 77.03, "梅州市"}};
}

// Guangdong's other 20 cities (GB/T 2260 codes; resident population of the 2020 census, 10,000 persons).
struct OtherCity {
  const char* code;
  const char* name;
  double population;
};
constexpr OtherCity kOtherCities[] = {
    {"440100", "广州市", 1867.66}, {"440200", "韶关市", 285.51}, {"440300", "深圳市", 1756.01},
    {"440400", "珠海市", 243.96},  {"440500", "汕头市", 550.20}, {"440600", "佛山市", 949.89},
    {"440700", "江门市", 479.81},  {"440800", "湛江市", 698.12}, {"440900", "茂名市", 617.41},
    {"441200", "肇庆市", 411.36},  {"441300", "惠州市", 604.29}, {"441500", "汕尾市", 267.26},
    {"441600", "河源市", 283.77},  {"441700", "阳江市", 260.30}, {"441800", "清远市", 396.95},
    {"441900", "东莞市", 1046.66}, {"442000", "中山市", 441.81}, {"445100", "潮州市", 256.88},
    {"445200", "揭阳市", 557.74},  {"445300", "云浮市", 238.35}};
constexpr int kCountiesPerOtherCity = 5;

// Province scale: Meizhou plus the other cities, each with kCountiesPerOtherCity generated county-level regions
// (codes <city>91…<city>95, a range GB/T 2260 leaves unused, named 第k区（生成）) sharing its population.
std::vector<Place> ProvincePlaces() {
  auto places = MeizhouCounties();
  for (const auto& city : kOtherCities)
    for (int k = 1; k <= kCountiesPerOtherCity; ++k)
      places.push_back({std::string(city.code, 4) + "9" + std::to_string(k), city.population / kCountiesPerOtherCity,
                        city.name});
  return places;
}

// The regions of the other cities, written once (the city's own regions come with the migrations).
void EnsureOtherCities(storage::Database& db) {
  storage::Transaction tx(db, storage::TxMode::kWrite);
  int order = 100;
  for (const auto& city : kOtherCities) {
    tx.conn().Execute("INSERT INTO registry_regions (code, name, level, parent_code, sort_order) VALUES "
                      "($1, $2, 'city', NULL, $3) ON CONFLICT (code) DO NOTHING",
                      {city.code, city.name, order++});
    for (int k = 1; k <= kCountiesPerOtherCity; ++k)
      tx.conn().Execute("INSERT INTO registry_regions (code, name, level, parent_code, sort_order) VALUES "
                        "($1, $2, 'county', $3, $4) ON CONFLICT (code) DO NOTHING",
                        {std::string(city.code, 4) + "9" + std::to_string(k),
                         std::string(city.name) + "第" + std::to_string(k) + "区（生成）", city.code, order++});
  }
  tx.Commit();
}

const char* kSurnames[] = {"李", "张", "黄", "陈", "刘", "钟", "曾", "罗", "温", "谢", "古", "廖", "叶", "邱", "林", "何"};
const char* kGiven[] = {"伟", "芳", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "嘉", "欣"};
const char* kCategories[] = {"应急救援", "助老助残", "文明交通", "环境保护", "社区服务", "大型赛会", "医疗卫生", "支教助学"};
const char* kPolitical[] = {"masses", "masses", "league_member", "league_member", "party_member", "masses"};

constexpr std::size_t kBatch = 20000;

class Progress {
 public:
  Progress(std::string what, std::int64_t total) : what_(std::move(what)), total_(total), start_(Clock::now()) {}
  void Tick(std::int64_t done) {
    auto s = std::chrono::duration<double>(Clock::now() - start_).count();
    int width = 30, filled = total_ ? int(width * done / total_) : width;
    std::cerr << "\r" << what_ << " [" << std::string(filled, '#') << std::string(width - filled, '.') << "] " << done
              << "/" << total_ << "  " << std::int64_t(s > 0 ? done / s : 0) << " rows/s   " << std::flush;
  }
  void Done(std::int64_t done) {
    Tick(done);
    std::cerr << "\n";
  }

 private:
  using Clock = std::chrono::steady_clock;
  std::string what_;
  std::int64_t total_;
  Clock::time_point start_;
};

// Writes `rows` in batches, each batch one transaction.
class BatchWriter {
 public:
  BatchWriter(storage::Database& db, std::string table, std::vector<std::string> columns, Progress& progress)
      : db_(db), table_(std::move(table)), columns_(std::move(columns)), progress_(progress) {}
  void Add(Params row) {
    rows_.push_back(std::move(row));
    if (rows_.size() == kBatch) Flush();
  }
  void Flush() {
    if (rows_.empty()) return;
    storage::Transaction tx(db_, storage::TxMode::kWrite);
    tx.conn().BulkInsert(table_, columns_, rows_);
    tx.Commit();
    written_ += std::int64_t(rows_.size());
    rows_.clear();
    progress_.Tick(written_);
  }
  std::int64_t written() const { return written_; }

 private:
  storage::Database& db_;
  std::string table_;
  std::vector<std::string> columns_;
  Progress& progress_;
  std::vector<Params> rows_;
  std::int64_t written_ = 0;
};

std::int64_t MaxId(storage::Database& db, const std::string& table) {
  return db.Acquire()->QueryOne("SELECT COALESCE(MAX(id), 0) FROM " + table)->Int(0);
}

// A PostgreSQL identity column does not see ids written explicitly: move it past them.
void ResetSequence(storage::Database& db, const std::string& table) {
  if (db.dialect() != storage::Dialect::kPostgres) return;
  db.Acquire()->Execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), (SELECT MAX(id) FROM " + table +
                        "))");
}

}  // namespace

ScaleSizes SizesFor(const std::string& scale) {
  if (scale == "province") return {7'700'000, 47'000, 2'200'000, 50'000'000};
  if (scale == "city") return {730'000, 4'500, 220'000, 5'000'000};
  return {20'000, 200, 5'000, 100'000};  // "small"
}

int Generate(Wiring& w, const GenerateOptions& o) {
  if (o.scale != "province" && o.scale != "city" && o.scale != "small") {
    std::cerr << "unknown scale: " << o.scale << " (province | city | small)\n";
    return 2;
  }
  auto sizes = SizesFor(o.scale);
  auto& db = *w.database;
  if (o.scale == "province") EnsureOtherCities(db);
  const auto places = o.scale == "province" ? ProvincePlaces() : MeizhouCounties();
  std::mt19937_64 rng(o.seed);
  auto now = w.clock.Now();
  auto today = core::ChinaDate(now);
  std::string hash = w.hasher.Hash("Zhiyuan@2026");  // one hash for all generated accounts (their password)

  // Offsets after existing rows, so generation can run on a database with demo data in it.
  auto account_base = MaxId(db, "identity_accounts");
  auto volunteer_base = MaxId(db, "registry_volunteers");
  auto org_base = MaxId(db, "registry_organizations");
  auto activity_base = MaxId(db, "activities_activities");
  auto entry_base = MaxId(db, "ledger_entries");
  auto started = std::chrono::steady_clock::now();

  // A county for each volunteer and organisation, in proportion to population.
  std::vector<double> weights;
  for (const auto& place : places) weights.push_back(place.weight);
  std::discrete_distribution<std::size_t> place_of(weights.begin(), weights.end());
  std::vector<std::uint16_t> org_place(std::size_t(sizes.organizations) + 1);

  {  // organisations, applied by one generator account and approved
    Progress p("organisations", sizes.organizations);
    std::string phone = "14700000000";
    {
      storage::Transaction tx(db, storage::TxMode::kWrite);
      tx.conn().BulkInsert("identity_accounts",
                           {"id", "name", "phone_enc", "phone_bidx", "phone_masked", "password_hash", "failed_logins",
                            "password_changed_at", "created_at", "status"},
                           {{account_base + 1, "数据生成器", w.cipher.Encrypt("phone", phone),
                             w.blind_index.Of("phone", phone), core::MaskPhone(phone), hash, 0, core::ToUnix(now),
                             core::ToUnix(now), "active"}});
      tx.Commit();
    }
    BatchWriter orgs(db, "registry_organizations",
                     {"id", "name", "credit_code_valid", "type", "county_code", "contact_name", "contact_phone_enc",
                      "contact_phone_masked", "status", "applied_by", "applied_at", "decided_at"},
                     p);
    for (std::int64_t i = 1; i <= sizes.organizations; ++i) {
      auto place = place_of(rng);
      org_place[std::size_t(i)] = std::uint16_t(place);
      orgs.Add({org_base + i, "志愿服务队" + std::to_string(org_base + i), 1, "grassroots_team", places[place].code,
                "联系人",
                w.cipher.Encrypt("contact_phone", phone), core::MaskPhone(phone), "approved", account_base + 1,
                core::ToUnix(now), core::ToUnix(now)});
    }
    orgs.Flush();
    p.Done(orgs.written());
  }
  account_base += 1;

  {  // volunteers and their accounts; IDs are valid (GB 11643) and unique by construction
    Progress p("volunteers", sizes.volunteers);
    BatchWriter accounts(db, "identity_accounts",
                         {"id", "name", "phone_enc", "phone_bidx", "phone_masked", "password_hash", "failed_logins",
                          "password_changed_at", "created_at", "status"},
                         p);
    Progress quiet("", 0);
    BatchWriter volunteers(db, "registry_volunteers",
                           {"id", "account_id", "volunteer_number", "name", "id_type", "id_number_enc",
                            "id_number_bidx", "id_number_masked", "gender", "birth_date", "county_code",
                            "political_status", "skills", "service_categories", "real_name_status", "registered_at",
                            "updated_at"},
                           quiet);
    auto epoch = std::chrono::sys_days{std::chrono::year(1950) / 1 / 1};
    for (std::int64_t i = 1; i <= sizes.volunteers; ++i) {
      std::int64_t k = volunteer_base + i;
      const char* county = places[place_of(rng)].code.c_str();
      // (birth day, sequence) from k: day k mod 20000 after 1950-01-01, sequence k / 20000.
      core::Date birth{epoch + std::chrono::days(k % 20000)};
      if (core::AgeOn(birth, today) < 18) birth = core::Date{epoch + std::chrono::days(k % 9000)};
      char body[32];
      std::snprintf(body, sizeof body, "%s%04d%02u%02u%03lld", county, int(birth.year()), unsigned(birth.month()),
                    unsigned(birth.day()), static_cast<long long>((k / 20000) % 1000));
      std::string id_number = std::string(body) + domain::registry::ResidentIdCheckChar(body);
      char phone[32];
      std::snprintf(phone, sizeof phone, "15%09lld", static_cast<long long>(k));
      std::string name = std::string(kSurnames[rng() % 16]) + kGiven[rng() % 16] + kGiven[rng() % 16];
      auto account_id = account_base + i;
      auto registered = now - std::chrono::hours(24 * std::int64_t(rng() % 2500));
      accounts.Add({account_id, name, w.cipher.Encrypt("phone", phone), w.blind_index.Of("phone", phone),
                    core::MaskPhone(phone), hash, 0, core::ToUnix(registered), core::ToUnix(registered), "active"});
      char number[40];
      std::snprintf(number, sizeof number, "ZY%04d%08lld", int(core::ChinaDate(registered).year()),
                    static_cast<long long>(k));
      volunteers.Add({k, account_id, number, name, "resident_id", w.cipher.Encrypt("id_number", id_number),
                      w.blind_index.Of("id_number", id_number), core::MaskIdNumber(id_number),
                      (body[16] - '0') % 2 ? "male" : "female", core::FormatDate(birth), county,
                      kPolitical[rng() % 6], "[]", std::string("[\"") + kCategories[rng() % 8] + "\"]", "verified",
                      core::ToUnix(registered), core::ToUnix(registered)});
    }
    accounts.Flush();
    volunteers.Flush();
    p.Done(accounts.written());
  }

  std::vector<std::int64_t> starts(std::size_t(sizes.activities) + 1), durations(std::size_t(sizes.activities) + 1),
      activity_org(std::size_t(sizes.activities) + 1);
  {  // activities: published over the last six years and the coming months
    Progress p("activities", sizes.activities);
    BatchWriter activities(db, "activities_activities",
                           {"id", "organization_id", "title", "category", "recipients", "content", "county_code",
                            "address", "latitude", "longitude", "geofence_meters", "starts_at", "ends_at", "quota",
                            "requires_approval", "min_age", "political_requirement", "required_skills",
                            "contact_name", "contact_phone_enc", "contact_phone_masked", "status", "created_by",
                            "created_at", "published_at", "updated_at"},
                           p);
    std::string phone = "14700000000";
    auto phone_enc = w.cipher.Encrypt("contact_phone", phone);
    for (std::int64_t i = 1; i <= sizes.activities; ++i) {
      auto org = org_base + 1 + std::int64_t(rng() % std::uint64_t(sizes.organizations));
      const auto& place = places[org_place[std::size_t(org - org_base)]];
      auto start = core::ToUnix(now) - std::int64_t(rng() % (6 * 365 * 86400ULL)) + 60 * 86400;
      start -= start % 1800;
      auto duration = 3600 * (1 + std::int64_t(rng() % 6));
      starts[std::size_t(i)] = start;
      durations[std::size_t(i)] = duration;
      activity_org[std::size_t(i)] = org;
      const char* category = kCategories[rng() % 8];
      activities.Add({activity_base + i, org, std::string(category) + "志愿服务活动" + std::to_string(activity_base + i),
                      category, "社区居民", "志愿服务活动内容（生成数据）", place.code, place.city_name, 24.29 + double(rng() % 1000) / 1e4,
                      116.12 + double(rng() % 1000) / 1e4, 300, start, start + duration, 10 + std::int64_t(rng() % 200),
                      0, 0, "none", "[]", "联系人", phone_enc, core::MaskPhone(phone),
                      start + duration < core::ToUnix(now) && rng() % 2 ? "closed" : "published", account_base,
                      start - 86400 * 14, start - 86400 * 14, start - 86400 * 14});
    }
    activities.Flush();
    p.Done(activities.written());
  }

  {  // confirmed hours of past activities, with the yearly totals kept alongside
    Progress p("ledger entries", sizes.ledger_entries);
    BatchWriter entries(db, "ledger_entries",
                        {"id", "volunteer_id", "activity_id", "organization_id", "service_date", "minutes", "kind",
                         "status", "created_at", "confirmed_at"},
                        p);
    std::vector<std::int32_t> totals(std::size_t(sizes.volunteers) * 8, 0);  // volunteer × (year - 2019)
    std::int64_t written = 0;
    while (written < sizes.ledger_entries) {
      auto a = 1 + std::int64_t(rng() % std::uint64_t(sizes.activities));
      auto start = starts[std::size_t(a)];
      if (start + durations[std::size_t(a)] > core::ToUnix(now)) continue;  // not over yet
      auto v = 1 + std::int64_t(rng() % std::uint64_t(sizes.volunteers));
      int minutes = int(durations[std::size_t(a)] / 60) - int(rng() % 30);
      auto date = core::ChinaDate(core::FromUnix(start));
      int year = int(date.year());
      ++written;
      entries.Add({entry_base + written, volunteer_base + v, activity_base + a, activity_org[std::size_t(a)],
                   core::FormatDate(date), minutes, "attendance", "confirmed", start + durations[std::size_t(a)],
                   start + durations[std::size_t(a)] + 3600});
      if (year >= 2019 && year < 2027) totals[std::size_t(v - 1) * 8 + std::size_t(year - 2019)] += minutes;
    }
    entries.Flush();
    p.Done(entries.written());
    Progress t("yearly totals", 0);
    BatchWriter yearly(db, "ledger_volunteer_totals", {"volunteer_id", "year", "confirmed_minutes"}, t);
    for (std::size_t i = 0; i < totals.size(); ++i)
      if (totals[i]) yearly.Add({volunteer_base + std::int64_t(i / 8) + 1, 2019 + std::int64_t(i % 8), totals[i]});
    yearly.Flush();
    std::cerr << "\n";
  }
  for (const char* table : {"identity_accounts", "registry_volunteers", "registry_organizations",
                            "activities_activities", "ledger_entries"})
    ResetSequence(db, table);

  if (o.bench_sessions > 0) {  // benchmark fixtures: an activity running now, signed-up volunteers, sessions
    std::ofstream tokens(o.sessions_file);
    auto org = org_base + 1;
    auto admin_account = account_base + sizes.volunteers + 1;
    std::string phone = "14700000001";
    auto activity = MaxId(db, "activities_activities") + 1;  // before the transaction: it holds the connection
    storage::Transaction tx(db, storage::TxMode::kWrite);
    auto& c = tx.conn();
    c.Execute("INSERT INTO identity_accounts (id, name, phone_enc, phone_bidx, phone_masked, password_hash, "
              "failed_logins, password_changed_at, created_at, status) VALUES ($1, '压测组织管理员', $2, $3, $4, $5, 0, "
              "$6, $6, 'active')",
              {admin_account, w.cipher.Encrypt("phone", phone), w.blind_index.Of("phone", phone), core::MaskPhone(phone),
               hash, core::ToUnix(now)});
    c.Execute("INSERT INTO identity_role_grants (account_id, role, organization_id, granted_at) "
              "VALUES ($1, 'org_admin', $2, $3)",
              {admin_account, org, core::ToUnix(now)});
    auto start = core::ToUnix(now) - 600;
    c.Execute("INSERT INTO activities_activities (id, organization_id, title, category, recipients, content, "
              "county_code, address, latitude, longitude, geofence_meters, starts_at, ends_at, quota, contact_name, "
              "contact_phone_enc, contact_phone_masked, status, confirmed_count, created_by, created_at, published_at, "
              "updated_at) VALUES ($1, $2, '压测：马拉松志愿服务', '大型赛会', '参赛选手', '赛道补给', '441402', "
              "'梅州市', 24.29, 116.12, 500, $3, $4, $5, '联系人', $6, $7, 'published', $5, $8, $3, $3, $3)",
              {activity, org, start, start + 12 * 3600, o.bench_sessions, w.cipher.Encrypt("contact_phone", phone),
               core::MaskPhone(phone), admin_account});
    std::vector<Params> signups, sessions;
    auto add_session = [&](std::int64_t account) {
      auto token = crypto::RandomToken(32);
      sessions.push_back({crypto::Sha256Hex(token), account, crypto::RandomToken(18), core::ToUnix(now),
                          core::ToUnix(now)});
      tokens << token << "\n";
    };
    add_session(admin_account);
    for (int i = 1; i <= o.bench_sessions; ++i) {
      signups.push_back({activity, volunteer_base + i, "confirmed", start - 3600, start - 3600, start - 3600});
      add_session(account_base + i);
    }
    c.BulkInsert("activities_signups", {"activity_id", "volunteer_id", "status", "queued_at", "created_at", "decided_at"},
                 signups);
    c.BulkInsert("identity_sessions", {"token_hash", "account_id", "csrf_token", "created_at", "last_seen_at"},
                 sessions);
    tx.Commit();
    ResetSequence(db, "identity_accounts");
    ResetSequence(db, "activities_activities");
    std::cerr << "bench fixtures: activity " << activity << " with " << o.bench_sessions
              << " signed-up volunteers; tokens in " << o.sessions_file << "\n";
    std::cout << "BENCH_ACTIVITY=" << activity << "\n";
  }
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cerr << "generated " << o.scale << " scale in " << seconds << " s\n";
  return 0;
}

}  // namespace zhiyuan::app
