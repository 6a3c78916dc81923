#include "domain/targets/target_service.hpp"

#include "core/time_format.hpp"
#include "core/validation.hpp"
#include "domain/registry/registry.hpp"

namespace zhiyuan::domain::targets {

using core::Error;

namespace {

// The first instant of 1 January of `year` in Beijing time.
core::TimePoint YearStart(int year) {
  auto day = std::chrono::sys_days(core::Date(std::chrono::year(year), std::chrono::January, std::chrono::day(1)));
  return core::TimePoint(day.time_since_epoch()) - std::chrono::hours(8);
}

// The figures a check compares, by name.
constexpr std::pair<const char*, std::int64_t CountyCounts::*> kFigures[] = {
    {"registered", &CountyCounts::registered},
    {"league_registered", &CountyCounts::league_registered},
    {"party_league_registered", &CountyCounts::party_league_registered},
    {"certificate_holders", &CountyCounts::certificate_holders},
    {"card_holders", &CountyCounts::card_holders},
    {"year_minutes", &CountyCounts::year_minutes},
    {"members_20h", &CountyCounts::members_20h},
    {"activities_published", &CountyCounts::activities_published},
    {"organizations", &CountyCounts::organizations},
};

std::optional<std::int64_t> Value(const std::optional<Reported>& r) {
  return r ? std::optional(r->value) : std::nullopt;
}

void Score(Figures& f, const Goals& g) {
  const auto& c = f.counts;
  f.registration = RateOf(c.registered, Value(f.population), g.registration);
  f.league = RateOf(c.league_registered, Value(f.league_members), g.league);
  f.certificate = RateOf(c.certificate_holders, c.registered, g.certificate);
  f.card = RateOf(c.card_holders, c.registered, g.card);
  // Both rosters are needed: the numerator counts party and League members alike.
  std::optional<std::int64_t> members;
  if (f.league_members && f.party_members) members = f.league_members->value + f.party_members->value;
  f.members_20h = RateOf(c.members_20h, members, g.members_20h);
  if (c.registered > 0) f.avg_annual_minutes = double(c.year_minutes) / double(c.registered);
}

// A denominator summed over the counties: the year is the oldest among them (the figure is only as current as
// its stalest part), and a county that reported none leaves the city without one (a partial sum would
// overstate the rate).
struct CitySum {
  std::optional<Reported> total;
  bool complete = true;
  void Add(const std::optional<Reported>& part) {
    if (!part) {
      complete = false;
      return;
    }
    if (!total) {
      total = part;
      return;
    }
    total->value += part->value;
    total->year = std::min(total->year, part->year);
  }
  std::optional<Reported> Result() const { return complete ? total : std::nullopt; }
};

}  // namespace

core::Result<int> TargetService::CheckedYear(std::optional<int> year_in) const {
  int this_year = int(core::ChinaDate(clock_.Now()).year());
  int year = year_in.value_or(this_year);
  if (year < 2017 || year > this_year) return Error::Field("year", "invalid_year", "年份应在2017年至今年之间");
  return year;
}

namespace {

bool MaySeeDesk(const Principal& caller) { return caller.IsCityAdmin() || caller.Has(identity::Role::kCountyAdmin); }

DeskInputs ReadInputs(TargetRepository& repo, int year) {
  DeskInputs in;
  in.year = year;
  in.goals = repo.GoalsFor(year);
  in.counties = repo.Counties();
  in.counts = repo.Counts(year);
  in.populations = repo.Populations(year);
  in.league_members = repo.MemberCounts(year, "league_members");
  in.party_members = repo.MemberCounts(year, "party_members");
  return in;
}

}  // namespace

Desk TargetService::Assemble(const DeskInputs& in, const std::function<bool(const std::string&)>& visible) {
  Desk desk;
  desk.year = in.year;
  desk.goals = in.goals;
  desk.city.code = domain::registry::kHomeCity;
  desk.city.name = "梅州市";
  CitySum population, league_members, party_members;
  for (const auto& county : in.counties) {
    Figures f;
    f.code = county.code;
    f.name = county.name;
    if (auto it = in.populations.find(county.code); it != in.populations.end()) f.population = it->second;
    if (auto it = in.league_members.find(county.code); it != in.league_members.end()) f.league_members = it->second;
    if (auto it = in.party_members.find(county.code); it != in.party_members.end()) f.party_members = it->second;
    if (auto it = in.counts.find(county.code); it != in.counts.end()) f.counts = it->second;
    Score(f, desk.goals);
    // The city is the sum of its counties, so the two never disagree.
    auto& c = desk.city.counts;
    for (auto [name, field] : kFigures) c.*field += f.counts.*field;
    population.Add(f.population);
    league_members.Add(f.league_members);
    party_members.Add(f.party_members);
    if (visible(county.code)) desk.counties.push_back(std::move(f));
  }
  desk.city.population = population.Result();
  desk.city.league_members = league_members.Result();
  desk.city.party_members = party_members.Result();
  Score(desk.city, desk.goals);
  return desk;
}

core::Result<Desk> TargetService::DeskFor(const Principal& caller, std::optional<int> year_in) {
  if (!MaySeeDesk(caller)) return Error::Forbidden("测评数据仅向县区和市级管理员开放");
  ZY_ASSIGN_OR_RETURN(auto year, CheckedYear(year_in));
  auto uow = store_.ReadStale();
  return Assemble(ReadInputs(uow->Targets(), year), [&](const std::string& county) {
    return caller.IsCityAdmin() || caller.IsCountyAdminOf(county);
  });
}

core::Result<TargetService::Breakdown> TargetService::BreakdownOf(const Principal& caller, const std::string& county,
                                                                 std::optional<int> year_in) {
  if (!MaySeeDesk(caller)) return Error::Forbidden("测评数据仅向县区和市级管理员开放");
  if (!caller.AdministersCounty(county)) return Error::NotFound("县区不存在");
  ZY_ASSIGN_OR_RETURN(auto year, CheckedYear(year_in));
  auto uow = store_.ReadStale();
  auto desk = Assemble(ReadInputs(uow->Targets(), year), [&](const std::string& c) { return c == county; });
  if (desk.counties.empty()) return Error::NotFound("县区不存在");
  Breakdown b{year, std::move(desk.counties.front()), {}, {}};
  b.organizations = uow->Targets().OrganizationsOf(county, YearStart(year), YearStart(year + 1), year);
  b.units = uow->Targets().UnitsOf(county, year);
  return b;
}

core::Result<std::vector<Desk>> TargetService::Trend(const Principal& caller, int from, int to) {
  if (!MaySeeDesk(caller)) return Error::Forbidden("测评数据仅向县区和市级管理员开放");
  core::Validator v;
  if (!CheckedYear(from).ok()) v.Add("from", "invalid_year", "起始年份应在2017年至今年之间");
  if (!CheckedYear(to).ok()) v.Add("to", "invalid_year", "截止年份应在2017年至今年之间");
  if (v.ok() && (from > to || to - from >= 20)) v.Add("from", "invalid_range", "起始年份应不晚于截止年份，且最多20年");
  ZY_TRY(v.Done());
  std::vector<Desk> out;
  auto uow = store_.ReadStale();  // one snapshot of the records for every year
  for (int year = from; year <= to; ++year)
    out.push_back(Assemble(ReadInputs(uow->Targets(), year), [&](const std::string& county) {
      return caller.IsCityAdmin() || caller.IsCountyAdminOf(county);
    }));
  return out;
}

core::Result<Desk> TargetService::DeskOfSnapshot(const Principal& caller, SnapshotId id) {
  if (!MaySeeDesk(caller)) return Error::Forbidden("测评数据仅向县区和市级管理员开放");
  auto found = store_.Read()->Targets().FindSnapshot(id);
  if (!found) return Error::NotFound("快照不存在");
  auto desk = Assemble(found->second, [&](const std::string& county) {
    return caller.IsCityAdmin() || caller.IsCountyAdminOf(county);
  });
  desk.snapshot = found->first;
  return desk;
}

core::Result<Snapshot> TargetService::Freeze(const Principal& caller, std::optional<int> year_in,
                                             const std::string& label_in, const audit::RequestMeta& meta) {
  if (!caller.IsCityAdmin()) return Error::Forbidden("快照由市级管理员冻结");
  core::Validator v;
  auto label = v.Text("label", label_in, "快照名称", 60);
  auto year = CheckedYear(year_in);
  if (!year.ok()) v.Add("year", "invalid_year", year.error().fields[0].message);
  ZY_TRY(v.Done());
  auto uow = store_.Write();
  auto now = clock_.Now();
  Snapshot snapshot{{}, *year, label, now, caller.name};
  // Read inside the write transaction: the frozen counts are one consistent state of the records.
  auto id = uow->Targets().InsertSnapshot(snapshot, ReadInputs(uow->Targets(), *year), caller.account);
  if (!id) return Error::Duplicate("snapshot_exists", "该年度已有同名快照", "label");
  snapshot.id = *id;
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "targets.freeze",
                                   "snapshot", std::to_string(id->value)));
  uow->Commit();
  return snapshot;
}

