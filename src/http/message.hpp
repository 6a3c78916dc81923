#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace zhiyuan::http {

// Our own request and response types: the HTTP library is confined to server.cpp, so it can be swapped.
struct Request {
  std::string method;
  std::string path;    // percent-decoded, without the query
  std::string target;  // as requested: raw path and query string (what bank signatures cover)
  std::unordered_map<std::string, std::string> query;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string remote_ip;
  std::string request_id;
  std::unordered_map<std::string, std::string> params;  // path parameters, filled by the router

  std::string_view Header(std::string_view lower_name) const;
  std::string Cookie(std::string_view name) const;
  std::optional<std::string> Query(const std::string& name) const;
  const std::string& Param(const std::string& name) const { return params.at(name); }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Json(int status, const nlohmann::json& body);
  static Response NoContent() { return Response{204, "", "", {}}; }
  // A file to save: its bytes with a Content-Disposition (see AttachmentDisposition for non-ASCII names).
  static Response File(std::string content_type, std::string bytes, std::string disposition);
  Response& With(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

std::string PercentDecode(std::string_view text, bool plus_as_space);
// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266/5987): an ASCII fallback for old clients and the
// real (Chinese) name percent-encoded for the rest.
std::string AttachmentDisposition(std::string_view file_name);
std::unordered_map<std::string, std::string> ParseQuery(std::string_view query);
// The client's address for rate limits and the audit log. Behind our own reverse proxies (nginx in deploy/),
// the peer is a proxy: then X-Forwarded-For is read from the right, skipping the trusted proxies, and its first
// other entry is the client. From anyone else the header is ignored, since a client can write anything in it.
std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies);

}  // namespace zhiyuan::http
