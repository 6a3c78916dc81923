#pragma once

#include "domain/store.hpp"
#include "storage/database.hpp"
#include "storage/read_replica.hpp"

namespace zhiyuan::storage {

// SQL implementations of the domain ports, each bound to the connection of one transaction.

class SqlAccountRepository final : public domain::identity::AccountRepository {
 public:
  explicit SqlAccountRepository(Connection& conn) : conn_(conn) {}
  core::Result<core::AccountId> Insert(const domain::identity::NewAccount& account) override;
  std::optional<domain::identity::Account> Find(core::AccountId id) override;
  std::optional<domain::identity::Account> FindByPhoneIndex(const std::string& phone_bidx) override;
  void UpdateLoginState(core::AccountId id, int failed, std::optional<core::TimePoint> locked_until) override;
  void UpdatePassword(core::AccountId id, const std::string& hash, core::TimePoint at) override;
  std::optional<SecondFactor> FindSecondFactor(core::AccountId id) override;
  void SetSecondFactor(core::AccountId id, const std::string& secret_enc) override;
  bool UseSecondFactorStep(core::AccountId id, std::int64_t step) override;
  std::vector<domain::identity::RoleGrant> Grants(core::AccountId id) override;
  std::vector<core::AccountId> OrganizationAdmins(core::OrganizationId org) override;
  void Grant(core::AccountId id, const domain::identity::RoleGrant& grant, core::TimePoint at,
             std::optional<core::AccountId> by) override;
  void InsertActivation(const std::string& token_hash, core::AccountId id, core::TimePoint expires_at,
                        core::TimePoint at) override;
  std::optional<std::pair<core::AccountId, core::TimePoint>> FindActivation(const std::string& token_hash) override;
  bool UseActivation(const std::string& token_hash, core::TimePoint at) override;
  void SetStatus(core::AccountId id, const std::string& status) override;
  bool Revoke(core::AccountId id, const domain::identity::RoleGrant& grant) override;
  std::optional<std::string> PhoneCiphertext(core::AccountId id) override;
  void Close(core::AccountId id, const std::string& phone_enc, const std::string& phone_bidx,
             core::TimePoint at) override;
  std::optional<core::TimePoint> LatestActivation(core::AccountId id) override;
  core::Page<domain::identity::StaffAccount> ListStaff(const domain::identity::StaffFilter& filter) override;
  std::optional<domain::identity::StaffAccount> FindStaff(core::AccountId id, core::TimePoint now) override;

 private:
  Connection& conn_;
};

class SqlSessionRepository final : public domain::identity::SessionRepository {
 public:
  explicit SqlSessionRepository(Connection& conn) : conn_(conn) {}
  void Insert(const domain::identity::Session& session) override;
  std::optional<domain::identity::SessionView> Resolve(const std::string& token_hash) override;
  void Touch(const std::string& token_hash, core::TimePoint at) override;
  void Delete(const std::string& token_hash) override;
  void DeleteForAccount(core::AccountId id, const std::string& except_hash) override;
  std::int64_t DeleteIdleSince(core::TimePoint before) override;

 private:
  Connection& conn_;
};

class SqlNotificationRepository final : public domain::identity::NotificationRepository {
 public:
  explicit SqlNotificationRepository(Connection& conn) : conn_(conn) {}
  void Insert(core::AccountId account, const std::string& title, const std::string& body, const std::string& link,
              core::TimePoint at) override;
  std::vector<domain::identity::Notification> Latest(core::AccountId account, int limit) override;
  void MarkAllRead(core::AccountId account, core::TimePoint at) override;

 private:
  Connection& conn_;
};

class SqlRegionRepository final : public domain::registry::RegionRepository {
 public:
  explicit SqlRegionRepository(Connection& conn) : conn_(conn) {}
  std::vector<domain::registry::Region> List() override;
  std::optional<domain::registry::Region> Find(const std::string& code) override;
  std::vector<domain::registry::PopulationEntry> Populations(const std::string& code) override;
  void UpsertPopulation(const domain::registry::PopulationEntry& entry) override;

