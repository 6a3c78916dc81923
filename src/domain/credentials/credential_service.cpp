#include "domain/credentials/credential_service.hpp"

#include <algorithm>
#include <charconv>

#include "core/text.hpp"
#include "core/validation.hpp"
#include "crypto/crypto.hpp"

namespace zhiyuan::domain::credentials {

using core::Error;

namespace {

std::string Name(Kind kind) { return kind == Kind::kCertificate ? "注册志愿者证" : "梅州志愿者卡"; }

core::Error NotFoundApplication() { return Error::NotFound("申请不存在"); }

std::string AccountActor(core::AccountId id) { return "account:" + std::to_string(id.value); }

}  // namespace

std::vector<Offer> CredentialService::Offers() { return store_.Read()->Credentials().Offers(); }

std::vector<Kind> CredentialService::Held(core::VolunteerId volunteer) {
  return store_.Read()->Credentials().HeldKinds(volunteer);
}

ECertificate CredentialService::ECertificateOf(UnitOfWork& uow, const registry::Volunteer& v) {
  ECertificate c;
  c.volunteer = v.id;
  c.county_code = v.county_code;
  c.name = v.name;
  c.volunteer_number = v.volunteer_number;
  auto stars = stars_.SummaryOf(uow, v.id, false);
  c.star_level = stars.star_level;
  c.certified_star_level = stars.certified_level;
  c.confirmed_minutes = stars.confirmed_minutes;
  for (const auto& m : uow.Organizations().MembershipsOf(v.id))
    if (m.status == registry::MembershipStatus::kApproved) {
      c.organization = m.organization_name;
      break;
    }
  for (auto kind : uow.Credentials().HeldKinds(v.id)) (kind == Kind::kCertificate ? c.holds_certificate : c.holds_card) = true;
  return c;
}

core::Result<IssuedECertificate> CredentialService::MyECertificate(const Principal& caller) {
  if (!caller.volunteer) return Error::Forbidden("只有注册志愿者有电子志愿者证");
  auto uow = store_.Read();
  auto v = uow->Volunteers().Find(*caller.volunteer);
  if (!v) return Error::NotFound("志愿者不存在");
  auto now = clock_.Now();
  return IssuedECertificate{ECertificateOf(*uow, *v), passes_.Issue(v->id, now), passes_.ExpiresAt(now)};
}

core::Result<ECertificate> CredentialService::VerifyECertificate(const std::string& token) {
  auto verified = passes_.Verify(token, clock_.Now(), "token");
  if (!verified.ok()) {
    auto e = verified.error();
    for (auto& f : e.fields) f.message = "电子志愿者证已过期或无效，请让志愿者刷新后重新出示";
    return e;
  }
  auto id = *verified;
  auto uow = store_.Read();
  auto v = uow->Volunteers().Find(id);
  if (!v) return Error::NotFound("志愿者不存在");
  return ECertificateOf(*uow, *v);
}

core::Result<ApplicationView> CredentialService::Apply(const Principal& caller, const ApplyInput& in,
                                                       const audit::RequestMeta& meta) {
  if (!caller.volunteer) return Error::Forbidden("只有注册志愿者可以申请志愿者证或志愿者卡");
  core::Validator v;
  auto kind = ParseKind(in.kind);
  if (!kind) v.Add("kind", "invalid_kind", "请选择申请注册志愿者证或梅州志愿者卡");
  if (!in.consent) v.Add("consent", "consent_required", "请阅读并同意向银行提供所列信息");
  auto uow = store_.Write();
  std::optional<Offer> offer;
  if (kind) {
    for (const auto& o : uow->Credentials().Offers()) {
      if (o.kind != *kind || o.bank_code != in.bank) continue;
      // The card's type follows from the bank (CCB debit, PSBC credit); a stated type must agree.
      if (*kind == Kind::kCard && !in.card_type.empty() && in.card_type != o.card_type) continue;
      offer = o;
    }
    if (!offer)
      v.Add(in.card_type.empty() || *kind == Kind::kCertificate ? "bank" : "card_type", "bank_not_offered",
            *kind == Kind::kCertificate ? "注册志愿者证由中国银行或中国光大银行发行"
                                        : "梅州志愿者卡：借记卡由中国建设银行发行，信用卡由中国邮政储蓄银行发行");
  }
  ZY_TRY(v.Done());
  auto volunteer = uow->Volunteers().Find(*caller.volunteer);
  if (!volunteer) return Error::NotFound("志愿者不存在");
  auto now = clock_.Now();

  Application a;
  a.volunteer = volunteer->id;
  a.kind = *kind;
  a.bank_code = offer->bank_code;
  a.card_type = offer->card_type;
  a.status = Status::kApplied;
  a.shared_fields = SharedFields(*kind);
  a.consented_at = now;
  a.created_at = now;
  a.updated_at = now;
  auto id = uow->Credentials().Insert(a);
  if (!id)
    return Error::Duplicate("application_exists", "您已有一份办理中或已发放的" + Name(*kind) + "申请");
  uow->Credentials().AddEvent(*id, {Status::kApplied, "volunteer", "", now});

  // The platform's check, at once: real-name verification and the age the bank account needs.
  std::string refusal;
  if (volunteer->real_name_status != "verified")
    refusal = "未通过实名认证，暂不能申请" + Name(*kind) + "，请先完成实名认证";
  else if (core::AgeOn(volunteer->birth_date, core::ChinaDate(now)) < offer->min_age)
    refusal = offer->bank_name + "要求申请人年满" + std::to_string(offer->min_age) + "周岁";
  if (!refusal.empty()) {
    (void)uow->Credentials().Move(*id, Status::kApplied, Status::kRejected, refusal, now);
    uow->Credentials().AddEvent(*id, {Status::kRejected, "platform", refusal, now});
  } else {
    (void)uow->Credentials().Move(*id, Status::kApplied, Status::kChecked, "", now);
    uow->Credentials().AddEvent(*id, {Status::kChecked, "platform", "", now});
    (void)uow->Credentials().Move(*id, Status::kChecked, Status::kSentToBank, "", now);
    uow->Credentials().AddEvent(*id, {Status::kSentToBank, "platform", offer->bank_name, now});
  }
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "credential.apply",
                                   "credential_application", std::to_string(id->value), refusal.empty() ? "ok" : "failed",
                                   R"({"kind":")" + std::string(ToString(*kind)) + R"(","bank":")" + a.bank_code +
                                       "\"}"));
  ApplicationView view{*uow->Credentials().Find(*id), uow->Credentials().Events(*id)};
  uow->Commit();
  return view;
}

