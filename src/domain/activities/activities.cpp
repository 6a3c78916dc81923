#include "domain/activities/activities.hpp"

#include <array>
#include <utility>

namespace zhiyuan::domain::activities {
namespace {

template <typename E, std::size_t N>
std::optional<E> Parse(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view text) {
  for (const auto& [v, name] : table)
    if (name == text) return v;
  return std::nullopt;
}
template <typename E, std::size_t N>
std::string_view Name(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return table.front().second;
}

constexpr std::array<std::pair<ActivityStatus, std::string_view>, 4> kStatus{{{ActivityStatus::kDraft, "draft"},
                                                                              {ActivityStatus::kPublished, "published"},
                                                                              {ActivityStatus::kCancelled, "cancelled"},
                                                                              {ActivityStatus::kClosed, "closed"}}};
constexpr std::array<std::pair<PoliticalRequirement, std::string_view>, 4> kPolitical{
    {{PoliticalRequirement::kNone, "none"},
     {PoliticalRequirement::kPartyMember, "party_member"},
     {PoliticalRequirement::kLeagueMember, "league_member"},
     {PoliticalRequirement::kPartyOrLeague, "party_or_league"}}};
constexpr std::array<std::pair<SignupStatus, std::string_view>, 5> kSignup{{{SignupStatus::kPending, "pending"},
                                                                            {SignupStatus::kConfirmed, "confirmed"},
                                                                            {SignupStatus::kWaitlisted, "waitlisted"},
                                                                            {SignupStatus::kRejected, "rejected"},
                                                                            {SignupStatus::kCancelled, "cancelled"}}};

}  // namespace

std::string_view ToString(ActivityStatus s) { return Name(kStatus, s); }
std::optional<ActivityStatus> ParseActivityStatus(std::string_view t) { return Parse(kStatus, t); }
std::string_view ToString(PoliticalRequirement p) { return Name(kPolitical, p); }
std::optional<PoliticalRequirement> ParsePoliticalRequirement(std::string_view t) { return Parse(kPolitical, t); }
std::string_view ToString(SignupStatus s) { return Name(kSignup, s); }
std::optional<SignupStatus> ParseSignupStatus(std::string_view t) { return Parse(kSignup, t); }

std::string_view WireStatus(const Activity& a, core::TimePoint now) {
  if (a.status != ActivityStatus::kPublished) return ToString(a.status);
  if (now < a.starts_at) return "published";
  if (now < a.ends_at) return "running";
  return "finished";
}

}  // namespace zhiyuan::domain::activities
