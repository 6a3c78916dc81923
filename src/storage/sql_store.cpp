#include "storage/repositories.hpp"

namespace zhiyuan::storage {
namespace {

class SqlUnitOfWork final : public domain::UnitOfWork {
 public:
  SqlUnitOfWork(Database& db, TxMode mode, const domain::audit::AuditChain& chain,
                std::shared_ptr<Database> keep = nullptr)
      : keep_(std::move(keep)),
        tx_(db, mode),
        accounts_(tx_.conn()),
        sessions_(tx_.conn()),
        notifications_(tx_.conn()),
        rate_limits_(tx_.conn()),
        regions_(tx_.conn()),
        volunteers_(tx_.conn()),
        organizations_(tx_.conn()),
        activities_(tx_.conn()),
        attendance_(tx_.conn()),
        ledger_(tx_.conn()),
        needs_(tx_.conn()),
        proofs_(tx_.conn()),
        stars_(tx_.conn()),
        credentials_(tx_.conn()),
        rewards_(tx_.conn()),
        targets_(tx_.conn()),
        units_(tx_.conn()),
        notices_(tx_.conn()),
        stories_(tx_.conn()),
        audit_(tx_.conn(), chain) {}
  domain::identity::AccountRepository& Accounts() override { return accounts_; }
  domain::identity::SessionRepository& Sessions() override { return sessions_; }
  domain::identity::NotificationRepository& Notifications() override { return notifications_; }
  domain::identity::RateLimitRepository& RateLimits() override { return rate_limits_; }
  domain::registry::RegionRepository& Regions() override { return regions_; }
  domain::registry::VolunteerRepository& Volunteers() override { return volunteers_; }
  domain::registry::OrganizationRepository& Organizations() override { return organizations_; }
  domain::activities::ActivityRepository& Activities() override { return activities_; }
  domain::attendance::AttendanceRepository& Attendance() override { return attendance_; }
  domain::ledger::LedgerRepository& Ledger() override { return ledger_; }
  domain::needs::NeedRepository& Needs() override { return needs_; }
  domain::proofs::ProofRepository& Proofs() override { return proofs_; }
  domain::recognition::StarRepository& Stars() override { return stars_; }
  domain::credentials::CredentialRepository& Credentials() override { return credentials_; }
  domain::rewards::RewardRepository& Rewards() override { return rewards_; }
  domain::targets::TargetRepository& Targets() override { return targets_; }
  domain::units::UnitRepository& Units() override { return units_; }
  domain::notices::NoticeRepository& Notices() override { return notices_; }
  domain::stories::StoryRepository& Stories() override { return stories_; }
  domain::audit::AuditRepository& Audit() override { return audit_; }
  void Commit() override {
    audit_.Flush();  // last: the audit chain's head stays locked only until the commit
    tx_.Commit();
  }

 private:
  std::shared_ptr<Database> keep_;  // the replica's pool, alive while this transaction uses it
  Transaction tx_;
  SqlAccountRepository accounts_;
  SqlSessionRepository sessions_;
  SqlNotificationRepository notifications_;
  SqlRateLimitRepository rate_limits_;
  SqlRegionRepository regions_;
  SqlVolunteerRepository volunteers_;
  SqlOrganizationRepository organizations_;
  SqlActivityRepository activities_;
  SqlAttendanceRepository attendance_;
  SqlLedgerRepository ledger_;
  SqlNeedRepository needs_;
  SqlProofRepository proofs_;
  SqlStarRepository stars_;
  SqlCredentialRepository credentials_;
  SqlRewardRepository rewards_;
  SqlTargetRepository targets_;
  SqlUnitRepository units_;
  SqlNoticeRepository notices_;
  SqlStoryRepository stories_;
  SqlAuditRepository audit_;
};

}  // namespace

std::unique_ptr<domain::UnitOfWork> SqlStore::Write() {
  return std::make_unique<SqlUnitOfWork>(db_, TxMode::kWrite, chain_);
}
std::unique_ptr<domain::UnitOfWork> SqlStore::Read() {
  return std::make_unique<SqlUnitOfWork>(db_, TxMode::kRead, chain_);
}

std::unique_ptr<domain::UnitOfWork> SqlStore::ReadStale() {
  if (replica_) {
    if (auto replica = replica_->Choose()) {
      try {
        Database& db = *replica;
        return std::make_unique<SqlUnitOfWork>(db, TxMode::kRead, chain_, std::move(replica));
      } catch (const DbError& e) {
        replica_->Failed(e.what());
      }
    }
  }
  return Read();
}

bool SqlStore::Ping() {
  try {
    auto lease = db_.Acquire();
    return lease->QueryOne("SELECT 1").has_value();
  } catch (const DbError&) {
    return false;
  }
}

}  // namespace zhiyuan::storage