core::Result<std::vector<ApplicationView>> CredentialService::Mine(const Principal& caller) {
  std::vector<ApplicationView> out;
  if (!caller.volunteer) return out;
  auto uow = store_.Read();
  for (auto& a : uow->Credentials().OfVolunteer(*caller.volunteer)) {
    auto events = uow->Credentials().Events(a.id);
    out.push_back({std::move(a), std::move(events)});
  }
  return out;
}

core::Result<ApplicationView> CredentialService::Cancel(const Principal& caller, ApplicationId id,
                                                        const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  auto a = uow->Credentials().Find(id);
  if (!a || !caller.volunteer || a->volunteer != *caller.volunteer) return NotFoundApplication();
  if (a->status != Status::kApplied && a->status != Status::kChecked && a->status != Status::kSentToBank)
    return Error::Conflict("not_cancellable", "银行已处理的申请不能撤回");
  auto now = clock_.Now();
  if (!uow->Credentials().Move(id, a->status, Status::kCancelled, "申请人撤回", now))
    return Error::Conflict("not_cancellable", "申请状态已变化，请刷新后重试");
  uow->Credentials().AddEvent(id, {Status::kCancelled, "volunteer", "申请人撤回", now});
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "credential.cancel",
                                   "credential_application", std::to_string(id.value)));
  ApplicationView view{*uow->Credentials().Find(id), uow->Credentials().Events(id)};
  uow->Commit();
  return view;
}

core::Result<BankActor> CredentialService::AuthenticateBank(const SignedRequest& request) {
  auto now = clock_.Now();
  auto uow = store_.Write();
  auto ciphertext = uow->Credentials().BankKeyCiphertext(request.bank_code);
  auto key = ciphertext.empty() ? std::nullopt : vault_.cipher.Decrypt("bank_api_key", ciphertext);
  // An unknown bank and a bad signature answer alike, so a caller cannot probe which banks exist.
  if (!key) {
    ZY_TRY(VerifyRequest("", request, now));  // reports missing headers first
    return Error::Unauthenticated("bank_signature_invalid", "银行签名校验失败");
  }
  ZY_TRY(VerifyRequest(*key, request, now));
  if (!uow->Credentials().RememberNonce(request.bank_code, request.nonce, now, now - 2 * kMaxClockSkew))
    return Error::Unauthenticated("bank_replay", "该请求已处理过（X-Nonce 重复），请勿重放");
  uow->Commit();
  return BankActor{request.bank_code, "bank:" + request.bank_code, std::nullopt};
}

