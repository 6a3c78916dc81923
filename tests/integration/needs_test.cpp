#include "domain/needs/need_service.hpp"
#include "fixture.hpp"

namespace zhiyuan::testing {

using namespace domain::needs;  // NOLINT
using domain::identity::Role;
using NeedsTest = BackendTest;

TEST_P(NeedsTest, ANeedGoesFromPostingToARatedService) {
  NeedService needs(*store_, *activities_, {cipher_, index_}, clock_);
  ASSERT_TRUE(Register("13800142001").ok());
  auto poster = Login("13800142001");
  PostNeed in{"独居老人助浴", "每周一次", "独居老人", "441402", "江南街道", std::nullopt, std::nullopt,
              core::FormatRfc3339(clock_.Now() + std::chrono::hours(24)),
              core::FormatRfc3339(clock_.Now() + std::chrono::hours(26)), "王主任", "13800142002"};
  auto need = needs.Post(poster, in, meta_);
  ASSERT_TRUE(need.ok()) << need.error().message;
  EXPECT_EQ(need->status, NeedStatus::kOpen);
  EXPECT_EQ(need->contact_phone_masked, "138****2002");

  auto admin = OrganisationAdmin("13800142003");
  auto org = OrgOf(admin);
  EXPECT_EQ(needs.Dispatch(admin, need->id, org, "", meta_).error().canonical, core::ErrorCode::kNotFound);
  auto other_county = Admin(Role::kCountyAdmin, "441403");
  EXPECT_EQ(needs.Dispatch(other_county, need->id, org, "", meta_).error().canonical, core::ErrorCode::kNotFound);
  auto county = Admin(Role::kCountyAdmin, "441402");
  ASSERT_TRUE(needs.Dispatch(county, need->id, org, "请安排", meta_).ok());
  EXPECT_EQ(needs.Confirm(poster, need->id, 5, "", meta_).error().code, "need_not_scheduled");
  ASSERT_TRUE(needs.Accept(admin, need->id, meta_).ok());
  domain::activities::ActivityInput extra;
  extra.category = "助老助残";
  extra.latitude = 24.29;
  extra.longitude = 116.12;
  extra.quota = 3;
  extra.contact_name = "李";
  extra.contact_phone = "13900001111";
  auto activity = needs.CreateActivity(admin, need->id, extra, meta_);
  ASSERT_TRUE(activity.ok()) << activity.error().message;
  EXPECT_EQ(activity->title, "独居老人助浴");
  EXPECT_EQ(activity->starts_at, need->wanted_from);
  EXPECT_EQ(needs.CreateActivity(admin, need->id, extra, meta_).error().code, "need_not_accepted");
  EXPECT_EQ(Count("activities_activities"), 1);  // the refused second request left nothing behind
  EXPECT_EQ(needs.Confirm(poster, need->id, 5, "", meta_).error().code, "service_not_done");
  ASSERT_TRUE(activities_->Publish(admin, activity->id, meta_).ok());
  clock_.Advance(std::chrono::hours(27));  // the service took place
  EXPECT_EQ(needs.Confirm(poster, need->id, 6, "", meta_).error().fields[0].code, "invalid_rating");
  auto done = needs.Confirm(poster, need->id, 5, "很满意", meta_);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->status, NeedStatus::kCompleted);
  EXPECT_EQ(done->rating, 5);
  EXPECT_EQ(done->activity, activity->id);
}

TEST_P(NeedsTest, ADeclinedNeedReturnsToTheCounty) {
  NeedService needs(*store_, *activities_, {cipher_, index_}, clock_);
  ASSERT_TRUE(Register("13800142010").ok());
  auto poster = Login("13800142010");
  PostNeed in{"义诊", "社区义诊", "老人", "441402", "社区", 24.3, 116.1, core::FormatRfc3339(clock_.Now() + std::chrono::hours(48)),
              core::FormatRfc3339(clock_.Now() + std::chrono::hours(50)), "王", "13800142011"};
  auto need = needs.Post(poster, in, meta_);
  auto admin = OrganisationAdmin("13800142012");
  auto county = Admin(Role::kCountyAdmin, "441402");
  ASSERT_TRUE(needs.Dispatch(county, need->id, OrgOf(admin), "", meta_).ok());
  EXPECT_EQ(needs.Decline(admin, need->id, "", meta_).error().fields[0].code, "required");
  auto declined = needs.Decline(admin, need->id, "本周人手不足", meta_);
  ASSERT_TRUE(declined.ok());
  EXPECT_EQ(declined->status, NeedStatus::kOpen);
  EXPECT_FALSE(declined->organization.has_value());
  EXPECT_EQ(declined->decline_reason, "本周人手不足");
  EXPECT_EQ(needs.Search(county, NeedStatus::kOpen, false, {})->total, 1);
}

ZY_BACKENDS(NeedsTest);

}  // namespace zhiyuan::testing
