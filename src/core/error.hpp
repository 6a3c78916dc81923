#pragma once

#include <string>
#include <utility>
#include <vector>

namespace zhiyuan::core {

// Canonical, protocol-neutral error codes (after absl::StatusCode). The HTTP layer maps them to statuses
// in one table; `Error::code` carries the stable, specific reason for programs.
enum class ErrorCode {
  kInvalidArgument,     // malformed input (bad JSON, wrong type)
  kValidation,          // well-formed input that breaks a rule, with per-field errors
  kNotFound,            // missing, or outside the caller's scope
  kAlreadyExists,       // uniqueness (duplicate ID number, phone…)
  kFailedPrecondition,  // the object is not in a state that allows this
  kUnauthenticated,     // no valid session
  kPermissionDenied,    // authenticated but the role cannot do this
  kLocked,              // account locked after failed log-ins
  kResourceExhausted,   // rate limits, size limits
  kUnavailable,         // a dependency (the database) does not answer
  kInternal,
};

// A problem with one input field; `message` is Chinese, for the UI.
struct FieldError {
  std::string field;
  std::string code;
  std::string message;
};

struct Error {
  ErrorCode canonical = ErrorCode::kInternal;
  std::string code;     // stable snake_case reason, e.g. "duplicate_id_number"
  std::string message;  // Chinese, shown to users
  std::vector<FieldError> fields;

  static Error Validation(std::vector<FieldError> fields, std::string message = "请检查标注的字段") {
    return {ErrorCode::kValidation, "validation_failed", std::move(message), std::move(fields)};
  }
  static Error Field(std::string field, std::string code, std::string message) {
    return Validation({FieldError{std::move(field), std::move(code), std::move(message)}});
  }
  static Error NotFound(std::string message = "对象不存在") {
    return {ErrorCode::kNotFound, "not_found", std::move(message), {}};
  }
  static Error Forbidden(std::string message = "没有权限执行此操作") {
    return {ErrorCode::kPermissionDenied, "forbidden", std::move(message), {}};
  }
  static Error Unauthenticated(std::string code = "unauthenticated", std::string message = "请先登录") {
    return {ErrorCode::kUnauthenticated, std::move(code), std::move(message), {}};
  }
  static Error Conflict(std::string code, std::string message) {
    return {ErrorCode::kFailedPrecondition, std::move(code), std::move(message), {}};
  }
  static Error Duplicate(std::string code, std::string message, std::string field = {}) {
    Error e{ErrorCode::kAlreadyExists, std::move(code), std::move(message), {}};
    if (!field.empty()) e.fields.push_back({std::move(field), e.code, e.message});
    return e;
  }
  static Error BadRequest(std::string message) {
    return {ErrorCode::kInvalidArgument, "bad_request", std::move(message), {}};
  }
  static Error Internal(std::string message = "服务器内部错误") {
    return {ErrorCode::kInternal, "internal", std::move(message), {}};
  }
};

}  // namespace zhiyuan::core
