#pragma once

#include <charconv>
#include <optional>
#include <vector>

#include "core/sheet.hpp"
#include "http/dto.hpp"
#include "http/json_reader.hpp"
#include "http/table_export.hpp"

namespace zhiyuan::http {

// Role policies shared by many routes (Route::For); each route's domain call then checks the object's scope.
using domain::identity::Role;
inline const std::vector<Role> kVolunteers{Role::kVolunteer};
inline const std::vector<Role> kOrgAdmins{Role::kOrgAdmin};
inline const std::vector<Role> kAdmins{Role::kCountyAdmin, Role::kCityAdmin};  // the approvers (审核)
inline const std::vector<Role> kOrganizers{Role::kOrgAdmin, Role::kCountyAdmin, Role::kCityAdmin};
inline const std::vector<Role> kCityAdmins{Role::kCityAdmin};
inline const std::vector<Role> kSecurityAdmins{Role::kSecurityAdmin};  // accounts and security events (安全管理员)

// The whole text as a decimal integer; nullopt for anything else (empty, signs of garbage, overflow).
inline std::optional<std::int64_t> ParseWhole(std::string_view text) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}

// A path id that is not a positive integer cannot name anything: the caller answers 404.
inline std::optional<std::int64_t> PathId(const Context& ctx, const char* name) {
  auto v = ParseWhole(ctx.request.Param(name));
  if (!v || *v <= 0) return std::nullopt;
  return v;
}

// `?name=YYYY` as a whole number: nullopt when absent or empty; `bad` set for anything else that is not one
// (the range is the caller's to check, so each can say which years it serves).
inline std::optional<int> QueryYear(const Context& ctx, const char* name, bool& bad) {
  auto text = ctx.request.Query(name).value_or("");
  if (text.empty()) return std::nullopt;
  auto y = ParseWhole(text);
  if (!y || *y < INT32_MIN || *y > INT32_MAX) {
    bad = true;
    return std::nullopt;
  }
  return int(*y);
}

// The faults of a row-by-row import, each by its line in the user's file.
inline nlohmann::json RowErrorsJson(const std::vector<core::RowError>& errors) {
  auto out = nlohmann::json::array();
  for (const auto& e : errors)
    out.push_back({{"line", e.line}, {"field", e.field}, {"code", e.code}, {"message", e.message}});
  return out;
}

inline Response NotFound(const Context& ctx) { return Problem(core::Error::NotFound(), ctx.request.request_id); }
inline Response Fail(const Context& ctx, const core::Error& e) { return Problem(e, ctx.request.request_id); }

// `{items: [...]}` for short lists.
template <typename T, typename ToJsonFn>
Response ReplyItems(const Context& ctx, const core::Result<std::vector<T>>& result, ToJsonFn to_json) {
  if (!result.ok()) return Fail(ctx, result.error());
  auto items = nlohmann::json::array();
  for (const auto& item : *result) items.push_back(to_json(item));
  return Response::Json(200, {{"items", std::move(items)}});
}

template <typename T>
Response ReplyList(const Context& ctx, const core::Result<std::vector<T>>& result) {
  return ReplyItems(ctx, result, [](const T& item) { return ToJson(item); });
}

// `format` from the query: "json" (the default), "csv" or "xlsx"; a 422 problem for anything else.
inline core::Result<std::string> ExportFormat(const Context& ctx) {
  auto format = ctx.request.Query("format").value_or("json");
  if (format.empty()) format = "json";
  if (format != "json" && format != "csv" && format != "xlsx")
    return core::Error::Field("format", "invalid_format", "格式应为 json、csv 或 xlsx");
  return format;
}

// The fields of an activity from a request body (create, edit, and an activity made from a need).
domain::activities::ActivityInput ReadActivityInput(JsonReader& body);

// Parses the body, answering 400/422 through `error` when it is not a JSON object or a field has the wrong type.
#define ZY_BODY(reader, ctx)                                    \
  auto reader##_parsed = JsonReader::Parse((ctx).request.body); \
  if (!reader##_parsed.ok()) return Fail(ctx, reader##_parsed.error()); \
  auto& reader = *reader##_parsed

#define ZY_BODY_DONE(reader, ctx) \
  if (auto st = (reader).Done(); !st.ok()) return Fail(ctx, st.error())

}  // namespace zhiyuan::http
