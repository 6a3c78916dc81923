#pragma once

#include <memory>

#include "app/config.hpp"
#include "core/clock.hpp"
#include "crypto/crypto.hpp"
#include "documents/proof_pdf.hpp"
#include "domain/audit/audit_service.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/registry/registry_service.hpp"
#include "domain/registry/volunteer_import.hpp"
#include "domain/privacy/privacy_service.hpp"
#include "http/api.hpp"
#include "storage/database.hpp"
#include "storage/repositories.hpp"

namespace zhiyuan::app {

// The composition root: every long-lived object, built once in dependency order.
struct Wiring {
  explicit Wiring(const Config& config);

  Config config;
  core::SystemClock clock;
  crypto::MasterKey master_key;
  crypto::FieldCipher cipher;
  crypto::BlindIndex blind_index;
  crypto::PasswordHasher hasher;
  std::unique_ptr<storage::Database> database;
  domain::audit::AuditChain audit_chain;
  std::unique_ptr<storage::ReadReplica> read_replica;  // null without read_database_url
  storage::SqlStore store;
  domain::identity::IdentityService identity;
  domain::registry::OfflineRealNameVerifier real_name_verifier;
  domain::registry::RegionService regions;
  domain::registry::VolunteerService volunteers;
  domain::registry::OrganizationService organizations;
  domain::registry::VolunteerImportService volunteer_imports;
  domain::audit::AuditService audit;
  domain::identity::RateLimiter rate_limiter;
  domain::attendance::CheckInTokens checkin_tokens;
  domain::registry::VolunteerPass volunteer_passes;
  domain::activities::ActivityService activities;
  domain::recognition::StarService stars;
  domain::ledger::LedgerService ledger;
  domain::attendance::AttendanceService attendance;
  domain::needs::NeedService needs;
  documents::ProofPdf proof_pdf;
  domain::proofs::ProofService proofs;
  domain::credentials::CredentialService credentials;
  domain::rewards::RewardService rewards;
  domain::targets::TargetService targets;
  domain::units::UnitService units;
  domain::notices::NoticeService notices;
  domain::stories::StoryService stories;
  domain::privacy::PrivacyService privacy;

  domain::identity::Vault vault() { return {cipher, blind_index}; }
  http::Services services();
};

}  // namespace zhiyuan::app
