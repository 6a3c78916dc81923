#include "domain/activities/activities.hpp"

#include "core/enum_names.hpp"

namespace zhiyuan::domain::activities {
namespace {

using core::EnumName;
using core::ParseEnum;

constexpr core::EnumNames<ActivityStatus, 4> kStatus{{{ActivityStatus::kDraft, "draft"},
                                                                              {ActivityStatus::kPublished, "published"},
                                                                              {ActivityStatus::kCancelled, "cancelled"},
                                                                              {ActivityStatus::kClosed, "closed"}}};
constexpr core::EnumNames<PoliticalRequirement, 4> kPolitical{
    {{PoliticalRequirement::kNone, "none"},
     {PoliticalRequirement::kPartyMember, "party_member"},
     {PoliticalRequirement::kLeagueMember, "league_member"},
     {PoliticalRequirement::kPartyOrLeague, "party_or_league"}}};
constexpr core::EnumNames<SignupStatus, 5> kSignup{{{SignupStatus::kPending, "pending"},
                                                                            {SignupStatus::kConfirmed, "confirmed"},
                                                                            {SignupStatus::kWaitlisted, "waitlisted"},
                                                                            {SignupStatus::kRejected, "rejected"},
                                                                            {SignupStatus::kCancelled, "cancelled"}}};

}  // namespace

std::string_view ToString(ActivityStatus s) { return EnumName(kStatus, s); }
std::optional<ActivityStatus> ParseActivityStatus(std::string_view t) { return ParseEnum(kStatus, t); }
std::string_view ToString(PoliticalRequirement p) { return EnumName(kPolitical, p); }
std::optional<PoliticalRequirement> ParsePoliticalRequirement(std::string_view t) { return ParseEnum(kPolitical, t); }
std::string_view ToString(SignupStatus s) { return EnumName(kSignup, s); }
std::optional<SignupStatus> ParseSignupStatus(std::string_view t) { return ParseEnum(kSignup, t); }

std::string_view WireStatus(const Activity& a, core::TimePoint now) {
  if (a.status != ActivityStatus::kPublished) return ToString(a.status);
  if (now < a.starts_at) return "published";
  if (now < a.ends_at) return "running";
  return "finished";
}

}  // namespace zhiyuan::domain::activities
