#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/registry/registry.hpp"
#include "domain/store.hpp"

namespace zhiyuan::domain::registry {

using identity::Principal;

// ---- Real-name verification 实名认证 -----------------------------------------------------------------

// A pluggable check of a person's name against their ID (an external identity service in production).
class RealNameVerifier {
 public:
  virtual ~RealNameVerifier() = default;
  // Returns "verified", "pending" (to be checked by hand) or "failed".
  virtual std::string Verify(std::string_view name, IdType type, std::string_view id_number) = 0;
};

// The default: the offline checks already passed (check digit, birth date, region), so a resident ID is
// verified as far as can be known offline; other documents wait for a person to check them.
class OfflineRealNameVerifier final : public RealNameVerifier {
 public:
  std::string Verify(std::string_view, IdType type, std::string_view) override {
    return type == IdType::kResidentId ? "verified" : "pending";
  }
};

// ---- Commands -------------------------------------------------------------------------------------------

struct RegisterVolunteer {
  std::string name;
  std::string id_type = "resident_id";
  std::string id_number;
  std::string phone;
  std::string password;
  std::string county_code;
  std::string political_status;
  std::vector<std::string> skills;
  std::vector<std::string> service_categories;
  std::string availability;
  std::string emergency_contact_name;
  std::string emergency_contact_phone;
  std::string gender;      // non-resident IDs only
  std::string birth_date;  // non-resident IDs only
  std::string guardian_name;
  std::string guardian_phone;
  bool guardian_consent = false;
};

struct UpdateProfile {
  std::optional<std::string> political_status;
  std::optional<std::vector<std::string>> skills;
  std::optional<std::vector<std::string>> service_categories;
  std::optional<std::string> availability;
  std::optional<std::string> emergency_contact_name;
  std::optional<std::string> emergency_contact_phone;
  std::optional<std::string> county_code;
};

struct ApplyOrganization {
  std::string name;
  std::string credit_code;
  std::string credit_code_note;
  std::string type;
  std::string county_code;
  std::optional<std::int64_t> parent_id;
  std::string contact_name;
  std::string contact_phone;
  std::string description;
  std::string person_in_charge;  // 负责人 (optional; proofs name the contact when empty)
};

struct CreateTeam {
  std::string name;
  std::string kind = "general";
  std::string description;
};

// ---- Services -----------------------------------------------------------------------------------------

class RegionService {
 public:
  RegionService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}
  std::vector<Region> List();
  core::Result<std::vector<PopulationEntry>> Populations(const std::string& code);
  // City admins only; the change is audited with the previous figure.
  core::Result<PopulationEntry> SetPopulation(const Principal& caller, const std::string& code, int year,
                                              std::int64_t population, const std::string& note,
                                              const audit::RequestMeta& meta);

 private:
  Store& store_;
  const core::Clock& clock_;
};

class VolunteerService {
 public:
  VolunteerService(Store& store, identity::IdentityService& identity, identity::Vault vault,
                   RealNameVerifier& verifier, const core::Clock& clock)
      : store_(store), identity_(identity), vault_(vault), verifier_(verifier), clock_(clock) {}

  // Real-name registration; all-or-nothing (account and volunteer in one transaction).
  core::Result<Volunteer> Register(const RegisterVolunteer& command, const audit::RequestMeta& meta);
  // The volunteer themself, or an admin whose scope holds the volunteer; anyone else gets kNotFound.
  core::Result<Volunteer> Get(const Principal& caller, core::VolunteerId id, const audit::RequestMeta& meta);
  core::Result<core::Page<Volunteer>> Search(const Principal& caller, VolunteerQuery query);
  core::Result<Volunteer> UpdateOwnProfile(const Principal& caller, const UpdateProfile& command,
                                           const audit::RequestMeta& meta);
  std::optional<Volunteer> OfAccount(core::AccountId account);

 private:
  Store& store_;
  identity::IdentityService& identity_;
  identity::Vault vault_;
  RealNameVerifier& verifier_;
  const core::Clock& clock_;
};

class OrganizationService {
 public:
  OrganizationService(Store& store, identity::Vault vault, const core::Clock& clock)
      : store_(store), vault_(vault), clock_(clock) {}

  // The applicant becomes the organisation's first admin.
  core::Result<Organization> Apply(const Principal& caller, const ApplyOrganization& command,
                                   const audit::RequestMeta& meta);
  // Approved organisations are public; others are visible to their admins and the county/city admins.
  core::Result<Organization> Get(const Principal* caller, core::OrganizationId id);
  core::Result<core::Page<Organization>> Search(const Principal* caller, OrganizationQuery query, bool mine);
  core::Result<Organization> Approve(const Principal& caller, core::OrganizationId id,
                                     const std::string& override_reason, const audit::RequestMeta& meta);
  core::Result<Organization> Reject(const Principal& caller, core::OrganizationId id, const std::string& reason,
                                    const audit::RequestMeta& meta);

  core::Result<Membership> RequestMembership(const Principal& caller, core::OrganizationId id,
                                             const audit::RequestMeta& meta);
  core::Result<std::vector<Membership>> Memberships(const Principal& caller, core::OrganizationId id,
                                                    std::optional<MembershipStatus> status);
  core::Result<Membership> DecideMembership(const Principal& caller, core::OrganizationId id,
                                            core::MembershipId membership, bool approve, const std::string& reason,
                                            const audit::RequestMeta& meta);
  // The caller's own memberships (pending, approved, rejected), with the organisations' names.
  core::Result<std::vector<Membership>> MyMemberships(const Principal& caller);
  // The organisation is looked up and the caller's scope checked (kNotFound) before the volunteer is: an absent
  // volunteer is a 422 `required` only for the organisation's own admins. Likewise AddTeamMember.
  core::Status AddAdmin(const Principal& caller, core::OrganizationId id, std::optional<core::VolunteerId> volunteer,
                        const audit::RequestMeta& meta);
  core::Result<Team> CreateTeam(const Principal& caller, core::OrganizationId id, const CreateTeam& command,
                                const audit::RequestMeta& meta);
  core::Result<std::vector<Team>> Teams(const Principal* caller, core::OrganizationId id);
  core::Status AddTeamMember(const Principal& caller, core::OrganizationId id, core::TeamId team,
                             std::optional<core::VolunteerId> volunteer, const audit::RequestMeta& meta);
  // The organisation's admins only: member names are personal data.
  core::Result<std::vector<TeamMember>> TeamMembers(const Principal& caller, core::OrganizationId id, core::TeamId team);

 private:
  // The organisation if the caller may see it, else kNotFound.
  core::Result<Organization> Visible(UnitOfWork& uow, const Principal* caller, core::OrganizationId id);
  // Visible and administered by the caller (org admin), else kNotFound.
  core::Result<Organization> Administered(UnitOfWork& uow, const Principal& caller, core::OrganizationId id);

  Store& store_;
  identity::Vault vault_;
  const core::Clock& clock_;
};

}  // namespace zhiyuan::domain::registry
