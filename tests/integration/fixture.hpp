#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/time_format.hpp"
#include "crypto/crypto.hpp"
#include "domain/activities/activity_service.hpp"
#include "domain/attendance/attendance_service.hpp"
#include "domain/audit/audit_service.hpp"
#include "domain/ledger/ledger_service.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/identity/totp.hpp"
#include "domain/recognition/star_service.hpp"
#include "domain/registry/registry_service.hpp"
#include "storage/database.hpp"
#include "storage/repositories.hpp"

namespace zhiyuan::testing {

// Opens a fresh, migrated database on the backend named by the test parameter ("sqlite" | "postgresql"):
// a temporary SQLite file, or a new schema in the PostgreSQL at ZHIYUAN_TEST_PG_URL (started by make test).
storage::DatabaseOptions FreshDatabase(const std::string& backend);
void DropDatabase(const std::string& backend, const storage::DatabaseOptions& options);

// Real services over a real database, with a fixed clock ("today" is 2026-11-28 10:00 in Meizhou).
class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // A registered volunteer in `county` with a generated valid ID; returns the registration result.
  core::Result<domain::registry::Volunteer> Register(const std::string& phone, const std::string& county = "441402",
                                                     const std::string& political = "masses");
  domain::registry::RegisterVolunteer Command(const std::string& phone, const std::string& county = "441402");
  domain::identity::Principal Login(const std::string& phone, const std::string& password = "Zhiyuan#2026");
  domain::identity::Principal Admin(domain::identity::Role role, const std::string& county = "");
  // The authenticator's code at the test clock's time for the secret in an otpauth:// URI.
  std::string TotpCodeNow(const std::string& otpauth_uri);
  std::int64_t Count(const std::string& table);
  // An approved organisation in `county` whose admin is a fresh volunteer; returns the admin (re-logged in).
  domain::identity::Principal OrganisationAdmin(const std::string& phone, const std::string& county = "441402");
  core::OrganizationId OrgOf(const domain::identity::Principal& admin);
  // A published activity of the admin's organisation starting `starts_in` from now.
  domain::activities::Activity PublishedActivity(const domain::identity::Principal& admin, std::chrono::minutes starts_in,
                                                 std::chrono::minutes duration, int quota = 10);
  domain::identity::Principal SignedUpVolunteer(const std::string& phone, core::ActivityId activity);
  std::string NextIdNumber(const std::string& region = "441402");

  storage::DatabaseOptions options_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::SqlStore> store_;
  core::FixedClock clock_{*core::ParseRfc3339("2026-11-28T10:00:00+08:00")};
  crypto::MasterKey key_ = crypto::MasterKey::FromBytes({1, 2, 3, 4, 5, 6, 7, 8});
  crypto::FieldCipher cipher_{key_};
  crypto::BlindIndex index_{key_};
  domain::audit::AuditChain chain_{key_.Derive(6, "zyaudit1")};
  crypto::PasswordHasher hasher_{crypto::PasswordHasher::Minimum(), 4};
  domain::registry::OfflineRealNameVerifier verifier_;
  std::unique_ptr<domain::identity::IdentityService> identity_;
  std::unique_ptr<domain::registry::RegionService> regions_;
  std::unique_ptr<domain::registry::VolunteerService> volunteers_;
  std::unique_ptr<domain::registry::OrganizationService> organizations_;
  std::unique_ptr<domain::audit::AuditService> audit_;
  domain::attendance::CheckInTokens tokens_{"integration-test-token-key"};
  domain::registry::VolunteerPass passes_{"integration-test-pass-key"};
  std::unique_ptr<domain::activities::ActivityService> activities_;
  std::unique_ptr<domain::recognition::StarService> stars_;
  std::unique_ptr<domain::ledger::LedgerService> ledger_;
  std::unique_ptr<domain::attendance::AttendanceService> attendance_;
  domain::audit::RequestMeta meta_{"test", "127.0.0.1"};
  int id_sequence_ = 0;
  int admin_sequence_ = 0;
};

std::string BackendName(const ::testing::TestParamInfo<std::string>& info);

}  // namespace zhiyuan::testing

#define ZY_BACKENDS(Suite)                                                                                  \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite, ::testing::Values(std::string("sqlite"), std::string("postgresql")), \
                           ::zhiyuan::testing::BackendName)
