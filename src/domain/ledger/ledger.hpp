#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/time_format.hpp"

namespace zhiyuan::domain::ledger {

enum class EntryKind { kAttendance, kRetro, kReversal, kCorrection };
enum class EntryStatus { kPending, kAwaitingCounty, kAwaitingCity, kConfirmed, kRejected };
std::string_view ToString(EntryKind kind);
std::string_view ToString(EntryStatus status);
std::optional<EntryKind> ParseEntryKind(std::string_view text);
std::optional<EntryStatus> ParseEntryStatus(std::string_view text);

// One line of the append-only hours record (志愿服务记录). Amounts are never edited: a correction is a
// reversal (negative minutes) plus a new entry. Only the workflow status moves (pending → confirmed).
struct Entry {
  core::LedgerEntryId id;
  core::VolunteerId volunteer;
  core::AccountId volunteer_account;
  std::string volunteer_name;
  std::string volunteer_number;
  core::ActivityId activity;
  std::string activity_title;
  core::OrganizationId organization;
  std::string organization_name;
  std::string organization_county;
  std::optional<core::OrganizationId> organization_parent;
  std::optional<core::AttendanceId> attendance;
  core::Date service_date;
  int minutes = 0;
  EntryKind kind = EntryKind::kAttendance;
  EntryStatus status = EntryStatus::kPending;
  std::optional<core::LedgerEntryId> reverses;
  bool reversed = false;  // a later reversal points at this entry
  std::string reason_code;
  std::string reason;
  core::TimePoint created_at;
  std::optional<core::TimePoint> confirmed_at;
};

struct NewEntry {
  core::VolunteerId volunteer;
  core::ActivityId activity;
  core::OrganizationId organization;
  std::optional<core::AttendanceId> attendance;
  core::Date service_date;
  int minutes = 0;
  EntryKind kind = EntryKind::kAttendance;
  EntryStatus status = EntryStatus::kPending;
  std::optional<core::LedgerEntryId> reverses;
  std::string reason_code;
  std::string reason;
  std::optional<core::AccountId> created_by;
  core::TimePoint created_at;
};

struct MemberHours {
  core::VolunteerId volunteer;
  std::string name;
  std::string volunteer_number;
  std::int64_t confirmed_minutes = 0;
  std::int64_t pending_minutes = 0;
};

// A volunteer's confirmed hours for one activity over a period (reversals netted): a line of a proof.
struct ActivityHours {
  core::ActivityId activity;
  std::string title;
  std::string category;
  core::OrganizationId organization;
  std::string organization_name;
  std::string person_in_charge;      // 负责人 (the contact when none is registered)
  std::string organization_contact;  // 经办人
  core::Date first_day;
  core::Date last_day;
  std::int64_t minutes = 0;
};

struct YearTotal {
  int year = 0;
  std::int64_t minutes = 0;
};

// Who may review an escalated entry: county level is the county admin of the organisation's county or an
// admin of its parent organisation; city level is the city admin.
struct ReviewScope {
  bool city = false;
  std::vector<std::string> counties;
  std::vector<core::OrganizationId> parent_organizations;
};

// 申诉: a volunteer disputes an entry; the recording organisation decides with a reason.
enum class AppealStatus { kOpen, kAccepted, kRejected };
std::string_view ToString(AppealStatus status);
std::optional<AppealStatus> ParseAppealStatus(std::string_view text);

struct Appeal {
  std::int64_t id = 0;
  core::LedgerEntryId entry;
  core::VolunteerId volunteer;
  core::AccountId volunteer_account;
  std::string volunteer_name;
  core::OrganizationId organization;
  std::string activity_title;
  core::Date service_date;
  int entry_minutes = 0;
  std::string reason;
  AppealStatus status = AppealStatus::kOpen;
  std::string decision_reason;
  std::optional<core::LedgerEntryId> correction;
  core::TimePoint created_at;
  std::optional<core::TimePoint> decided_at;
};

class LedgerRepository {
 public:
  virtual ~LedgerRepository() = default;
  // kAlreadyExists "already_reversed" when the entry reversed already has a reversal.
  virtual core::Result<core::LedgerEntryId> Insert(const NewEntry& entry) = 0;
  virtual std::optional<Entry> Find(core::LedgerEntryId id) = 0;
  // Moves an entry from `from` to `to`; false when it was no longer in `from` (a concurrent request won), so
  // an entry is confirmed, and counted in the totals, exactly once.
  [[nodiscard]] virtual bool Transition(core::LedgerEntryId id, EntryStatus from, EntryStatus to,
                                        std::optional<core::AccountId> by, core::TimePoint at,
                                        const std::string& reason) = 0;
  virtual std::vector<Entry> ForActivity(core::ActivityId activity, std::optional<EntryStatus> status) = 0;
  // Sum of the confirmed minutes of the volunteer on that day (reversals included).
  virtual std::int64_t ConfirmedMinutesOn(core::VolunteerId volunteer, core::Date day) = 0;
  // Keeps the yearly totals in step with confirmed entries; called in the same transaction.
  virtual void AddToTotals(core::VolunteerId volunteer, int year, std::int64_t minutes) = 0;
  virtual std::vector<YearTotal> Totals(core::VolunteerId volunteer) = 0;
  // All confirmed minutes of the volunteer (the sum of the yearly totals).
  virtual std::int64_t ConfirmedMinutes(core::VolunteerId volunteer) = 0;
  // Confirmed minutes by activity with service dates in [from, to] (either end open), oldest first.
  virtual std::vector<ActivityHours> ConfirmedByActivity(core::VolunteerId volunteer, std::optional<core::Date> from,
                                                         std::optional<core::Date> to) = 0;
  virtual std::int64_t PendingMinutes(core::VolunteerId volunteer) = 0;
  virtual std::vector<Entry> OfVolunteer(core::VolunteerId volunteer, int limit) = 0;
  virtual std::vector<Entry> AwaitingReview(const ReviewScope& scope) = 0;
  // The totals recomputed from the raw entries (consistency checks).
  virtual std::vector<YearTotal> RecomputedTotals(core::VolunteerId volunteer) = 0;
  // Confirmed and waiting minutes of a volunteer for one activity (the retro-entry ceiling).
  // Hours each volunteer served with the organisation in a year, most first.
  virtual std::vector<MemberHours> OrganizationHours(core::OrganizationId org, int year) = 0;
  virtual std::int64_t RecordedMinutes(core::VolunteerId volunteer, core::ActivityId activity) = 0;

  // kAlreadyExists "appeal_open" when the entry already has an open appeal.
  virtual core::Result<std::int64_t> InsertAppeal(core::LedgerEntryId entry, core::VolunteerId volunteer,
                                                  core::OrganizationId organization, const std::string& reason,
                                                  core::TimePoint at) = 0;
  virtual std::optional<Appeal> FindAppeal(std::int64_t id) = 0;
  virtual std::vector<Appeal> AppealsOfVolunteer(core::VolunteerId volunteer) = 0;
  virtual std::vector<Appeal> AppealsOfOrganization(core::OrganizationId org, std::optional<AppealStatus> status) = 0;
  virtual void DecideAppeal(std::int64_t id, AppealStatus status, const std::string& reason,
                            std::optional<core::LedgerEntryId> correction, core::AccountId by, core::TimePoint at) = 0;
};

// Daily tiers (SPEC §2): ≤ 8 h a day takes effect on the organisation's confirmation; 8–12 h also needs
// the parent organisation or county; more than 12 h needs the city.
enum class ApprovalLevel { kOrganization, kCounty, kCity };
ApprovalLevel RequiredLevel(std::int64_t confirmed_minutes_that_day, int entry_minutes);

}  // namespace zhiyuan::domain::ledger