 private:
  Connection& conn_;
};

class SqlVolunteerRepository final : public domain::registry::VolunteerRepository {
 public:
  explicit SqlVolunteerRepository(Connection& conn) : conn_(conn) {}
  core::Result<core::VolunteerId> Insert(const domain::registry::NewVolunteer& v) override;
  std::optional<domain::registry::Volunteer> Find(core::VolunteerId id) override;
  std::optional<domain::registry::Volunteer> FindByAccount(core::AccountId account) override;
  std::optional<domain::registry::Volunteer> FindByNumber(const std::string& volunteer_number) override;
  bool IdNumberTaken(const std::string& id_number_bidx) override;
  std::optional<core::VolunteerId> FindByIdIndex(const std::string& id_number_bidx) override;
  core::Page<domain::registry::Volunteer> Search(const domain::registry::VolunteerQuery& query) override;
  void Update(core::VolunteerId id, const domain::registry::VolunteerProfilePatch& patch, core::TimePoint at) override;
  std::optional<Ciphertexts> PersonalCiphertexts(core::VolunteerId id) override;
  void Anonymise(core::VolunteerId id, const std::string& empty_enc, const std::string& id_number_bidx,
                 core::TimePoint at) override;

 private:
  Connection& conn_;
};

class SqlOrganizationRepository final : public domain::registry::OrganizationRepository {
 public:
  explicit SqlOrganizationRepository(Connection& conn) : conn_(conn) {}
  core::Result<core::OrganizationId> Insert(const domain::registry::NewOrganization& org) override;
  std::optional<domain::registry::Organization> Find(core::OrganizationId id) override;
  core::Page<domain::registry::Organization> Search(const domain::registry::OrganizationQuery& query) override;
  void Decide(core::OrganizationId id, domain::registry::OrgStatus status, const std::string& reason,
              const std::string& override_reason, core::AccountId by, core::TimePoint at) override;
  core::Result<core::MembershipId> InsertMembership(core::OrganizationId org, core::VolunteerId volunteer,
                                                    domain::registry::MembershipStatus status,
                                                    core::TimePoint at) override;
  std::optional<domain::registry::Membership> FindMembership(core::OrganizationId org, core::MembershipId id) override;
  std::optional<domain::registry::Membership> FindMembershipOf(core::OrganizationId org,
                                                               core::VolunteerId volunteer) override;
  std::vector<domain::registry::Membership> Memberships(
      core::OrganizationId org, std::optional<domain::registry::MembershipStatus> status) override;
  std::vector<domain::registry::Membership> MembershipsOf(core::VolunteerId volunteer) override;
  void DecideMembership(core::MembershipId id, domain::registry::MembershipStatus status, const std::string& reason,
                        core::AccountId by, core::TimePoint at) override;
  bool VolunteerInOrgAdministeredBy(core::VolunteerId volunteer, core::AccountId account) override;
  core::Result<core::TeamId> InsertTeam(const domain::registry::Team& team) override;
  std::vector<domain::registry::Team> Teams(core::OrganizationId org) override;
  std::optional<domain::registry::Team> FindTeam(core::OrganizationId org, core::TeamId id) override;
  core::Status AddTeamMember(core::TeamId team, core::VolunteerId volunteer, core::TimePoint at) override;
  std::vector<domain::registry::TeamMember> TeamMembers(core::TeamId team) override;

