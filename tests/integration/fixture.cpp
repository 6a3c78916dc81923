#include "fixture.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "domain/registry/identity_documents.hpp"
#include "storage/migrations.hpp"

namespace zhiyuan::testing {

using domain::identity::Role;

std::string BackendName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param == "sqlite" ? "SQLite" : "PostgreSQL";
}

storage::DatabaseOptions FreshDatabase(const std::string& backend) {
  static std::atomic<int> counter{0};
  std::string unique = std::to_string(getpid()) + "_" + std::to_string(++counter);
  storage::DatabaseOptions o;
  o.pool_size = 4;
  if (backend == "sqlite") {
    auto dir = std::filesystem::temp_directory_path() / ("zhiyuan-it-" + unique);
    std::filesystem::create_directories(dir);
    o.url = "sqlite:" + (dir / "test.db").string();
  } else {
    const char* url = std::getenv("ZHIYUAN_TEST_PG_URL");
    if (!url || !*url) throw std::runtime_error("ZHIYUAN_TEST_PG_URL is not set: run the tests through `make test`");
    o.url = url;
    o.pg_schema = "it_" + unique;
  }
  return o;
}

void DropDatabase(const std::string& backend, const storage::DatabaseOptions& o) {
  if (backend == "sqlite") {
    std::filesystem::remove_all(std::filesystem::path(o.url.substr(7)).parent_path());
  } else {
    storage::DatabaseOptions plain = o;
    plain.pg_schema.clear();
    auto db = storage::Database::Open(plain);
    db->Acquire()->ExecuteScript("DROP SCHEMA IF EXISTS \"" + o.pg_schema + "\" CASCADE");
  }
}

void BackendTest::SetUp() {
  crypto::Initialize();
  options_ = FreshDatabase(GetParam());
  db_ = storage::Database::Open(options_);
  storage::Migrate(*db_);
  store_ = std::make_unique<storage::SqlStore>(*db_, chain_);
  domain::identity::Vault vault{cipher_, index_};
  identity_ = std::make_unique<domain::identity::IdentityService>(*store_, vault, hasher_, clock_,
                                                                  domain::identity::IdentityPolicy{});
  regions_ = std::make_unique<domain::registry::RegionService>(*store_, clock_);
  volunteers_ = std::make_unique<domain::registry::VolunteerService>(*store_, *identity_, vault, verifier_, clock_);
  organizations_ = std::make_unique<domain::registry::OrganizationService>(*store_, vault, clock_);
  audit_ = std::make_unique<domain::audit::AuditService>(*store_, chain_, clock_);
  activities_ = std::make_unique<domain::activities::ActivityService>(*store_, vault, clock_);
  stars_ = std::make_unique<domain::recognition::StarService>(*store_, vault, clock_);
  ledger_ = std::make_unique<domain::ledger::LedgerService>(*store_, *stars_, clock_);
  attendance_ = std::make_unique<domain::attendance::AttendanceService>(*store_, tokens_, passes_, *ledger_, clock_);
}

void BackendTest::TearDown() {
  attendance_.reset();
  ledger_.reset();
  stars_.reset();
  activities_.reset();
  audit_.reset();
  organizations_.reset();
  volunteers_.reset();
  regions_.reset();
  identity_.reset();
  store_.reset();
  db_.reset();
  DropDatabase(GetParam(), options_);
}

std::string BackendTest::NextIdNumber(const std::string& region) {
  char body[32];
  std::snprintf(body, sizeof body, "%s1990%02d%02d%03d", region.c_str(), 1 + id_sequence_ % 12, 1 + id_sequence_ % 28,
                id_sequence_ % 1000);
  ++id_sequence_;
  std::string s(body);
  return s + domain::registry::ResidentIdCheckChar(s);
}

domain::registry::RegisterVolunteer BackendTest::Command(const std::string& phone, const std::string& county) {
  domain::registry::RegisterVolunteer c;
  c.name = "测试志愿者";
  c.id_number = NextIdNumber(county);
  c.phone = phone;
  c.password = "Zhiyuan#2026";
  c.county_code = county;
  c.political_status = "masses";
  return c;
}

