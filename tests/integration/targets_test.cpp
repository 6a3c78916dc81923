#include "domain/credentials/credential_service.hpp"
#include "domain/targets/target_service.hpp"
#include "fixture.hpp"

namespace zhiyuan::testing {

using domain::identity::Role;

class TargetTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    targets_ = std::make_unique<domain::targets::TargetService>(*store_, clock_);
    credentials_ = std::make_unique<domain::credentials::CredentialService>(
        *store_, domain::identity::Vault{cipher_, index_}, *stars_, passes_, clock_);
  }
  void TearDown() override {
    credentials_.reset();
    targets_.reset();
    BackendTest::TearDown();
  }
  // Confirmed minutes in 2026 for a volunteer, written with the yearly totals (as the ledger keeps them).
  void Serve(const domain::activities::Activity& a, core::VolunteerId v, int minutes) {
    auto uow = store_->Write();
    domain::ledger::NewEntry e;
    e.volunteer = v;
    e.activity = a.id;
    e.organization = a.organization;
    e.service_date = *core::ParseDate("2026-03-01");
    e.minutes = minutes;
    e.status = domain::ledger::EntryStatus::kConfirmed;
    e.created_at = clock_.Now();
    (void)uow->Ledger().Insert(e).value();
    uow->Ledger().AddToTotals(v, 2026, minutes);
    uow->Commit();
  }
  void Hold(core::VolunteerId v, const std::string& kind, const std::string& status) {
    db_->Acquire()->Execute(
        "INSERT INTO credentials_applications (volunteer_id, kind, bank_code, card_type, status, shared_fields, "
        "consented_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, '[]', 0, 0, 0)",
        {v.value, kind, kind == "card" ? "ccb" : "boc", kind == "card" ? "debit" : "", status});
  }
  const domain::targets::Figures& CountyOf(const domain::targets::Desk& d, const std::string& code) {
    for (const auto& f : d.counties)
      if (f.code == code) return f;
    throw std::runtime_error("county not in the desk: " + code);
  }
  // The counters the desk reads equal a recount from the raw records, in every year that has figures.
  void ExpectCountersAgree(const std::string& when) {
    auto report = targets_->Check(std::nullopt);
    for (const auto& d : report.discrepancies)
      ADD_FAILURE() << when << ": " << d.year << " " << d.county_code << " " << d.figure << " counters " << d.counted
                    << ", records " << d.recounted;
  }
  domain::targets::CountyCounts CountsOf(const std::string& county, int year = 2026) {
    auto desk = targets_->DeskFor(city_, year);
    if (!desk.ok()) throw std::runtime_error("desk: " + desk.error().message);
    return CountyOf(*desk, county).counts;
  }
  // A day of service: an 8-hour activity of the admin's organisation starting now, the volunteer checked in and
  // out by the organiser, and the hours confirmed; the clock ends on the next morning.
  core::LedgerEntryId ServeADay(const domain::identity::Principal& admin, const domain::identity::Principal& v) {
    auto a = PublishedActivity(admin, std::chrono::minutes(1), std::chrono::hours(8));
    if (!activities_->SignUp(v, a.id, meta_).ok()) throw std::runtime_error("signup");
    auto number = volunteers_->OfAccount(v.account)->volunteer_number;
    clock_.Advance(std::chrono::minutes(1));
    if (!attendance_->Record(admin, a.id, {number, ""}, true, std::nullopt, meta_).ok())
      throw std::runtime_error("check-in");
    clock_.Advance(std::chrono::hours(8));
    auto out = attendance_->Record(admin, a.id, {number, ""}, false, std::nullopt, meta_);
    if (!out.ok()) throw std::runtime_error("check-out: " + out.error().message);
    auto confirmed = ledger_->Confirm(admin, a.id, {}, meta_);
    if (!confirmed.ok() || confirmed->confirmed.size() != 1) throw std::runtime_error("confirm");
    clock_.Advance(std::chrono::hours(16) - std::chrono::minutes(1));
    return *out->ledger_entry;
  }
  std::unique_ptr<domain::targets::TargetService> targets_;
  std::unique_ptr<domain::credentials::CredentialService> credentials_;
  domain::identity::Principal city_;
};