 private:
  Connection& conn_;
};

class SqlActivityRepository final : public domain::activities::ActivityRepository {
 public:
  explicit SqlActivityRepository(Connection& conn) : conn_(conn) {}
  core::ActivityId Insert(core::OrganizationId org, const domain::activities::ActivityFields& fields, core::AccountId by,
                          core::TimePoint at) override;
  void Update(core::ActivityId id, const domain::activities::ActivityFields& fields, core::TimePoint at) override;
  std::optional<domain::activities::Activity> Find(core::ActivityId id) override;
  void LockForSignup(core::ActivityId id) override;
  void SetStatus(core::ActivityId id, domain::activities::ActivityStatus status, const std::string& reason,
                 core::TimePoint at) override;
  core::Page<domain::activities::Activity> Search(const domain::activities::ActivityQuery& query,
                                                  core::TimePoint now) override;
  std::vector<domain::activities::Activity> Upcoming(core::TimePoint now, int limit) override;
  bool TryTakePlace(core::ActivityId id) override;
  void ReleasePlace(core::ActivityId id) override;
  core::Result<core::SignupId> InsertSignup(core::ActivityId activity, core::VolunteerId volunteer,
                                            domain::activities::SignupStatus status, core::TimePoint at) override;
  void UpdateSignup(core::SignupId id, domain::activities::SignupStatus status, const std::string& reason,
                    std::optional<core::AccountId> by, core::TimePoint at, bool requeue) override;
  std::optional<domain::activities::Signup> FindSignup(core::ActivityId activity, core::SignupId id) override;
  std::optional<domain::activities::Signup> FindSignupOf(core::ActivityId activity, core::VolunteerId volunteer) override;
  std::vector<domain::activities::Signup> Signups(core::ActivityId activity,
                                                  std::optional<domain::activities::SignupStatus> status) override;
  std::vector<domain::activities::Signup> SignupsOf(core::VolunteerId volunteer) override;
  std::optional<domain::activities::Signup> FirstWaitlisted(core::ActivityId activity) override;

 private:
  Connection& conn_;
};

class SqlAttendanceRepository final : public domain::attendance::AttendanceRepository {
 public:
  explicit SqlAttendanceRepository(Connection& conn) : conn_(conn) {}
  void LockVolunteer(core::VolunteerId volunteer) override;
  std::optional<domain::attendance::Session> OpenSessionOf(core::VolunteerId volunteer) override;
  int SessionsOn(core::ActivityId activity, core::VolunteerId volunteer, core::Date day) override;
  core::Result<core::AttendanceId> CheckIn(core::ActivityId activity, core::VolunteerId volunteer, core::TimePoint at,
                                           core::Date day, const std::string& method,
                                           const std::vector<std::string>& flags,
                                           std::optional<core::AccountId> recorded_by) override;
  void CheckOut(core::AttendanceId id, core::TimePoint at, int minutes, const std::string& method,
                const std::vector<std::string>& flags) override;
  std::optional<domain::attendance::Session> Find(core::AttendanceId id) override;
  std::vector<domain::attendance::Session> ForActivity(core::ActivityId activity) override;

 private:
  Connection& conn_;
};

class SqlLedgerRepository final : public domain::ledger::LedgerRepository {
 public:
  explicit SqlLedgerRepository(Connection& conn) : conn_(conn) {}
  core::Result<core::LedgerEntryId> Insert(const domain::ledger::NewEntry& entry) override;
  std::optional<domain::ledger::Entry> Find(core::LedgerEntryId id) override;
  bool Transition(core::LedgerEntryId id, domain::ledger::EntryStatus from, domain::ledger::EntryStatus to,
                  std::optional<core::AccountId> by, core::TimePoint at, const std::string& reason) override;
  std::vector<domain::ledger::Entry> ForActivity(core::ActivityId activity,
                                                 std::optional<domain::ledger::EntryStatus> status) override;
  std::int64_t ConfirmedMinutesOn(core::VolunteerId volunteer, core::Date day) override;
  void AddToTotals(core::VolunteerId volunteer, int year, std::int64_t minutes) override;
  std::vector<domain::ledger::YearTotal> Totals(core::VolunteerId volunteer) override;
  std::int64_t ConfirmedMinutes(core::VolunteerId volunteer) override;
  std::vector<domain::ledger::ActivityHours> ConfirmedByActivity(core::VolunteerId volunteer,
                                                                 std::optional<core::Date> from,
                                                                 std::optional<core::Date> to) override;
  std::int64_t PendingMinutes(core::VolunteerId volunteer) override;
  std::vector<domain::ledger::Entry> OfVolunteer(core::VolunteerId volunteer, int limit) override;
  std::vector<domain::ledger::Entry> AwaitingReview(const domain::ledger::ReviewScope& scope) override;
  std::vector<domain::ledger::YearTotal> RecomputedTotals(core::VolunteerId volunteer) override;
  std::int64_t RecordedMinutes(core::VolunteerId volunteer, core::ActivityId activity) override;
  std::vector<domain::ledger::MemberHours> OrganizationHours(core::OrganizationId org, int year) override;
  core::Result<std::int64_t> InsertAppeal(core::LedgerEntryId entry, core::VolunteerId volunteer,
                                          core::OrganizationId organization, const std::string& reason,
                                          core::TimePoint at) override;
  std::optional<domain::ledger::Appeal> FindAppeal(std::int64_t id) override;
  std::vector<domain::ledger::Appeal> AppealsOfVolunteer(core::VolunteerId volunteer) override;
  std::vector<domain::ledger::Appeal> AppealsOfOrganization(core::OrganizationId org,
                                                            std::optional<domain::ledger::AppealStatus> status) override;
  void DecideAppeal(std::int64_t id, domain::ledger::AppealStatus status, const std::string& reason,
                    std::optional<core::LedgerEntryId> correction, core::AccountId by, core::TimePoint at) override;

