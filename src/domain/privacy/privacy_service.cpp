#include "domain/privacy/privacy_service.hpp"

#include "core/error.hpp"

namespace zhiyuan::domain::privacy {

using core::Error;
using identity::Principal;
using identity::Role;

namespace {

// The owner's copy shows what was stored; a value that no longer decrypts (a lost key) shows as empty.
std::string Plain(const crypto::FieldCipher& cipher, std::string_view field, const std::string& ciphertext) {
  if (ciphertext.empty()) return {};
  return cipher.Decrypt(field, ciphertext).value_or("");
}

}  // namespace

core::Result<PersonalData> PrivacyService::Export(const Principal& caller, const audit::RequestMeta& meta) {
  if (!caller.volunteer) return Error::Forbidden("只有注册志愿者可以下载个人数据");
  auto volunteer_id = *caller.volunteer;
  auto uow = store_.Write();  // the download itself is written to the audit log
  auto account = uow->Accounts().Find(caller.account);
  auto volunteer = uow->Volunteers().Find(volunteer_id);
  auto ciphertexts = uow->Volunteers().PersonalCiphertexts(volunteer_id);
  if (!account || !volunteer || !ciphertexts) return Error::NotFound("志愿者不存在");
  PersonalData d;
  d.exported_at = clock_.Now();
  d.account = *account;
  d.phone = Plain(vault_.cipher, "phone", uow->Accounts().PhoneCiphertext(caller.account).value_or(""));
  d.volunteer = *volunteer;
  d.id_number = Plain(vault_.cipher, "id_number", ciphertexts->id_number_enc);
  d.emergency_contact_phone = Plain(vault_.cipher, "emergency_contact_phone", ciphertexts->emergency_contact_phone_enc);
  d.guardian_phone = Plain(vault_.cipher, "guardian_phone", ciphertexts->guardian_phone_enc);
  d.roles = uow->Accounts().Grants(caller.account);
  d.memberships = uow->Organizations().MembershipsOf(volunteer_id);
  d.signups = uow->Activities().SignupsOf(volunteer_id);
  d.ledger_entries = uow->Ledger().OfVolunteer(volunteer_id, 1 << 20);
  d.appeals = uow->Ledger().AppealsOfVolunteer(volunteer_id);
  d.proofs = uow->Proofs().OfVolunteer(volunteer_id);
  d.credential_applications = uow->Credentials().OfVolunteer(volunteer_id);
  d.redemptions = uow->Rewards().RedemptionsOfVolunteer(volunteer_id, 1 << 20);
  d.notifications = uow->Notifications().Latest(caller.account, 1 << 20);
  // The full values leave the server here, for their owner: the log says so, without the values.
  uow->Audit().Append(audit::Event(d.exported_at, meta, caller.account, std::string(caller.PrimaryRole()),
                                   "privacy.export", "volunteer", std::to_string(volunteer_id.value), "ok",
                                   "{\"full_values\":[\"phone\",\"id_number\",\"emergency_contact_phone\","
                                   "\"guardian_phone\"]}"));
  uow->Commit();
  return d;
}

core::Status PrivacyService::CloseAccount(const Principal& caller, std::string_view password,
                                          const audit::RequestMeta& meta) {
  if (!caller.volunteer) return Error::Forbidden("只有注册志愿者可以在此注销账号");
  for (const auto& g : caller.roles)
    if (g.role != Role::kVolunteer && g.role != Role::kOrgAdmin)
      return Error::Forbidden("管理员和合作单位账号由市级管理员注销");
  auto volunteer = *caller.volunteer;
  auto uow = store_.Write();
  auto account = uow->Accounts().Find(caller.account);
  if (!account) return Error::Unauthenticated();
  if (!hasher_.Verify(account->password_hash, password))
    return Error::Field("password", "wrong_password", "密码不正确");
  for (const auto& g : caller.roles) {
    if (g.role != Role::kOrgAdmin) continue;
    auto org = uow->Organizations().Find(g.organization);
    if (org && org->status != registry::OrgStatus::kRejected &&
        uow->Accounts().OrganizationAdmins(g.organization).size() <= 1)
      return Error::Conflict("sole_org_admin",
                             "您是“" + org->name + "”唯一的管理员，请先在组织中添加其他管理员，再注销账号");
  }
  auto now = clock_.Now();
  activities_.WithdrawFromUpcoming(*uow, volunteer, caller.account, now);
  for (const auto& a : uow->Credentials().OfVolunteer(volunteer)) {
    using credentials::Status;
    if (a.status != Status::kApplied && a.status != Status::kChecked && a.status != Status::kSentToBank) continue;
    if (uow->Credentials().Move(a.id, a.status, Status::kCancelled, "申请人已注销账号", now))
      uow->Credentials().AddEvent(a.id, {Status::kCancelled, "volunteer", "申请人已注销账号", now});
  }
  // A proof states the name: once the person is gone, its public check says revoked, not genuine.
  for (const auto& p : uow->Proofs().OfVolunteer(volunteer))
    if (p.status == proofs::ProofStatus::kGenuine)
      (void)uow->Proofs().Revoke(p.id, "志愿者已注销账号", caller.account, now);
  for (const auto& m : uow->Organizations().MembershipsOf(volunteer))
    if (m.status == registry::MembershipStatus::kPending || m.status == registry::MembershipStatus::kApproved)
      uow->Organizations().DecideMembership(m.id, registry::MembershipStatus::kLeft, "志愿者已注销账号",
                                            caller.account, now);
  // Placeholders for the unique indexes: never the index of a real value, so the phone and the ID number
  // can be registered again by their owner.
  auto placeholder = "closed:" + std::to_string(volunteer.value);
  uow->Volunteers().Anonymise(volunteer, "", placeholder, now);
  uow->Accounts().Close(caller.account, "", "closed:" + std::to_string(caller.account.value), now);
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()),
                                   "privacy.close_account", "volunteer", std::to_string(volunteer.value)));
  uow->Commit();
  return core::Ok();
}

}  // namespace zhiyuan::domain::privacy
