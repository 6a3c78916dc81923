#include "storage/repositories.hpp"
#include "storage/sql_builder.hpp"

namespace zhiyuan::storage {

using namespace domain::targets;  // NOLINT: this file implements the targets port

namespace {

// The counters (migration 0015): cumulative figures sum the rows of every year up to the one asked, per-year
// figures the rows of that year; the slots of a county add up.
constexpr std::string_view kCounters =
    "SELECT county_code, "
    "SUM(registered), SUM(league_registered), SUM(party_league_registered), "
    "SUM(certificate_holders), SUM(card_holders), "
    "SUM(CASE WHEN year = $1 THEN year_minutes ELSE 0 END), SUM(CASE WHEN year = $1 THEN members_20h ELSE 0 END), "
    "SUM(CASE WHEN year = $1 THEN activities_published ELSE 0 END), SUM(organizations) "
    "FROM targets_counters WHERE year <= $1 GROUP BY county_code";
// The contributions grouped from the raw records, as the migration defines them: a view in SQLite, a function
// in PostgreSQL (see 0015_targets_counters.sql).
std::string Recomputed(Dialect dialect) {
  return dialect == Dialect::kPostgres ? "targets_counters_recomputed()" : "targets_counters_recomputed";
}
std::string YearsWithFiguresSql(Dialect dialect) {
  return "SELECT year FROM targets_counters UNION SELECT year FROM " + Recomputed(dialect) + " ORDER BY 1";
}
std::string RefillCountersSql(Dialect dialect) {
  return "INSERT INTO targets_counters (county_code, year, slot, registered, league_registered, "
         "party_league_registered, certificate_holders, card_holders, year_minutes, members_20h, "
         "activities_published, organizations) "
         "SELECT county_code, year, slot, registered, league_registered, party_league_registered, "
         "certificate_holders, card_holders, year_minutes, members_20h, activities_published, organizations FROM " +
         Recomputed(dialect);
}

// The recount, straight from the records and written independently of the counters' triggers (time ranges
// rather than year buckets, distinct holders rather than holding applications), so that a fault in either shows.
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
  for (const auto& r : conn_.Query("SELECT code, name FROM registry_regions WHERE level = 'county' AND parent_code = $1 "
                                   "ORDER BY sort_order",
                                   {std::string(domain::registry::kHomeCity)}))
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

std::map<std::string, CountyCounts> SqlTargetRepository::Counts(int year) {
  std::map<std::string, CountyCounts> out;
  for (const auto& r : conn_.Query(kCounters, {year})) {
    auto& c = out[r.Text(0)];
    c.registered = r.Int(1);
    c.league_registered = r.Int(2);
    c.party_league_registered = r.Int(3);
    c.certificate_holders = r.Int(4);
    c.card_holders = r.Int(5);
    c.year_minutes = r.Int(6);
    c.members_20h = r.Int(7);
    c.activities_published = r.Int(8);
    c.organizations = r.Int(9);
  }
  return out;
}

std::map<std::string, CountyCounts> SqlTargetRepository::Recount(int year, core::TimePoint start,
                                                                 core::TimePoint end) {
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

std::vector<int> SqlTargetRepository::YearsWithFigures() {
  std::vector<int> out;
  for (const auto& r : conn_.Query(YearsWithFiguresSql(conn_.dialect()))) out.push_back(int(r.Int(0)));
  return out;
}

void SqlTargetRepository::RebuildCounters() {
  // PostgreSQL: EXCLUSIVE waits for the transactions that have touched the counters to end and holds off the
  // triggers of new ones (reads go on) until this one commits, so no change is counted twice or lost between
  // the delete and the recount's snapshot. SQLite's write transaction already excludes every other writer.
  if (conn_.dialect() == Dialect::kPostgres) conn_.Execute("LOCK TABLE targets_counters IN EXCLUSIVE MODE");
  conn_.Execute("DELETE FROM targets_counters");
  conn_.Execute(RefillCountersSql(conn_.dialect()));
}

void SqlTargetRepository::ReadOneSnapshot() {
  // A SQLite read transaction reads one snapshot from its first read on; PostgreSQL's default (READ COMMITTED)
  // takes a new one per statement.
  if (conn_.dialect() == Dialect::kPostgres) conn_.Execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
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

namespace {

constexpr std::string_view kSelectSnapshot =
    "SELECT s.id, s.year, s.label, s.frozen_at, a.name, s.goal_registration, s.goal_league, s.goal_certificate, "
    "s.goal_card, s.goal_members_20h FROM targets_snapshots s JOIN identity_accounts a ON a.id = s.frozen_by";

Snapshot ReadSnapshot(const Row& r) {
  return {SnapshotId(r.Int(0)), int(r.Int(1)), r.Text(2), core::FromUnix(r.Int(3)), r.Text(4)};
}

Value Maybe(const std::map<std::string, Reported>& m, const std::string& county, bool year) {
  auto it = m.find(county);
  if (it == m.end()) return Value(nullptr);
  return Value(year ? std::int64_t(it->second.year) : it->second.value);
}

void PutReported(std::map<std::string, Reported>& m, const std::string& county, const Row& r, std::size_t at) {
  if (!r.IsNull(at)) m[county] = Reported{r.Int(at), int(r.Int(at + 1))};
}

}  // namespace

std::optional<SnapshotId> SqlTargetRepository::InsertSnapshot(const Snapshot& s, const DeskInputs& in,
                                                               core::AccountId by) {
  auto row = conn_.QueryOne(
      "INSERT INTO targets_snapshots (year, label, goal_registration, goal_league, goal_certificate, goal_card, "
      "goal_members_20h, frozen_by, frozen_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
      "ON CONFLICT DO NOTHING RETURNING id",
      {s.year, s.label, in.goals.registration, in.goals.league, in.goals.certificate, in.goals.card,
       in.goals.members_20h, by.value, core::ToUnix(s.frozen_at)});
  if (!row) return std::nullopt;
  SnapshotId id(row->Int(0));
  int order = 0;
  for (const auto& county : in.counties) {
    CountyCounts c;
    if (auto it = in.counts.find(county.code); it != in.counts.end()) c = it->second;
    conn_.Execute(
        "INSERT INTO targets_snapshot_counties (snapshot_id, county_code, county_name, sort_order, registered, "
        "league_registered, party_league_registered, certificate_holders, card_holders, year_minutes, members_20h, "
        "activities_published, organizations, population, population_year, league_members, league_members_year, "
        "party_members, party_members_year) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
        "$15, $16, $17, $18, $19)",
        {id.value, county.code, county.name, order++, c.registered, c.league_registered, c.party_league_registered,
         c.certificate_holders, c.card_holders, c.year_minutes, c.members_20h, c.activities_published,
         c.organizations, Maybe(in.populations, county.code, false), Maybe(in.populations, county.code, true),
         Maybe(in.league_members, county.code, false), Maybe(in.league_members, county.code, true),
         Maybe(in.party_members, county.code, false), Maybe(in.party_members, county.code, true)});
  }
  return id;
}

std::optional<std::pair<Snapshot, DeskInputs>> SqlTargetRepository::FindSnapshot(SnapshotId id) {
  static const std::string sql = Sql(kSelectSnapshot, " WHERE s.id = $1");
  auto r = conn_.QueryOne(sql, {id.value});
  if (!r) return std::nullopt;
  DeskInputs in;
  in.year = int(r->Int(1));
  in.goals = {int(r->Int(5)), int(r->Int(6)), int(r->Int(7)), int(r->Int(8)), int(r->Int(9))};
  for (const auto& c : conn_.Query(
           "SELECT county_code, county_name, registered, league_registered, party_league_registered, "
           "certificate_holders, card_holders, year_minutes, members_20h, activities_published, organizations, "
           "population, population_year, league_members, league_members_year, party_members, party_members_year "
           "FROM targets_snapshot_counties WHERE snapshot_id = $1 ORDER BY sort_order",
           {id.value})) {
    auto code = c.Text(0);
    in.counties.push_back({code, c.Text(1)});
    in.counts[code] = {c.Int(2), c.Int(3), c.Int(4), c.Int(5), c.Int(6), c.Int(7), c.Int(8), c.Int(9), c.Int(10)};
    PutReported(in.populations, code, c, 11);
    PutReported(in.league_members, code, c, 13);
    PutReported(in.party_members, code, c, 15);
  }
  return std::pair{ReadSnapshot(*r), std::move(in)};
}

std::vector<Snapshot> SqlTargetRepository::Snapshots() {
  static const std::string sql = Sql(kSelectSnapshot, " ORDER BY s.year DESC, s.id DESC");
  std::vector<Snapshot> out;
  for (const auto& r : conn_.Query(sql)) out.push_back(ReadSnapshot(r));
  return out;
}

std::vector<OrganizationFigures> SqlTargetRepository::OrganizationsOf(const std::string& county, core::TimePoint start,
                                                                     core::TimePoint end, int year) {
  // One organisation at a time through its own indexes (memberships, activities by organisation, confirmed
  // entries by status and organisation): a county's few hundred organisations, never the whole ledger.
  std::string first_day = std::to_string(year) + "-01-01", next_first_day = std::to_string(year + 1) + "-01-01";
  std::vector<OrganizationFigures> out;
  for (const auto& r : conn_.Query(
           "SELECT o.id, o.name, o.type, "
           "(SELECT COUNT(*) FROM registry_memberships m WHERE m.organization_id = o.id AND m.status = 'approved'), "
           "(SELECT COUNT(*) FROM activities_activities a WHERE a.organization_id = o.id "
           "AND a.starts_at >= $2 AND a.starts_at < $3 AND a.status IN ('published', 'closed')), "
           "(SELECT COALESCE(SUM(e.minutes), 0) FROM ledger_entries e WHERE e.status = 'confirmed' "
           "AND e.organization_id = o.id AND e.service_date >= $4 AND e.service_date < $5) "
           "FROM registry_organizations o WHERE o.county_code = $1 AND o.status = 'approved' ORDER BY o.id",
           {county, core::ToUnix(start), core::ToUnix(end), first_day, next_first_day}))
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.Int(4), r.Int(5)});
  return out;
}

std::vector<UnitFigures> SqlTargetRepository::UnitsOf(const std::string& county, int year) {
  std::vector<UnitFigures> out;
  for (const auto& r : conn_.Query(
           "SELECT u.id, u.name, u.kind, COUNT(m.id_bidx), COUNT(v.id), "
           "COALESCE(SUM(CASE WHEN v.id IS NOT NULL AND COALESCE(t.confirmed_minutes, 0) < 1200 THEN 1 ELSE 0 END), 0) "
           "FROM units_units u LEFT JOIN units_roster_members m ON m.unit_id = u.id "
           "LEFT JOIN registry_volunteers v ON v.id_number_bidx = m.id_bidx "
           "LEFT JOIN ledger_volunteer_totals t ON t.volunteer_id = v.id AND t.year = $2 "
           "WHERE u.region_code = $1 GROUP BY u.id, u.name, u.kind ORDER BY u.id",
           {county, year}))
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.Int(4), r.Int(5)});
  return out;
}

}  // namespace zhiyuan::storage
