#include "domain/attendance/attendance_service.hpp"

#include <algorithm>

#include "core/time_format.hpp"

namespace zhiyuan::domain::attendance {

using activities::Activity;
using activities::ActivityStatus;
using activities::SignupStatus;
using core::Error;

namespace {

std::string Id(std::int64_t v) { return std::to_string(v); }

Error Refuse(const char* field, const char* code, std::string message) {
  return Error::Field(field, code, std::move(message));
}

}  // namespace

core::Result<Activity> AttendanceService::Organized(UnitOfWork& uow, const Principal& caller, core::ActivityId id) {
  auto a = uow.Activities().Find(id);
  // Attendance of another organisation's activity is outside the caller's scope: 404 as for a nonexistent one.
  if (!a || !caller.IsOrgAdminOf(a->organization)) return Error::NotFound("活动不存在");
  return *a;
}

core::Result<TokenGrant> AttendanceService::Token(const Principal& caller, core::ActivityId id) {
  auto uow = store_.Read();
  ZY_ASSIGN_OR_RETURN(auto a, Organized(*uow, caller, id));
  if (a.status != ActivityStatus::kPublished) return Error::Conflict("activity_not_open", "活动未发布或已结束，无需签到");
  auto now = clock_.Now();
  return TokenGrant{tokens_.Issue(id, now), tokens_.ExpiresAt(now)};
}

core::Result<std::string> AttendanceService::VerifyProof(const Activity& a, const Proof& proof, core::TimePoint now) {
  if (!proof.token.empty()) {
    switch (tokens_.Verify(a.id, proof.token, now)) {
      case CheckInTokens::Check::kValid: return std::string("qr");
      case CheckInTokens::Check::kExpired:
        return Refuse("token", "expired_token", "签到二维码已过期，请扫描现场屏幕上的最新二维码");
      case CheckInTokens::Check::kInvalid: return Refuse("token", "invalid_token", "签到二维码无效，请扫描本活动现场的二维码");
    }
  }
  if (proof.latitude && proof.longitude) {
    if (!a.GpsCheckInAllowed())
      return Refuse("location", "gps_not_allowed", "本活动招募人数少于100人，不支持定位签到，请扫描现场二维码");
    auto d = DistanceMeters(a.latitude, a.longitude, *proof.latitude, *proof.longitude);
    if (d > a.geofence_meters)
      return Refuse("location", "outside_geofence",
                    "您距离活动地点约" + std::to_string(int(d)) + "米，超出" + std::to_string(a.geofence_meters) +
                        "米的签到范围");
    return std::string("gps");
  }
  return Refuse("token", "proof_required", "请扫描现场二维码或使用定位签到");
}

core::Result<core::AttendanceId> AttendanceService::OpenSession(UnitOfWork& uow, const Activity& a,
                                                                core::VolunteerId volunteer, core::TimePoint at,
                                                                const std::string& method,
                                                                std::vector<std::string> flags,
                                                                std::optional<core::AccountId> by) {
  if (a.status != ActivityStatus::kPublished || at < a.starts_at - kCheckInOpensBeforeStart || at >= a.ends_at)
    return Refuse("activity", "checkin_not_open", "不在签到时间内：活动开始前30分钟至活动结束前可签到");
  uow.Attendance().LockVolunteer(volunteer);
  auto signup = uow.Activities().FindSignupOf(a.id, volunteer);
  if (!signup || signup->status != SignupStatus::kConfirmed)
    return Refuse("activity", "not_signed_up", "您未被录取参加该活动，不能签到");
  if (auto open = uow.Attendance().OpenSessionOf(volunteer)) {
    if (open->activity == a.id) return Refuse("activity", "already_checked_in", "您已签到，请勿重复签到");
    return Refuse("activity", "overlapping_session",
                  "您正在参加另一活动“" + open->activity_title + "”，请先在该活动签退");
  }
  auto day = core::ChinaDate(at);
  if (uow.Attendance().SessionsOn(a.id, volunteer, day) >= kMaxPairsPerDay)
    return Refuse("activity", "daily_pair_limit", "同一活动每人每天最多签到签退3次");
  if (method == "gps") flags.push_back("gps");
  auto id = uow.Attendance().CheckIn(a.id, volunteer, at, day, method, flags, by);
  if (!id.ok())  // a concurrent check-in elsewhere won the race for the one open session
    return Refuse("activity", "overlapping_session", "您已在其他活动签到，请先签退");
  return id;
}

core::Result<Session> AttendanceService::CloseSession(UnitOfWork& uow, const Activity& a, core::VolunteerId volunteer,
                                                      core::TimePoint at, const std::string& method,
                                                      std::vector<std::string> flags, std::optional<core::AccountId> by) {
  uow.Attendance().LockVolunteer(volunteer);
  auto open = uow.Attendance().OpenSessionOf(volunteer);
  if (!open || open->activity != a.id) return Refuse("activity", "not_checked_in", "您在本活动没有未签退的签到记录");
  if (at < open->check_in_at) return Refuse("at", "before_check_in", "签退时间不能早于签到时间");
  auto effective = at;
  if (effective > a.ends_at) {
    effective = a.ends_at;  // service time ends with the activity: what comes after is not service
    flags.push_back("capped_at_end");
  }
  if (effective < open->check_in_at) effective = open->check_in_at;
  int minutes = int((effective - open->check_in_at).count() / 60);
  for (const auto& f : open->flags) flags.push_back(f);
  std::sort(flags.begin(), flags.end());
  flags.erase(std::unique(flags.begin(), flags.end()), flags.end());
  uow.Attendance().CheckOut(open->id, at, minutes, method, flags);
  auto closed = *uow.Attendance().Find(open->id);
  sink_.SessionClosed(uow, a, closed, by);
  return *uow.Attendance().Find(open->id);
}

core::Result<Session> AttendanceService::CheckIn(const Principal& caller, core::ActivityId id, const Proof& proof,
                                                 const audit::RequestMeta& meta) {
  if (!caller.volunteer) return Error::Forbidden("只有志愿者可以签到");
  auto now = clock_.Now();
  auto uow = store_.Write();
  auto a = uow->Activities().Find(id);
  if (!a || a->status == ActivityStatus::kDraft) return Error::NotFound("活动不存在");
  ZY_ASSIGN_OR_RETURN(auto method, VerifyProof(*a, proof, now));
  ZY_ASSIGN_OR_RETURN(auto session, OpenSession(*uow, *a, *caller.volunteer, now, method, {}, std::nullopt));
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "attendance.check_in",
                                   "attendance", Id(session.value), "ok", "{\"method\":\"" + method + "\"}"));
  auto out = uow->Attendance().Find(session);
  uow->Commit();
  return *out;
}

