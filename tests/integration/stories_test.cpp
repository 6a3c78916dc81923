#include "domain/stories/story_service.hpp"
#include "fixture.hpp"

namespace zhiyuan::testing {

using domain::identity::Role;
using domain::stories::StoryInput;

class StoryTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    stories_ = std::make_unique<domain::stories::StoryService>(*store_, clock_);
  }
  void TearDown() override {
    stories_.reset();
    BackendTest::TearDown();
  }
  static StoryInput Input(std::string region = "441400") {
    return {"社区志愿服务的梅江经验", "practice", "", std::string(30, 'a') + "\n" + std::string(80, 'b'),
            std::move(region)};
  }
  std::unique_ptr<domain::stories::StoryService> stories_;
};

TEST_P(StoryTest, DraftsStayPrivateUntilPublishedAndCountiesWriteOnlyForThemselves) {
  auto city = Admin(Role::kCityAdmin);
  auto meijiang = Admin(Role::kCountyAdmin, "441402");
  auto wuhua = Admin(Role::kCountyAdmin, "441424");
  auto draft = stories_->Create(meijiang, Input("441402"), meta_);
  ASSERT_TRUE(draft.ok()) << draft.error().message;
  EXPECT_EQ(draft->status, "draft");
  EXPECT_EQ(draft->summary, std::string(30, 'a') + " " + std::string(49, 'b') + "…");  // one line, 80 characters
  EXPECT_EQ(stories_->Create(meijiang, Input("441424"), meta_).error().canonical, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(stories_->Create(meijiang, Input(), meta_).error().canonical, core::ErrorCode::kPermissionDenied);
  ASSERT_TRUE(Register("13800240001").ok());
  EXPECT_EQ(stories_->Create(Login("13800240001"), Input(), meta_).error().canonical,
            core::ErrorCode::kPermissionDenied);
  auto bad = Input();
  bad.title = "";
  bad.kind = "gossip";
  auto invalid = stories_->Create(city, bad, meta_);
  ASSERT_EQ(invalid.error().fields.size(), 2u);

  // Not public yet; not even visible to another county's admin.
  EXPECT_EQ(stories_->Get(std::nullopt, draft->id).error().canonical, core::ErrorCode::kNotFound);
  EXPECT_EQ(stories_->Get(wuhua, draft->id).error().canonical, core::ErrorCode::kNotFound);
  EXPECT_EQ(stories_->SetStatus(wuhua, draft->id, "published", meta_).error().canonical, core::ErrorCode::kNotFound);
  EXPECT_TRUE(stories_->Get(city, draft->id).ok());
  EXPECT_EQ(stories_->Published(std::nullopt, {}).total, 0);
  EXPECT_EQ(stories_->SetStatus(meijiang, draft->id, "withdrawn", meta_).error().code, "never_published");

  auto published = stories_->SetStatus(meijiang, draft->id, "published", meta_);
  ASSERT_TRUE(published.ok());
  auto first_time = *published->published_at;
  EXPECT_TRUE(stories_->Get(std::nullopt, draft->id).ok());
  clock_.Advance(std::chrono::hours(2));
  auto city_story = stories_->Create(city, {"优秀志愿者张三", "volunteer", "二十年如一日", "正文", ""}, meta_);
  ASSERT_TRUE(stories_->SetStatus(city, city_story->id, "published", meta_).ok());
  auto page = stories_->Published(std::nullopt, {});
  ASSERT_EQ(page.total, 2);
  EXPECT_EQ(page.items[0].id, city_story->id);  // newest first
  EXPECT_EQ(stories_->Published("volunteer", {}).total, 1);

  // Withdrawn: gone from the public; published again, it keeps its first date.
  ASSERT_TRUE(stories_->SetStatus(city, draft->id, "withdrawn", meta_).ok());
  EXPECT_EQ(stories_->Published(std::nullopt, {}).total, 1);
  EXPECT_EQ(stories_->Get(std::nullopt, draft->id).error().canonical, core::ErrorCode::kNotFound);
  clock_.Advance(std::chrono::hours(1));
  EXPECT_EQ(*stories_->SetStatus(meijiang, draft->id, "published", meta_)->published_at, first_time);

  auto edited = Input("441402");
  edited.title = "梅江经验（修订）";
  EXPECT_EQ(stories_->Update(meijiang, draft->id, edited, meta_)->title, "梅江经验（修订）");
  EXPECT_EQ(stories_->Update(wuhua, draft->id, edited, meta_).error().canonical, core::ErrorCode::kNotFound);
  EXPECT_EQ(stories_->Managed(meijiang, {})->total, 1);
  EXPECT_EQ(stories_->Managed(city, {})->total, 2);
}

ZY_BACKENDS(StoryTest);

}  // namespace zhiyuan::testing