core::Result<std::vector<Snapshot>> TargetService::Snapshots(const Principal& caller) {
  if (!MaySeeDesk(caller)) return Error::Forbidden("测评数据仅向县区和市级管理员开放");
  return store_.Read()->Targets().Snapshots();
}

Figures TargetService::CityHeadline() {
  auto uow = store_.ReadStale();
  return Assemble(ReadInputs(uow->Targets(), int(core::ChinaDate(clock_.Now()).year())),
                  [](const std::string&) { return false; })
      .city;
}

core::Status TargetService::SetMemberCount(const Principal& caller, const std::string& county,
                                           std::optional<int> year, const std::string& kind,
                                           std::optional<std::int64_t> members, const std::string& note_in,
                                           const audit::RequestMeta& meta) {
  if (!caller.IsCityAdmin()) return Error::Forbidden("团员、党员基数由市级管理员维护");
  core::Validator v;
  auto note = v.Text("note", note_in, "数据来源说明", 200, false);
  if (kind != "league_members" && kind != "party_members")
    v.Add("kind", "invalid_kind", "类别应为 league_members（团员）或 party_members（党员）");
  if (!members) v.Add("members", "required", "请填写人数");
  else if (*members < 0 || *members > 100000000) v.Add("members", "invalid_members", "人数应为0至1亿之间的整数");
  int this_year = int(core::ChinaDate(clock_.Now()).year());
  if (!year) v.Add("year", "required", "请填写年份");
  else if (*year < 2017 || *year > this_year) v.Add("year", "invalid_year", "年份应在2017年至今年之间");
  auto uow = store_.Write();
  auto region = uow->Regions().Find(county);
  if (!region || region->level != "county") v.Add("county_code", "unknown_county", "县区代码不存在");
  ZY_TRY(v.Done());
  auto now = clock_.Now();
  uow->Targets().SetMemberCount(county, *year, kind, *members, note, caller.account, now);
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "targets.member_count",
                                   "region", county, "ok",
                                   "{\"year\":" + std::to_string(*year) + ",\"kind\":\"" + kind + "\"}"));
  uow->Commit();
  return core::Ok();
}

ConsistencyReport TargetService::Check(std::optional<int> year) {
  auto uow = store_.Read();
  auto& repo = uow->Targets();
  repo.ReadOneSnapshot();
  ConsistencyReport report;
  report.years = year ? std::vector<int>{*year} : repo.YearsWithFigures();
  for (int y : report.years) {
    auto counted = repo.Counts(y);
    auto recounted = repo.Recount(y, YearStart(y), YearStart(y + 1));
    // A county missing on one side counts zero there: a county may have only zero rows left in the counters.
    std::map<std::string, std::pair<CountyCounts, CountyCounts>> both;
    for (const auto& [county, c] : counted) both[county].first = c;
    for (const auto& [county, c] : recounted) both[county].second = c;
    for (const auto& [county, pair] : both)
      for (const auto& [name, field] : kFigures)
        if (pair.first.*field != pair.second.*field)
          report.discrepancies.push_back({y, county, name, pair.first.*field, pair.second.*field});
  }
  return report;
}

void TargetService::RebuildCounters() {
  auto uow = store_.Write();
  uow->Targets().RebuildCounters();
  uow->Commit();
}

}  // namespace zhiyuan::domain::targets
