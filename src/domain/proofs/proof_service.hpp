#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/audit/audit.hpp"
#include "domain/identity/principal.hpp"
#include "domain/proofs/proofs.hpp"
#include "domain/store.hpp"

namespace zhiyuan::domain::proofs {

using identity::Principal;

struct IssuedProof {
  Proof proof;
  std::string verify_url;
};

// 志愿服务记录证明: a volunteer asks for a proof of all hours or of a period; it is issued at once, free, on
// behalf of the organisations that recorded and confirmed the hours. Anyone can check a proof by its number
// (the QR code) or check a PDF file by its hash.
class ProofService {
 public:
  ProofService(Store& store, const ProofRenderer& renderer, std::string signing_key, std::string public_url,
               const core::Clock& clock)
      : store_(store), renderer_(renderer), key_(std::move(signing_key)), public_url_(std::move(public_url)),
        clock_(clock) {}

  // `from`/`to` are optional YYYY-MM-DD dates (inclusive). kInvalidArgument "no_hours" when the period holds
  // no confirmed hours. A new proof of the same period supersedes the previous one.
  core::Result<IssuedProof> Request(const Principal& caller, const std::string& from, const std::string& to,
                                    const audit::RequestMeta& meta);
  core::Result<std::vector<Proof>> Mine(const Principal& caller);
  // The PDF of one of the caller's own proofs (another's: kNotFound).
  core::Result<std::string> Pdf(const Principal& caller, const std::string& number);
  // Public: the proof with that number, if it exists and its signature holds.
  core::Result<Proof> Verify(const std::string& number);
  // Public: the proof whose PDF, exactly as issued, has this SHA-256; kNotFound for an edited or foreign file.
  core::Result<Proof> VerifyFile(const std::string& sha256_hex);
  // An admin of an issuing organisation, or the city admin, withdraws a genuine proof with a reason.
  core::Result<Proof> Revoke(const Principal& caller, const std::string& number, const std::string& reason,
                             const audit::RequestMeta& meta);
  // Proofs issued on behalf of an organisation (its admins; the city admin).
  core::Result<std::vector<Proof>> OfOrganization(const Principal& caller, core::OrganizationId org);

  std::string VerifyUrl(const std::string& number) const;

 private:
  std::string Sign(const Facts& facts) const;
  // The facts a proof of the period would state now; kFailedPrecondition "no_hours" when there are none.
  core::Result<Facts> FactsOf(UnitOfWork& uow, core::VolunteerId volunteer, std::optional<core::Date> from,
                              std::optional<core::Date> to, const std::string& number, core::TimePoint issued_at);
  bool SignatureHolds(const Proof& proof) const;

  Store& store_;
  const ProofRenderer& renderer_;
  std::string key_;
  std::string public_url_;
  const core::Clock& clock_;
};

}  // namespace zhiyuan::domain::proofs
