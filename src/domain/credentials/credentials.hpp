#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/time_format.hpp"

namespace zhiyuan::domain::credentials {

using ApplicationId = core::Id<struct ApplicationTag>;

// 注册志愿者证 (certificate, Bank of China / China Everbright Bank) and 梅州志愿者卡 (card: debit at CCB, credit
// at PSBC): two credentials, one workflow.
enum class Kind { kCertificate, kCard };
// applied → checked (by the platform) → sent_to_bank → issued → activated; or rejected, or cancelled.
enum class Status { kApplied, kChecked, kSentToBank, kIssued, kActivated, kRejected, kCancelled };
std::string_view ToString(Kind kind);
std::string_view ToString(Status status);
std::optional<Kind> ParseKind(std::string_view text);
std::optional<Status> ParseStatus(std::string_view text);
// The steps a bank may report from `from`; reporting the current status again is not a step (idempotent).
bool BankMayMove(Status from, Status to);
// Holding the credential: issued or activated.
bool Holds(Status status);

// The personal data a bank receives for an application, and nothing else; the volunteer consents to exactly
// this list, which is stored with the application.
const std::vector<std::string>& SharedFields(Kind kind);

struct Bank {
  std::string code;
  std::string name;
  bool api_enabled = false;
};

// A bank's offer of a credential (and card type), with the age its account needs.
struct Offer {
  Kind kind = Kind::kCertificate;
  std::string bank_code;
  std::string bank_name;
  std::string card_type;  // "debit" | "credit" for cards, "" for the certificate
  int min_age = 16;
};

struct Application {
  ApplicationId id;
  core::VolunteerId volunteer;
  core::AccountId volunteer_account;
  Kind kind = Kind::kCertificate;
  std::string bank_code;
  std::string bank_name;
  std::string card_type;
  Status status = Status::kApplied;
  std::vector<std::string> shared_fields;
  core::TimePoint consented_at;
  std::string reason;  // why rejected or cancelled
  core::TimePoint created_at;
  core::TimePoint updated_at;
};

struct ApplicationEvent {
  Status status = Status::kApplied;
  std::string actor;  // "volunteer", "platform", "bank:boc", "account:12"
  std::string reason;
  core::TimePoint at;
};

// What a bank is shown of an application: the consented fields in clear (it is a disclosure, logged).
struct Disclosure {
  Application application;
  std::string name;
  std::string id_type;
  std::string id_number;  // decrypted: the bank's account opening needs it
  std::string phone;
  std::string volunteer_number;
  std::string county_name;
};

// The applicant's data as stored (ID number and phone encrypted), read only to disclose to a bank.
struct ApplicantRecord {
  std::string name;
  std::string id_type;
  std::string id_number_enc;
  std::string phone_enc;
  std::string volunteer_number;
  std::string county_name;
};

class CredentialRepository {
 public:
  virtual ~CredentialRepository() = default;
  virtual std::optional<Bank> FindBank(const std::string& code) = 0;
  virtual std::vector<Bank> Banks() = 0;
  // The bank's API key, encrypted ("" when none is set).
  virtual std::string BankKeyCiphertext(const std::string& code) = 0;
  virtual void UpsertBank(const std::string& code, const std::string& name, const std::string& key_ciphertext,
                          core::TimePoint at) = 0;
  // False when the nonce was already seen for that bank (a replay). Forgets nonces older than `forget_before`.
  [[nodiscard]] virtual bool RememberNonce(const std::string& bank, const std::string& nonce, core::TimePoint at,
                                           core::TimePoint forget_before) = 0;

  virtual std::vector<Offer> Offers() = 0;
  // nullopt when the volunteer already has a live application of that kind.
  virtual std::optional<ApplicationId> Insert(const Application& application) = 0;
  virtual std::optional<Application> Find(ApplicationId id) = 0;
  virtual std::vector<Application> OfVolunteer(core::VolunteerId volunteer) = 0;
  // The applications sent to the bank (never those the platform refused), in `status` if given.
  virtual std::vector<Application> ForBank(const std::string& bank, std::optional<Status> status, int limit) = 0;
  // Moves the application if it is still in `from`; false when a concurrent step got there first.
  [[nodiscard]] virtual bool Move(ApplicationId id, Status from, Status to, const std::string& reason,
                                  core::TimePoint at) = 0;
  virtual void AddEvent(ApplicationId id, const ApplicationEvent& event) = 0;
  virtual std::vector<ApplicationEvent> Events(ApplicationId id) = 0;
  virtual std::optional<ApplicantRecord> Applicant(core::VolunteerId volunteer) = 0;
  // What the volunteer holds: the kinds with an issued or activated application.
  virtual std::vector<Kind> HeldKinds(core::VolunteerId volunteer) = 0;
};

}  // namespace zhiyuan::domain::credentials