TEST_P(TargetTest, EveryFigureEqualsItsRecomputationFromTheRecords) {
  auto admin = OrganisationAdmin("13800210001");  // a volunteer (masses) and an approved organisation in 441402
  auto activity = PublishedActivity(admin, std::chrono::minutes(10), std::chrono::hours(4));
  auto league1 = Register("13800210002", "441402", "league_member").value();
  auto league2 = Register("13800210003", "441402", "league_member").value();
  auto party = Register("13800210004", "441402", "party_member").value();
  auto other = Register("13800210005", "441424").value();  // 五华县
  Serve(activity, league1.id, 1200);                      // a League member with exactly 20 h
  Serve(activity, league2.id, 600);
  Serve(activity, party.id, 1500);
  Serve(activity, other.id, 60);
  Hold(league1.id, "certificate", "activated");
  Hold(league1.id, "card", "issued");
  Hold(league2.id, "certificate", "sent_to_bank");  // not yet held
  auto city = Admin(Role::kCityAdmin);
  ASSERT_TRUE(targets_->SetMemberCount(city, "441402", 2025, "league_members", 10, "团区委报送", meta_).ok());
  ASSERT_TRUE(targets_->SetMemberCount(city, "441402", 2026, "party_members", 5, "", meta_).ok());
  EXPECT_EQ(targets_->SetMemberCount(admin, "441402", 2026, "party_members", 5, "", meta_).error().canonical,
            core::ErrorCode::kPermissionDenied);

  auto desk = targets_->DeskFor(city, 2026);
  ASSERT_TRUE(desk.ok());
  const auto& m = CountyOf(*desk, "441402");
  EXPECT_EQ(m.counts.registered, 4);
  EXPECT_EQ(m.population->value, 437800);
  EXPECT_EQ(m.population->year, 2022);  // no 2026 figure: the latest earlier one, and it says so
  ASSERT_TRUE(m.registration.rate.has_value());
  EXPECT_DOUBLE_EQ(*m.registration.rate, 4.0 / 437800);
  EXPECT_EQ(m.registration.gap, 43780 - 4);
  EXPECT_EQ(m.counts.league_registered, 2);
  EXPECT_EQ(m.league_members->year, 2025);
  EXPECT_DOUBLE_EQ(*m.league.rate, 0.2);
  EXPECT_EQ(m.league.gap, 8 - 2);
  EXPECT_EQ(m.counts.certificate_holders, 1);
  EXPECT_DOUBLE_EQ(*m.certificate.rate, 0.25);
  EXPECT_EQ(m.certificate.gap, 2 - 1);  // ⌈30% × 4⌉ = 2
  EXPECT_EQ(m.counts.card_holders, 1);
  EXPECT_EQ(m.card.gap, 0);  // ⌈15% × 4⌉ = 1
  EXPECT_EQ(m.counts.year_minutes, 1200 + 600 + 1500);
  EXPECT_DOUBLE_EQ(*m.avg_annual_minutes, 3300.0 / 4);
  EXPECT_EQ(m.counts.members_20h, 2);  // league1 (1200) and party (1500); league2 has 600
  EXPECT_DOUBLE_EQ(*m.members_20h.rate, 2.0 / 15);
  EXPECT_EQ(m.members_20h.gap, 13);
  EXPECT_EQ(m.counts.activities_published, 1);
  EXPECT_EQ(m.counts.organizations, 1);

  const auto& w = CountyOf(*desk, "441424");
  EXPECT_EQ(w.counts.registered, 1);
  EXPECT_FALSE(w.league.rate.has_value());  // no League roster reported for 五华县
  // The city is the sum of its counties; a denominator one county lacks leaves the city rate open.
  EXPECT_EQ(desk->city.counts.registered, 5);
  EXPECT_EQ(desk->city.counts.year_minutes, 3360);
  EXPECT_FALSE(desk->city.league.rate.has_value());
  std::int64_t population = 0;
  for (const auto& f : desk->counties) population += f.population->value;
  EXPECT_EQ(desk->city.population->value, population);

  // A county admin sees their own county only; a volunteer nothing.
  auto county = targets_->DeskFor(Admin(Role::kCountyAdmin, "441424"), 2026);
  ASSERT_TRUE(county.ok());
  ASSERT_EQ(county->counties.size(), 1u);
  EXPECT_EQ(county->counties[0].code, "441424");
  EXPECT_EQ(targets_->DeskFor(Login("13800210002"), 2026).error().canonical, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(targets_->DeskFor(city, 2016).error().fields[0].code, "invalid_year");
  ExpectCountersAgree("the seeded records");  // credentials applied for at Unix time 0 (1970) included
}

// A database may hold other cities (the province-scale benchmark data): the city's desk, its regions and its
// registrations see only 梅州市 and its counties.
TEST_P(TargetTest, AnotherCityInTheSameDatabaseStaysOffTheCitysDeskAndRegions) {
  {
    auto c = db_->Acquire();
    c->Execute("INSERT INTO registry_regions (code, name, level, parent_code, sort_order) VALUES "
               "('440100', '广州市', 'city', NULL, 100), ('440191', '广州市第1区（生成）', 'county', '440100', 101)");
    c->Execute("INSERT INTO registry_region_populations (region_code, year, population, note, updated_at) "
               "VALUES ('440191', 2022, 1000000, '', 0)");
  }
  auto moved = Register("13800219001", "441402").value();
  (void)Register("13800219002", "441402").value();
  db_->Acquire()->Execute("UPDATE registry_volunteers SET county_code = '440191' WHERE id = $1", {moved.id.value});
  EXPECT_FALSE(Register("13800219003", "440191").ok());  // not a county of this city

  auto desk = targets_->DeskFor(Admin(Role::kCityAdmin), 2026);
  ASSERT_TRUE(desk.ok());
  EXPECT_EQ(desk->counties.size(), 8u);
  EXPECT_EQ(desk->city.code, "441400");
  EXPECT_EQ(desk->city.counts.registered, 1);
  EXPECT_EQ(desk->city.population->value, 3'858'000);  // Meizhou's eight counties, 2022
  auto regions = regions_->List();
  ASSERT_EQ(regions.size(), 9u);
  EXPECT_EQ(regions[0].code, "441400");
  EXPECT_EQ(*regions[0].population, 3'858'000);
  for (const auto& r : regions) EXPECT_NE(r.code.substr(0, 4), "4401");
  ExpectCountersAgree("a volunteer moved to another city");
}

TEST_P(TargetTest, TheCountersFollowEveryChangeInTheSameTransactionAndAgreeWithTheRecount) {
  city_ = Admin(Role::kCityAdmin);
  ExpectCountersAgree("an empty database");
  auto admin = OrganisationAdmin("13800220001");  // registered (masses), applied and approved by the city
  EXPECT_EQ(CountsOf("441402").organizations, 1);
  EXPECT_EQ(CountsOf("441402").registered, 1);
  ASSERT_TRUE(Register("13800220002", "441402", "league_member").ok());
  auto league = Login("13800220002");
  ASSERT_TRUE(Register("13800220003", "441402", "probationary_party_member").ok());
  auto c = CountsOf("441402");
  EXPECT_EQ(c.registered, 3);
  EXPECT_EQ(c.league_registered, 1);
  EXPECT_EQ(c.party_league_registered, 2);
  EXPECT_EQ(CountsOf("441402", 2025).registered, 0);  // registered in 2026: not in an earlier year's figure
  ExpectCountersAgree("after registrations and an approval");

  // An organisation turned down is not counted; a cancelled activity no longer counts as published.
  auto applicant = Login("13800220003");
  domain::registry::ApplyOrganization apply;
  apply.name = "被驳回的组织";
  apply.type = "grassroots_team";
  apply.county_code = "441402";
  apply.contact_name = "联系人";
  apply.contact_phone = "13800220003";
  auto rejected = organizations_->Apply(applicant, apply, meta_);
  ASSERT_TRUE(rejected.ok());
  ASSERT_TRUE(organizations_->Reject(city_, rejected->id, "材料不全", meta_).ok());
  EXPECT_EQ(CountsOf("441402").organizations, 1);
  auto cancelled = PublishedActivity(admin, std::chrono::hours(48), std::chrono::hours(2));
  EXPECT_EQ(CountsOf("441402").activities_published, 1);
  ASSERT_TRUE(activities_->Cancel(admin, cancelled.id, "天气原因", meta_).ok());
  EXPECT_EQ(CountsOf("441402").activities_published, 0);
  ExpectCountersAgree("after a rejection and a cancellation");

  // Three confirmed 8-hour days take the League member over the 20-hour line (1440 minutes).
  ServeADay(admin, league);
  ServeADay(admin, league);
  EXPECT_EQ(CountsOf("441402").members_20h, 0);  // 960 minutes
  auto third = ServeADay(admin, league);
  c = CountsOf("441402");
  EXPECT_EQ(c.year_minutes, 1440);
  EXPECT_EQ(c.members_20h, 1);
  EXPECT_EQ(c.activities_published, 3);
  ExpectCountersAgree("after three confirmed days");

  // A correction (reversal and replacement) takes them back under the line, another over it again.
  auto corrected = ledger_->Correct(admin, third, 60, "wrong_time", "提前离开", meta_);
  ASSERT_TRUE(corrected.ok()) << corrected.error().message;
  c = CountsOf("441402");
  EXPECT_EQ(c.year_minutes, 1020);
  EXPECT_EQ(c.members_20h, 0);
  ExpectCountersAgree("after a correction under the line");
  ASSERT_TRUE(ledger_->Correct(admin, corrected->replacement->id, 300, "wrong_time", "核实后更正", meta_).ok());
  EXPECT_EQ(CountsOf("441402").members_20h, 1);  // 1260 minutes

  // A change of political status moves the volunteer's registration and 20-hour figures with it.
  domain::registry::UpdateProfile masses;
  masses.political_status = "masses";
  ASSERT_TRUE(volunteers_->UpdateOwnProfile(league, masses, meta_).ok());
  c = CountsOf("441402");
  EXPECT_EQ(c.league_registered, 0);
  EXPECT_EQ(c.party_league_registered, 1);
  EXPECT_EQ(c.members_20h, 0);
  EXPECT_EQ(c.year_minutes, 1260);
  ExpectCountersAgree("after leaving the League");
  domain::registry::UpdateProfile party;
  party.political_status = "party_member";
  ASSERT_TRUE(volunteers_->UpdateOwnProfile(league, party, meta_).ok());
  EXPECT_EQ(CountsOf("441402").members_20h, 1);

  // Credentials count once the bank has issued them, and stay counted when activated.
  auto certificate = credentials_->Apply(league, {"certificate", "boc", "", true}, meta_);
  ASSERT_TRUE(certificate.ok());
  auto card = credentials_->Apply(league, {"card", "ccb", "", true}, meta_);
  ASSERT_TRUE(card.ok());
  EXPECT_EQ(CountsOf("441402").certificate_holders, 0);  // sent to the bank, not issued
  domain::credentials::BankActor boc{"boc", "bank:boc", std::nullopt};
  domain::credentials::BankActor ccb{"ccb", "bank:ccb", std::nullopt};
  ASSERT_TRUE(credentials_->Report(boc, certificate->application.id, "issued", "", meta_).ok());
  ASSERT_TRUE(credentials_->Report(ccb, card->application.id, "issued", "", meta_).ok());
  ASSERT_TRUE(credentials_->Report(boc, certificate->application.id, "activated", "", meta_).ok());
  c = CountsOf("441402");
  EXPECT_EQ(c.certificate_holders, 1);
  EXPECT_EQ(c.card_holders, 1);
  ExpectCountersAgree("after credentials were issued and activated");

  // Moving to another county takes registration, hours, the 20-hour line and credentials along.
  domain::registry::UpdateProfile move;
  move.county_code = "441424";
  ASSERT_TRUE(volunteers_->UpdateOwnProfile(league, move, meta_).ok());
  c = CountsOf("441402");
  EXPECT_EQ(c.registered, 2);
  EXPECT_EQ(c.year_minutes, 0);
  EXPECT_EQ(c.certificate_holders, 0);
  auto w = CountsOf("441424");
  EXPECT_EQ(w.registered, 1);
  EXPECT_EQ(w.party_league_registered, 1);
  EXPECT_EQ(w.year_minutes, 1260);
  EXPECT_EQ(w.members_20h, 1);
  EXPECT_EQ(w.certificate_holders, 1);
  EXPECT_EQ(w.card_holders, 1);
  ExpectCountersAgree("after a move to another county");
}

TEST_P(TargetTest, TheCheckFindsACorruptedCounterAndTheRepairRebuildsIt) {
  city_ = Admin(Role::kCityAdmin);
  auto admin = OrganisationAdmin("13800230001");
  ASSERT_TRUE(Register("13800230002", "441402", "league_member").ok());
  PublishedActivity(admin, std::chrono::minutes(10), std::chrono::hours(2));
  ASSERT_TRUE(targets_->Check(2026).consistent());

  // Someone edits the counters by hand: five registrations too many in 2025 and one activity fewer in 2026.
  db_->Acquire()->Execute(
      "INSERT INTO targets_counters (county_code, year, slot, registered) VALUES ('441402', 2025, 3, 5)");
  db_->Acquire()->Execute(
      "UPDATE targets_counters SET activities_published = activities_published - 1 WHERE county_code = '441402' "
      "AND year = 2026 AND activities_published > 0");
  EXPECT_EQ(CountsOf("441402").registered, 7);  // the desk reads the counters

  auto report = targets_->Check(std::nullopt);
  EXPECT_FALSE(report.consistent());
  EXPECT_EQ(report.years, (std::vector<int>{2025, 2026}));
  ASSERT_EQ(report.discrepancies.size(), 3u);
  const auto& in_2025 = report.discrepancies[0];
  EXPECT_EQ(in_2025.year, 2025);
  EXPECT_EQ(in_2025.county_code, "441402");
  EXPECT_EQ(in_2025.figure, "registered");
  EXPECT_EQ(in_2025.counted, 5);
  EXPECT_EQ(in_2025.recounted, 0);
  // Registrations are cumulative: the error shows in 2026 too; activities are counted per year.
  EXPECT_EQ(report.discrepancies[1].figure, "registered");
  EXPECT_EQ(report.discrepancies[1].counted, 7);
  EXPECT_EQ(report.discrepancies[1].recounted, 2);
  EXPECT_EQ(report.discrepancies[2].figure, "activities_published");
  EXPECT_EQ(report.discrepancies[2].counted, 0);
  EXPECT_EQ(report.discrepancies[2].recounted, 1);
  auto one_year = targets_->Check(2025);
  EXPECT_EQ(one_year.years, std::vector<int>{2025});
  EXPECT_EQ(one_year.discrepancies.size(), 1u);

  targets_->RebuildCounters();
  EXPECT_TRUE(targets_->Check(std::nullopt).consistent());
  auto c = CountsOf("441402");
  EXPECT_EQ(c.registered, 2);
  EXPECT_EQ(c.league_registered, 1);
  EXPECT_EQ(c.activities_published, 1);
  EXPECT_EQ(c.organizations, 1);
  // The triggers go on from the rebuilt counters.
  ASSERT_TRUE(Register("13800230003", "441402", "party_member").ok());
  EXPECT_EQ(CountsOf("441402").party_league_registered, 2);
  ExpectCountersAgree("after the repair and a registration");
}

TEST_P(TargetTest, ASnapshotFreezesTheDeskAndItsReportsWhileTheLiveDeskMovesOn) {
  auto city = Admin(Role::kCityAdmin);
  ASSERT_TRUE(Register("13800270001", "441424").ok());
  ASSERT_TRUE(targets_->SetMemberCount(city, "441424", 2026, "league_members", 40, "", meta_).ok());
  auto frozen = targets_->Freeze(city, 2026, "2026年度考核", meta_);
  ASSERT_TRUE(frozen.ok()) << frozen.error().message;
  EXPECT_EQ(targets_->Freeze(city, 2026, "2026年度考核", meta_).error().code, "snapshot_exists");
  EXPECT_EQ(targets_->Freeze(city, 2015, "x", meta_).error().fields[0].code, "invalid_year");
  EXPECT_EQ(targets_->Freeze(Admin(Role::kCountyAdmin, "441424"), 2026, "x", meta_).error().canonical,
            core::ErrorCode::kPermissionDenied);
  auto before = targets_->DeskFor(city, 2026);

  // The records move on: another registration, a new League count.
  ASSERT_TRUE(Register("13800270002", "441424").ok());
  ASSERT_TRUE(targets_->SetMemberCount(city, "441424", 2026, "league_members", 50, "", meta_).ok());
  auto live = targets_->DeskFor(city, 2026);
  auto snap = targets_->DeskOfSnapshot(city, frozen->id);
  ASSERT_TRUE(snap.ok());
  EXPECT_EQ(CountyOf(*live, "441424").counts.registered, CountyOf(*before, "441424").counts.registered + 1);
  EXPECT_EQ(CountyOf(*snap, "441424").counts.registered, CountyOf(*before, "441424").counts.registered);
  EXPECT_EQ(CountyOf(*snap, "441424").league_members->value, 40);
  EXPECT_EQ(snap->city.counts.registered, before->city.counts.registered);
  EXPECT_EQ(snap->city.registration.gap, before->city.registration.gap);
  EXPECT_EQ(snap->snapshot->label, "2026年度考核");

  // A county admin sees the snapshot as the live desk: their county and the city.
  auto wuhua = targets_->DeskOfSnapshot(Admin(Role::kCountyAdmin, "441424"), frozen->id);
  ASSERT_EQ(wuhua->counties.size(), 1u);
  EXPECT_EQ(wuhua->city.counts.registered, before->city.counts.registered);
  ASSERT_TRUE(Register("13800270003").ok());
  EXPECT_EQ(targets_->DeskOfSnapshot(Login("13800270003"), frozen->id).error().canonical,
            core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(targets_->DeskOfSnapshot(city, domain::targets::SnapshotId(999)).error().canonical,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(targets_->Snapshots(city)->size(), 1u);

  // Trends: one desk a year, the same figures as the desk of that year.
  auto trend = targets_->Trend(city, 2024, 2026);
  ASSERT_TRUE(trend.ok());
  ASSERT_EQ(trend->size(), 3u);
  EXPECT_EQ(trend->back().city.counts.registered, live->city.counts.registered + 1);  // 13800270003 since
  EXPECT_EQ(targets_->Trend(city, 2026, 2024).error().fields[0].code, "invalid_range");
  EXPECT_EQ(targets_->Trend(Admin(Role::kCountyAdmin, "441424"), 2025, 2026)->front().counties.size(), 1u);

  // Drill-down: 五华县 with its organisations and units; another county's admin finds nothing there.
  auto wuhua_admin = Admin(Role::kCountyAdmin, "441424");
  auto org_admin = OrganisationAdmin("13800270010", "441424");
  auto activity = PublishedActivity(org_admin, std::chrono::minutes(60), std::chrono::minutes(480));
  Serve(activity, *Login("13800270001").volunteer, 150);
  auto breakdown = targets_->BreakdownOf(wuhua_admin, "441424", 2026);
  ASSERT_TRUE(breakdown.ok()) << breakdown.error().message;
  EXPECT_EQ(breakdown->county.code, "441424");
  ASSERT_EQ(breakdown->organizations.size(), 1u);
  EXPECT_EQ(breakdown->organizations[0].members, 1);  // its admin
  EXPECT_EQ(breakdown->organizations[0].activities_published, 1);
  EXPECT_EQ(breakdown->organizations[0].year_minutes, 150);
  EXPECT_EQ(targets_->BreakdownOf(Admin(Role::kCountyAdmin, "441402"), "441424", 2026).error().canonical,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(targets_->BreakdownOf(city, "999999", 2026).error().canonical, core::ErrorCode::kNotFound);

  // The home page's headline is the live city.
  auto headline = targets_->CityHeadline();
  EXPECT_EQ(headline.counts.registered, targets_->DeskFor(city, std::nullopt)->city.counts.registered);
}

ZY_BACKENDS(TargetTest);

}  // namespace zhiyuan::testing
