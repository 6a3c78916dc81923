#include <nlohmann/json.hpp>

#include "storage/repositories.hpp"
#include "storage/sql_builder.hpp"

namespace zhiyuan::storage {

using namespace domain::credentials;  // NOLINT: this file implements the credentials port

namespace {

constexpr std::string_view kSelectApplication =
    "SELECT a.id, a.volunteer_id, v.account_id, a.kind, a.bank_code, b.name, a.card_type, a.status, a.shared_fields, "
    "a.consented_at, a.reason, a.created_at, a.updated_at FROM credentials_applications a "
    "JOIN registry_volunteers v ON v.id = a.volunteer_id JOIN credentials_banks b ON b.code = a.bank_code";

Application ReadApplication(const Row& r) {
  Application a;
  a.id = ApplicationId(r.Int(0));
  a.volunteer = core::VolunteerId(r.Int(1));
  a.volunteer_account = core::AccountId(r.Int(2));
  a.kind = ParseKind(r.Text(3)).value_or(Kind::kCertificate);
  a.bank_code = r.Text(4);
  a.bank_name = r.Text(5);
  a.card_type = r.Text(6);
  a.status = ParseStatus(r.Text(7)).value_or(Status::kApplied);
  a.shared_fields = nlohmann::json::parse(r.Text(8)).get<std::vector<std::string>>();
  a.consented_at = core::FromUnix(r.Int(9));
  a.reason = r.Text(10);
  a.created_at = core::FromUnix(r.Int(11));
  a.updated_at = core::FromUnix(r.Int(12));
  return a;
}

std::vector<Application> ReadApplications(const std::vector<Row>& rows) {
  std::vector<Application> out;
  for (const auto& r : rows) out.push_back(ReadApplication(r));
  return out;
}

}  // namespace

std::optional<Bank> SqlCredentialRepository::FindBank(const std::string& code) {
  auto row = conn_.QueryOne("SELECT code, name, api_key_enc <> '' FROM credentials_banks WHERE code = $1", {code});
  if (!row) return std::nullopt;
  return Bank{row->Text(0), row->Text(1), row->Bool(2)};
}

std::vector<Bank> SqlCredentialRepository::Banks() {
  std::vector<Bank> out;
  for (const auto& r : conn_.Query("SELECT code, name, api_key_enc <> '' FROM credentials_banks ORDER BY code"))
    out.push_back({r.Text(0), r.Text(1), r.Bool(2)});
  return out;
}

std::string SqlCredentialRepository::BankKeyCiphertext(const std::string& code) {
  auto row = conn_.QueryOne("SELECT api_key_enc FROM credentials_banks WHERE code = $1", {code});
  return row ? row->Text(0) : "";
}

void SqlCredentialRepository::UpsertBank(const std::string& code, const std::string& name,
                                         const std::string& key_ciphertext, core::TimePoint at) {
  conn_.Execute("INSERT INTO credentials_banks (code, name, api_key_enc, key_set_at) VALUES ($1, $2, $3, $4) "
                "ON CONFLICT (code) DO UPDATE SET name = excluded.name, api_key_enc = excluded.api_key_enc, "
                "key_set_at = excluded.key_set_at",
                {code, name, key_ciphertext, core::ToUnix(at)});
}

bool SqlCredentialRepository::RememberNonce(const std::string& bank, const std::string& nonce, core::TimePoint at,
                                            core::TimePoint forget_before) {
  conn_.Execute("DELETE FROM credentials_bank_nonces WHERE seen_at < $1", {core::ToUnix(forget_before)});
  return conn_.Execute("INSERT INTO credentials_bank_nonces (bank_code, nonce, seen_at) VALUES ($1, $2, $3) "
                       "ON CONFLICT DO NOTHING",
                       {bank, nonce, core::ToUnix(at)}) == 1;
}

std::vector<Offer> SqlCredentialRepository::Offers() {
  std::vector<Offer> out;
  for (const auto& r : conn_.Query("SELECT o.kind, o.bank_code, b.name, o.card_type, o.min_age FROM credentials_offers o "
                                   "JOIN credentials_banks b ON b.code = o.bank_code ORDER BY o.kind DESC, o.bank_code"))
    out.push_back({ParseKind(r.Text(0)).value_or(Kind::kCertificate), r.Text(1), r.Text(2), r.Text(3), int(r.Int(4))});
  return out;
}

std::optional<ApplicationId> SqlCredentialRepository::Insert(const Application& a) {
  auto row = conn_.QueryOne(
      "INSERT INTO credentials_applications (volunteer_id, kind, bank_code, card_type, status, shared_fields, "
      "consented_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) "
      "ON CONFLICT DO NOTHING RETURNING id",
      {a.volunteer.value, std::string(ToString(a.kind)), a.bank_code, a.card_type, std::string(ToString(a.status)),
       nlohmann::json(a.shared_fields).dump(), core::ToUnix(a.consented_at), core::ToUnix(a.created_at)});
  if (!row) return std::nullopt;
  return ApplicationId(row->Int(0));
}

std::optional<Application> SqlCredentialRepository::Find(ApplicationId id) {
  static const std::string sql = Sql(kSelectApplication, " WHERE a.id = $1");
  auto row = conn_.QueryOne(sql, {id.value});
  if (!row) return std::nullopt;
  return ReadApplication(*row);
}

std::vector<Application> SqlCredentialRepository::OfVolunteer(core::VolunteerId volunteer) {
  static const std::string sql = Sql(kSelectApplication, " WHERE a.volunteer_id = $1 ORDER BY a.id DESC");
  return ReadApplications(conn_.Query(sql, {volunteer.value}));
}

std::vector<Application> SqlCredentialRepository::ForBank(const std::string& bank, std::optional<Status> status,
                                                          int limit) {
  static const std::string sql = Sql(
      kSelectApplication,
      " WHERE a.bank_code = $1 AND (CAST($2 AS TEXT) IS NULL OR a.status = $2) "
      // Only what reached the bank: an application the platform refused was never sent (nor disclosed).
      "AND EXISTS (SELECT 1 FROM credentials_application_events e WHERE e.application_id = a.id "
      "AND e.status = 'sent_to_bank') ORDER BY a.id LIMIT $3");
  return ReadApplications(
      conn_.Query(sql, {bank, status ? Value(std::string(ToString(*status))) : Value(), limit}));
}

bool SqlCredentialRepository::Move(ApplicationId id, Status from, Status to, const std::string& reason,
                                   core::TimePoint at) {
  return conn_.Execute("UPDATE credentials_applications SET status = $2, reason = $3, updated_at = $4 "
                       "WHERE id = $1 AND status = $5",
                       {id.value, std::string(ToString(to)), reason, core::ToUnix(at), std::string(ToString(from))}) == 1;
}

void SqlCredentialRepository::AddEvent(ApplicationId id, const ApplicationEvent& e) {
  conn_.Execute("INSERT INTO credentials_application_events (application_id, status, actor, reason, at) "
                "VALUES ($1, $2, $3, $4, $5)",
                {id.value, std::string(ToString(e.status)), e.actor, e.reason, core::ToUnix(e.at)});
}

std::vector<ApplicationEvent> SqlCredentialRepository::Events(ApplicationId id) {
  std::vector<ApplicationEvent> out;
  for (const auto& r : conn_.Query("SELECT status, actor, reason, at FROM credentials_application_events "
                                   "WHERE application_id = $1 ORDER BY id",
                                   {id.value}))
    out.push_back({ParseStatus(r.Text(0)).value_or(Status::kApplied), r.Text(1), r.Text(2), core::FromUnix(r.Int(3))});
  return out;
}

std::optional<ApplicantRecord> SqlCredentialRepository::Applicant(core::VolunteerId volunteer) {
  auto row = conn_.QueryOne(
      "SELECT v.name, v.id_type, v.id_number_enc, a.phone_enc, v.volunteer_number, r.name FROM registry_volunteers v "
      "JOIN identity_accounts a ON a.id = v.account_id JOIN registry_regions r ON r.code = v.county_code WHERE v.id = $1",
      {volunteer.value});
  if (!row) return std::nullopt;
  return ApplicantRecord{row->Text(0), row->Text(1), row->Text(2), row->Text(3), row->Text(4), row->Text(5)};
}

std::vector<Kind> SqlCredentialRepository::HeldKinds(core::VolunteerId volunteer) {
  std::vector<Kind> out;
  for (const auto& r : conn_.Query("SELECT DISTINCT kind FROM credentials_applications WHERE volunteer_id = $1 "
                                   "AND status IN ('issued', 'activated') ORDER BY kind",
                                   {volunteer.value}))
    if (auto k = ParseKind(r.Text(0))) out.push_back(*k);
  return out;
}

}  // namespace zhiyuan::storage
