#include "domain/proofs/proof_service.hpp"

#include <algorithm>
#include <map>

#include "core/validation.hpp"
#include "crypto/crypto.hpp"

namespace zhiyuan::domain::proofs {

using core::Error;

namespace {

// 10 characters of Crockford base32 after the year: unguessable, so numbers cannot be enumerated to read
// other people's proofs, and still short enough to type from paper.
std::string NewNumber(core::Date issued_on) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  auto random = crypto::RandomToken(16);
  std::string number = "ZM" + std::to_string(int(issued_on.year()));
  for (int i = 0; i < 10; ++i) number += kAlphabet[static_cast<unsigned char>(random[i]) % 32];
  return number;
}

std::optional<core::Date> OptionalDate(core::Validator& v, const char* field, const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto d = core::ParseDate(text);
  if (!d) v.Add(field, "invalid_date", "日期格式应为 YYYY-MM-DD");
  return d;
}

}  // namespace

std::string ProofService::Sign(const Facts& facts) const { return crypto::HmacSha256Hex(key_, CanonicalText(facts)); }

bool ProofService::SignatureHolds(const Proof& proof) const {
  return crypto::ConstantTimeEquals(Sign(proof.facts), proof.signature);
}

std::string ProofService::VerifyUrl(const std::string& number) const { return public_url_ + "/verify/proofs/" + number; }

core::Result<IssuedProof> ProofService::Request(const Principal& caller, const std::string& from_text,
                                                const std::string& to_text, const audit::RequestMeta& meta) {
  if (!caller.volunteer) return Error::Forbidden("只有注册志愿者可以申请志愿服务记录证明");
  auto now = clock_.Now();
  core::Validator v;
  auto from = OptionalDate(v, "from", from_text);
  auto to = OptionalDate(v, "to", to_text);
  if (from && to && *to < *from) v.Add("to", "ends_before_start", "结束日期不能早于开始日期");
  if (from && *from > core::ChinaDate(now)) v.Add("from", "in_future", "开始日期不能晚于今天");
  ZY_TRY(v.Done());

  auto number = NewNumber(core::ChinaDate(now));
  auto issued_at = core::FromUnix(core::ToUnix(now));  // whole seconds: what the database keeps
  // The PDF takes tens of milliseconds to render: it is rendered outside the write transaction from the facts
  // as read, and the facts are read again under the volunteer's lock; if the hours changed meanwhile, again.
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::optional<Facts> read;
    {
      auto uow = store_.Read();
      ZY_ASSIGN_OR_RETURN(read, FactsOf(*uow, *caller.volunteer, from, to, number, issued_at));
    }
    auto verify_url = VerifyUrl(number);
    auto pdf_sha256 = crypto::Sha256Hex(renderer_.Render(*read, verify_url));

    auto uow = store_.Write();
    // One request per volunteer at a time, so two proofs of one period cannot both stay genuine (PostgreSQL
    // runs transactions side by side; SQLite has one writer anyway).
    uow->Attendance().LockVolunteer(*caller.volunteer);
    ZY_ASSIGN_OR_RETURN(auto current, FactsOf(*uow, *caller.volunteer, from, to, number, issued_at));
    if (CanonicalText(current) != CanonicalText(*read)) continue;
    Proof p;
    p.volunteer = *caller.volunteer;
    p.facts = std::move(current);
    p.signature = Sign(p.facts);
    p.pdf_sha256 = std::move(pdf_sha256);
    p.status = ProofStatus::kGenuine;
    p.changed_at = issued_at;
    p.id = uow->Proofs().Insert(p);
    uow->Proofs().Supersede(p.volunteer, from, to, p.id, now);
    uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "proof.issue",
                                     "proof", number));
    uow->Commit();
    return IssuedProof{std::move(p), std::move(verify_url)};
  }
  return Error::Conflict("hours_changing", "服务时长正在更新，请稍后重新申请证明");
}