 private:
  Connection& conn_;
};

class SqlNeedRepository final : public domain::needs::NeedRepository {
 public:
  explicit SqlNeedRepository(Connection& conn) : conn_(conn) {}
  domain::needs::NeedId Insert(const domain::needs::NeedFields& fields, core::AccountId by, core::TimePoint at) override;
  std::optional<domain::needs::Need> Find(domain::needs::NeedId id) override;
  bool Update(domain::needs::NeedId id, domain::needs::NeedStatus from, const domain::needs::NeedUpdate& update,
              core::TimePoint at) override;
  core::Page<domain::needs::Need> Search(const domain::needs::NeedQuery& query) override;

 private:
  Connection& conn_;
};

class SqlProofRepository final : public domain::proofs::ProofRepository {
 public:
  explicit SqlProofRepository(Connection& conn) : conn_(conn) {}
  domain::proofs::ProofId Insert(const domain::proofs::Proof& proof) override;
  std::optional<domain::proofs::Proof> FindByNumber(const std::string& number) override;
  std::optional<domain::proofs::Proof> FindByPdf(const std::string& pdf_sha256) override;
  void RecordFile(domain::proofs::ProofId id, const std::string& pdf_sha256, core::TimePoint at) override;
  std::vector<domain::proofs::Proof> OfVolunteer(core::VolunteerId volunteer) override;
  std::vector<domain::proofs::Proof> OfOrganization(core::OrganizationId org) override;
  int Supersede(core::VolunteerId volunteer, std::optional<core::Date> from, std::optional<core::Date> to,
                domain::proofs::ProofId by, core::TimePoint at) override;
  bool Revoke(domain::proofs::ProofId id, const std::string& reason, core::AccountId by, core::TimePoint at) override;

 private:
  Connection& conn_;
};

class SqlStarRepository final : public domain::recognition::StarRepository {
 public:
  explicit SqlStarRepository(Connection& conn) : conn_(conn) {}
  domain::recognition::StarRules Rules() override;
  domain::recognition::Standing StandingOf(core::VolunteerId volunteer) override;
  void SaveStanding(const domain::recognition::Standing& standing, core::TimePoint at) override;
  void AddEvent(const domain::recognition::StarEvent& event) override;
  std::vector<domain::recognition::StarEvent> Events(core::VolunteerId volunteer) override;
  core::Page<domain::recognition::Eligible> EligibleOn(core::Date today, core::PageRequest page) override;
  std::vector<domain::recognition::GoodStandingRecord> GoodStanding(int min_level, std::int64_t min_minutes,
                                                                    core::Date today) override;
  domain::recognition::PublicityId InsertPublicity(const std::string& title, core::Date starts_on, core::Date ends_on,
                                                   core::AccountId by, core::TimePoint at) override;
  std::optional<domain::recognition::Publicity> FindPublicity(domain::recognition::PublicityId id) override;
  std::vector<domain::recognition::Publicity> Publicities(int limit) override;
  bool InsertCandidate(domain::recognition::PublicityId publicity, core::VolunteerId volunteer, int level,
                       std::int64_t confirmed_minutes) override;
  std::vector<domain::recognition::Candidate> Candidates(domain::recognition::PublicityId publicity) override;
  std::optional<domain::recognition::Candidate> FindCandidate(domain::recognition::CandidateId id) override;
  bool SetCandidateStatus(domain::recognition::CandidateId id, domain::recognition::CandidateStatus from,
                          domain::recognition::CandidateStatus to, const std::string& reason) override;
  bool ClosePublicity(domain::recognition::PublicityId id, core::AccountId by, core::TimePoint at) override;
  domain::recognition::ObjectionId InsertObjection(domain::recognition::CandidateId candidate, core::AccountId by,
                                                   const std::string& reason, core::TimePoint at) override;
  std::optional<domain::recognition::Objection> FindObjection(domain::recognition::ObjectionId id) override;
  std::vector<domain::recognition::Objection> Objections(domain::recognition::PublicityId publicity) override;
  bool DecideObjection(domain::recognition::ObjectionId id, domain::recognition::ObjectionStatus to,
                       const std::string& reason, core::AccountId by, core::TimePoint at) override;

