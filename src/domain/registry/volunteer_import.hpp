#pragma once

#include <string>
#include <vector>

#include "core/sheet.hpp"
#include "domain/audit/audit.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/registry/registry_service.hpp"
#include "domain/store.hpp"

namespace zhiyuan::domain::registry {

struct VolunteerImportResult {
  int rows = 0;
  int created = 0;    // new volunteers registered on their behalf (each gets an activation SMS)
  int joined = 0;     // already registered: added to the organisation
  int unchanged = 0;  // already members
  int resent = 0;     // registered by an import but never activated: the activation SMS sent again
  int rejected = 0;
  std::vector<core::RowError> errors;
};

// 批量导入: an organisation registers its existing volunteers from a spreadsheet (姓名, 身份证号码, 手机号码,
// optional 政治面貌 and 所在县区). Those already registered join the organisation; the others are registered
// with the organisation as their first, approved membership and receive an SMS with a link to set their own
// password — until then nobody can log in as them. Adults only: a minor registers with a guardian's consent
// in person. Good rows are kept, bad rows reported by line; importing the same file again changes nothing.
class VolunteerImportService {
 public:
  VolunteerImportService(Store& store, identity::IdentityService& identity, identity::Vault vault,
                         RealNameVerifier& verifier, std::string public_url, const core::Clock& clock)
      : store_(store), identity_(identity), vault_(vault), verifier_(verifier), public_url_(std::move(public_url)),
        clock_(clock) {}

  core::Result<VolunteerImportResult> Import(const identity::Principal& caller, core::OrganizationId org,
                                             const core::Sheet& sheet, const audit::RequestMeta& meta);

 private:
  void SendActivation(UnitOfWork& uow, core::AccountId account, const std::string& name, const std::string& org_name,
                      core::TimePoint now);

  Store& store_;
  identity::IdentityService& identity_;
  identity::Vault vault_;
  RealNameVerifier& verifier_;
  std::string public_url_;
  const core::Clock& clock_;
};

}  // namespace zhiyuan::domain::registry
