#include "http/router.hpp"

namespace zhiyuan::http {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

}  // namespace

bool Route::Allows(const domain::identity::Principal& caller) const {
  if (access != Access::kAuthenticated || any_account) return true;
  for (auto role : roles)
    if (caller.Has(role)) return true;
  return false;
}

std::vector<std::string> Router::Undeclared() const {
  std::vector<std::string> out;
  for (const auto& r : routes_)
    if (!r.PolicyDeclared()) out.push_back(r.method + " " + r.pattern);
  return out;
}

Route& Router::Add(std::string method, std::string pattern, Access access, Handler handler) {
  Route r{std::move(method), std::move(pattern), access, std::move(handler), {}, 0, {}, {}, false};
  for (auto s : Split(r.pattern)) r.segments.emplace_back(s);
  return routes_.emplace_back(std::move(r));
}

Router::Match Router::Find(const std::string& method, const std::string& path,
                           std::unordered_map<std::string, std::string>& params) const {
  Match match;
  auto parts = Split(path);
  for (const auto& route : routes_) {
    if (route.segments.size() != parts.size()) continue;
    bool ok = true;
    for (std::size_t i = 0; i < parts.size() && ok; ++i) {
      const auto& seg = route.segments[i];
      bool is_param = seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
      ok = is_param ? !parts[i].empty() : seg == parts[i];
    }
    if (!ok) continue;
    match.path_matched = true;
    if (route.method != method) continue;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const auto& seg = route.segments[i];
      if (seg.size() > 2 && seg.front() == '{') params[seg.substr(1, seg.size() - 2)] = std::string(parts[i]);
    }
    match.route = &route;
    return match;
  }
  return match;
}

}  // namespace zhiyuan::http
