#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/paging.hpp"
#include "core/result.hpp"
#include "core/time_format.hpp"
#include "domain/registry/identity_documents.hpp"

namespace zhiyuan::domain::registry {

// ---- Regions 行政区划 -------------------------------------------------------------------------------

// The city this deployment serves. A database may hold other cities too (the province-scale benchmark data);
// the city's pages, desk and checks see only this city and its counties.
inline constexpr std::string_view kHomeCity = "441400";  // 梅州市

struct Region {
  std::string code;
  std::string name;
  std::string level;  // "city" | "county"
  std::string parent_code;
  std::optional<std::int64_t> population;  // latest year on record, in persons
  std::optional<int> population_year;
};

struct PopulationEntry {
  std::string region_code;
  int year = 0;
  std::int64_t population = 0;
  std::string note;
  core::TimePoint updated_at;
  std::optional<core::AccountId> updated_by;
};

class RegionRepository {
 public:
  virtual ~RegionRepository() = default;
  virtual std::vector<Region> List() = 0;  // city first, then counties in their official order
  virtual std::optional<Region> Find(const std::string& code) = 0;
  virtual std::vector<PopulationEntry> Populations(const std::string& code) = 0;
  virtual void UpsertPopulation(const PopulationEntry& entry) = 0;
};

// ---- Volunteers 志愿者 -------------------------------------------------------------------------------

enum class PoliticalStatus { kPartyMember, kProbationaryPartyMember, kLeagueMember, kMasses, kDemocraticParty, kOther };
std::optional<PoliticalStatus> ParsePoliticalStatus(std::string_view text);
// As people write it in a spreadsheet: the code, or 中共党员/党员, 中共预备党员/预备党员, 共青团员/团员, 群众.
std::optional<PoliticalStatus> ParsePoliticalStatusLabel(std::string_view text);
std::string_view ToString(PoliticalStatus status);
bool IsPartyMember(PoliticalStatus status);   // 中共党员 or 预备党员
bool IsLeagueMember(PoliticalStatus status);  // 共青团员

struct Volunteer {
  core::VolunteerId id;
  core::AccountId account;
  std::string volunteer_number;
  std::string name;
  IdType id_type = IdType::kResidentId;
  std::string id_number_masked;
  Gender gender = Gender::kMale;
  core::Date birth_date;
  std::string phone_masked;
  std::string county_code;
  std::string county_name;
  PoliticalStatus political_status = PoliticalStatus::kMasses;
  std::vector<std::string> skills;
  std::vector<std::string> service_categories;
  std::string availability;
  std::string emergency_contact_name;
  std::string emergency_contact_phone_masked;
  std::string guardian_name;
  std::string guardian_phone_masked;
  bool guardian_consent = false;
  std::string real_name_status;  // "verified" | "pending" | "failed"
  core::TimePoint registered_at;
};

struct NewVolunteer {
  core::AccountId account;
  std::string name;
  IdType id_type;
  std::string id_number_enc;
  std::string id_number_bidx;
  std::string id_number_masked;
  Gender gender;
  core::Date birth_date;
  std::string county_code;
  PoliticalStatus political_status;
  std::vector<std::string> skills;
  std::vector<std::string> service_categories;
  std::string availability;
  std::string emergency_contact_name;
  std::string emergency_contact_phone_enc;
  std::string emergency_contact_phone_masked;
  std::string guardian_name;
  std::string guardian_phone_enc;
  std::string guardian_phone_masked;
  bool guardian_consent = false;
  std::string real_name_status;
  core::TimePoint registered_at;
};

// The fields a volunteer may change; unset fields stay as they are.
struct VolunteerProfilePatch {
  std::optional<PoliticalStatus> political_status;
  std::optional<std::vector<std::string>> skills;
  std::optional<std::vector<std::string>> service_categories;
  std::optional<std::string> availability;
  std::optional<std::string> emergency_contact_name;
  std::optional<std::string> emergency_contact_phone_enc;
  std::optional<std::string> emergency_contact_phone_masked;
  std::optional<std::string> county_code;
};

struct VolunteerQuery {
  std::optional<std::string> county_code;
  std::string text;  // name or volunteer number
  core::PageRequest page;
};

class VolunteerRepository {
 public:
  virtual ~VolunteerRepository() = default;
  // kAlreadyExists "duplicate_id_number" when the ID number is registered already.
  virtual core::Result<core::VolunteerId> Insert(const NewVolunteer& volunteer) = 0;
  virtual std::optional<Volunteer> Find(core::VolunteerId id) = 0;
  virtual std::optional<Volunteer> FindByAccount(core::AccountId account) = 0;
  virtual std::optional<Volunteer> FindByNumber(const std::string& volunteer_number) = 0;
  virtual bool IdNumberTaken(const std::string& id_number_bidx) = 0;
  virtual std::optional<core::VolunteerId> FindByIdIndex(const std::string& id_number_bidx) = 0;
  virtual core::Page<Volunteer> Search(const VolunteerQuery& query) = 0;
  virtual void Update(core::VolunteerId id, const VolunteerProfilePatch& patch, core::TimePoint at) = 0;

