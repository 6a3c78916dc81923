#include "core/time_format.hpp"
#include "http/routes/route_helpers.hpp"

namespace zhiyuan::http {

namespace st = domain::stories;
using nlohmann::json;

namespace {

json StoryJson(const st::Story& s, bool with_body) {
  json j = {{"id", s.id.value},
            {"title", s.title},
            {"kind", s.kind},
            {"summary", s.summary},
            {"region_code", s.region_code},
            {"region_name", s.region_name},
            {"status", s.status},
            {"author_name", s.author_name},
            {"published_at", s.published_at ? json(core::FormatRfc3339(*s.published_at)) : json(nullptr)},
            {"created_at", core::FormatRfc3339(s.created_at)},
            {"updated_at", core::FormatRfc3339(s.updated_at)}};
  if (with_body) j["body"] = s.body;
  return j;
}

json PageOf(const core::Page<st::Story>& page) {
  auto items = json::array();
  for (const auto& s : page.items) items.push_back(StoryJson(s, false));
  return {{"items", std::move(items)},
          {"total", page.total},
          {"page", page.request.page},
          {"page_size", page.request.page_size}};
}

st::StoryInput ReadStory(JsonReader& body) {
  return {body.Str("title"), body.Str("kind"), body.Str("summary"), body.Str("body"), body.Str("region_code")};
}

}  // namespace

void AddStoryRoutes(Router& router, Services& s) {
  // The public list (published stories) for the home page; admins add ?manage=true for their drafts too.
  router.Add("GET", "/api/v1/stories", Access::kPublic, [&s](Context& ctx) {
    auto page = PageFrom(ctx.request);
    if (ctx.request.Query("manage").value_or("") == "true") {
      if (!ctx.principal) return Fail(ctx, core::Error::Unauthenticated());
      auto managed = s.stories.Managed(ctx.Caller(), page);
      if (!managed.ok()) return Fail(ctx, managed.error());
      return Response::Json(200, PageOf(*managed));
    }
    auto kind = ctx.request.Query("kind");
    if (kind && kind->empty()) kind.reset();
    if (kind && *kind != "practice" && *kind != "volunteer" && *kind != "organization")
      return Fail(ctx, core::Error::Field("kind", "invalid_kind", "类别应为 practice、volunteer 或 organization"));
    return Response::Json(200, PageOf(s.stories.Published(kind, page)));
  });

  router.Add("GET", "/api/v1/stories/{id}", Access::kPublic, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    auto story = s.stories.Get(ctx.principal, st::StoryId(*id));
    if (!story.ok()) return Fail(ctx, story.error());
    return Response::Json(200, StoryJson(*story, true));
  });

  router.Add("POST", "/api/v1/stories", Access::kAuthenticated, [&s](Context& ctx) {
    ZY_BODY(body, ctx);
    auto input = ReadStory(body);
    ZY_BODY_DONE(body, ctx);
    auto story = s.stories.Create(ctx.Caller(), input, ctx.meta);
    if (!story.ok()) return Fail(ctx, story.error());
    return Response::Json(201, StoryJson(*story, true));
  }).For(kAdmins);

  router.Add("PUT", "/api/v1/stories/{id}", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    auto input = ReadStory(body);
    ZY_BODY_DONE(body, ctx);
    auto story = s.stories.Update(ctx.Caller(), st::StoryId(*id), input, ctx.meta);
    if (!story.ok()) return Fail(ctx, story.error());
    return Response::Json(200, StoryJson(*story, true));
  }).For(kAdmins);

  // {status: "published" | "withdrawn" | "draft"}
  router.Add("POST", "/api/v1/stories/{id}/status", Access::kAuthenticated, [&s](Context& ctx) {
    auto id = PathId(ctx, "id");
    if (!id) return NotFound(ctx);
    ZY_BODY(body, ctx);
    auto status = body.Str("status");
    ZY_BODY_DONE(body, ctx);
    auto story = s.stories.SetStatus(ctx.Caller(), st::StoryId(*id), status, ctx.meta);
    if (!story.ok()) return Fail(ctx, story.error());
    return Response::Json(200, StoryJson(*story, true));
  }).For(kAdmins);
}

}  // namespace zhiyuan::http
