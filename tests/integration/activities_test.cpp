#include <thread>

#include "fixture.hpp"

namespace zhiyuan::testing {

using namespace domain::activities;  // NOLINT
using std::chrono::hours;
using std::chrono::minutes;
using ActivitiesTest = BackendTest;

TEST_P(ActivitiesTest, OnlyFutureActivitiesArePublished) {
  auto admin = OrganisationAdmin("13800139001");
  ActivityInput in;
  in.organization_id = OrgOf(admin).value;
  in.title = "过去的活动";
  in.category = "社区服务";
  in.recipients = "居民";
  in.content = "内容";
  in.county_code = "441402";
  in.address = "地址";
  in.latitude = 24.3;
  in.longitude = 116.1;
  in.starts_at = core::FormatRfc3339(clock_.Now() - hours(2));
  in.ends_at = core::FormatRfc3339(clock_.Now() - hours(1));
  in.quota = 5;
  in.contact_name = "x";
  in.contact_phone = "13900001111";
  auto a = activities_->Create(admin, in, meta_);
  ASSERT_TRUE(a.ok());
  auto p = activities_->Publish(admin, a->id, meta_);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().fields[0].code, "activity_in_past");
}

TEST_P(ActivitiesTest, ActivitiesLastAtMostAYear) {
  auto admin = OrganisationAdmin("13800139002");
  ActivityInput in;
  in.organization_id = OrgOf(admin).value;
  in.starts_at = core::FormatRfc3339(clock_.Now() + hours(1));
  in.ends_at = core::FormatRfc3339(clock_.Now() + hours(24 * 400));
  auto a = activities_->Create(admin, in, meta_);
  ASSERT_FALSE(a.ok());
  bool too_long = false;
  for (const auto& f : a.error().fields) too_long |= f.field == "ends_at" && f.code == "too_long";
  EXPECT_TRUE(too_long);
}

TEST_P(ActivitiesTest, ConcurrentSignupsNeverExceedTheQuota) {
  auto admin = OrganisationAdmin("13800139003");
  auto a = PublishedActivity(admin, hours(24), hours(2), 10);
  std::vector<domain::identity::Principal> volunteers;
  for (int i = 0; i < 40; ++i) {
    auto phone = "1370001" + std::to_string(1000 + i);
    ASSERT_TRUE(Register(phone).ok());
    volunteers.push_back(Login(phone));
  }
  std::vector<std::thread> threads;
  std::atomic<int> confirmed{0}, waitlisted{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = t; i < 40; i += 4) {
        auto s = activities_->SignUp(volunteers[i], a.id, meta_);
        if (s.ok() && s->status == SignupStatus::kConfirmed) ++confirmed;
        if (s.ok() && s->status == SignupStatus::kWaitlisted) ++waitlisted;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(confirmed, 10);
  EXPECT_EQ(waitlisted, 30);
  EXPECT_EQ(activities_->Get(nullptr, a.id)->confirmed_count, 10);
  auto list = activities_->Signups(admin, a.id, SignupStatus::kWaitlisted);
  ASSERT_EQ(list->size(), 30u);
  for (std::size_t i = 0; i < list->size(); ++i) EXPECT_EQ(list->at(i).waitlist_position, int(i) + 1);
}

TEST_P(ActivitiesTest, ACancellationGivesThePlaceToTheFirstWaitlisted) {
  auto admin = OrganisationAdmin("13800139004");
  auto a = PublishedActivity(admin, hours(24), hours(2), 1);
  auto first = SignedUpVolunteer("13800139005", a.id);
  auto second = SignedUpVolunteer("13800139006", a.id);
  auto third = SignedUpVolunteer("13800139007", a.id);
  EXPECT_EQ(activities_->MySignup(&second, a.id)->waitlist_position, 1);
  EXPECT_EQ(activities_->MySignup(&third, a.id)->waitlist_position, 2);
  ASSERT_TRUE(activities_->CancelSignup(first, a.id, meta_).ok());
  EXPECT_EQ(activities_->MySignup(&second, a.id)->status, SignupStatus::kConfirmed);
  EXPECT_EQ(activities_->MySignup(&third, a.id)->waitlist_position, 1);
  EXPECT_EQ(Count("identity_notifications WHERE title LIKE '候补成功%'"), 1);
}

TEST_P(ActivitiesTest, EligibilityIsCheckedWithTheReason) {
  auto admin = OrganisationAdmin("13800139008");
  auto a = PublishedActivity(admin, hours(24), hours(2), 5);
  ActivityInput league_only;
  league_only.political_requirement = "league_member";
  league_only.required_skills = std::vector<std::string>{"急救"};
  ASSERT_TRUE(activities_->Edit(admin, a.id, league_only, meta_).ok());
  ASSERT_TRUE(Register("13800139009", "441402", "masses").ok());
  auto masses = Login("13800139009");
  auto refused = activities_->SignUp(masses, a.id, meta_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields[0].code, "political_requirement");
  ASSERT_TRUE(Register("13800139010", "441402", "league_member").ok());
  auto league = Login("13800139010");
  EXPECT_EQ(activities_->SignUp(league, a.id, meta_).error().fields[0].code, "missing_skills");
  domain::registry::UpdateProfile skills;
  skills.skills = std::vector<std::string>{"急救"};
  ASSERT_TRUE(volunteers_->UpdateOwnProfile(league, skills, meta_).ok());
  EXPECT_TRUE(activities_->SignUp(league, a.id, meta_).ok());
  EXPECT_EQ(Count("activities_signups"), 1);
}

TEST_P(ActivitiesTest, DraftsAreHiddenFromOthers) {
  auto admin = OrganisationAdmin("13800139011");
  ActivityInput in;
  in.organization_id = OrgOf(admin).value;
  in.title = "草稿";
  in.category = "c";
  in.recipients = "r";
  in.content = "c";
  in.county_code = "441402";
  in.address = "a";
  in.latitude = 1;
  in.longitude = 1;
  in.starts_at = core::FormatRfc3339(clock_.Now() + hours(3));
  in.ends_at = core::FormatRfc3339(clock_.Now() + hours(4));
  in.quota = 1;
  in.contact_name = "x";
  in.contact_phone = "13900001111";
  auto a = activities_->Create(admin, in, meta_);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(activities_->Get(nullptr, a->id).error().canonical, core::ErrorCode::kNotFound);
  auto other = OrganisationAdmin("13800139012");
  EXPECT_EQ(activities_->Publish(other, a->id, meta_).error().canonical, core::ErrorCode::kNotFound);
  EXPECT_TRUE(activities_->Get(&admin, a->id).ok());
}

ZY_BACKENDS(ActivitiesTest);

}  // namespace zhiyuan::testing
