#include "domain/targets/target_service.hpp"
#include "fixture.hpp"

namespace zhiyuan::testing {

using domain::identity::Role;

class TargetTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    targets_ = std::make_unique<domain::targets::TargetService>(*store_, clock_);
  }
  void TearDown() override {
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
  std::unique_ptr<domain::targets::TargetService> targets_;
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
}

ZY_BACKENDS(TargetTest);

}  // namespace zhiyuan::testing