core::Result<Session> AttendanceService::CheckOut(const Principal& caller, core::ActivityId id, const Proof& proof,
                                                  const audit::RequestMeta& meta) {
  if (!caller.volunteer) return Error::Forbidden("只有志愿者可以签退");
  auto now = clock_.Now();
  auto uow = store_.Write();
  auto a = uow->Activities().Find(id);
  if (!a || a->status == ActivityStatus::kDraft) return Error::NotFound("活动不存在");
  ZY_ASSIGN_OR_RETURN(auto method, VerifyProof(*a, proof, now));
  ZY_ASSIGN_OR_RETURN(auto session, CloseSession(*uow, *a, *caller.volunteer, now, method, {}, std::nullopt));
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "attendance.check_out",
                                   "attendance", Id(session.id.value), "ok",
                                   "{\"minutes\":" + std::to_string(session.minutes.value_or(0)) + "}"));
  uow->Commit();
  return session;
}

core::Result<Session> AttendanceService::Record(const Principal& caller, core::ActivityId id, const VolunteerRef& who,
                                                const std::string& action, const std::optional<std::string>& at_text,
                                                const audit::RequestMeta& meta) {
  {
    auto uow = store_.Read();
    ZY_TRY(Organized(*uow, caller, id));  // outside the caller's scope: 404 before the fields are read
  }
  if (action != "check_in" && action != "check_out")
    return Refuse("action", "invalid_action", "操作应为 check_in（签到）或 check_out（签退）");
  std::optional<core::TimePoint> at;
  if (at_text && !at_text->empty()) {
    at = core::ParseRfc3339(*at_text);
    if (!at) return Refuse("at", "invalid_time", "时间格式应为 RFC 3339");
  }
  return Record(caller, id, who, action == "check_in", at, meta);
}

core::Result<Session> AttendanceService::Record(const Principal& caller, core::ActivityId id, const VolunteerRef& who,
                                                bool check_in, std::optional<core::TimePoint> at,
                                                const audit::RequestMeta& meta) {
  auto now = clock_.Now();
  auto uow = store_.Write();
  ZY_ASSIGN_OR_RETURN(auto a, Organized(*uow, caller, id));
  std::optional<registry::Volunteer> match;
  if (!who.pass.empty()) {
    ZY_ASSIGN_OR_RETURN(auto volunteer, passes_.Verify(who.pass, now));
    match = uow->Volunteers().Find(volunteer);
  } else {
    match = uow->Volunteers().FindByNumber(who.number);
  }
  if (!match)
    return Refuse("volunteer_number", "unknown_volunteer", "志愿者编号不存在");
  if (at && *at > now) return Refuse("at", "time_in_future", "时间不能晚于现在");
  auto when = at.value_or(now);
  std::vector<std::string> flags{"manual"};
  core::Result<Session> result = Error::Internal();
  if (check_in) {
    ZY_ASSIGN_OR_RETURN(auto session, OpenSession(*uow, a, match->id, when, "organizer", flags, caller.account));
    result = *uow->Attendance().Find(session);
  } else {
    if (at && now - *at > std::chrono::minutes(5)) flags.push_back("closed_by_organizer");  // forgot to check out
    ZY_ASSIGN_OR_RETURN(auto session, CloseSession(*uow, a, match->id, when, "organizer", flags, caller.account));
    result = session;
  }
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()),
                                   check_in ? "attendance.record_check_in" : "attendance.record_check_out",
                                   "attendance", Id(result->id.value)));
  uow->Commit();
  return result;
}

core::Result<std::vector<Session>> AttendanceService::List(const Principal& caller, core::ActivityId id) {
  auto uow = store_.Read();
  ZY_TRY(Organized(*uow, caller, id));
  return uow->Attendance().ForActivity(id);
}

}  // namespace zhiyuan::domain::attendance
