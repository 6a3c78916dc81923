#include "storage/repositories.hpp"
#include "storage/row_codecs.hpp"
#include "storage/sql_builder.hpp"

namespace zhiyuan::storage {

using namespace domain::recognition;  // NOLINT: this file implements the recognition port

namespace {

std::optional<core::Date> OptDate(const Row& r, int i) {
  return r.IsNull(i) ? std::nullopt : core::ParseDate(r.Text(i));
}

constexpr std::string_view kSelectPublicity =
    "SELECT p.id, p.title, p.starts_on, p.ends_on, p.status, p.opened_at, p.closed_at, "
    "(SELECT COUNT(*) FROM recognition_candidates c WHERE c.publicity_id = p.id), "
    "(SELECT COUNT(*) FROM recognition_objections o JOIN recognition_candidates c ON c.id = o.candidate_id "
    "WHERE c.publicity_id = p.id AND o.status = 'open') FROM recognition_publicities p";

Publicity ReadPublicity(const Row& r) {
  Publicity p;
  p.id = PublicityId(r.Int(0));
  p.title = r.Text(1);
  p.starts_on = core::ParseDate(r.Text(2)).value_or(core::Date{});
  p.ends_on = core::ParseDate(r.Text(3)).value_or(core::Date{});
  p.status = r.Text(4) == "closed" ? PublicityStatus::kClosed : PublicityStatus::kOpen;
  p.opened_at = core::FromUnix(r.Int(5));
  if (auto c = r.OptInt(6)) p.closed_at = core::FromUnix(*c);
  p.candidates = int(r.Int(7));
  p.open_objections = int(r.Int(8));
  return p;
}

constexpr std::string_view kSelectCandidate =
    "SELECT c.id, c.publicity_id, c.volunteer_id, v.account_id, v.name, v.volunteer_number, r.name, c.level, "
    "c.confirmed_minutes, c.status, c.outcome_reason FROM recognition_candidates c "
    "JOIN registry_volunteers v ON v.id = c.volunteer_id JOIN registry_regions r ON r.code = v.county_code";

CandidateStatus ParseCandidateStatus(const std::string& s) {
  if (s == "certified") return CandidateStatus::kCertified;
  if (s == "withdrawn") return CandidateStatus::kWithdrawn;
  return CandidateStatus::kPublicized;
}

Candidate ReadCandidate(const Row& r) {
  Candidate c;
  c.id = CandidateId(r.Int(0));
  c.publicity = PublicityId(r.Int(1));
  c.volunteer = core::VolunteerId(r.Int(2));
  c.volunteer_account = core::AccountId(r.Int(3));
  c.name = r.Text(4);
  c.volunteer_number = r.Text(5);
  c.county_name = r.Text(6);
  c.level = int(r.Int(7));
  c.confirmed_minutes = r.Int(8);
  c.status = ParseCandidateStatus(r.Text(9));
  c.outcome_reason = r.Text(10);
  return c;
}

constexpr std::string_view kSelectObjection =
    "SELECT o.id, o.candidate_id, c.publicity_id, v.name, c.level, o.filed_by, o.reason, o.status, o.decision_reason, "
    "o.filed_at, o.decided_at FROM recognition_objections o JOIN recognition_candidates c ON c.id = o.candidate_id "
    "JOIN registry_volunteers v ON v.id = c.volunteer_id";

Objection ReadObjection(const Row& r) {
  Objection o;
  o.id = ObjectionId(r.Int(0));
  o.candidate = CandidateId(r.Int(1));
  o.publicity = PublicityId(r.Int(2));
  o.candidate_name = r.Text(3);
  o.level = int(r.Int(4));
  o.filed_by = core::AccountId(r.Int(5));
  o.reason = r.Text(6);
  auto status = r.Text(7);
  o.status = status == "upheld" ? ObjectionStatus::kUpheld
             : status == "dismissed" ? ObjectionStatus::kDismissed
                                     : ObjectionStatus::kOpen;
  o.decision_reason = r.Text(8);
  o.filed_at = core::FromUnix(r.Int(9));
  if (auto d = r.OptInt(10)) o.decided_at = core::FromUnix(*d);
  return o;
}

// Volunteers whose confirmed total reaches a level above the certified one, not barred on $1 and not listed.
constexpr std::string_view kEligibleFrom =
    " FROM (SELECT volunteer_id, SUM(confirmed_minutes) AS minutes FROM ledger_volunteer_totals GROUP BY volunteer_id "
    "HAVING SUM(confirmed_minutes) >= (SELECT MIN(minutes) FROM recognition_star_thresholds)) t "
    "JOIN registry_volunteers v ON v.id = t.volunteer_id JOIN registry_regions r ON r.code = v.county_code "
    "LEFT JOIN recognition_stars s ON s.volunteer_id = v.id "
    "WHERE (SELECT COUNT(*) FROM recognition_star_thresholds th WHERE th.minutes <= t.minutes) > "
    "COALESCE(s.certified_level, 0) AND (s.barred_until IS NULL OR s.barred_until < $1) "
    "AND NOT EXISTS (SELECT 1 FROM recognition_candidates c WHERE c.volunteer_id = v.id AND c.status = 'publicized')";

}  // namespace

StarRules SqlStarRepository::Rules() {
  StarRules rules;
  for (const auto& r : conn_.Query("SELECT minutes FROM recognition_star_thresholds ORDER BY level"))
    rules.thresholds.push_back(r.Int(0));
  for (const auto& r : conn_.Query("SELECT name, value FROM recognition_rules")) {
    auto name = r.Text(0);
    int value = int(r.Int(1));
    if (name == "publicity_min_working_days") rules.publicity_min_working_days = value;
    if (name == "bar_min_years") rules.bar_min_years = value;
    if (name == "bar_max_years") rules.bar_max_years = value;
  }
  return rules;
}

Standing SqlStarRepository::StandingOf(core::VolunteerId volunteer) {
  Standing s;
  s.volunteer = volunteer;
  auto row = conn_.QueryOne(
      "SELECT certified_level, certified_at, barred_until FROM recognition_stars WHERE volunteer_id = $1",
      {volunteer.value});
  if (!row) return s;
  s.certified_level = int(row->Int(0));
  if (auto c = row->OptInt(1)) s.certified_at = core::FromUnix(*c);
  s.barred_until = OptDate(*row, 2);
  return s;
}

void SqlStarRepository::SaveStanding(const Standing& s, core::TimePoint at) {
  conn_.Execute(
      "INSERT INTO recognition_stars (volunteer_id, certified_level, certified_at, barred_until, updated_at) "
      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (volunteer_id) DO UPDATE SET certified_level = excluded.certified_level, "
      "certified_at = excluded.certified_at, barred_until = excluded.barred_until, updated_at = excluded.updated_at",
      {s.volunteer.value, s.certified_level, s.certified_at ? Value(core::ToUnix(*s.certified_at)) : Value(),
       DateValue(s.barred_until), core::ToUnix(at)});
}

void SqlStarRepository::AddEvent(const StarEvent& e) {
  conn_.Execute(
      "INSERT INTO recognition_star_events (volunteer_id, kind, level, previous_level, reason_code, reason, "
      "publicity_id, barred_until, by_account, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      {e.volunteer.value, std::string(ToString(e.kind)), e.level, e.previous_level, e.reason_code, e.reason,
       e.publicity ? Value(e.publicity->value) : Value(), DateValue(e.barred_until),
       e.by ? Value(e.by->value) : Value(), core::ToUnix(e.at)});
}

