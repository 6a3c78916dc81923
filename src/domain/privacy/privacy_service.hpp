#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/crypto.hpp"
#include "domain/activities/activity_service.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/store.hpp"

namespace zhiyuan::domain::privacy {

// A volunteer's own data in full (PIPL art. 45, 查阅复制权): the copy they download.
struct PersonalData {
  identity::Account account;
  std::string phone;
  registry::Volunteer volunteer;
  std::string id_number;
  std::string emergency_contact_phone;
  std::string guardian_phone;
  std::vector<identity::RoleGrant> roles;
  std::vector<registry::Membership> memberships;
  std::vector<activities::Signup> signups;
  std::vector<ledger::Entry> ledger_entries;
  std::vector<ledger::Appeal> appeals;
  std::vector<proofs::Proof> proofs;
  std::vector<credentials::Application> credential_applications;
  std::vector<rewards::Redemption> redemptions;
  std::vector<identity::Notification> notifications;
  core::TimePoint exported_at;
};

// 个人信息权益: the volunteer's copy of their data and closing their account (PIPL arts. 45 and 47).
class PrivacyService {
 public:
  PrivacyService(Store& store, identity::Vault vault, const crypto::PasswordHasher& hasher,
                 activities::ActivityService& activities, const core::Clock& clock)
      : store_(store), vault_(vault), hasher_(hasher), activities_(activities), clock_(clock) {}

  // Everything kept about the caller, with their ID number and phones in full: the download is theirs, and
  // it is recorded in the audit log (privacy.export).
  core::Result<PersonalData> Export(const identity::Principal& caller, const audit::RequestMeta& meta);

  // 注销账号: after the password is confirmed, in one transaction: upcoming sign-ups withdrawn, pending card
  // applications cancelled, issued proofs revoked, memberships ended, then the person's identifying data
  // removed and the account closed (log-in fails; the phone and ID number may register again). Service
  // records stay, under the anonymised volunteer number, so every total and target stays as it was.
  // kConflict "sole_org_admin" while the caller is the only administrator of an organisation.
  core::Status CloseAccount(const identity::Principal& caller, std::string_view password,
                            const audit::RequestMeta& meta);

 private:
  Store& store_;
  identity::Vault vault_;
  const crypto::PasswordHasher& hasher_;
  activities::ActivityService& activities_;
  const core::Clock& clock_;
};

}  // namespace zhiyuan::domain::privacy
