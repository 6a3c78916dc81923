#include "http/api.hpp"

#include <spdlog/spdlog.h>

#include <zlib.h>

#include <filesystem>
#include <random>
#include <thread>
#include <stdexcept>

#include "core/file.hpp"
#include "core/transient_failure.hpp"
#include "crypto/crypto.hpp"
#include "http/problem.hpp"

namespace zhiyuan::http {
namespace {

bool IsWrite(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

void AddSecurityHeaders(Response& r) {
  r.With("X-Content-Type-Options", "nosniff");
  r.With("Referrer-Policy", "same-origin");
  r.With("X-Frame-Options", "DENY");
  r.With("Content-Security-Policy",
         "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
         "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
}

std::string ContentType(const std::filesystem::path& p) {
  auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".yaml") return "application/yaml; charset=utf-8";
  return "application/octet-stream";
}

// gzip (RFC 1952); nullopt if zlib fails, and the body is then sent as it is.
std::optional<std::string> Gzip(std::string_view data, int level = 6) {
  z_stream zs{};
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
  std::string out(deflateBound(&zs, uLong(data.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = uInt(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = uInt(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

// Text compresses well; images and fonts are compressed already.
bool Compressible(std::string_view content_type) {
  return content_type.rfind("text/", 0) == 0 || content_type.rfind("application/json", 0) == 0 ||
         content_type.rfind("image/svg+xml", 0) == 0;
}

// `..`, a NUL or a backslash: anything that could climb out of the web root (or fool a later path join).
bool ClimbsOut(std::string_view path) {
  return path.find("..") != std::string_view::npos || path.find('\0') != std::string_view::npos ||
         path.find('\\') != std::string_view::npos;
}

bool AcceptsGzip(std::string_view accept_encoding) {
  auto at = accept_encoding.find("gzip");
  if (at == std::string_view::npos) return false;
  auto rest = accept_encoding.substr(at + 4);
  auto comma = rest.find(',');
  auto params = rest.substr(0, comma);
  return params.find("q=0") == std::string_view::npos || params.find("q=0.") != std::string_view::npos;
}


// Runs the handler; when the database rolled its transaction back as a deadlock victim (or busy), nothing was
// written, so the request is handled again after a short random pause, a few times before giving up (500).
Response RunHandler(const Route& route, Context& ctx) {
  constexpr int kAttempts = 4;
  for (int attempt = 1;; ++attempt) {
    try {
      return route.handler(ctx);
    } catch (const core::InfrastructureFailure& e) {
      if (!e.transient() || attempt == kAttempts) throw;
      spdlog::warn("[{}] {} {}: transaction rolled back ({}), attempt {} of {}", ctx.request.request_id,
                   ctx.request.method, route.pattern, e.what(), attempt + 1, kAttempts);
      thread_local std::minstd_rand jitter(std::random_device{}());
      std::this_thread::sleep_for(std::chrono::milliseconds(5 + jitter() % (20 << attempt)));
    }
  }
}

}  // namespace

Api::Api(Services services, ApiOptions options) : services_(services), options_(std::move(options)) {
  AddSystemRoutes(router_, services_);
  AddIdentityRoutes(router_, services_);
  AddRegistryRoutes(router_, services_);
  AddAuditRoutes(router_, services_);
  AddSecurityRoutes(router_, services_);
  AddActivityRoutes(router_, services_);
  AddAttendanceRoutes(router_, services_);
  AddLedgerRoutes(router_, services_);
  AddNeedRoutes(router_, services_);
  AddProofRoutes(router_, services_);
  AddRecognitionRoutes(router_, services_);
  AddCredentialRoutes(router_, services_);
  AddRewardRoutes(router_, services_);
  AddTargetRoutes(router_, services_);
  AddUnitRoutes(router_, services_);
  AddNoticeRoutes(router_, services_);
  AddStoryRoutes(router_, services_);
  // A signed-in route without a declared role policy would be open to every account: refuse to start.
  if (auto undeclared = router_.Undeclared(); !undeclared.empty()) {
    std::string list;
    for (const auto& r : undeclared) list += "\n  " + r;
    throw std::logic_error("routes without a role policy (Route::For / ForAnyAccount):" + list);
  }
}

Response Api::Handle(Request& request) {
  if (!options_.trusted_proxies.empty())
    request.remote_ip = ClientAddress(request.remote_ip, request.Header("x-forwarded-for"), options_.trusted_proxies);
  Response response;
  try {
    response = Dispatch(request);
  } catch (const std::exception& e) {
    spdlog::error("[{}] unhandled: {}", request.request_id, e.what());
    response = Problem(core::Error::Internal("服务器内部错误，请稍后重试（请求编号 " + request.request_id + "）"),
                       request.request_id);
  }
  AddSecurityHeaders(response);
  response.With("X-Request-Id", request.request_id);
  if (request.path.rfind("/api/", 0) == 0) {
    response.With("Cache-Control", "no-store");
    CompressAnswer(request, response);
  }
  return response;
}

// A list's page of JSON (≈20 KB) is ≈1.5 KB gzipped: what a phone on a slow network notices. Only answers to
// GET: a write's answer may carry a secret (a session token, an authenticator URI) beside what the request sent,
// which is what BREACH-style guessing through compressed sizes needs. Level 1: compressed per request, so speed
// matters more than the last few percent.
void Api::CompressAnswer(const Request& request, Response& response) {
  if (request.method != "GET" || response.body.size() <= 1024 || !Compressible(response.content_type)) return;
  response.With("Vary", "Accept-Encoding");
  if (!AcceptsGzip(request.Header("accept-encoding"))) return;
  if (auto packed = Gzip(response.body, 1)) {
    response.body = std::move(*packed);
    response.With("Content-Encoding", "gzip");
  }
}

Response Api::Dispatch(Request& request) {
  auto refused = [&](const std::string& action, const std::string& object_type, const std::string& object_id,
                     const domain::identity::Principal* caller, const std::string& detail) {
    services_.audit.RecordRefusal(domain::audit::Event(
        services_.clock.Now(), {request.request_id, request.remote_ip},
        caller ? std::optional(caller->account) : std::nullopt, caller ? std::string(caller->PrimaryRole()) : "",
        action, object_type, object_id, "denied", detail));
  };
  // A path that could climb out of the web root is someone probing for files: refused and recorded.
  if (ClimbsOut(request.path)) {
    refused("request.path_traversal", "route", "", nullptr,
            nlohmann::json{{"method", request.method}, {"path", request.path}}.dump(
                -1, ' ', false, nlohmann::json::error_handler_t::replace));  // a probe's bytes need not be UTF-8
    return Problem(core::Error::NotFound("页面不存在"), request.request_id);
  }
  bool api = request.path.rfind("/api/", 0) == 0 || request.path == "/healthz";
  if (!api) {
    if (request.method == "GET" || request.method == "HEAD") return ServeStatic(request);
    return Problem(core::Error::NotFound("页面不存在"), request.request_id);
  }
  auto too_large = [&](std::size_t limit) {
    return Problem({core::ErrorCode::kResourceExhausted, "body_too_large",
                    "请求内容过大（上限" + std::to_string(limit >> 20) + "MB）", {}},
                   request.request_id, 413);
  };
  // The largest any route accepts is checked before routing, each route's own limit after.
  if (request.body.size() > options_.max_upload_bytes) {
    refused("request.too_large", "route", request.path, nullptr,
            nlohmann::json{{"bytes", request.body.size()}}.dump());
    return too_large(options_.max_upload_bytes);
  }

  auto match = router_.Find(request.method, request.path, request.params);
  if (!match.route) {
    if (match.path_matched) {
      return Problem({core::ErrorCode::kInvalidArgument, "method_not_allowed", "不支持的请求方法", {}},
                     request.request_id, 405);
    }
    return Problem(core::Error::NotFound("接口不存在"), request.request_id);
  }
  auto limit = match.route->max_body_bytes ? std::min(match.route->max_body_bytes, options_.max_upload_bytes)
                                           : options_.max_body_bytes;
  if (request.body.size() > limit) {
    refused("request.too_large", "route", match.route->pattern, nullptr,
            nlohmann::json{{"bytes", request.body.size()}}.dump());
    return too_large(limit);
  }

  Context ctx{request, std::nullopt, std::nullopt, {request.request_id, request.remote_ip}, options_};
  if (!match.route->rate_limit.empty()) {
    if (auto retry = services_.rate_limiter.Attempt(match.route->rate_limit, ctx.meta)) {
      auto r = Problem({core::ErrorCode::kResourceExhausted, "rate_limited",
                        "操作过于频繁，请" + std::to_string((retry->count() + 59) / 60) + "分钟后再试", {}},
                       request.request_id, 429);
      r.With("Retry-After", std::to_string(retry->count()));
      return r;
    }
  }
  if (match.route->access == Access::kBank) {
    // A bank's system signs each request; sessions and cookies play no part.
    domain::credentials::SignedRequest signed_request{
        std::string(request.Header("x-bank-code")), std::string(request.Header("x-timestamp")),
        std::string(request.Header("x-nonce")),     std::string(request.Header("x-signature")),
        request.method,                             request.target.empty() ? request.path : request.target,
        request.body};
    auto bank = services_.credentials.AuthenticateBank(signed_request);
    if (!bank.ok()) {
      refused("bank.rejected", "route", match.route->pattern, nullptr,
              nlohmann::json{{"reason", bank.error().code}, {"bank", signed_request.bank_code}}.dump());
      return Problem(bank.error(), request.request_id);
    }
    ctx.bank = std::move(bank).value();
    return RunHandler(*match.route, ctx);
  }
  // Bearer tokens are for API clients; the cookie for the web, whose writes must prove they come from our
  // own pages (double-submit CSRF token), since a browser sends cookies with cross-site requests too.
  std::string token;
  bool from_cookie = false;
  auto auth = request.Header("authorization");
  if (auth.rfind("Bearer ", 0) == 0) {
    token = std::string(auth.substr(7));
  } else {
    token = request.Cookie("zy_session");
    from_cookie = !token.empty();
  }
  if (!token.empty()) {
    auto principal = services_.identity.Authenticate(token);
    if (principal.ok()) {
      ctx.principal = std::move(principal).value();
    } else if (match.route->access == Access::kAuthenticated) {
      refused("session.rejected", "route", match.route->pattern, nullptr,
              nlohmann::json{{"reason", principal.error().code}}.dump());
      return Problem(principal.error(), request.request_id);
    }
  }
  if (match.route->access == Access::kAuthenticated && !ctx.principal)
    return Problem(core::Error::Unauthenticated(), request.request_id);
  if (ctx.principal && from_cookie && IsWrite(request.method) &&
      !crypto::ConstantTimeEquals(request.Header("x-csrf-token"), ctx.principal->csrf_token)) {
    // A public write (log-in, registration) simply proceeds as anonymous: a stale cookie must not block it.
    if (match.route->access == Access::kPublic) {
      ctx.principal.reset();
    } else {
      // A page of another site making the browser send our cookie: recorded, like other refusals.
      refused("csrf.rejected", "route", match.route->pattern, &*ctx.principal,
              nlohmann::json{{"method", request.method}, {"path", request.path}}.dump());
      return Problem({core::ErrorCode::kPermissionDenied, "csrf_failed", "页面已过期，请刷新后重试", {}},
                     request.request_id);
    }
  }
  // The route's role policy first; the handler's domain call then checks the object's scope.
  auto response = ctx.principal && !match.route->Allows(*ctx.principal)
                      ? Problem(core::Error::Forbidden(), request.request_id)
                      : RunHandler(*match.route, ctx);
  // Asking for an object one may not see answers 404 (or 403 for a forbidden action): either may be someone
  // probing others' records by id, so both are recorded with the route and the path.
  bool object_route = match.route->pattern.find('{') != std::string::npos;
  if ((response.status == 404 && object_route) || response.status == 403)
    refused("access.denied", "route", match.route->pattern, ctx.principal ? &*ctx.principal : nullptr,
            nlohmann::json{{"method", request.method},
                           // a token in the path is a credential: the route names the attempt well enough
                           {"path", match.route->pattern.find("{token}") == std::string::npos ? request.path
                                                                                            : match.route->pattern},
                           {"status", response.status}}
                .dump());
  return response;
}

Response Api::ServeStatic(const Request& request) const {
  if (options_.web_root.empty()) return Problem(core::Error::NotFound("页面不存在"), request.request_id);
  namespace fs = std::filesystem;
  // Dispatch refuses (and records) these already; checked again so this function is safe on its own.
  if (ClimbsOut(request.path)) return Problem(core::Error::NotFound("页面不存在"), request.request_id);
  fs::path root(options_.web_root);
  fs::path file = root / request.path.substr(1);
  std::error_code ec;
  bool asset = request.path.rfind("/assets/", 0) == 0;
  if (request.path == "/" || !fs::is_regular_file(file, ec)) {
    if (asset) return Problem(core::Error::NotFound("文件不存在"), request.request_id);
    file = root / "index.html";  // SPA fallback: the client router handles the path
  }
  auto content = core::ReadWholeFile(file);
  if (!content) return Problem(core::Error::NotFound("页面不存在（web 未构建）"), request.request_id);
  auto type = ContentType(file);
  // Compressed for browsers that ask (a phone's first page is mostly JavaScript); assets once, then from memory.
  bool gzip = Compressible(type) && content->size() > 1024 && AcceptsGzip(request.Header("accept-encoding"));
  if (gzip) {
    std::shared_ptr<const std::string> packed;
    if (asset) {
      std::lock_guard lock(gzipped_mutex_);
      if (auto it = gzipped_.find(request.path); it != gzipped_.end()) packed = it->second;
    }
    if (!packed) {
      if (auto z = Gzip(*content)) packed = std::make_shared<const std::string>(std::move(*z));
      if (packed && asset) {
        std::lock_guard lock(gzipped_mutex_);
        gzipped_.emplace(request.path, packed);
      }
    }
    if (packed) content = *packed; else gzip = false;
  }
  Response r{200, type, request.method == "HEAD" ? std::string() : std::move(*content), {}};
  // Vite puts a content hash in asset names, so they never change; index.html must always be revalidated.
  r.With("Cache-Control", asset ? "public, max-age=31536000, immutable" : "no-cache");
  if (Compressible(type)) r.With("Vary", "Accept-Encoding");
  if (gzip) r.With("Content-Encoding", "gzip");
  return r;
}

}  // namespace zhiyuan::http
