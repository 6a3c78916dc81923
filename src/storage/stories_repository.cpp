#include "storage/repositories.hpp"
#include "storage/sql_builder.hpp"

namespace zhiyuan::storage {

using namespace domain::stories;  // NOLINT: this file implements the stories port

namespace {

constexpr std::string_view kSelectStory =
    "SELECT s.id, s.title, s.kind, s.summary, s.body, s.region_code, r.name, s.status, s.author_id, a.name, "
    "s.published_at, s.created_at, s.updated_at FROM stories_stories s "
    "JOIN registry_regions r ON r.code = s.region_code JOIN identity_accounts a ON a.id = s.author_id";

Story ReadStory(const Row& r) {
  Story s;
  s.id = StoryId(r.Int(0));
  s.title = r.Text(1);
  s.kind = r.Text(2);
  s.summary = r.Text(3);
  s.body = r.Text(4);
  s.region_code = r.Text(5);
  s.region_name = r.Text(6);
  s.status = r.Text(7);
  s.author = core::AccountId(r.Int(8));
  s.author_name = r.Text(9);
  if (auto t = r.OptInt(10)) s.published_at = core::FromUnix(*t);
  s.created_at = core::FromUnix(r.Int(11));
  s.updated_at = core::FromUnix(r.Int(12));
  return s;
}

}  // namespace

StoryId SqlStoryRepository::Insert(const Story& s) {
  return StoryId(conn_
                     .QueryOne("INSERT INTO stories_stories (title, kind, summary, body, region_code, status, "
                               "author_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) "
                               "RETURNING id",
                               {s.title, s.kind, s.summary, s.body, s.region_code, s.status, s.author.value,
                                core::ToUnix(s.created_at)})
                     ->Int(0));
}

std::optional<Story> SqlStoryRepository::Find(StoryId id) {
  static const std::string sql = Sql(kSelectStory, " WHERE s.id = $1");
  auto r = conn_.QueryOne(sql, {id.value});
  if (!r) return std::nullopt;
  return ReadStory(*r);
}

void SqlStoryRepository::Update(const Story& s) {
  conn_.Execute("UPDATE stories_stories SET title = $2, kind = $3, summary = $4, body = $5, region_code = $6, "
                "updated_at = $7 WHERE id = $1",
                {s.id.value, s.title, s.kind, s.summary, s.body, s.region_code, core::ToUnix(s.updated_at)});
}

void SqlStoryRepository::SetStatus(StoryId id, const std::string& status, std::optional<core::TimePoint> published_at,
                                   core::TimePoint at) {
  conn_.Execute("UPDATE stories_stories SET status = $2, published_at = $3, updated_at = $4 WHERE id = $1",
                {id.value, status, published_at ? Value(core::ToUnix(*published_at)) : Value(nullptr),
                 core::ToUnix(at)});
}

core::Page<Story> SqlStoryRepository::Search(const StoryQuery& q) {
  SqlBuilder b;
  if (q.published_only) b.Where("s.status = 'published'");
  if (q.kind) b.Where("s.kind = " + b.Bind(*q.kind));
  if (!q.regions.empty()) {
    std::string in;
    for (const auto& r : q.regions) in += (in.empty() ? "" : ", ") + b.Bind(r);
    b.Where("s.region_code IN (" + in + ")");
  }
  core::Page<Story> page;
  page.request = q.page;
  page.total = conn_.QueryOne("SELECT COUNT(*) FROM stories_stories s" + b.where(), b.params())->Int(0);
  auto limit = b.Bind(q.page.page_size);
  auto offset = b.Bind(q.page.offset());
  for (const auto& r : conn_.Query(Sql(kSelectStory, b.where() + " ORDER BY COALESCE(s.published_at, s.created_at) "
                                                                 "DESC, s.id DESC LIMIT " + limit + " OFFSET " + offset),
                                   b.params()))
    page.items.push_back(ReadStory(r));
  return page;
}

}  // namespace zhiyuan::storage
