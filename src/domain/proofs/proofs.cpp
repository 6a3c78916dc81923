#include "domain/proofs/proofs.hpp"

#include "core/enum_names.hpp"

namespace zhiyuan::domain::proofs {
namespace {

constexpr core::EnumNames<ProofStatus, 3> kStatusNames{{
    {ProofStatus::kGenuine, "genuine"},
    {ProofStatus::kSuperseded, "superseded"},
    {ProofStatus::kRevoked, "revoked"},
}};

// Field separators cannot occur inside a value, so two different fact sets never share a text.
std::string Clean(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) out += (c == '\n' || c == '\t' || c == '\x1f') ? ' ' : c;
  return out;
}

std::string OptDate(const std::optional<core::Date>& d) { return d ? core::FormatDate(*d) : ""; }

}  // namespace

std::string_view ToString(ProofStatus status) { return core::EnumName(kStatusNames, status); }
std::optional<ProofStatus> ParseProofStatus(std::string_view text) { return core::ParseEnum(kStatusNames, text); }

std::string CanonicalText(const Facts& f) {
  std::string t = "zhiyuan-proof/1\n";
  t += "number\t" + Clean(f.number) + "\n";
  t += "name\t" + Clean(f.volunteer_name) + "\n";
  t += "id\t" + Clean(f.id_number_masked) + "\n";
  t += "volunteer\t" + Clean(f.volunteer_number) + "\n";
  t += "period\t" + OptDate(f.from) + "\t" + OptDate(f.to) + "\n";
  t += "total\t" + std::to_string(f.total_minutes) + "\n";
  t += "issued\t" + std::to_string(core::ToUnix(f.issued_at)) + "\n";
  for (const auto& i : f.issuers)
    t += "issuer\t" + std::to_string(i.organization.value) + "\t" + Clean(i.name) + "\t" + Clean(i.person_in_charge) +
         "\t" + Clean(i.handler) + "\t" + std::to_string(i.minutes) + "\n";
  for (const auto& l : f.lines)
    t += "line\t" + std::to_string(l.activity.value) + "\t" + Clean(l.title) + "\t" + Clean(l.category) + "\t" +
         std::to_string(l.organization.value) + "\t" + core::FormatDate(l.first_day) + "\t" +
         core::FormatDate(l.last_day) + "\t" + std::to_string(l.minutes) + "\n";
  return t;
}

}  // namespace zhiyuan::domain::proofs
