#pragma once

#include <functional>
#include <string>
#include <vector>

#include "domain/identity/principal.hpp"
#include "http/message.hpp"

namespace zhiyuan::http {

// Who may call a route before its handler runs; finer checks (scope, role) are the domain's.
// kBank: a partner bank's system, authenticated by an HMAC signature over the request (no session).
enum class Access { kPublic, kAuthenticated, kBank };

struct Context;
using Handler = std::function<Response(Context&)>;

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/organizations/{id}/approve"
  Access access;
  Handler handler;
  std::vector<std::string> segments;  // pattern split on '/'
  std::size_t max_body_bytes = 0;     // 0: the API-wide limit; file uploads raise it for their route only
  std::string rate_limit;             // a domain::identity::RateLimiter policy ("login"…), or none
  // Who may call a signed-in route (its role policy): declared on every kAuthenticated route and checked before
  // the handler runs (403 for any other role); the domain then checks the object's scope (404 outside it).
  std::vector<domain::identity::Role> roles;  // any one of these suffices
  bool any_account = false;                   // any signed-in account (their own things: /me, log-out…)

  Route& AcceptUploads(std::size_t bytes) {
    max_body_bytes = bytes;
    return *this;
  }
  Route& Limit(std::string policy) {
    rate_limit = std::move(policy);
    return *this;
  }
  Route& For(std::vector<domain::identity::Role> allowed) {
    roles = std::move(allowed);
    return *this;
  }
  Route& ForAnyAccount() {
    any_account = true;
    return *this;
  }
  // Public and bank routes need no role policy: their gate is the access kind itself.
  bool PolicyDeclared() const { return access != Access::kAuthenticated || any_account || !roles.empty(); }
  bool Allows(const domain::identity::Principal& caller) const;
};

// Matches method and path segment by segment ("{name}" captures one segment); no regular expressions.
class Router {
 public:
  // The reference is for chaining at registration only (later additions may move the route).
  Route& Add(std::string method, std::string pattern, Access access, Handler handler);

  struct Match {
    const Route* route = nullptr;
    bool path_matched = false;  // some route has this path, maybe with another method (405)
  };
  Match Find(const std::string& method, const std::string& path,
             std::unordered_map<std::string, std::string>& params) const;
  const std::vector<Route>& routes() const { return routes_; }
  // "METHOD /pattern" of each signed-in route without a role policy: the server refuses to start with any.
  std::vector<std::string> Undeclared() const;

 private:
  std::vector<Route> routes_;
};

}  // namespace zhiyuan::http