 private:
  Connection& conn_;
};

class SqlCredentialRepository final : public domain::credentials::CredentialRepository {
 public:
  explicit SqlCredentialRepository(Connection& conn) : conn_(conn) {}
  std::optional<domain::credentials::Bank> FindBank(const std::string& code) override;
  std::vector<domain::credentials::Bank> Banks() override;
  std::string BankKeyCiphertext(const std::string& code) override;
  void UpsertBank(const std::string& code, const std::string& name, const std::string& key_ciphertext,
                  core::TimePoint at) override;
  bool RememberNonce(const std::string& bank, const std::string& nonce, core::TimePoint at,
                     core::TimePoint forget_before) override;
  std::vector<domain::credentials::Offer> Offers() override;
  std::optional<domain::credentials::ApplicationId> Insert(const domain::credentials::Application& a) override;
  std::optional<domain::credentials::Application> Find(domain::credentials::ApplicationId id) override;
  std::vector<domain::credentials::Application> OfVolunteer(core::VolunteerId volunteer) override;
  std::vector<domain::credentials::Application> ForBank(const std::string& bank,
                                                        std::optional<domain::credentials::Status> status,
                                                        int limit) override;
  bool Move(domain::credentials::ApplicationId id, domain::credentials::Status from, domain::credentials::Status to,
            const std::string& reason, core::TimePoint at) override;
  void AddEvent(domain::credentials::ApplicationId id, const domain::credentials::ApplicationEvent& event) override;
  std::vector<domain::credentials::ApplicationEvent> Events(domain::credentials::ApplicationId id) override;
  std::optional<domain::credentials::ApplicantRecord> Applicant(core::VolunteerId volunteer) override;
  std::vector<domain::credentials::Kind> HeldKinds(core::VolunteerId volunteer) override;

 private:
  Connection& conn_;
};

class SqlRewardRepository final : public domain::rewards::RewardRepository {
 public:
  explicit SqlRewardRepository(Connection& conn) : conn_(conn) {}
  bool InsertMerchant(const domain::rewards::Merchant& merchant, core::TimePoint at) override;
  std::optional<domain::rewards::Merchant> FindMerchant(const std::string& code) override;
  std::vector<domain::rewards::Merchant> Merchants() override;
  domain::rewards::BenefitId InsertBenefit(const domain::rewards::Benefit& benefit, std::optional<core::AccountId> by,
                                           core::TimePoint at) override;
  std::optional<domain::rewards::Benefit> FindBenefit(domain::rewards::BenefitId id) override;
  std::vector<domain::rewards::Benefit> Benefits(core::Date day, const std::string& merchant_code) override;
  std::vector<domain::rewards::Benefit> AllBenefits(const std::string& merchant_code) override;
  bool Withdraw(domain::rewards::BenefitId id) override;
  bool TakeUse(domain::rewards::BenefitId id, core::VolunteerId volunteer, int limit) override;
  int Used(domain::rewards::BenefitId id, core::VolunteerId volunteer) override;
  std::int64_t InsertRedemption(domain::rewards::BenefitId id, core::VolunteerId volunteer, const std::string& merchant,
                                core::AccountId by, core::TimePoint at) override;
  std::optional<domain::rewards::Redemption> FindRedemption(std::int64_t id) override;
  std::vector<domain::rewards::Redemption> RedemptionsOfMerchant(const std::string& merchant, int limit) override;
  std::vector<domain::rewards::Redemption> RedemptionsOfVolunteer(core::VolunteerId volunteer, int limit) override;

