#include <nlohmann/json.hpp>

#include "storage/repositories.hpp"
#include "storage/row_codecs.hpp"
#include "storage/sql_builder.hpp"

namespace zhiyuan::storage {

using namespace domain::proofs;  // NOLINT: this file implements the proofs port
using nlohmann::json;

namespace {

constexpr std::string_view kSelectProof =
    "SELECT p.id, p.volunteer_id, p.facts, p.signature, p.pdf_sha256, p.status, COALESCE(s.number, ''), "
    "p.revoked_reason, p.changed_at FROM proofs_proofs p LEFT JOIN proofs_proofs s ON s.id = p.superseded_by";

std::string OptDate(const std::optional<core::Date>& d) { return d ? core::FormatDate(*d) : ""; }
std::optional<core::Date> DateOrNone(const json& j) {
  return j.is_string() ? core::ParseDate(j.get<std::string>()) : std::nullopt;
}

// The facts as stored: JSON, so the signed content can be read back field by field and re-signed to verify.
std::string FactsJson(const Facts& f) {
  json issuers = json::array(), lines = json::array();
  for (const auto& i : f.issuers)
    issuers.push_back({{"organization", i.organization.value}, {"name", i.name}, {"person_in_charge", i.person_in_charge},
                       {"handler", i.handler}, {"minutes", i.minutes}});
  for (const auto& l : f.lines)
    lines.push_back({{"activity", l.activity.value}, {"title", l.title}, {"category", l.category},
                     {"organization", l.organization.value}, {"first_day", core::FormatDate(l.first_day)},
                     {"last_day", core::FormatDate(l.last_day)}, {"minutes", l.minutes}});
  json j = {{"number", f.number}, {"name", f.volunteer_name}, {"id_number_masked", f.id_number_masked},
            {"volunteer_number", f.volunteer_number},
            {"from", f.from ? json(OptDate(f.from)) : json(nullptr)}, {"to", f.to ? json(OptDate(f.to)) : json(nullptr)},
            {"total_minutes", f.total_minutes}, {"issued_at", core::ToUnix(f.issued_at)},
            {"issuers", std::move(issuers)}, {"lines", std::move(lines)}};
  return j.dump();
}

Facts ParseFacts(const std::string& text) {
  auto j = json::parse(text);
  Facts f;
  f.number = j.at("number").get<std::string>();
  f.volunteer_name = j.at("name").get<std::string>();
  f.id_number_masked = j.at("id_number_masked").get<std::string>();
  f.volunteer_number = j.at("volunteer_number").get<std::string>();
  f.from = DateOrNone(j.at("from"));
  f.to = DateOrNone(j.at("to"));
  f.total_minutes = j.at("total_minutes").get<std::int64_t>();
  f.issued_at = core::FromUnix(j.at("issued_at").get<std::int64_t>());
  for (const auto& i : j.at("issuers"))
    f.issuers.push_back({core::OrganizationId(i.at("organization").get<std::int64_t>()), i.at("name").get<std::string>(),
                         i.at("person_in_charge").get<std::string>(), i.at("handler").get<std::string>(),
                         i.at("minutes").get<std::int64_t>()});
  for (const auto& l : j.at("lines"))
    f.lines.push_back({core::ActivityId(l.at("activity").get<std::int64_t>()), l.at("title").get<std::string>(),
                       l.at("category").get<std::string>(), core::OrganizationId(l.at("organization").get<std::int64_t>()),
                       core::ParseDate(l.at("first_day").get<std::string>()).value_or(core::Date{}),
                       core::ParseDate(l.at("last_day").get<std::string>()).value_or(core::Date{}),
                       l.at("minutes").get<std::int64_t>()});
  return f;
}

Proof ReadProof(const Row& r) {
  Proof p;
  p.id = ProofId(r.Int(0));
  p.volunteer = core::VolunteerId(r.Int(1));
  p.facts = ParseFacts(r.Text(2));
  p.signature = r.Text(3);
  p.pdf_sha256 = r.Text(4);
  p.status = ParseProofStatus(r.Text(5)).value_or(ProofStatus::kRevoked);
  p.superseded_by = r.Text(6);
  p.revoked_reason = r.Text(7);
  p.changed_at = core::FromUnix(r.Int(8));
  return p;
}

std::vector<Proof> ReadProofs(const std::vector<Row>& rows) {
  std::vector<Proof> out;
  for (const auto& r : rows) out.push_back(ReadProof(r));
  return out;
}

}  // namespace

ProofId SqlProofRepository::Insert(const Proof& p) {
  auto row = conn_.QueryOne(
      "INSERT INTO proofs_proofs (number, volunteer_id, period_from, period_to, total_minutes, facts, signature, "
      "pdf_sha256, status, issued_at, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
      {p.facts.number, p.volunteer.value, DateValue(p.facts.from), DateValue(p.facts.to), p.facts.total_minutes,
       FactsJson(p.facts), p.signature, p.pdf_sha256, std::string(ToString(p.status)), core::ToUnix(p.facts.issued_at)});
  ProofId id(row->Int(0));
  RecordFile(id, p.pdf_sha256, p.facts.issued_at);
  for (const auto& i : p.facts.issuers)
    conn_.Execute("INSERT INTO proofs_issuers (proof_id, organization_id, minutes) VALUES ($1, $2, $3)",
                  {id.value, i.organization.value, i.minutes});
  return id;
}

std::optional<Proof> SqlProofRepository::FindByNumber(const std::string& number) {
  static const std::string sql = Sql(kSelectProof, " WHERE p.number = $1");
  auto row = conn_.QueryOne(sql, {number});
  if (!row) return std::nullopt;
  return ReadProof(*row);
}

std::optional<Proof> SqlProofRepository::FindByPdf(const std::string& pdf_sha256) {
  static const std::string sql = Sql(kSelectProof, " JOIN proofs_files f ON f.proof_id = p.id WHERE f.sha256 = $1");
  auto row = conn_.QueryOne(sql, {pdf_sha256});
  if (!row) return std::nullopt;
  return ReadProof(*row);
}

void SqlProofRepository::RecordFile(ProofId id, const std::string& pdf_sha256, core::TimePoint at) {
  conn_.Execute("INSERT INTO proofs_files (sha256, proof_id, first_served_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                {pdf_sha256, id.value, core::ToUnix(at)});
}

std::vector<Proof> SqlProofRepository::OfVolunteer(core::VolunteerId volunteer) {
  static const std::string sql = Sql(kSelectProof, " WHERE p.volunteer_id = $1 ORDER BY p.id DESC LIMIT 200");
  return ReadProofs(conn_.Query(sql, {volunteer.value}));
}

std::vector<Proof> SqlProofRepository::OfOrganization(core::OrganizationId org) {
  static const std::string sql = Sql(
      kSelectProof, " JOIN proofs_issuers i ON i.proof_id = p.id WHERE i.organization_id = $1 ORDER BY p.id DESC LIMIT 500");
  return ReadProofs(conn_.Query(sql, {org.value}));
}

int SqlProofRepository::Supersede(core::VolunteerId volunteer, std::optional<core::Date> from,
                                  std::optional<core::Date> to, ProofId by, core::TimePoint at) {
  return int(conn_.Execute(
      "UPDATE proofs_proofs SET status = 'superseded', superseded_by = $2, changed_at = $3 "
      "WHERE volunteer_id = $1 AND status = 'genuine' AND id <> $2 "
      "AND COALESCE(period_from, '') = $4 AND COALESCE(period_to, '') = $5",
      {volunteer.value, by.value, core::ToUnix(at), OptDate(from), OptDate(to)}));
}

bool SqlProofRepository::Revoke(ProofId id, const std::string& reason, core::AccountId by, core::TimePoint at) {
  return conn_.Execute("UPDATE proofs_proofs SET status = 'revoked', revoked_reason = $2, revoked_by = $3, "
                       "changed_at = $4 WHERE id = $1 AND status = 'genuine'",
                       {id.value, reason, by.value, core::ToUnix(at)}) == 1;
}

}  // namespace zhiyuan::storage
