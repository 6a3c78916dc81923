#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace zhiyuan::http {

// Reads a JSON object body field by field, collecting type errors per field (Chinese messages) instead of
// stopping at the first. Unknown fields are ignored, so a client cannot set what a DTO does not read
// (role, hours, status…): no mass assignment.
class JsonReader {
 public:
  // kInvalidArgument when the body is not a JSON object.
  static core::Result<JsonReader> Parse(const std::string& body);

  std::string Str(const char* name);                       // missing → ""
  std::optional<std::string> OptStr(const char* name);     // missing → nullopt; null → ""
  std::vector<std::string> StrList(const char* name);
  std::optional<std::vector<std::string>> OptStrList(const char* name);
  bool Bool(const char* name, bool fallback = false);
  std::optional<std::int64_t> OptInt(const char* name);
  std::optional<double> OptDouble(const char* name);
  std::optional<bool> OptBool(const char* name);
  std::optional<std::vector<std::int64_t>> OptIntList(const char* name);
  bool Has(const char* name) const { return json_.contains(name); }

  // The type errors seen so far.
  core::Status Done() const;

 private:
  explicit JsonReader(nlohmann::json json) : json_(std::move(json)) {}
  void TypeError(const char* name, const char* expected);

  nlohmann::json json_;
  std::vector<core::FieldError> errors_;
};

}  // namespace zhiyuan::http