core::Result<BankActor> CredentialService::OperatorOf(const Principal& caller) {
  auto bank = caller.PartnerOf(identity::Role::kBankOperator);
  if (bank.empty()) return Error::Forbidden("仅银行经办人员可以使用");
  return BankActor{bank, AccountActor(caller.account), caller.account};
}

core::Result<std::vector<Disclosure>> CredentialService::ForBank(const BankActor& bank,
                                                                 std::optional<std::string> status_text,
                                                                 const audit::RequestMeta& meta) {
  std::optional<Status> status = Status::kSentToBank;
  if (status_text && !status_text->empty()) {
    if (*status_text == "all") {
      status.reset();
    } else {
      status = ParseStatus(*status_text);
      if (!status) return Error::Field("status", "invalid_status", "状态不正确");
    }
  }
  auto now = clock_.Now();
  auto uow = store_.Write();
  std::vector<Disclosure> out;
  for (auto& a : uow->Credentials().ForBank(bank.bank, status, 1000)) {
    auto record = uow->Credentials().Applicant(a.volunteer);
    if (!record) continue;
    Disclosure d;
    d.name = record->name;
    d.id_type = record->id_type;
    d.volunteer_number = record->volunteer_number;
    auto shared = [&](const char* field) {
      return std::find(a.shared_fields.begin(), a.shared_fields.end(), field) != a.shared_fields.end();
    };
    if (shared("id_number")) d.id_number = vault_.cipher.Decrypt("id_number", record->id_number_enc).value_or("");
    if (shared("phone")) d.phone = vault_.cipher.Decrypt("phone", record->phone_enc).value_or("");
    if (shared("county")) d.county_name = record->county_name;
    // The log names the fields disclosed, never their values.
    std::string fields;
    for (const auto& f : a.shared_fields) fields += (fields.empty() ? "\"" : ",\"") + f + "\"";
    uow->Audit().Append(audit::Event(now, meta, bank.account, bank.account ? "bank_operator" : "bank",
                                     "credential.disclose", "credential_application", std::to_string(a.id.value), "ok",
                                     R"({"bank":")" + bank.bank + R"(","via":")" + bank.actor + R"(","fields":[)" +
                                         fields + "]}"));
    d.application = std::move(a);
    out.push_back(std::move(d));
  }
  uow->Commit();
  return out;
}

core::Result<bool> CredentialService::ReportIn(UnitOfWork& uow, const BankActor& bank, ApplicationId id,
                                               const std::string& status_text, const std::string& reason,
                                               core::TimePoint now) {
  // Another bank's application (or one not yet sent to the bank) answers 404 before the report is validated.
  auto a = uow.Credentials().Find(id);
  if (!a || a->bank_code != bank.bank || a->status == Status::kApplied || a->status == Status::kChecked)
    return NotFoundApplication();
  auto to = ParseStatus(status_text);
  if (!to || (*to != Status::kIssued && *to != Status::kActivated && *to != Status::kRejected))
    return Error::Field("status", "invalid_status", "状态应为 issued、activated 或 rejected");
  if (*to == Status::kRejected && core::Trim(reason).empty())
    return Error::Field("reason", "required", "拒绝时请说明原因");
  if (a->status == *to) return false;  // a repeated report: nothing to do
  if (!BankMayMove(a->status, *to))
    return Error::Conflict("invalid_transition", "申请当前状态为" + std::string(ToString(a->status)) + "，不能变更为" +
                                                     std::string(ToString(*to)));
  if (!uow.Credentials().Move(id, a->status, *to, *to == Status::kRejected ? reason : "", now))
    return Error::Conflict("invalid_transition", "申请状态已变化，请刷新后重试");
  uow.Credentials().AddEvent(id, {*to, bank.actor, reason, now});
  std::string title = *to == Status::kIssued      ? Name(a->kind) + "已发放"
                      : *to == Status::kActivated ? Name(a->kind) + "已激活"
                                                  : Name(a->kind) + "申请未通过";
  std::string body = a->bank_name + (*to == Status::kRejected ? "未通过您的申请。原因：" + reason
                                                               : "已处理您的申请，当前状态：" + title + "。");
  uow.Notifications().Insert(a->volunteer_account, title, body, "/me/credentials", now);
  return true;
}