std::vector<StarEvent> SqlStarRepository::Events(core::VolunteerId volunteer) {
  std::vector<StarEvent> out;
  for (const auto& r : conn_.Query(
           "SELECT id, kind, level, previous_level, reason_code, reason, publicity_id, barred_until, by_account, at "
           "FROM recognition_star_events WHERE volunteer_id = $1 ORDER BY id DESC",
           {volunteer.value})) {
    StarEvent e;
    e.id = r.Int(0);
    e.volunteer = volunteer;
    e.kind = r.Text(1) == "revoked" ? EventKind::kRevoked : EventKind::kCertified;
    e.level = int(r.Int(2));
    e.previous_level = int(r.Int(3));
    e.reason_code = r.Text(4);
    e.reason = r.Text(5);
    if (auto p = r.OptInt(6)) e.publicity = PublicityId(*p);
    e.barred_until = OptDate(r, 7);
    if (auto b = r.OptInt(8)) e.by = core::AccountId(*b);
    e.at = core::FromUnix(r.Int(9));
    out.push_back(std::move(e));
  }
  return out;
}

core::Page<Eligible> SqlStarRepository::EligibleOn(core::Date today, core::PageRequest page) {
  static const std::string count_sql = Sql("SELECT COUNT(*)", kEligibleFrom);
  static const std::string sql = Sql(
      "SELECT v.id, v.name, v.volunteer_number, r.name, t.minutes, COALESCE(s.certified_level, 0), "
      "(SELECT COUNT(*) FROM recognition_star_thresholds th WHERE th.minutes <= t.minutes)",
      std::string(kEligibleFrom) + " ORDER BY t.minutes DESC, v.id LIMIT $2 OFFSET $3");
  core::Page<Eligible> out;
  out.request = page;
  auto day = core::FormatDate(today);
  out.total = conn_.QueryOne(count_sql, {day})->Int(0);
  for (const auto& r : conn_.Query(sql, {day, page.page_size, page.offset()})) {
    Eligible e;
    e.volunteer = core::VolunteerId(r.Int(0));
    e.name = r.Text(1);
    e.volunteer_number = r.Text(2);
    e.county_name = r.Text(3);
    e.confirmed_minutes = r.Int(4);
    e.certified_level = int(r.Int(5));
    e.eligible_level = int(r.Int(6));
    out.items.push_back(std::move(e));
  }
  return out;
}

