#include "storage/repositories.hpp"
#include "storage/sql_builder.hpp"
#include "storage/row_codecs.hpp"

namespace zhiyuan::storage {

using domain::attendance::Session;

namespace {

constexpr std::string_view kSelectSession =
    "SELECT t.id, t.activity_id, a.title, t.volunteer_id, v.name, v.volunteer_number, t.service_date, t.check_in_at, "
    "t.check_out_at, t.minutes, t.method_in, t.method_out, t.flags, e.id, e.status "
    "FROM attendance_sessions t JOIN activities_activities a ON a.id = t.activity_id "
    "JOIN registry_volunteers v ON v.id = t.volunteer_id LEFT JOIN ledger_entries e ON e.attendance_id = t.id";

Session ReadSession(const Row& r) {
  Session s;
  s.id = core::AttendanceId(r.Int(0));
  s.activity = core::ActivityId(r.Int(1));
  s.activity_title = r.Text(2);
  s.volunteer = core::VolunteerId(r.Int(3));
  s.volunteer_name = r.Text(4);
  s.volunteer_number = r.Text(5);
  s.service_date = core::ParseDate(r.Text(6)).value_or(core::Date{});
  s.check_in_at = core::FromUnix(r.Int(7));
  if (auto o = r.OptInt(8)) s.check_out_at = core::FromUnix(*o);
  if (auto m = r.OptInt(9)) s.minutes = int(*m);
  s.method_in = r.Text(10);
  s.method_out = r.Text(11);
  s.flags = SplitFlags(r.Text(12));
  if (auto e = r.OptInt(13)) s.ledger_entry = core::LedgerEntryId(*e);
  s.entry_status = r.Text(14);
  return s;
}

}  // namespace

void SqlAttendanceRepository::LockVolunteer(core::VolunteerId volunteer) {
  if (conn_.dialect() == Dialect::kPostgres)
    // NO KEY UPDATE: see SqlActivityRepository::LockForSignup; ledger rows that reference the volunteer can
    // still be checked by other transactions while this one holds the volunteer.
    conn_.Query("SELECT id FROM registry_volunteers WHERE id = $1 FOR NO KEY UPDATE", {volunteer.value});
}

std::optional<Session> SqlAttendanceRepository::OpenSessionOf(core::VolunteerId volunteer) {
  static const std::string sql = Sql(kSelectSession, " WHERE t.volunteer_id = $1 AND t.check_out_at IS NULL");
  auto row = conn_.QueryOne(sql, {volunteer.value});
  if (!row) return std::nullopt;
  return ReadSession(*row);
}

int SqlAttendanceRepository::SessionsOn(core::ActivityId activity, core::VolunteerId volunteer, core::Date day) {
  return int(conn_
                 .QueryOne("SELECT COUNT(*) FROM attendance_sessions WHERE activity_id = $1 AND volunteer_id = $2 "
                           "AND service_date = $3",
                           {activity.value, volunteer.value, core::FormatDate(day)})
                 ->Int(0));
}

core::Result<core::AttendanceId> SqlAttendanceRepository::CheckIn(core::ActivityId activity, core::VolunteerId volunteer,
                                                                  core::TimePoint at, core::Date day,
                                                                  const std::string& method,
                                                                  const std::vector<std::string>& flags,
                                                                  std::optional<core::AccountId> recorded_by) {
  try {
    auto row = conn_.QueryOne(
        "INSERT INTO attendance_sessions (activity_id, volunteer_id, service_date, check_in_at, method_in, flags, "
        "recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        {activity.value, volunteer.value, core::FormatDate(day), core::ToUnix(at), method, JoinFlags(flags),
         recorded_by ? Value(recorded_by->value) : Value()});
    return core::AttendanceId(row->Int(0));
  } catch (const DbError& e) {
    if (e.kind() == DbError::Kind::kUniqueViolation)
      return core::Error::Duplicate("overlapping_session", "您已在其他活动签到，请先签退");
    throw;
  }
}

void SqlAttendanceRepository::CheckOut(core::AttendanceId id, core::TimePoint at, int minutes, const std::string& method,
                                       const std::vector<std::string>& flags) {
  conn_.Execute("UPDATE attendance_sessions SET check_out_at = $2, minutes = $3, method_out = $4, flags = $5 "
                "WHERE id = $1 AND check_out_at IS NULL",
                {id.value, core::ToUnix(at), minutes, method, JoinFlags(flags)});
}

std::optional<Session> SqlAttendanceRepository::Find(core::AttendanceId id) {
  static const std::string sql = Sql(kSelectSession, " WHERE t.id = $1");
  auto row = conn_.QueryOne(sql, {id.value});
  if (!row) return std::nullopt;
  return ReadSession(*row);
}

std::vector<Session> SqlAttendanceRepository::ForActivity(core::ActivityId activity) {
  static const std::string sql = Sql(kSelectSession, " WHERE t.activity_id = $1 ORDER BY t.check_in_at DESC, t.id DESC");
  std::vector<Session> out;
  for (const auto& r : conn_.Query(sql, {activity.value})) out.push_back(ReadSession(r));
  return out;
}

}  // namespace zhiyuan::storage
