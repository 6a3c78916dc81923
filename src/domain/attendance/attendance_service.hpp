#pragma once

#include <optional>
#include <string>

#include "domain/activities/activities.hpp"
#include "domain/attendance/attendance.hpp"
#include "domain/identity/principal.hpp"
#include "domain/registry/volunteer_pass.hpp"
#include "domain/store.hpp"

namespace zhiyuan::domain::attendance {

using identity::Principal;

// Told when a session closes, inside the same transaction (the ledger records the minutes). A port, so
// attendance does not depend on the ledger module that comes after it.
class ClosedSessionSink {
 public:
  virtual ~ClosedSessionSink() = default;
  virtual void SessionClosed(UnitOfWork& uow, const activities::Activity& activity, const Session& session,
                             std::optional<core::AccountId> by) = 0;
};

struct TokenGrant {
  std::string token;
  core::TimePoint expires_at;
};

// How a volunteer proves presence: the rotating QR token, or a GPS position inside the geofence.
struct Proof {
  std::string token;
  std::optional<double> latitude;
  std::optional<double> longitude;
};

// 考勤: check-in and check-out with every rule of SPEC §2, each refusal with its reason.
class AttendanceService {
 public:
  static constexpr std::chrono::minutes kCheckInOpensBeforeStart{30};
  static constexpr int kMaxPairsPerDay = 3;

  AttendanceService(Store& store, const CheckInTokens& tokens, const registry::VolunteerPass& passes,
                    ClosedSessionSink& sink, const core::Clock& clock)
      : store_(store), tokens_(tokens), passes_(passes), sink_(sink), clock_(clock) {}

  core::Result<TokenGrant> Token(const Principal& caller, core::ActivityId activity);
  core::Result<Session> CheckIn(const Principal& caller, core::ActivityId activity, const Proof& proof,
                                const audit::RequestMeta& meta);
  core::Result<Session> CheckOut(const Principal& caller, core::ActivityId activity, const Proof& proof,
                                 const audit::RequestMeta& meta);
  // The organiser checks a volunteer in or out, identified by their volunteer number or by scanning their QR
  // pass (志愿者码); `at` in the past closes a forgotten session.
  struct VolunteerRef {
    std::string number;
    std::string pass;
  };
  core::Result<Session> Record(const Principal& caller, core::ActivityId activity, const VolunteerRef& who,
                               bool check_in, std::optional<core::TimePoint> at, const audit::RequestMeta& meta);
  // The same as a request says it: `action` "check_in" | "check_out", `at` RFC 3339 or absent. The activity's
  // scope is checked (kNotFound) before they are validated (422).
  core::Result<Session> Record(const Principal& caller, core::ActivityId activity, const VolunteerRef& who,
                               const std::string& action, const std::optional<std::string>& at,
                               const audit::RequestMeta& meta);
  core::Result<std::vector<Session>> List(const Principal& caller, core::ActivityId activity);

 private:
  // The activity if the caller is one of its organisation's admins, else kNotFound.
  core::Result<activities::Activity> Organized(UnitOfWork& uow, const Principal& caller, core::ActivityId id);
  // Checks the QR token or the GPS position; returns the method ("qr" | "gps").
  core::Result<std::string> VerifyProof(const activities::Activity& activity, const Proof& proof, core::TimePoint now);
  core::Result<core::AttendanceId> OpenSession(UnitOfWork& uow, const activities::Activity& activity,
                                               core::VolunteerId volunteer, core::TimePoint at,
                                               const std::string& method, std::vector<std::string> flags,
                                               std::optional<core::AccountId> by);
  core::Result<Session> CloseSession(UnitOfWork& uow, const activities::Activity& activity, core::VolunteerId volunteer,
                                     core::TimePoint at, const std::string& method, std::vector<std::string> flags,
                                     std::optional<core::AccountId> by);

  Store& store_;
  const CheckInTokens& tokens_;
  const registry::VolunteerPass& passes_;
  ClosedSessionSink& sink_;
  const core::Clock& clock_;
};

}  // namespace zhiyuan::domain::attendance
