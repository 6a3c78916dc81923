#include "storage/repositories.hpp"
#include "storage/sql_builder.hpp"

namespace zhiyuan::storage {

using namespace domain::targets;  // NOLINT: this file implements the targets port

namespace {

// Each statement groups one kind of record by county: one pass over an index per figure, not per county.
constexpr std::string_view kRegistered =
    "SELECT county_code, COUNT(*), "
    "SUM(CASE WHEN political_status = 'league_member' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN political_status IN ('league_member', 'party_member', 'probationary_party_member') THEN 1 ELSE 0 END) "
    "FROM registry_volunteers WHERE registered_at < $1 GROUP BY county_code";
constexpr std::string_view kHolders =
    "SELECT v.county_code, a.kind, COUNT(DISTINCT a.volunteer_id) FROM credentials_applications a "
    "JOIN registry_volunteers v ON v.id = a.volunteer_id WHERE a.status IN ('issued', 'activated') "
    "AND a.created_at < $1 GROUP BY v.county_code, a.kind";
constexpr std::string_view kYearMinutes =
    "SELECT v.county_code, SUM(t.confirmed_minutes), "
    "SUM(CASE WHEN t.confirmed_minutes >= 1200 AND v.political_status IN ('league_member', 'party_member', "
    "'probationary_party_member') THEN 1 ELSE 0 END) "
    "FROM ledger_volunteer_totals t JOIN registry_volunteers v ON v.id = t.volunteer_id WHERE t.year = $1 "
    "GROUP BY v.county_code";
constexpr std::string_view kActivities =
    "SELECT county_code, COUNT(*) FROM activities_activities WHERE status IN ('published', 'closed') "
    "AND starts_at >= $1 AND starts_at < $2 GROUP BY county_code";
constexpr std::string_view kOrganizations =
    "SELECT county_code, COUNT(*) FROM registry_organizations WHERE status = 'approved' AND applied_at < $1 "
    "GROUP BY county_code";

std::map<std::string, Reported> LatestByCounty(Connection& conn, const std::string& sql, const Params& params) {
  std::map<std::string, Reported> out;
  for (const auto& r : conn.Query(sql, params)) out[r.Text(0)] = Reported{r.Int(2), int(r.Int(1))};
  return out;
}

}  // namespace

std::vector<County> SqlTargetRepository::Counties() {
  std::vector<County> out;
  for (const auto& r : conn_.Query("SELECT code, name FROM registry_regions WHERE level = 'county' ORDER BY sort_order"))
    out.push_back({r.Text(0), r.Text(1)});
  return out;
}

Goals SqlTargetRepository::GoalsFor(int year) {
  Goals g;
  for (const auto& r : conn_.Query("SELECT indicator, basis_points FROM targets_goals t WHERE from_year = "
                                   "(SELECT MAX(from_year) FROM targets_goals u WHERE u.indicator = t.indicator "
                                   "AND u.from_year <= $1)",
                                   {year})) {
    auto name = r.Text(0);
    int bp = int(r.Int(1));
    if (name == "registration") g.registration = bp;
    if (name == "league") g.league = bp;
    if (name == "certificate") g.certificate = bp;
    if (name == "card") g.card = bp;
    if (name == "members_20h") g.members_20h = bp;
  }
  return g;
}

std::map<std::string, CountyCounts> SqlTargetRepository::Counts(int year, core::TimePoint start, core::TimePoint end) {
  std::map<std::string, CountyCounts> out;
  auto end_unix = core::ToUnix(end);
  for (const auto& r : conn_.Query(kRegistered, {end_unix})) {
    auto& c = out[r.Text(0)];
    c.registered = r.Int(1);
    c.league_registered = r.Int(2);
    c.party_league_registered = r.Int(3);
  }
  for (const auto& r : conn_.Query(kHolders, {end_unix}))
    (r.Text(1) == "certificate" ? out[r.Text(0)].certificate_holders : out[r.Text(0)].card_holders) = r.Int(2);
  for (const auto& r : conn_.Query(kYearMinutes, {year})) {
    auto& c = out[r.Text(0)];
    c.year_minutes = r.Int(1);
    c.members_20h = r.Int(2);
  }
  for (const auto& r : conn_.Query(kActivities, {core::ToUnix(start), end_unix}))
    out[r.Text(0)].activities_published = r.Int(1);
  for (const auto& r : conn_.Query(kOrganizations, {end_unix})) out[r.Text(0)].organizations = r.Int(1);
  return out;
}

std::map<std::string, Reported> SqlTargetRepository::Populations(int year) {
  return LatestByCounty(conn_,
                        "SELECT region_code, year, population FROM registry_region_populations p WHERE year = "
                        "(SELECT MAX(year) FROM registry_region_populations q WHERE q.region_code = p.region_code "
                        "AND q.year <= $1)",
                        {year});
}

std::map<std::string, Reported> SqlTargetRepository::MemberCounts(int year, const std::string& kind) {
  return LatestByCounty(conn_,
                        "SELECT county_code, year, members FROM targets_member_counts m WHERE kind = $2 AND year = "
                        "(SELECT MAX(year) FROM targets_member_counts n WHERE n.county_code = m.county_code "
                        "AND n.kind = m.kind AND n.year <= $1)",
                        {year, kind});
}

void SqlTargetRepository::SetMemberCount(const std::string& county, int year, const std::string& kind,
                                         std::int64_t members, const std::string& note, core::AccountId by,
                                         core::TimePoint at) {
  conn_.Execute("INSERT INTO targets_member_counts (county_code, year, kind, members, note, updated_at, updated_by) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (county_code, year, kind) DO UPDATE SET "
                "members = excluded.members, note = excluded.note, updated_at = excluded.updated_at, "
                "updated_by = excluded.updated_by",
                {county, year, kind, members, note, core::ToUnix(at), by.value});
}

}  // namespace zhiyuan::storage
