#include "http/message.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace zhiyuan::http {

std::string_view Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return {};
}

std::string Request::Cookie(std::string_view name) const {
  std::string_view all = Header("cookie");
  while (!all.empty()) {
    auto semi = all.find(';');
    std::string_view part = all.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    if (semi == std::string_view::npos) break;
    all.remove_prefix(semi + 1);
  }
  return {};
}

std::optional<std::string> Request::Query(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

Response Response::File(std::string content_type, std::string bytes, std::string disposition) {
  Response r{200, std::move(content_type), std::move(bytes), {}};
  static const std::string kHeader = "Content-Disposition";  // a named string: GCC 12 misreports a temporary
  r.headers.emplace_back(kHeader, std::move(disposition));
  return r;
}

Response Response::Json(int status, const nlohmann::json& body) {
  return Response{status, "application/json; charset=utf-8",
                  body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), {}};
}

std::string PercentDecode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(char(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else if (plus_as_space && s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted) {
  auto is_trusted = [&](std::string_view a) { return std::find(trusted.begin(), trusted.end(), a) != trusted.end(); };
  auto looks_like_ip = [](std::string_view a) {
    return !a.empty() && a.size() <= 45 &&
           a.find_first_not_of("0123456789abcdefABCDEF.:") == std::string_view::npos;
  };
  if (!is_trusted(peer)) return std::string(peer);
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    auto comma = rest.rfind(',');
    auto entry = rest.substr(comma == std::string_view::npos ? 0 : comma + 1);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
    while (!entry.empty() && entry.back() == ' ') entry.remove_suffix(1);
    if (!looks_like_ip(entry)) break;  // garbage: fall back to the proxy itself
    if (!is_trusted(entry)) return std::string(entry);
  }
  return std::string(peer);
}

std::unordered_map<std::string, std::string> ParseQuery(std::string_view q) {
  std::unordered_map<std::string, std::string> out;
  while (!q.empty()) {
    auto amp = q.find('&');
    auto part = q.substr(0, amp);
    auto eq = part.find('=');
    if (!part.empty()) {
      auto key = PercentDecode(part.substr(0, eq), true);
      auto value = eq == std::string_view::npos ? std::string() : PercentDecode(part.substr(eq + 1), true);
      out.emplace(std::move(key), std::move(value));
    }
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return out;
}

std::string AttachmentDisposition(std::string_view file_name) {
  std::string ascii, encoded;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : file_name) {
    bool plain = std::isalnum(c) || c == '.' || c == '-' || c == '_';
    ascii += plain ? char(c) : '_';
    if (plain) {
      encoded += char(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

}  // namespace zhiyuan::http
