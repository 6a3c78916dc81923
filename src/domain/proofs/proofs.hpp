#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/time_format.hpp"

namespace zhiyuan::domain::proofs {

using ProofId = core::Id<struct ProofTag>;

// genuine: the current proof; superseded: a later proof of the same period replaced it; revoked: withdrawn
// by an issuing organisation or the city with a reason.
enum class ProofStatus { kGenuine, kSuperseded, kRevoked };
std::string_view ToString(ProofStatus status);
std::optional<ProofStatus> ParseProofStatus(std::string_view text);

// An organisation that recorded hours in the proof and so issues it ("谁记录谁证明").
struct Issuer {
  core::OrganizationId organization;
  std::string name;
  std::string person_in_charge;  // 负责人
  std::string handler;           // 经办人: the organisation's registered contact
  std::int64_t minutes = 0;
};

// The hours of one activity in the proof's period, as confirmed in the ledger (reversals netted).
struct Line {
  core::ActivityId activity;
  std::string title;
  std::string category;
  core::OrganizationId organization;
  core::Date first_day;
  core::Date last_day;
  std::int64_t minutes = 0;
};

// Everything the document states; signed as a whole, so a changed fact no longer verifies.
struct Facts {
  std::string number;
  std::string volunteer_name;
  std::string id_number_masked;
  std::string volunteer_number;
  std::optional<core::Date> from;
  std::optional<core::Date> to;
  std::int64_t total_minutes = 0;
  std::vector<Issuer> issuers;
  std::vector<Line> lines;
  core::TimePoint issued_at;
};

// One text form of the facts, byte for byte the same for the same facts: what the signature covers.
std::string CanonicalText(const Facts& facts);

struct Proof {
  ProofId id;
  core::VolunteerId volunteer;
  Facts facts;
  std::string signature;
  std::string pdf_sha256;
  ProofStatus status = ProofStatus::kGenuine;
  std::string superseded_by;  // the number of the proof that replaced this one
  std::string revoked_reason;
  core::TimePoint changed_at;
};

class ProofRepository {
 public:
  virtual ~ProofRepository() = default;
  virtual ProofId Insert(const Proof& proof) = 0;
  virtual std::optional<Proof> FindByNumber(const std::string& number) = 0;
  // The proof a served PDF file belongs to, by the file's SHA-256.
  virtual std::optional<Proof> FindByPdf(const std::string& pdf_sha256) = 0;
  // Records the hash of a file handed out for the proof (idempotent).
  virtual void RecordFile(ProofId id, const std::string& pdf_sha256, core::TimePoint at) = 0;
  virtual std::vector<Proof> OfVolunteer(core::VolunteerId volunteer) = 0;
  virtual std::vector<Proof> OfOrganization(core::OrganizationId org) = 0;
  // Marks the volunteer's genuine proofs of exactly this period superseded by `by`; returns how many.
  virtual int Supersede(core::VolunteerId volunteer, std::optional<core::Date> from, std::optional<core::Date> to,
                        ProofId by, core::TimePoint at) = 0;
  // genuine → revoked; false when the proof was no longer genuine.
  [[nodiscard]] virtual bool Revoke(ProofId id, const std::string& reason, core::AccountId by, core::TimePoint at) = 0;
};

// Renders the PDF of a proof (an adapter outside the domain: libharu). The same facts and URL always give
// the same bytes, so a file can be checked against the hash recorded at issue.
class ProofRenderer {
 public:
  virtual ~ProofRenderer() = default;
  virtual std::string Render(const Facts& facts, const std::string& verify_url) const = 0;
};

}  // namespace zhiyuan::domain::proofs
