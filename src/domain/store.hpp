#pragma once

#include <memory>

#include "domain/activities/activities.hpp"
#include "domain/attendance/attendance.hpp"
#include "domain/audit/audit.hpp"
#include "domain/credentials/credentials.hpp"
#include "domain/identity/identity.hpp"
#include "domain/ledger/ledger.hpp"
#include "domain/needs/needs.hpp"
#include "domain/proofs/proofs.hpp"
#include "domain/recognition/stars.hpp"
#include "domain/registry/registry.hpp"
#include "domain/rewards/rewards.hpp"
#include "domain/targets/targets.hpp"
#include "domain/notices/notices.hpp"
#include "domain/stories/stories.hpp"
#include "domain/units/units.hpp"

namespace zhiyuan::domain {

// One transaction over every repository (the port the storage layer implements). A unit of work rolls
// back when destroyed without Commit(), so an error path can simply return.
class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;
  virtual identity::AccountRepository& Accounts() = 0;
  virtual identity::SessionRepository& Sessions() = 0;
  virtual identity::NotificationRepository& Notifications() = 0;
  virtual identity::RateLimitRepository& RateLimits() = 0;
  virtual registry::RegionRepository& Regions() = 0;
  virtual registry::VolunteerRepository& Volunteers() = 0;
  virtual registry::OrganizationRepository& Organizations() = 0;
  virtual activities::ActivityRepository& Activities() = 0;
  virtual attendance::AttendanceRepository& Attendance() = 0;
  virtual ledger::LedgerRepository& Ledger() = 0;
  virtual needs::NeedRepository& Needs() = 0;
  virtual proofs::ProofRepository& Proofs() = 0;
  virtual recognition::StarRepository& Stars() = 0;
  virtual credentials::CredentialRepository& Credentials() = 0;
  virtual rewards::RewardRepository& Rewards() = 0;
  virtual targets::TargetRepository& Targets() = 0;
  virtual units::UnitRepository& Units() = 0;
  virtual notices::NoticeRepository& Notices() = 0;
  virtual stories::StoryRepository& Stories() = 0;
  virtual audit::AuditRepository& Audit() = 0;
  virtual void Commit() = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual std::unique_ptr<UnitOfWork> Write() = 0;
  virtual std::unique_ptr<UnitOfWork> Read() = 0;
  // A read that may be a little behind the latest commits: the read replica's copy when one is configured and
  // known to be within its staleness bound (docs/scaling.md), else the same as Read(). Only for views nobody
  // expects to show their own write at once (dashboards, the public activity search); never for a session,
  // a volunteer's own data, or a read that decides a write.
  virtual std::unique_ptr<UnitOfWork> ReadStale() { return Read(); }
  // Answers whether the database is reachable (for /healthz).
  virtual bool Ping() = 0;
};

}  // namespace zhiyuan::domain
