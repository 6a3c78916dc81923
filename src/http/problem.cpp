#include "http/problem.hpp"

#include <nlohmann/json.hpp>

namespace zhiyuan::http {

int StatusFor(core::ErrorCode code) {
  using core::ErrorCode;
  switch (code) {
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kValidation: return 422;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kAlreadyExists: return 409;
    case ErrorCode::kFailedPrecondition: return 409;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kLocked: return 423;
    case ErrorCode::kResourceExhausted: return 429;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

namespace {

const char* TitleFor(int status) {
  switch (status) {
    case 400: return "请求格式错误";
    case 401: return "未登录";
    case 403: return "没有权限";
    case 404: return "未找到";
    case 405: return "不支持的请求方法";
    case 409: return "冲突";
    case 413: return "请求内容过大";
    case 422: return "输入有误";
    case 423: return "账户已锁定";
    case 429: return "请求过于频繁";
    case 503: return "服务暂不可用";
    default: return "服务器内部错误";
  }
}

}  // namespace

Response Problem(const core::Error& error, const std::string& request_id, int status) {
  if (status == 0) status = StatusFor(error.canonical);
  nlohmann::json body{{"type", "about:blank"},
                      {"title", TitleFor(status)},
                      {"status", status},
                      {"code", error.code},
                      {"detail", error.message},
                      {"request_id", request_id}};
  if (!error.fields.empty()) {
    auto& errors = body["errors"] = nlohmann::json::array();
    for (const auto& f : error.fields) errors.push_back({{"field", f.field}, {"code", f.code}, {"message", f.message}});
  }
  auto response = Response::Json(status, body);
  response.content_type = "application/problem+json; charset=utf-8";
  return response;
}

}  // namespace zhiyuan::http