PublicityId SqlStarRepository::InsertPublicity(const std::string& title, core::Date starts_on, core::Date ends_on,
                                               core::AccountId by, core::TimePoint at) {
  auto row = conn_.QueryOne(
      "INSERT INTO recognition_publicities (title, starts_on, ends_on, status, opened_by, opened_at) "
      "VALUES ($1, $2, $3, 'open', $4, $5) RETURNING id",
      {title, core::FormatDate(starts_on), core::FormatDate(ends_on), by.value, core::ToUnix(at)});
  return PublicityId(row->Int(0));
}

std::optional<Publicity> SqlStarRepository::FindPublicity(PublicityId id) {
  static const std::string sql = Sql(kSelectPublicity, " WHERE p.id = $1");
  auto row = conn_.QueryOne(sql, {id.value});
  if (!row) return std::nullopt;
  return ReadPublicity(*row);
}

std::vector<Publicity> SqlStarRepository::Publicities(int limit) {
  static const std::string sql = Sql(kSelectPublicity, " ORDER BY p.id DESC LIMIT $1");
  std::vector<Publicity> out;
  for (const auto& r : conn_.Query(sql, {limit})) out.push_back(ReadPublicity(r));
  return out;
}

bool SqlStarRepository::InsertCandidate(PublicityId publicity, core::VolunteerId volunteer, int level,
                                        std::int64_t confirmed_minutes) {
  return conn_.Execute("INSERT INTO recognition_candidates (publicity_id, volunteer_id, level, confirmed_minutes, status) "
                       "VALUES ($1, $2, $3, $4, 'publicized') ON CONFLICT DO NOTHING",
                       {publicity.value, volunteer.value, level, confirmed_minutes}) == 1;
}

std::vector<Candidate> SqlStarRepository::Candidates(PublicityId publicity) {
  static const std::string sql = Sql(kSelectCandidate, " WHERE c.publicity_id = $1 ORDER BY c.level DESC, c.id");
  std::vector<Candidate> out;
  for (const auto& r : conn_.Query(sql, {publicity.value})) out.push_back(ReadCandidate(r));
  return out;
}

std::optional<Candidate> SqlStarRepository::FindCandidate(CandidateId id) {
  static const std::string sql = Sql(kSelectCandidate, " WHERE c.id = $1");
  auto row = conn_.QueryOne(sql, {id.value});
  if (!row) return std::nullopt;
  return ReadCandidate(*row);
}