 private:
  Connection& conn_;
};

class SqlTargetRepository final : public domain::targets::TargetRepository {
 public:
  std::optional<domain::targets::SnapshotId> InsertSnapshot(const domain::targets::Snapshot& snapshot,
                                                            const domain::targets::DeskInputs& inputs,
                                                            core::AccountId by) override;
  std::optional<std::pair<domain::targets::Snapshot, domain::targets::DeskInputs>> FindSnapshot(
      domain::targets::SnapshotId id) override;
  std::vector<domain::targets::Snapshot> Snapshots() override;
  std::vector<domain::targets::OrganizationFigures> OrganizationsOf(const std::string& county, core::TimePoint start,
                                                                    core::TimePoint end, int year) override;
  std::vector<domain::targets::UnitFigures> UnitsOf(const std::string& county, int year) override;
  explicit SqlTargetRepository(Connection& conn) : conn_(conn) {}
  std::vector<domain::targets::County> Counties() override;
  domain::targets::Goals GoalsFor(int year) override;
  std::map<std::string, domain::targets::CountyCounts> Counts(int year) override;
  std::map<std::string, domain::targets::CountyCounts> Recount(int year, core::TimePoint start,
                                                               core::TimePoint end) override;
  std::vector<int> YearsWithFigures() override;
  void RebuildCounters() override;
  void ReadOneSnapshot() override;
  std::map<std::string, domain::targets::Reported> Populations(int year) override;
  std::map<std::string, domain::targets::Reported> MemberCounts(int year, const std::string& kind) override;
  void SetMemberCount(const std::string& county, int year, const std::string& kind, std::int64_t members,
                      const std::string& note, core::AccountId by, core::TimePoint at) override;

 private:
  Connection& conn_;
};

class SqlUnitRepository final : public domain::units::UnitRepository {
 public:
  explicit SqlUnitRepository(Connection& conn) : conn_(conn) {}
  std::optional<domain::units::UnitId> Insert(const domain::units::Unit& unit, core::AccountId by,
                                              core::TimePoint at) override;
  std::optional<domain::units::Unit> Find(domain::units::UnitId id) override;
  std::vector<domain::units::Unit> List(const std::vector<std::string>& regions) override;
  void AddContact(domain::units::UnitId unit, core::AccountId account, core::TimePoint at) override;
  std::vector<domain::units::Contact> Contacts(domain::units::UnitId unit) override;
  std::vector<domain::units::Unit> OfContact(core::AccountId account) override;
  bool IsContact(domain::units::UnitId unit, core::AccountId account) override;
  domain::units::Upserted UpsertRosterMember(domain::units::UnitId unit, const domain::units::RosterMember& member,
                                             core::TimePoint at) override;
  std::int64_t InsertRosterImport(const domain::units::RosterImport& import) override;
  std::vector<domain::units::RosterImport> RosterImports(domain::units::UnitId unit, int limit) override;
  domain::units::RosterSummary Summary(domain::units::UnitId unit, int year) override;
  core::Page<domain::units::RosterEntry> Roster(domain::units::UnitId unit, int year, domain::units::RosterFilter filter,
                                                core::PageRequest page) override;
  std::string Invitation(domain::units::UnitId unit, const std::string& fresh_token, core::TimePoint at) override;
  std::optional<domain::units::UnitId> FindByInvitation(const std::string& token) override;
  bool Join(domain::units::UnitId unit, core::VolunteerId volunteer, core::TimePoint at) override;

 private:
  Connection& conn_;
};

class SqlStoryRepository final : public domain::stories::StoryRepository {
 public:
  explicit SqlStoryRepository(Connection& conn) : conn_(conn) {}
  domain::stories::StoryId Insert(const domain::stories::Story& story) override;
  std::optional<domain::stories::Story> Find(domain::stories::StoryId id) override;
  void Update(const domain::stories::Story& story) override;
  void SetStatus(domain::stories::StoryId id, const std::string& status, std::optional<core::TimePoint> published_at,
                 core::TimePoint at) override;
  core::Page<domain::stories::Story> Search(const domain::stories::StoryQuery& query) override;

