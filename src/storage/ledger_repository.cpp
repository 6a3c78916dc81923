#include "storage/repositories.hpp"
#include "storage/row_codecs.hpp"
#include "storage/sql_builder.hpp"

namespace zhiyuan::storage {

using namespace domain::ledger;  // NOLINT: this file implements the ledger port

namespace {

constexpr std::string_view kSelectEntry =
    "SELECT e.id, e.volunteer_id, v.account_id, v.name, v.volunteer_number, e.activity_id, a.title, e.organization_id, "
    "o.name, o.county_code, o.parent_id, e.attendance_id, e.service_date, e.minutes, e.kind, e.status, "
    "e.reverses_entry_id, EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_entry_id = e.id), e.reason_code, "
    "e.reason, e.created_at, e.confirmed_at "
    "FROM ledger_entries e JOIN registry_volunteers v ON v.id = e.volunteer_id "
    "JOIN activities_activities a ON a.id = e.activity_id JOIN registry_organizations o ON o.id = e.organization_id";

Entry ReadEntry(const Row& r) {
  Entry e;
  e.id = core::LedgerEntryId(r.Int(0));
  e.volunteer = core::VolunteerId(r.Int(1));
  e.volunteer_account = core::AccountId(r.Int(2));
  e.volunteer_name = r.Text(3);
  e.volunteer_number = r.Text(4);
  e.activity = core::ActivityId(r.Int(5));
  e.activity_title = r.Text(6);
  e.organization = core::OrganizationId(r.Int(7));
  e.organization_name = r.Text(8);
  e.organization_county = r.Text(9);
  if (auto p = r.OptInt(10)) e.organization_parent = core::OrganizationId(*p);
  if (auto t = r.OptInt(11)) e.attendance = core::AttendanceId(*t);
  e.service_date = core::ParseDate(r.Text(12)).value_or(core::Date{});
  e.minutes = int(r.Int(13));
  e.kind = ParseEntryKind(r.Text(14)).value_or(EntryKind::kAttendance);
  e.status = ParseEntryStatus(r.Text(15)).value_or(EntryStatus::kPending);
  if (auto rev = r.OptInt(16)) e.reverses = core::LedgerEntryId(*rev);
  e.reversed = r.Bool(17);
  e.reason_code = r.Text(18);
  e.reason = r.Text(19);
  e.created_at = core::FromUnix(r.Int(20));
  if (auto c = r.OptInt(21)) e.confirmed_at = core::FromUnix(*c);
  return e;
}

std::vector<YearTotal> ReadTotals(const std::vector<Row>& rows) {
  std::vector<YearTotal> out;
  for (const auto& r : rows) out.push_back({int(r.Int(0)), r.Int(1)});
  return out;
}

}  // namespace

core::Result<core::LedgerEntryId> SqlLedgerRepository::Insert(const NewEntry& e) {
  try {
    auto row = conn_.QueryOne(
        "INSERT INTO ledger_entries (volunteer_id, activity_id, organization_id, attendance_id, service_date, minutes, "
        "kind, status, reverses_entry_id, reason_code, reason, created_by, created_at, confirmed_by, confirmed_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
        "CASE WHEN $8 = 'confirmed' THEN CAST($12 AS BIGINT) END, "
        "CASE WHEN $8 = 'confirmed' THEN CAST($13 AS BIGINT) END) RETURNING id",
        {e.volunteer.value, e.activity.value, e.organization.value, e.attendance ? Value(e.attendance->value) : Value(),
         core::FormatDate(e.service_date), e.minutes, std::string(ToString(e.kind)), std::string(ToString(e.status)),
         e.reverses ? Value(e.reverses->value) : Value(), e.reason_code, e.reason,
         e.created_by ? Value(e.created_by->value) : Value(), core::ToUnix(e.created_at)});
    return core::LedgerEntryId(row->Int(0));
  } catch (const DbError& err) {
    if (IsUniqueViolation(err, "reverses")) return core::Error::Conflict("already_reversed", "该记录已被更正过");
    if (IsUniqueViolation(err, "attendance")) return core::Error::Conflict("already_recorded", "该签到记录已计入时长");
    throw;
  }
}

std::optional<Entry> SqlLedgerRepository::Find(core::LedgerEntryId id) {
  static const std::string sql = Sql(kSelectEntry, " WHERE e.id = $1");
  auto row = conn_.QueryOne(sql, {id.value});
  if (!row) return std::nullopt;
  return ReadEntry(*row);
}

bool SqlLedgerRepository::Transition(core::LedgerEntryId id, EntryStatus from, EntryStatus to,
                                     std::optional<core::AccountId> by, core::TimePoint at, const std::string& reason) {
  bool confirmed = to == EntryStatus::kConfirmed;
  return conn_.Execute("UPDATE ledger_entries SET status = $2, confirmed_by = $3, confirmed_at = $4, "
                       "reason = CASE WHEN $5 = '' THEN reason ELSE $5 END WHERE id = $1 AND status = $6",
                       {id.value, std::string(ToString(to)), by ? Value(by->value) : Value(),
                        confirmed ? Value(core::ToUnix(at)) : Value(), reason, std::string(ToString(from))}) == 1;
}

std::vector<Entry> SqlLedgerRepository::ForActivity(core::ActivityId activity, std::optional<EntryStatus> status) {
  static const std::string sql = Sql(kSelectEntry,
                                   " WHERE e.activity_id = $1 AND (CAST($2 AS TEXT) IS NULL OR e.status = $2) "
                                   "ORDER BY e.id");
  std::vector<Entry> out;
  for (const auto& r : conn_.Query(sql, {activity.value, status ? Value(std::string(ToString(*status))) : Value()}))
    out.push_back(ReadEntry(r));
  return out;
}

std::int64_t SqlLedgerRepository::ConfirmedMinutesOn(core::VolunteerId volunteer, core::Date day) {
  return conn_
      .QueryOne("SELECT COALESCE(SUM(minutes), 0) FROM ledger_entries WHERE volunteer_id = $1 AND service_date = $2 "
                "AND status = 'confirmed'",
                {volunteer.value, core::FormatDate(day)})
      ->Int(0);
}

void SqlLedgerRepository::AddToTotals(core::VolunteerId volunteer, int year, std::int64_t minutes) {
  conn_.Execute("INSERT INTO ledger_volunteer_totals (volunteer_id, year, confirmed_minutes) VALUES ($1, $2, $3) "
                "ON CONFLICT (volunteer_id, year) DO UPDATE SET confirmed_minutes = "
                "ledger_volunteer_totals.confirmed_minutes + excluded.confirmed_minutes",
                {volunteer.value, year, minutes});
}

std::vector<YearTotal> SqlLedgerRepository::Totals(core::VolunteerId volunteer) {
  return ReadTotals(conn_.Query("SELECT year, confirmed_minutes FROM ledger_volunteer_totals WHERE volunteer_id = $1 "
                                "ORDER BY year DESC",
                                {volunteer.value}));
}

std::int64_t SqlLedgerRepository::ConfirmedMinutes(core::VolunteerId volunteer) {
  return conn_
      .QueryOne("SELECT COALESCE(SUM(confirmed_minutes), 0) FROM ledger_volunteer_totals WHERE volunteer_id = $1",
                {volunteer.value})
      ->Int(0);
}

std::vector<ActivityHours> SqlLedgerRepository::ConfirmedByActivity(core::VolunteerId volunteer,
                                                                    std::optional<core::Date> from,
                                                                    std::optional<core::Date> to) {
  static const std::string sql =
      "SELECT e.activity_id, a.title, a.category, e.organization_id, o.name, "
      "CASE WHEN o.person_in_charge = '' THEN o.contact_name ELSE o.person_in_charge END, o.contact_name, "
      "MIN(e.service_date), MAX(e.service_date), SUM(e.minutes) "
      "FROM ledger_entries e JOIN activities_activities a ON a.id = e.activity_id "
      "JOIN registry_organizations o ON o.id = e.organization_id "
      "WHERE e.volunteer_id = $1 AND e.status = 'confirmed' "
      "AND (CAST($2 AS TEXT) IS NULL OR e.service_date >= $2) AND (CAST($3 AS TEXT) IS NULL OR e.service_date <= $3) "
      "GROUP BY e.activity_id, a.title, a.category, e.organization_id, o.name, o.person_in_charge, o.contact_name "
      "ORDER BY MIN(e.service_date), e.activity_id";
  std::vector<ActivityHours> out;
  for (const auto& r : conn_.Query(sql, {volunteer.value, DateValue(from), DateValue(to)})) {
    ActivityHours h;
    h.activity = core::ActivityId(r.Int(0));
    h.title = r.Text(1);
    h.category = r.Text(2);
    h.organization = core::OrganizationId(r.Int(3));
    h.organization_name = r.Text(4);
    h.person_in_charge = r.Text(5);
    h.organization_contact = r.Text(6);
    h.first_day = core::ParseDate(r.Text(7)).value_or(core::Date{});
    h.last_day = core::ParseDate(r.Text(8)).value_or(core::Date{});
    h.minutes = r.Int(9);
    out.push_back(std::move(h));
  }
  return out;
}

std::vector<YearTotal> SqlLedgerRepository::RecomputedTotals(core::VolunteerId volunteer) {
  return ReadTotals(conn_.Query("SELECT CAST(SUBSTR(service_date, 1, 4) AS INTEGER), SUM(minutes) FROM ledger_entries "
                                "WHERE volunteer_id = $1 AND status = 'confirmed' "
                                "GROUP BY CAST(SUBSTR(service_date, 1, 4) AS INTEGER) ORDER BY 1 DESC",
                                {volunteer.value}));
}

std::int64_t SqlLedgerRepository::PendingMinutes(core::VolunteerId volunteer) {
  return conn_
      .QueryOne("SELECT COALESCE(SUM(minutes), 0) FROM ledger_entries WHERE volunteer_id = $1 "
                "AND status IN ('pending', 'awaiting_county', 'awaiting_city')",
                {volunteer.value})
      ->Int(0);
}

std::vector<Entry> SqlLedgerRepository::OfVolunteer(core::VolunteerId volunteer, int limit) {
  static const std::string sql = Sql(kSelectEntry, " WHERE e.volunteer_id = $1 ORDER BY e.id DESC LIMIT $2");
  std::vector<Entry> out;
  for (const auto& r : conn_.Query(sql, {volunteer.value, limit})) out.push_back(ReadEntry(r));
  return out;
}

std::vector<Entry> SqlLedgerRepository::AwaitingReview(const ReviewScope& scope) {
  SqlBuilder b;
  std::string any;
  if (scope.city) any = "e.status IN ('awaiting_county', 'awaiting_city')";
  std::string county_level;
  for (const auto& c : scope.counties) county_level += (county_level.empty() ? "" : ", ") + b.Bind(c);
  std::string parents;
  for (const auto& p : scope.parent_organizations) parents += (parents.empty() ? "" : ", ") + b.Bind(p.value);
  std::string clauses = any;
  auto add = [&](const std::string& c) { clauses += (clauses.empty() ? "" : " OR ") + c; };
  if (!county_level.empty()) add("(e.status = 'awaiting_county' AND o.county_code IN (" + county_level + "))");
  if (!parents.empty()) add("(e.status = 'awaiting_county' AND o.parent_id IN (" + parents + "))");
  if (clauses.empty()) return {};
  b.Where("(" + clauses + ")");
  std::vector<Entry> out;
  for (const auto& r : conn_.Query(Sql(kSelectEntry, b.where()) + " ORDER BY e.id LIMIT 500", b.params()))
    out.push_back(ReadEntry(r));
  return out;
}

std::int64_t SqlLedgerRepository::RecordedMinutes(core::VolunteerId volunteer, core::ActivityId activity) {
  return conn_
      .QueryOne("SELECT COALESCE(SUM(minutes), 0) FROM ledger_entries WHERE volunteer_id = $1 AND activity_id = $2 "
                "AND status IN ('pending', 'awaiting_county', 'awaiting_city', 'confirmed')",
                {volunteer.value, activity.value})
      ->Int(0);
}

std::vector<MemberHours> SqlLedgerRepository::OrganizationHours(core::OrganizationId org, int year) {
  std::vector<MemberHours> out;
  for (const auto& r : conn_.Query(
           "SELECT e.volunteer_id, v.name, v.volunteer_number, "
           "SUM(CASE WHEN e.status = 'confirmed' THEN e.minutes ELSE 0 END), "
           "SUM(CASE WHEN e.status IN ('pending', 'awaiting_county', 'awaiting_city') THEN e.minutes ELSE 0 END) "
           "FROM ledger_entries e JOIN registry_volunteers v ON v.id = e.volunteer_id "
           "WHERE e.organization_id = $1 AND e.service_date >= $2 AND e.service_date < $3 "
           "GROUP BY e.volunteer_id, v.name, v.volunteer_number ORDER BY 4 DESC, e.volunteer_id",
           {org.value, std::to_string(year) + "-01-01", std::to_string(year + 1) + "-01-01"}))
    out.push_back({core::VolunteerId(r.Int(0)), r.Text(1), r.Text(2), r.Int(3), r.Int(4)});
  return out;
}

namespace {

constexpr std::string_view kSelectAppeal =
    "SELECT p.id, p.entry_id, p.volunteer_id, v.account_id, v.name, p.organization_id, a.title, e.service_date, "
    "e.minutes, p.reason, p.status, p.decision_reason, p.correction_entry_id, p.created_at, p.decided_at "
    "FROM ledger_appeals p JOIN ledger_entries e ON e.id = p.entry_id "
    "JOIN registry_volunteers v ON v.id = p.volunteer_id JOIN activities_activities a ON a.id = e.activity_id";

Appeal ReadAppeal(const Row& r) {
  Appeal p;
  p.id = r.Int(0);
  p.entry = core::LedgerEntryId(r.Int(1));
  p.volunteer = core::VolunteerId(r.Int(2));
  p.volunteer_account = core::AccountId(r.Int(3));
  p.volunteer_name = r.Text(4);
  p.organization = core::OrganizationId(r.Int(5));
  p.activity_title = r.Text(6);
  p.service_date = core::ParseDate(r.Text(7)).value_or(core::Date{});
  p.entry_minutes = int(r.Int(8));
  p.reason = r.Text(9);
  p.status = ParseAppealStatus(r.Text(10)).value_or(AppealStatus::kOpen);
  p.decision_reason = r.Text(11);
  if (auto c = r.OptInt(12)) p.correction = core::LedgerEntryId(*c);
  p.created_at = core::FromUnix(r.Int(13));
  if (auto d = r.OptInt(14)) p.decided_at = core::FromUnix(*d);
  return p;
}

}  // namespace

core::Result<std::int64_t> SqlLedgerRepository::InsertAppeal(core::LedgerEntryId entry, core::VolunteerId volunteer,
                                                             core::OrganizationId organization,
                                                             const std::string& reason, core::TimePoint at) {
  try {
    return conn_
        .QueryOne("INSERT INTO ledger_appeals (entry_id, volunteer_id, organization_id, reason, status, created_at) "
                  "VALUES ($1, $2, $3, $4, 'open', $5) RETURNING id",
                  {entry.value, volunteer.value, organization.value, reason, core::ToUnix(at)})
        ->Int(0);
  } catch (const DbError& e) {
    if (e.kind() == DbError::Kind::kUniqueViolation)
      return core::Error::Duplicate("appeal_open", "该记录已有待处理的申诉");
    throw;
  }
}

std::optional<Appeal> SqlLedgerRepository::FindAppeal(std::int64_t id) {
  static const std::string sql = Sql(kSelectAppeal, " WHERE p.id = $1");
  auto row = conn_.QueryOne(sql, {id});
  if (!row) return std::nullopt;
  return ReadAppeal(*row);
}

std::vector<Appeal> SqlLedgerRepository::AppealsOfVolunteer(core::VolunteerId volunteer) {
  static const std::string sql = Sql(kSelectAppeal, " WHERE p.volunteer_id = $1 ORDER BY p.id DESC");
  std::vector<Appeal> out;
  for (const auto& r : conn_.Query(sql, {volunteer.value})) out.push_back(ReadAppeal(r));
  return out;
}

std::vector<Appeal> SqlLedgerRepository::AppealsOfOrganization(core::OrganizationId org,
                                                              std::optional<AppealStatus> status) {
  static const std::string sql = Sql(kSelectAppeal,
                                   " WHERE p.organization_id = $1 AND (CAST($2 AS TEXT) IS NULL OR p.status = $2) "
                                   "ORDER BY p.id DESC");
  std::vector<Appeal> out;
  for (const auto& r : conn_.Query(sql, {org.value, status ? Value(std::string(ToString(*status))) : Value()}))
    out.push_back(ReadAppeal(r));
  return out;
}

void SqlLedgerRepository::DecideAppeal(std::int64_t id, AppealStatus status, const std::string& reason,
                                       std::optional<core::LedgerEntryId> correction, core::AccountId by,
                                       core::TimePoint at) {
  conn_.Execute("UPDATE ledger_appeals SET status = $2, decision_reason = $3, correction_entry_id = $4, "
                "decided_by = $5, decided_at = $6 WHERE id = $1",
                {id, std::string(ToString(status)), reason, correction ? Value(correction->value) : Value(), by.value,
                 core::ToUnix(at)});
}

}  // namespace zhiyuan::storage
