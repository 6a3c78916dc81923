#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/paging.hpp"

namespace zhiyuan::domain::stories {

using StoryId = core::Id<struct StoryTag>;

// 宣传: a story of good practice (典型经验), an exemplary volunteer (优秀志愿者) or organisation (优秀组织),
// written by the city or a county and shown on the portal's home page once published.
struct Story {
  StoryId id;
  std::string title;
  std::string kind;     // practice | volunteer | organization
  std::string summary;  // the line under the title on the home page
  std::string body;     // plain text; paragraphs separated by blank lines
  std::string region_code;
  std::string region_name;
  std::string status;  // draft | published | withdrawn
  core::AccountId author;
  std::string author_name;
  std::optional<core::TimePoint> published_at;
  core::TimePoint created_at;
  core::TimePoint updated_at;
};

struct StoryQuery {
  bool published_only = true;
  std::vector<std::string> regions;  // empty: every region
  std::optional<std::string> kind;
  core::PageRequest page;
};

class StoryRepository {
 public:
  virtual ~StoryRepository() = default;
  virtual StoryId Insert(const Story& story) = 0;
  virtual std::optional<Story> Find(StoryId id) = 0;
  // Title, kind, summary, body and region as given; the status and its time separately.
  virtual void Update(const Story& story) = 0;
  virtual void SetStatus(StoryId id, const std::string& status, std::optional<core::TimePoint> published_at,
                         core::TimePoint at) = 0;
  // Newest first (by publication, then creation).
  virtual core::Page<Story> Search(const StoryQuery& query) = 0;
};

}  // namespace zhiyuan::domain::stories