  // The encrypted personal fields, for the owner's copy of their data (PIPL art. 45).
  struct Ciphertexts {
    std::string id_number_enc;
    std::string emergency_contact_phone_enc;
    std::string guardian_phone_enc;
  };
  virtual std::optional<Ciphertexts> PersonalCiphertexts(core::VolunteerId id) = 0;
  // 账号注销: removes what identifies the person (name, ID number, contacts, skills) and keeps what the statistics
  // count (number, county, gender, birth year, political status, registration date), so totals stay valid.
  // `id_number_bidx` is a placeholder that frees the ID number to register again.
  virtual void Anonymise(core::VolunteerId id, const std::string& empty_enc, const std::string& id_number_bidx,
                         core::TimePoint at) = 0;
};

// ---- Organisations 志愿服务组织 ------------------------------------------------------------------------

enum class OrgStatus { kPending, kApproved, kRejected };
std::string_view ToString(OrgStatus status);
std::optional<OrgStatus> ParseOrgStatus(std::string_view text);

// Organisation types; the list is data the UI labels in Chinese.
bool IsOrganizationType(std::string_view type);

struct Organization {
  core::OrganizationId id;
  std::string name;
  std::optional<std::string> credit_code;
  bool credit_code_valid = true;
  std::string credit_code_note;
  std::string credit_code_override_reason;
  std::string type;
  std::string county_code;
  std::string county_name;
  std::optional<core::OrganizationId> parent_id;
  std::string parent_name;
  std::string contact_name;
  std::string contact_phone_masked;
  std::string person_in_charge;
  std::string description;
  OrgStatus status = OrgStatus::kPending;
  std::string status_reason;
  core::AccountId applied_by;
  core::TimePoint applied_at;
  std::optional<core::TimePoint> decided_at;
  std::int64_t member_count = 0;
};

struct NewOrganization {
  std::string name;
  std::optional<std::string> credit_code;
  bool credit_code_valid = true;
  std::string credit_code_note;
  std::string type;
  std::string county_code;
  std::optional<core::OrganizationId> parent_id;
  std::string contact_name;
  std::string contact_phone_enc;
  std::string contact_phone_masked;
  std::string description;
  core::AccountId applied_by;
  core::TimePoint applied_at;
  std::string person_in_charge = {};  // 负责人, named on the proofs the organisation issues
};

struct OrganizationQuery {
  std::vector<OrgStatus> statuses;  // empty: any
  std::optional<std::string> county_code;
  // Restricts non-approved organisations to these counties (a county admin's scope); empty: no limit.
  std::optional<std::string> unapproved_only_in_county;
  bool unapproved_visible = false;
  std::optional<core::AccountId> related_to;  // admin or member of
  std::string text;
  core::PageRequest page;
};

enum class MembershipStatus { kPending, kApproved, kRejected, kLeft };
std::string_view ToString(MembershipStatus status);
std::optional<MembershipStatus> ParseMembershipStatus(std::string_view text);

struct Membership {
  core::MembershipId id;
  core::OrganizationId organization;
  std::string organization_name;
  core::VolunteerId volunteer;
  std::string volunteer_name;
  std::string volunteer_number;
  MembershipStatus status = MembershipStatus::kPending;
  bool is_admin = false;
  core::TimePoint requested_at;
  std::optional<core::TimePoint> decided_at;
  std::string reason;
};

enum class TeamKind { kGeneral, kPartyMember, kLeagueMember };
std::string_view ToString(TeamKind kind);
std::optional<TeamKind> ParseTeamKind(std::string_view text);

struct TeamMember {
  core::VolunteerId volunteer;
  std::string name;
  std::string volunteer_number;
  PoliticalStatus political_status = PoliticalStatus::kMasses;
  core::TimePoint added_at;
};

struct Team {
  core::TeamId id;
  core::OrganizationId organization;
  std::string name;
  TeamKind kind = TeamKind::kGeneral;
  std::string description;
  core::TimePoint created_at;
  std::int64_t member_count = 0;
};

class OrganizationRepository {
 public:
  virtual ~OrganizationRepository() = default;
  // kAlreadyExists "duplicate_credit_code" when another live organisation has the code.
  virtual core::Result<core::OrganizationId> Insert(const NewOrganization& org) = 0;
  virtual std::optional<Organization> Find(core::OrganizationId id) = 0;
  virtual core::Page<Organization> Search(const OrganizationQuery& query) = 0;
  virtual void Decide(core::OrganizationId id, OrgStatus status, const std::string& reason,
                      const std::string& override_reason, core::AccountId by, core::TimePoint at) = 0;

  virtual core::Result<core::MembershipId> InsertMembership(core::OrganizationId org, core::VolunteerId volunteer,
                                                            MembershipStatus status, core::TimePoint at) = 0;
  virtual std::optional<Membership> FindMembership(core::OrganizationId org, core::MembershipId id) = 0;
  virtual std::optional<Membership> FindMembershipOf(core::OrganizationId org, core::VolunteerId volunteer) = 0;
  virtual std::vector<Membership> Memberships(core::OrganizationId org, std::optional<MembershipStatus> status) = 0;
  virtual std::vector<Membership> MembershipsOf(core::VolunteerId volunteer) = 0;
  virtual void DecideMembership(core::MembershipId id, MembershipStatus status, const std::string& reason,
                                core::AccountId by, core::TimePoint at) = 0;
  // Whether any organisation the volunteer belongs to (or asked to join) is administered by `account`.
  virtual bool VolunteerInOrgAdministeredBy(core::VolunteerId volunteer, core::AccountId account) = 0;

  // kAlreadyExists "duplicate_team_name".
  virtual core::Result<core::TeamId> InsertTeam(const Team& team) = 0;
  virtual std::vector<Team> Teams(core::OrganizationId org) = 0;
  virtual std::optional<Team> FindTeam(core::OrganizationId org, core::TeamId id) = 0;
  // kAlreadyExists "already_in_team".
  virtual core::Status AddTeamMember(core::TeamId team, core::VolunteerId volunteer, core::TimePoint at) = 0;
  virtual std::vector<TeamMember> TeamMembers(core::TeamId team) = 0;
};

}  // namespace zhiyuan::domain::registry
