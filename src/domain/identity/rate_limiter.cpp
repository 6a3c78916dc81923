#include "domain/identity/rate_limiter.hpp"

#include "core/time_format.hpp"

namespace zhiyuan::domain::identity {

std::map<std::string, RateLimit, std::less<>> RateLimiter::DefaultPolicies() {
  using std::chrono::minutes;
  // Generous enough for an office or school behind one address; far below what guessing or spamming needs.
  return {{"login", {60, minutes(10)}}, {"registration", {30, minutes(60)}}, {"sms", {20, minutes(60)}}};
}

std::optional<std::chrono::seconds> RateLimiter::Attempt(std::string_view policy_name, const audit::RequestMeta& meta) {
  if (!enabled_) return std::nullopt;
  auto policy = policies_.find(policy_name);
  if (policy == policies_.end()) return std::nullopt;
  auto now = clock_.Now();
  auto unix = core::ToUnix(now);
  auto window = std::int64_t(policy->second.window.count());
  auto window_start = unix - unix % window;
  auto uow = store_.Write();
  auto hits = uow->RateLimits().Hit(std::string(policy_name) + ":" + meta.ip, window_start);
  if (hits == policy->second.max_attempts + 1)
    uow->Audit().Append(audit::Event(now, meta, std::nullopt, "", "security.rate_limited", "address", meta.ip,
                                     "denied", R"({"policy":")" + std::string(policy_name) + "\"}"));
  uow->Commit();
  if (hits <= policy->second.max_attempts) return std::nullopt;
  return std::chrono::seconds(window_start + window - unix);
}

}  // namespace zhiyuan::domain::identity