core::Result<Facts> ProofService::FactsOf(UnitOfWork& uow, core::VolunteerId id, std::optional<core::Date> from,
                                          std::optional<core::Date> to, const std::string& number,
                                          core::TimePoint issued_at) {
  auto volunteer = uow.Volunteers().Find(id);
  if (!volunteer) return Error::NotFound("志愿者不存在");
  Facts f;
  f.number = number;
  f.volunteer_name = volunteer->name;
  f.id_number_masked = volunteer->id_number_masked;
  f.volunteer_number = volunteer->volunteer_number;
  f.from = from;
  f.to = to;
  f.issued_at = issued_at;
  std::map<std::int64_t, Issuer> issuers;
  for (const auto& h : uow.Ledger().ConfirmedByActivity(id, from, to)) {
    if (h.minutes <= 0) continue;  // fully reversed: nothing to prove
    f.lines.push_back({h.activity, h.title, h.category, h.organization, h.first_day, h.last_day, h.minutes});
    f.total_minutes += h.minutes;
    auto& issuer = issuers[h.organization.value];
    issuer.organization = h.organization;
    issuer.name = h.organization_name;
    issuer.person_in_charge = h.person_in_charge;
    issuer.handler = h.organization_contact;
    issuer.minutes += h.minutes;
  }
  if (f.lines.empty())
    return Error{core::ErrorCode::kFailedPrecondition, "no_hours", "所选时段内没有已确认的志愿服务时长，无法出具证明", {}};
  for (auto& [key, issuer] : issuers) f.issuers.push_back(std::move(issuer));
  return f;
}

core::Result<std::vector<Proof>> ProofService::Mine(const Principal& caller) {
  if (!caller.volunteer) return std::vector<Proof>{};
  return store_.Read()->Proofs().OfVolunteer(*caller.volunteer);
}

core::Result<std::string> ProofService::Pdf(const Principal& caller, const std::string& number) {
  auto p = store_.Read()->Proofs().FindByNumber(number);
  if (!p || !caller.volunteer || p->volunteer != *caller.volunteer) return Error::NotFound("证明不存在");
  auto pdf = renderer_.Render(p->facts, VerifyUrl(p->facts.number));
  // Usually the same bytes as at issue; after a renderer or font update, the new file is recorded too.
  auto hash = crypto::Sha256Hex(pdf);
  if (hash != p->pdf_sha256) {
    auto uow = store_.Write();
    uow->Proofs().RecordFile(p->id, hash, clock_.Now());
    uow->Commit();
  }
  return pdf;
}

core::Result<Proof> ProofService::Verify(const std::string& number) {
  auto p = store_.Read()->Proofs().FindByNumber(number);
  // A row whose signature fails was not written by this platform: treat it as no proof at all.
  if (!p || !SignatureHolds(*p)) return Error::NotFound("未找到该编号的证明");
  return *p;
}

core::Result<Proof> ProofService::VerifyFile(const std::string& sha256_hex) {
  std::string hash;
  for (char c : sha256_hex) hash += char(std::tolower(static_cast<unsigned char>(c)));
  if (hash.size() != 64 || hash.find_first_not_of("0123456789abcdef") != std::string::npos)
    return Error::Field("sha256", "invalid_hash", "文件摘要格式不正确");
  auto p = store_.Read()->Proofs().FindByPdf(hash);
  if (!p || !SignatureHolds(*p))
    return Error{core::ErrorCode::kNotFound, "proof_file_not_genuine",
                 "该文件不是平台出具的证明原件，或已被修改", {}};
  return *p;
}

core::Result<Proof> ProofService::Revoke(const Principal& caller, const std::string& number, const std::string& reason,
                                         const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  auto p = uow->Proofs().FindByNumber(number);
  if (!p) return Error::NotFound("证明不存在");
  bool issuer = std::any_of(p->facts.issuers.begin(), p->facts.issuers.end(),
                            [&](const Issuer& i) { return caller.IsOrgAdminOf(i.organization); });
  if (!issuer && !caller.IsCityAdmin()) return Error::NotFound("证明不存在");
  core::Validator v;
  auto why = v.Text("reason", reason, "撤销原因", 200);
  ZY_TRY(v.Done());
  auto now = clock_.Now();
  if (!uow->Proofs().Revoke(p->id, why, caller.account, now))
    return Error::Conflict("proof_not_genuine", "该证明已被替换或撤销");
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "proof.revoke", "proof",
                                   number));
  auto revoked = uow->Proofs().FindByNumber(number);
  uow->Commit();
  return *revoked;
}

core::Result<std::vector<Proof>> ProofService::OfOrganization(const Principal& caller, core::OrganizationId org) {
  if (!caller.IsOrgAdminOf(org) && !caller.IsCityAdmin()) return Error::NotFound("组织不存在");
  return store_.Read()->Proofs().OfOrganization(org);
}

}  // namespace zhiyuan::domain::proofs
