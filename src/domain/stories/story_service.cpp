#include "domain/stories/story_service.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "core/validation.hpp"
#include "domain/registry/registry.hpp"

namespace zhiyuan::domain::stories {

using core::Error;
using identity::Role;

namespace {

constexpr std::string_view kCity = domain::registry::kHomeCity;

// The summary defaults to the body's opening on one line.
std::string Opening(const std::string& body, long chars) {
  auto out = core::Utf8Prefix(body, chars);
  bool cut = out.size() < body.size();
  // One line: every run of white space (line breaks and blank lines between paragraphs included) is one space.
  std::string line;
  for (char c : out) {
    bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (!space) line += c;
    else if (!line.empty() && line.back() != ' ') line += ' ';
  }
  return cut ? line + "…" : line;
}

}  // namespace

bool StoryService::MayEdit(const Principal& caller, const Story& story) const {
  if (caller.IsCityAdmin()) return true;
  return story.region_code != kCity && caller.IsCountyAdminOf(story.region_code);
}

core::Result<Story> StoryService::Validate(UnitOfWork& uow, const Principal& caller, const StoryInput& in,
                                           Story story) {
  core::Validator v;
  story.title = v.Text("title", in.title, "标题", 60);
  story.body = v.Text("body", in.body, "正文", 20000);
  story.summary = v.Text("summary", in.summary, "摘要", 200, false);
  if (story.summary.empty() && v.ok()) story.summary = Opening(story.body, 80);
  story.kind = in.kind;
  if (in.kind != "practice" && in.kind != "volunteer" && in.kind != "organization")
    v.Add("kind", "invalid_kind", "类别应为典型经验（practice）、优秀志愿者（volunteer）或优秀组织（organization）");
  story.region_code = in.region_code.empty() ? std::string(kCity) : in.region_code;
  auto region = uow.Regions().Find(story.region_code);
  if (!region) v.Add("region_code", "unknown_region", "所属地区（市本级 441400 或县区）不存在");
  ZY_TRY(v.Done());
  if (!MayEdit(caller, story)) return Error::Forbidden("只能编辑本县区的宣传稿件");
  return story;
}

core::Result<Story> StoryService::Create(const Principal& caller, const StoryInput& input,
                                         const audit::RequestMeta& meta) {
  if (!caller.IsCityAdmin() && !caller.Has(Role::kCountyAdmin)) return Error::Forbidden("宣传稿件由市级或县区管理员撰写");
  auto uow = store_.Write();
  auto now = clock_.Now();
  Story draft;
  draft.status = "draft";
  draft.author = caller.account;
  draft.created_at = draft.updated_at = now;
  ZY_ASSIGN_OR_RETURN(auto story, Validate(*uow, caller, input, draft));
  auto id = uow->Stories().Insert(story);
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "story.create", "story",
                                   std::to_string(id.value)));
  auto saved = uow->Stories().Find(id);
  uow->Commit();
  return *saved;
}

core::Result<Story> StoryService::Update(const Principal& caller, StoryId id, const StoryInput& input,
                                         const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  auto existing = uow->Stories().Find(id);
  if (!existing || !MayEdit(caller, *existing)) return Error::NotFound("稿件不存在");
  auto now = clock_.Now();
  existing->updated_at = now;
  ZY_ASSIGN_OR_RETURN(auto story, Validate(*uow, caller, input, *existing));
  uow->Stories().Update(story);
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "story.update", "story",
                                   std::to_string(id.value)));
  auto saved = uow->Stories().Find(id);
  uow->Commit();
  return *saved;
}

core::Result<Story> StoryService::SetStatus(const Principal& caller, StoryId id, const std::string& status,
                                            const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  auto story = uow->Stories().Find(id);
  if (!story || !MayEdit(caller, *story)) return Error::NotFound("稿件不存在");  // scope before the status
  if (status != "published" && status != "withdrawn" && status != "draft")
    return Error::Field("status", "invalid_status", "状态应为 published、withdrawn 或 draft");
  auto now = clock_.Now();
  if (status == "withdrawn" && !story->published_at)
    return Error::Conflict("never_published", "稿件尚未发布，无需撤回");
  if (story->status != status) {
    // Publishing again after a withdrawal keeps the story's place by its first publication.
    auto published_at = status == "published" ? story->published_at.value_or(now) : story->published_at;
    uow->Stories().SetStatus(id, status, published_at, now);
    uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "story." + status,
                                     "story", std::to_string(id.value)));
  }
  auto saved = uow->Stories().Find(id);
  uow->Commit();
  return *saved;
}

core::Page<Story> StoryService::Published(std::optional<std::string> kind, core::PageRequest page) {
  StoryQuery q;
  q.kind = std::move(kind);
  q.page = page;
  return store_.Read()->Stories().Search(q);
}

core::Result<core::Page<Story>> StoryService::Managed(const Principal& caller, core::PageRequest page) {
  StoryQuery q;
  q.published_only = false;
  q.page = page;
  if (!caller.IsCityAdmin()) {
    for (const auto& g : caller.roles)
      if (g.role == Role::kCountyAdmin) q.regions.push_back(g.county_code);
    if (q.regions.empty()) return Error::Forbidden("宣传稿件由市级或县区管理员管理");
  }
  return store_.Read()->Stories().Search(q);
}

core::Result<Story> StoryService::Get(const std::optional<Principal>& caller, StoryId id) {
  auto story = store_.Read()->Stories().Find(id);
  if (!story || (story->status != "published" && !(caller && MayEdit(*caller, *story))))
    return Error::NotFound("稿件不存在");
  return *story;
}

}  // namespace zhiyuan::domain::stories
