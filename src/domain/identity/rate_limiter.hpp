#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "domain/audit/audit.hpp"
#include "domain/store.hpp"

namespace zhiyuan::domain::identity {

// 访问频率限制: at most `max_attempts` requests per `window` from one address, for the requests an attacker
// would repeat — log-in (password guessing across accounts; each account also locks itself), registration
// (mass fake accounts) and whatever sends SMS or e-mail (cost, harassment). Fixed windows counted in the
// database, so every app node behind the balancer enforces the same limit.
struct RateLimit {
  int max_attempts;
  std::chrono::seconds window;
};

class RateLimiter {
 public:
  // The policies routes name: "login", "registration", "sms".
  static std::map<std::string, RateLimit, std::less<>> DefaultPolicies();

  RateLimiter(Store& store, const core::Clock& clock, bool enabled,
              std::map<std::string, RateLimit, std::less<>> policies = DefaultPolicies())
      : store_(store), clock_(clock), enabled_(enabled), policies_(std::move(policies)) {}

  // Counts the attempt; when it is over the limit, how long until the window ends (the Retry-After). The first
  // refusal in a window is written to the audit log.
  std::optional<std::chrono::seconds> Attempt(std::string_view policy, const audit::RequestMeta& meta);
  bool enabled() const { return enabled_; }

 private:
  Store& store_;
  const core::Clock& clock_;
  bool enabled_;
  std::map<std::string, RateLimit, std::less<>> policies_;
};

}  // namespace zhiyuan::domain::identity