core::Result<domain::registry::Volunteer> BackendTest::Register(const std::string& phone, const std::string& county,
                                                                const std::string& political) {
  auto c = Command(phone, county);
  c.political_status = political;
  return volunteers_->Register(c, meta_);
}

domain::identity::Principal BackendTest::Login(const std::string& phone, const std::string& password) {
  auto r = identity_->Login(phone, password, "", meta_);
  if (!r.ok()) throw std::runtime_error("login failed: " + r.error().code);
  return r->principal;
}

std::string BackendTest::TotpCodeNow(const std::string& otpauth_uri) {
  auto at = otpauth_uri.find("secret=");
  auto end = otpauth_uri.find('&', at);
  auto secret = crypto::Base32Decode(otpauth_uri.substr(at + 7, end - at - 7));
  if (at == std::string::npos || !secret) throw std::runtime_error("no secret in " + otpauth_uri);
  return domain::identity::totp::Code(*secret, domain::identity::totp::StepAt(clock_.Now()));
}

domain::identity::Principal BackendTest::Admin(Role role, const std::string& county) {
  std::string phone = "1370000" + std::to_string(1000 + ++admin_sequence_);
  auto id = identity_->CreateAdmin({"管理员", phone, "Admin#2026x", role, county, ""}, meta_);
  if (!id.ok()) throw std::runtime_error("admin create failed: " + id.error().message);
  std::string code;
  if (id->totp_uri) code = TotpCodeNow(*id->totp_uri);
  auto r = identity_->Login(phone, "Admin#2026x", code, meta_);
  if (!r.ok()) throw std::runtime_error("admin login failed: " + r.error().code);
  return r->principal;
}

std::int64_t BackendTest::Count(const std::string& table) {
  return db_->Acquire()->QueryOne("SELECT COUNT(*) FROM " + table)->Int(0);
}

domain::identity::Principal BackendTest::OrganisationAdmin(const std::string& phone, const std::string& county) {
  if (!Register(phone, county).ok()) throw std::runtime_error("registration failed");
  auto applicant = Login(phone);
  domain::registry::ApplyOrganization a;
  a.name = "组织" + phone;
  a.type = "grassroots_team";
  a.county_code = county;
  a.contact_name = "联系人";
  a.contact_phone = phone;
  auto org = organizations_->Apply(applicant, a, meta_);
  if (!org.ok()) throw std::runtime_error("apply failed: " + org.error().message);
  if (!organizations_->Approve(Admin(Role::kCityAdmin), org->id, "", meta_).ok()) throw std::runtime_error("approve");
  return Login(phone);
}

core::OrganizationId BackendTest::OrgOf(const domain::identity::Principal& admin) {
  for (const auto& g : admin.roles)
    if (g.role == Role::kOrgAdmin) return g.organization;
  throw std::runtime_error("not an org admin");
}

domain::activities::Activity BackendTest::PublishedActivity(const domain::identity::Principal& admin,
                                                            std::chrono::minutes starts_in,
                                                            std::chrono::minutes duration, int quota) {
  domain::activities::ActivityInput in;
  in.organization_id = OrgOf(admin).value;
  in.title = "测试活动";
  in.category = "社区服务";
  in.recipients = "社区居民";
  in.content = "内容";
  in.county_code = "441402";
  in.address = "梅江区";
  in.latitude = 24.29;
  in.longitude = 116.12;
  in.starts_at = core::FormatRfc3339(clock_.Now() + starts_in);
  in.ends_at = core::FormatRfc3339(clock_.Now() + starts_in + duration);
  in.quota = quota;
  in.contact_name = "联系人";
  in.contact_phone = "13900001111";
  auto a = activities_->Create(admin, in, meta_);
  if (!a.ok()) throw std::runtime_error("create activity: " + a.error().message);
  auto p = activities_->Publish(admin, a->id, meta_);
  if (!p.ok()) throw std::runtime_error("publish: " + p.error().message);
  return *p;
}

domain::identity::Principal BackendTest::SignedUpVolunteer(const std::string& phone, core::ActivityId activity) {
  if (!Register(phone).ok()) throw std::runtime_error("registration failed");
  auto p = Login(phone);
  auto s = activities_->SignUp(p, activity, meta_);
  if (!s.ok()) throw std::runtime_error("signup: " + s.error().message);
  return p;
}

}  // namespace zhiyuan::testing