bool SqlStarRepository::SetCandidateStatus(CandidateId id, CandidateStatus from, CandidateStatus to,
                                           const std::string& reason) {
  return conn_.Execute("UPDATE recognition_candidates SET status = $2, outcome_reason = $3 WHERE id = $1 AND status = $4",
                       {id.value, std::string(ToString(to)), reason, std::string(ToString(from))}) == 1;
}

bool SqlStarRepository::ClosePublicity(PublicityId id, core::AccountId by, core::TimePoint at) {
  return conn_.Execute("UPDATE recognition_publicities SET status = 'closed', closed_by = $2, closed_at = $3 "
                       "WHERE id = $1 AND status = 'open'",
                       {id.value, by.value, core::ToUnix(at)}) == 1;
}

ObjectionId SqlStarRepository::InsertObjection(CandidateId candidate, core::AccountId by, const std::string& reason,
                                               core::TimePoint at) {
  auto row = conn_.QueryOne("INSERT INTO recognition_objections (candidate_id, filed_by, reason, status, filed_at) "
                            "VALUES ($1, $2, $3, 'open', $4) RETURNING id",
                            {candidate.value, by.value, reason, core::ToUnix(at)});
  return ObjectionId(row->Int(0));
}

std::optional<Objection> SqlStarRepository::FindObjection(ObjectionId id) {
  static const std::string sql = Sql(kSelectObjection, " WHERE o.id = $1");
  auto row = conn_.QueryOne(sql, {id.value});
  if (!row) return std::nullopt;
  return ReadObjection(*row);
}

std::vector<Objection> SqlStarRepository::Objections(PublicityId publicity) {
  static const std::string sql = Sql(kSelectObjection, " WHERE c.publicity_id = $1 ORDER BY o.id");
  std::vector<Objection> out;
  for (const auto& r : conn_.Query(sql, {publicity.value})) out.push_back(ReadObjection(r));
  return out;
}

bool SqlStarRepository::DecideObjection(ObjectionId id, ObjectionStatus to, const std::string& reason,
                                        core::AccountId by, core::TimePoint at) {
  return conn_.Execute("UPDATE recognition_objections SET status = $2, decision_reason = $3, decided_by = $4, "
                       "decided_at = $5 WHERE id = $1 AND status = 'open'",
                       {id.value, std::string(ToString(to)), reason, by.value, core::ToUnix(at)}) == 1;
}

}  // namespace zhiyuan::storage

namespace zhiyuan::storage {

std::vector<domain::recognition::GoodStandingRecord> SqlStarRepository::GoodStanding(int min_level,
                                                                                     std::int64_t min_minutes,
                                                                                     core::Date today) {
  static const std::string sql =
      "SELECT v.id, v.name, v.id_type, v.id_number_enc, v.id_number_masked, v.volunteer_number, r.name, t.minutes, "
      "COALESCE(s.certified_level, 0) "
      "FROM (SELECT volunteer_id, SUM(confirmed_minutes) AS minutes FROM ledger_volunteer_totals "
      "GROUP BY volunteer_id) t JOIN registry_volunteers v ON v.id = t.volunteer_id "
      "JOIN registry_regions r ON r.code = v.county_code LEFT JOIN recognition_stars s ON s.volunteer_id = v.id "
      "WHERE (COALESCE(s.certified_level, 0) >= $1 OR t.minutes >= $2) "
      "AND (s.barred_until IS NULL OR s.barred_until < $3) "
      "AND NOT EXISTS (SELECT 1 FROM recognition_star_events e WHERE e.volunteer_id = v.id AND e.reason_code = 'falsified') "
      "ORDER BY t.minutes DESC, v.id";
  std::vector<domain::recognition::GoodStandingRecord> out;
  for (const auto& r : conn_.Query(sql, {min_level, min_minutes, core::FormatDate(today)}))
    out.push_back({core::VolunteerId(r.Int(0)), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6),
                   r.Int(7), int(r.Int(8))});
  return out;
}

}  // namespace zhiyuan::storage
