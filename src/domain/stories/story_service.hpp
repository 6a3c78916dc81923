#pragma once

#include <optional>
#include <string>

#include "domain/audit/audit.hpp"
#include "domain/identity/principal.hpp"
#include "domain/store.hpp"
#include "domain/stories/stories.hpp"

namespace zhiyuan::domain::stories {

using identity::Principal;

struct StoryInput {
  std::string title;
  std::string kind;
  std::string summary;  // optional: the body's first sentences when empty
  std::string body;
  std::string region_code;  // 441400 for the city, else a county (a county admin: their own)
};

// Stories are written by the city admin (any region) or a county admin (their county), saved as drafts, then
// published to the home page or withdrawn from it. The public sees published stories only; a draft or a
// withdrawn story is simply not there for them (404).
class StoryService {
 public:
  StoryService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  core::Result<Story> Create(const Principal& caller, const StoryInput& input, const audit::RequestMeta& meta);
  core::Result<Story> Update(const Principal& caller, StoryId id, const StoryInput& input,
                             const audit::RequestMeta& meta);
  // status: published | withdrawn | draft.
  core::Result<Story> SetStatus(const Principal& caller, StoryId id, const std::string& status,
                                const audit::RequestMeta& meta);
  core::Page<Story> Published(std::optional<std::string> kind, core::PageRequest page);
  // Every story the caller may edit (drafts included).
  core::Result<core::Page<Story>> Managed(const Principal& caller, core::PageRequest page);
  // A published story for anyone; a draft or withdrawn one only for those who may edit it.
  core::Result<Story> Get(const std::optional<Principal>& caller, StoryId id);

 private:
  bool MayEdit(const Principal& caller, const Story& story) const;
  core::Result<Story> Validate(UnitOfWork& uow, const Principal& caller, const StoryInput& input, Story story);

  Store& store_;
  const core::Clock& clock_;
};

}  // namespace zhiyuan::domain::stories
