#include "app/config.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <stdexcept>

#include "core/text.hpp"

namespace zhiyuan::app {
namespace {

int ToInt(const std::string& key, const std::string& v) {
  try {
    std::size_t pos = 0;
    int out = std::stoi(v, &pos);
    if (pos == v.size()) return out;
  } catch (const std::exception&) {
  }
  throw std::runtime_error("configuration: " + key + " must be an integer, got '" + v + "'");
}

bool ToBool(const std::string& v) { return v == "1" || v == "true" || v == "yes" || v == "on"; }

}  // namespace

Config Config::Load(const std::string& path, bool path_given) {
  Config c;
  std::map<std::string, std::function<void(const std::string&)>> setters{
      {"database", [&](const std::string& v) { c.database = v; }},
      {"read_database_url", [&](const std::string& v) { c.read_database_url = v; }},
      {"read_max_lag_ms", [&](const std::string& v) { c.read_max_lag_ms = ToInt("read_max_lag_ms", v); }},
      {"listen", [&](const std::string& v) { c.listen = v; }},
      {"key_file", [&](const std::string& v) { c.key_file = v; }},
      {"web_root", [&](const std::string& v) { c.web_root = v; }},
      {"public_url", [&](const std::string& v) { c.public_url = v; }},
      {"pdf_font", [&](const std::string& v) { c.pdf_font = v; }},
      {"log_level", [&](const std::string& v) { c.log_level = v; }},
      {"threads", [&](const std::string& v) { c.threads = ToInt("threads", v); }},
      {"pool_size", [&](const std::string& v) { c.pool_size = ToInt("pool_size", v); }},
      {"sqlite_cache_mb", [&](const std::string& v) { c.sqlite_cache_mb = ToInt("sqlite_cache_mb", v); }},
      {"cookie_secure", [&](const std::string& v) { c.cookie_secure = ToBool(v); }},
      {"idle_timeout_minutes", [&](const std::string& v) { c.idle_timeout_minutes = ToInt("idle_timeout_minutes", v); }},
      {"max_failed_logins", [&](const std::string& v) { c.max_failed_logins = ToInt("max_failed_logins", v); }},
      {"lock_minutes", [&](const std::string& v) { c.lock_minutes = ToInt("lock_minutes", v); }},
      {"min_password_length", [&](const std::string& v) { c.min_password_length = ToInt("min_password_length", v); }},
      {"min_password_classes",
       [&](const std::string& v) { c.min_password_classes = ToInt("min_password_classes", v); }},
      {"password_max_age_days",
       [&](const std::string& v) { c.password_max_age_days = ToInt("password_max_age_days", v); }},
      {"rate_limits", [&](const std::string& v) { c.rate_limits = ToBool(v); }},
      {"trusted_proxies",
       [&](const std::string& v) {
         c.trusted_proxies.clear();
         std::string_view rest = v;
         while (!rest.empty()) {
           auto comma = rest.find(',');
           if (auto a = core::Trim(rest.substr(0, comma)); !a.empty()) c.trusted_proxies.emplace_back(a);
           rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
         }
       }},
  };
  if (std::filesystem::exists(path)) {
    std::ifstream in(path);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      auto text = core::Trim(line);
      if (text.empty() || text.front() == '#') continue;
      auto eq = text.find('=');
      if (eq == std::string_view::npos)
        throw std::runtime_error(path + ":" + std::to_string(number) + ": expected key = value");
      std::string key(core::Trim(text.substr(0, eq)));
      std::string value(core::Trim(text.substr(eq + 1)));
      auto it = setters.find(key);
      if (it == setters.end()) throw std::runtime_error(path + ":" + std::to_string(number) + ": unknown key " + key);
      it->second(value);
    }
  } else if (path_given) {
    throw std::runtime_error("configuration file not found: " + path);
  }
  for (auto& [key, set] : setters) {
    std::string env = "ZHIYUAN_" + key;
    for (auto& ch : env) ch = char(std::toupper(static_cast<unsigned char>(ch)));
    if (const char* v = std::getenv(env.c_str()); v && *v) set(v);
  }
  return c;
}

std::string Config::ListenHost() const {
  auto colon = listen.rfind(':');
  return colon == std::string::npos ? listen : listen.substr(0, colon);
}

std::uint16_t Config::ListenPort() const {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return 8080;
  int port = ToInt("listen port", listen.substr(colon + 1));
  if (port < 0 || port > 65535) throw std::runtime_error("configuration: listen port out of range");
  return static_cast<std::uint16_t>(port);
}

}  // namespace zhiyuan::app

namespace zhiyuan::app {
std::string Config::PublicUrl() const {
  std::string url = public_url.empty() ? "http://" + listen : public_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}
}  // namespace zhiyuan::app
