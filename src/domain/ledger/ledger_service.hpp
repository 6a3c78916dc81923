#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/attendance/attendance_service.hpp"
#include "domain/ledger/ledger.hpp"
#include "domain/store.hpp"

namespace zhiyuan::domain::ledger {

using identity::Principal;

// Told, inside the same transaction, when a volunteer's confirmed total went down (a reversal or a
// correction), so what rests on the hours (star levels) follows at once. A port: recognition comes later.
class HoursSink {
 public:
  virtual ~HoursSink() = default;
  virtual void HoursReduced(UnitOfWork& uow, core::VolunteerId volunteer) = 0;
};

struct Escalation {
  core::LedgerEntryId entry;
  ApprovalLevel level;
  std::string reason;
};

struct Skip {
  core::AttendanceId attendance;
  std::string reason;
};

struct ConfirmationResult {
  std::vector<core::LedgerEntryId> confirmed;
  std::vector<Escalation> escalated;
  std::vector<Skip> skipped;
};

struct CorrectionResult {
  Entry reversal;
  std::optional<Entry> replacement;
};

struct Hours {
  std::int64_t confirmed_minutes = 0;
  std::int64_t pending_minutes = 0;
  std::vector<YearTotal> by_year;
  std::vector<Entry> entries;
};

// 志愿服务记录: "谁组织谁记录" — the organisation that ran the activity records and confirms the hours;
// daily tiers send long days up to the county or the city; corrections append, never edit.
class LedgerService final : public attendance::ClosedSessionSink {
 public:
  LedgerService(Store& store, HoursSink& hours_sink, const core::Clock& clock)
      : store_(store), hours_sink_(hours_sink), clock_(clock) {}

  // A closed session becomes a pending entry, in the check-out's transaction.
  void SessionClosed(UnitOfWork& uow, const activities::Activity& activity, const attendance::Session& session,
                     std::optional<core::AccountId> by) override;

  // Confirms the activity's pending entries (all, or those of the given sessions) as far as their tier allows.
  core::Result<ConfirmationResult> Confirm(const Principal& caller, core::ActivityId activity,
                                           const std::vector<core::AttendanceId>& only, const audit::RequestMeta& meta);
  core::Result<std::vector<Entry>> Reviews(const Principal& caller);
  core::Result<Entry> Review(const Principal& caller, core::LedgerEntryId id, bool approve, const std::string& reason,
                             const audit::RequestMeta& meta);
  // The entry is looked up and the caller's scope checked (kNotFound) before the fields are validated: `minutes`
  // absent is a 422 `required` only for the entry's own organisation. Likewise DecideAppeal's `accept`.
  core::Result<CorrectionResult> Correct(const Principal& caller, core::LedgerEntryId id, std::optional<int> minutes,
                                         const std::string& reason_code, const std::string& reason,
                                         const audit::RequestMeta& meta);
  core::Result<Hours> MyHours(const Principal& caller);

  // 补录: hours for past work, requested by the organisation with a reason and approved by the level above
  // (county admin or parent organisation); never more than the activity's duration in total.
  // Every entry of an activity, reversals and corrections included (the organiser's console).
  core::Result<std::vector<Entry>> ActivityEntries(const Principal& caller, core::ActivityId activity);
  // An organisation's view of its volunteers' hours in a year (its admins only).
  core::Result<std::vector<MemberHours>> OrganizationHours(const Principal& caller, core::OrganizationId org, int year);

  core::Result<Entry> RequestRetroEntry(const Principal& caller, core::ActivityId activity,
                                        const std::string& volunteer_number, const std::string& service_date,
                                        int minutes, const std::string& reason, const audit::RequestMeta& meta);

  core::Result<Appeal> FileAppeal(const Principal& caller, core::LedgerEntryId entry, const std::string& reason,
                                  const audit::RequestMeta& meta);
  core::Result<std::vector<Appeal>> MyAppeals(const Principal& caller);
  core::Result<std::vector<Appeal>> OrganizationAppeals(const Principal& caller, core::OrganizationId org,
                                                        std::optional<AppealStatus> status);
  // Accepting with `minutes` corrects the entry (reversal + replacement) in the same transaction.
  core::Result<Appeal> DecideAppeal(const Principal& caller, std::int64_t appeal, std::optional<bool> accept,
                                    const std::string& reason, std::optional<int> minutes,
                                    const audit::RequestMeta& meta);

 private:
  // Confirms or escalates one entry according to the volunteer's day so far; returns the new status.
  // nullopt when the entry was no longer pending (settled by a concurrent request).
  std::optional<EntryStatus> Settle(UnitOfWork& uow, const Entry& entry, core::AccountId by, core::TimePoint now);
  ReviewScope ScopeOf(UnitOfWork& uow, const Principal& caller);
  // The reversal and replacement of a correction, inside the caller's transaction.
  core::Result<CorrectionResult> CorrectIn(UnitOfWork& uow, const Principal& caller, const Entry& entry, int minutes,
                                           const std::string& reason_code, const std::string& reason, core::TimePoint now);

  // Adds to the yearly totals and tells the sink when the total went down.
  void Credit(UnitOfWork& uow, core::VolunteerId volunteer, core::Date service_date, std::int64_t minutes);

  Store& store_;
  HoursSink& hours_sink_;
  const core::Clock& clock_;
};

}  // namespace zhiyuan::domain::ledger
