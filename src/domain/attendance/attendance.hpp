#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/time_format.hpp"

namespace zhiyuan::domain::attendance {

// One check-in/check-out pair (考勤记录).
struct Session {
  core::AttendanceId id;
  core::ActivityId activity;
  std::string activity_title;
  core::VolunteerId volunteer;
  std::string volunteer_name;
  std::string volunteer_number;
  core::Date service_date;
  core::TimePoint check_in_at;
  std::optional<core::TimePoint> check_out_at;
  std::optional<int> minutes;
  std::string method_in;   // "qr" | "gps" | "organizer"
  std::string method_out;
  std::vector<std::string> flags;  // "gps", "manual", "closed_by_organizer", "capped_at_end"
  std::optional<core::LedgerEntryId> ledger_entry;
  std::string entry_status;
};

class AttendanceRepository {
 public:
  virtual ~AttendanceRepository() = default;
  // Serialises one person's check-ins and check-outs (PostgreSQL: row lock; SQLite has one writer), so
  // concurrent attempts see each other and each gets its precise refusal.
  virtual void LockVolunteer(core::VolunteerId volunteer) = 0;
  // The person's open session in any activity, if any.
  virtual std::optional<Session> OpenSessionOf(core::VolunteerId volunteer) = 0;
  virtual int SessionsOn(core::ActivityId activity, core::VolunteerId volunteer, core::Date day) = 0;
  // kAlreadyExists "overlapping_session" when the person already has an open session (a unique index).
  virtual core::Result<core::AttendanceId> CheckIn(core::ActivityId activity, core::VolunteerId volunteer,
                                                   core::TimePoint at, core::Date day, const std::string& method,
                                                   const std::vector<std::string>& flags,
                                                   std::optional<core::AccountId> recorded_by) = 0;
  virtual void CheckOut(core::AttendanceId id, core::TimePoint at, int minutes, const std::string& method,
                        const std::vector<std::string>& flags) = 0;
  virtual std::optional<Session> Find(core::AttendanceId id) = 0;
  virtual std::vector<Session> ForActivity(core::ActivityId activity) = 0;
};

// Rotating check-in tokens (签到二维码): an HMAC over the activity and a 30-second window, so a token is
// accepted for at most 60 seconds and a forwarded screenshot soon stops working.
class CheckInTokens {
 public:
  static constexpr std::chrono::seconds kWindow{30};
  explicit CheckInTokens(std::string key) : key_(std::move(key)) {}
  std::string Issue(core::ActivityId activity, core::TimePoint now) const;
  core::TimePoint ExpiresAt(core::TimePoint now) const;  // when the token issued now stops being accepted
  enum class Check { kValid, kExpired, kInvalid };
  Check Verify(core::ActivityId activity, std::string_view token, core::TimePoint now) const;

 private:
  std::string Mac(core::ActivityId activity, std::int64_t window) const;
  std::string key_;
};

// Great-circle distance in metres (haversine), for the GPS geofence.
double DistanceMeters(double lat1, double lon1, double lat2, double lon2);

}  // namespace zhiyuan::domain::attendance