 private:
  Connection& conn_;
};

class SqlNoticeRepository final : public domain::notices::NoticeRepository {
 public:
  explicit SqlNoticeRepository(Connection& conn) : conn_(conn) {}
  domain::notices::NoticeId Insert(const domain::notices::Notice& notice, core::AccountId by) override;
  std::optional<domain::notices::Notice> Find(domain::notices::NoticeId id) override;
  std::vector<domain::notices::Notice> List(const std::vector<domain::units::UnitId>& units, bool all) override;
  bool UpsertReceipt(const domain::notices::Receipt& receipt) override;
  std::vector<domain::notices::ReceiptStatus> Statuses(domain::notices::NoticeId id) override;
  domain::notices::AttachmentId InsertAttachment(const domain::notices::Attachment& attachment,
                                                 const std::string& content_base64, core::AccountId by) override;
  std::vector<domain::notices::Attachment> Attachments(domain::notices::NoticeId id) override;
  std::optional<std::pair<domain::notices::Attachment, std::string>> FindAttachment(
      domain::notices::NoticeId id, domain::notices::AttachmentId attachment) override;
  bool DeleteAttachment(domain::notices::NoticeId id, domain::notices::AttachmentId attachment) override;
  void Outbox(const std::string& channel, std::optional<core::AccountId> account, const std::string& subject,
              const std::string& body, core::TimePoint at) override;

 private:
  Connection& conn_;
};

class SqlRateLimitRepository final : public domain::identity::RateLimitRepository {
 public:
  explicit SqlRateLimitRepository(Connection& conn) : conn_(conn) {}
  std::int64_t Hit(const std::string& bucket, std::int64_t window_start) override;

 private:
  Connection& conn_;
};

class SqlAuditRepository final : public domain::audit::AuditRepository {
 public:
  SqlAuditRepository(Connection& conn, const domain::audit::AuditChain& chain) : conn_(conn), chain_(chain) {}
  void Append(const domain::audit::AuditEvent& event) override { pending_.push_back(event); }
  core::Page<domain::audit::AuditEvent> Search(const domain::audit::AuditQuery& query) override;
  std::vector<domain::audit::AuditEvent> ChainAfter(std::int64_t after_id, int limit) override;
  domain::audit::ChainHead Head() override;
  std::int64_t LinkRecordsBeforeTheChain() override;
  std::optional<domain::audit::Archive> LatestArchive() override;
  void InsertArchive(const domain::audit::Archive& archive) override;
  std::int64_t DeleteThrough(std::int64_t through_id) override;
  // Writes the appended events, linked to the chain, under the head's lock; called just before the commit.
  void Flush();

 private:
  domain::audit::ChainHead LockHead();
  void SaveHead(const domain::audit::ChainHead& head);
  void Insert(const domain::audit::AuditEvent& e);
  Connection& conn_;
  const domain::audit::AuditChain& chain_;
  std::vector<domain::audit::AuditEvent> pending_;
};

// The domain Store over a Database: each unit of work is one transaction.
class SqlStore final : public domain::Store {
 public:
  // `chain` links the audit log's records (domain::audit::AuditChain); it must outlive the store.
  // `replica`, when given, serves ReadStale() while it is within its staleness bound; it must outlive the store.
  SqlStore(Database& db, const domain::audit::AuditChain& chain, ReadReplica* replica = nullptr)
      : db_(db), chain_(chain), replica_(replica) {}
  std::unique_ptr<domain::UnitOfWork> Write() override;
  std::unique_ptr<domain::UnitOfWork> Read() override;
  // On the replica when it is fresh enough; on the primary when there is none, it lags or it fails to start the
  // transaction (the request is never failed for the replica's sake).
  std::unique_ptr<domain::UnitOfWork> ReadStale() override;
  bool Ping() override;
  Database& database() { return db_; }

 private:
  Database& db_;
  const domain::audit::AuditChain& chain_;
  ReadReplica* replica_;
};

}  // namespace zhiyuan::storage
