#include "domain/targets/target_service.hpp"

#include "core/time_format.hpp"
#include "core/validation.hpp"

namespace zhiyuan::domain::targets {

using core::Error;

namespace {

// The first instant of 1 January of `year` in Beijing time.
core::TimePoint YearStart(int year) {
  auto day = std::chrono::sys_days(core::Date(std::chrono::year(year), std::chrono::January, std::chrono::day(1)));
  return core::TimePoint(day.time_since_epoch()) - std::chrono::hours(8);
}

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

core::Result<Desk> TargetService::DeskFor(const Principal& caller, std::optional<int> year_in) {
  bool all = caller.IsCityAdmin();
  if (!all && !caller.Has(identity::Role::kCountyAdmin)) return Error::Forbidden("测评数据仅向县区和市级管理员开放");
  int this_year = int(core::ChinaDate(clock_.Now()).year());
  int year = year_in.value_or(this_year);
  if (year < 2017 || year > this_year) return Error::Field("year", "invalid_year", "年份应在2017年至今年之间");
  auto uow = store_.Read();
  auto& repo = uow->Targets();
  Desk desk;
  desk.year = year;
  desk.goals = repo.GoalsFor(year);
  auto counts = repo.Counts(year, YearStart(year), YearStart(year + 1));
  auto populations = repo.Populations(year);
  auto league = repo.MemberCounts(year, "league_members");
  auto party = repo.MemberCounts(year, "party_members");
  desk.city.code = "441400";
  desk.city.name = "梅州市";
  CitySum population, league_members, party_members;
  for (const auto& county : repo.Counties()) {
    Figures f;
    f.code = county.code;
    f.name = county.name;
    if (auto it = populations.find(county.code); it != populations.end()) f.population = it->second;
    if (auto it = league.find(county.code); it != league.end()) f.league_members = it->second;
    if (auto it = party.find(county.code); it != party.end()) f.party_members = it->second;
    if (auto it = counts.find(county.code); it != counts.end()) f.counts = it->second;
    Score(f, desk.goals);
    // The city is the sum of its counties, so the two never disagree.
    auto& c = desk.city.counts;
    c.registered += f.counts.registered;
    c.league_registered += f.counts.league_registered;
    c.party_league_registered += f.counts.party_league_registered;
    c.certificate_holders += f.counts.certificate_holders;
    c.card_holders += f.counts.card_holders;
    c.year_minutes += f.counts.year_minutes;
    c.members_20h += f.counts.members_20h;
    c.activities_published += f.counts.activities_published;
    c.organizations += f.counts.organizations;
    population.Add(f.population);
    league_members.Add(f.league_members);
    party_members.Add(f.party_members);
    if (all || caller.IsCountyAdminOf(county.code)) desk.counties.push_back(std::move(f));
  }
  desk.city.population = population.Result();
  desk.city.league_members = league_members.Result();
  desk.city.party_members = party_members.Result();
  Score(desk.city, desk.goals);
  return desk;
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

}  // namespace zhiyuan::domain::targets