core::Result<Application> CredentialService::Report(const BankActor& bank, ApplicationId id, const std::string& status,
                                                     const std::string& reason, const audit::RequestMeta& meta) {
  auto now = clock_.Now();
  auto uow = store_.Write();
  ZY_ASSIGN_OR_RETURN(bool changed, ReportIn(*uow, bank, id, status, reason, now));
  if (changed)
    uow->Audit().Append(audit::Event(now, meta, bank.account, bank.account ? "bank_operator" : "bank",
                                     "credential.bank_status", "credential_application", std::to_string(id.value), "ok",
                                     R"({"bank":")" + bank.bank + R"(","status":")" + status + "\"}"));
  auto a = uow->Credentials().Find(id);
  uow->Commit();
  return *a;
}

core::Result<ImportReport> CredentialService::ImportStatusFile(const BankActor& bank, const std::vector<StatusRow>& rows,
                                                               const audit::RequestMeta& meta) {
  if (rows.empty()) return Error::Field("file", "empty_file", "文件中没有数据行");
  if (rows.size() > 5000) return Error::Field("file", "too_many_rows", "每个文件最多5000行");
  auto now = clock_.Now();
  auto uow = store_.Write();
  ImportReport report;
  std::vector<std::int64_t> seen;
  for (const auto& row : rows) {
    std::int64_t id = 0;
    auto text = core::Trim(row.application_id);
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || p != text.data() + text.size() || id <= 0) {
      report.errors.push_back({row.line, "application_id", "invalid_application_id", "申请编号应为正整数"});
      continue;
    }
    if (std::find(seen.begin(), seen.end(), id) != seen.end()) {
      report.errors.push_back({row.line, "application_id", "duplicate_row", "同一申请在文件中出现多次"});
      continue;
    }
    seen.push_back(id);
    auto result = ReportIn(*uow, bank, ApplicationId(id), std::string(core::Trim(row.status)), row.reason, now);
    if (!result.ok()) {
      const auto& e = result.error();
      report.errors.push_back({row.line, e.fields.empty() ? "status" : e.fields[0].field,
                               e.fields.empty() ? e.code : e.fields[0].code,
                               e.fields.empty() ? e.message : e.fields[0].message});
    } else if (*result) {
      ++report.applied;
    } else {
      ++report.unchanged;
    }
  }
  if (!report.errors.empty()) {
    // Nothing of a file with a bad row is kept: the unit of work rolls back when it goes out of scope.
    report.applied = report.unchanged = 0;
    return report;
  }
  uow->Audit().Append(audit::Event(now, meta, bank.account, bank.account ? "bank_operator" : "bank",
                                   "credential.status_file", "bank", bank.bank, "ok",
                                   "{\"rows\":" + std::to_string(rows.size()) + ",\"applied\":" +
                                       std::to_string(report.applied) + "}"));
  uow->Commit();
  return report;
}

core::Result<std::string> CredentialService::SetBankKey(const std::string& code, const std::string& name) {
  if (code.empty() || code.size() > 16 || code.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789") != std::string::npos)
    return Error::Field("code", "invalid_bank_code", "银行代码应为小写字母和数字（如 boc）");
  auto uow = store_.Write();
  auto existing = uow->Credentials().FindBank(code);
  std::string bank_name = !name.empty() ? name : existing ? existing->name : "";
  if (bank_name.empty()) return Error::Field("name", "required", "新银行请用 --name 指定名称");
  auto key = "zyb_" + crypto::RandomToken(32);
  uow->Credentials().UpsertBank(code, bank_name, vault_.cipher.Encrypt("bank_api_key", key), clock_.Now());
  uow->Audit().Append(audit::Event(clock_.Now(), {"cli", ""}, std::nullopt, "system", "bank.key_set", "bank", code));
  uow->Commit();
  return key;
}

}  // namespace zhiyuan::domain::credentials
