#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/sheet.hpp"
#include "domain/audit/audit.hpp"
#include "domain/credentials/bank_signature.hpp"
#include "domain/credentials/credentials.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/recognition/star_service.hpp"
#include "domain/registry/volunteer_pass.hpp"
#include "domain/store.hpp"

namespace zhiyuan::domain::credentials {

using identity::Principal;

struct ApplyInput {
  std::string kind;
  std::string bank;
  std::string card_type;
  bool consent = false;
};

struct ApplicationView {
  Application application;
  std::vector<ApplicationEvent> events;
};

// One row of a bank's status file (批量回盘): the application, the status reached, and why (rejections).
struct StatusRow {
  int line = 0;  // 1-based line in the file, for the report
  std::string application_id;
  std::string status;
  std::string reason;
};

struct ImportReport {
  int applied = 0;    // rows that moved an application
  int unchanged = 0;  // rows that repeated the current status (idempotent)
  std::vector<core::RowError> errors;
};

// 电子志愿者证: what a merchant or organiser needs to see, nothing more (no ID number, no phone).
struct ECertificate {
  core::VolunteerId volunteer;
  std::string county_code;
  std::string name;
  std::string volunteer_number;
  int star_level = 0;
  int certified_star_level = 0;
  std::int64_t confirmed_minutes = 0;
  std::string organization;  // the first organisation the volunteer is an approved member of
  bool holds_certificate = false;
  bool holds_card = false;
};

struct IssuedECertificate {
  ECertificate certificate;
  std::string token;  // the short-lived signed pass the QR code carries
  core::TimePoint expires_at;
};

// Who acts for a bank: its system (signed API) or one of its operators (console, batch files).
struct BankActor {
  std::string bank;
  std::string actor;  // "bank:boc" or "account:12"
  std::optional<core::AccountId> account;
};

// 一证一卡: the volunteer applies and consents to exactly what is shared; the platform checks at once and sends
// a passing application to its bank; the bank reports issued/activated/rejected by signed API or status file.
// Every disclosure of an applicant's data to a bank is written to the audit log.
class CredentialService {
 public:
  CredentialService(Store& store, identity::Vault vault, recognition::StarService& stars,
                    const registry::VolunteerPass& passes, const core::Clock& clock)
      : store_(store), vault_(vault), stars_(stars), passes_(passes), clock_(clock) {}

  std::vector<Offer> Offers();
  core::Result<ApplicationView> Apply(const Principal& caller, const ApplyInput& input, const audit::RequestMeta& meta);
  core::Result<std::vector<ApplicationView>> Mine(const Principal& caller);
  core::Result<ApplicationView> Cancel(const Principal& caller, ApplicationId id, const audit::RequestMeta& meta);
  // The kinds the volunteer holds (issued or activated).
  std::vector<Kind> Held(core::VolunteerId volunteer);

  // The caller's electronic certificate with a fresh token for its QR code.
  core::Result<IssuedECertificate> MyECertificate(const Principal& caller);
  // Public (scanning the QR code): the certificate a valid, unexpired token names.
  core::Result<ECertificate> VerifyECertificate(const std::string& token);
  ECertificate ECertificateOf(UnitOfWork& uow, const registry::Volunteer& volunteer);

  // A signed request from a bank's system: the bank it speaks for, or kUnauthenticated. Records the nonce.
  core::Result<BankActor> AuthenticateBank(const SignedRequest& request);
  // A bank operator (console): the bank of their role, or kPermissionDenied.
  core::Result<BankActor> OperatorOf(const Principal& caller);
  // The applications addressed to the bank (by default those waiting for it), with the consented data.
  core::Result<std::vector<Disclosure>> ForBank(const BankActor& bank, std::optional<std::string> status,
                                                const audit::RequestMeta& meta);
  // Idempotent: reporting the current status again changes nothing. Another bank's application: kNotFound.
  core::Result<Application> Report(const BankActor& bank, ApplicationId id, const std::string& status,
                                   const std::string& reason, const audit::RequestMeta& meta);
  // All rows or none: a file with any bad row changes nothing and reports every bad row.
  core::Result<ImportReport> ImportStatusFile(const BankActor& bank, const std::vector<StatusRow>& rows,
                                              const audit::RequestMeta& meta);

  // Creates the bank or replaces its API key; returns the new key (shown once).
  core::Result<std::string> SetBankKey(const std::string& code, const std::string& name);

 private:
  // Applies one bank report inside `uow`; returns whether it changed anything.
  core::Result<bool> ReportIn(UnitOfWork& uow, const BankActor& bank, ApplicationId id, const std::string& status,
                              const std::string& reason, core::TimePoint now);

  Store& store_;
  identity::Vault vault_;
  recognition::StarService& stars_;
  const registry::VolunteerPass& passes_;
  const core::Clock& clock_;
};

}  // namespace zhiyuan::domain::credentials
