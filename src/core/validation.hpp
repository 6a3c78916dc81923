#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/text.hpp"

namespace zhiyuan::core {

// Collects every field error of a command, so the user sees all problems at once, not one per submit.
class Validator {
 public:
  template <typename T>
  std::optional<T> Check(Result<T> result) {
    if (result.ok()) return std::move(result).value();
    Absorb(std::move(result).error());
    return std::nullopt;
  }
  bool Check(Status status) {
    if (status.ok()) return true;
    Absorb(std::move(status).error());
    return false;
  }
  void Add(std::string field, std::string code, std::string message) {
    errors_.push_back({std::move(field), std::move(code), std::move(message)});
  }
  // Required text of 1..max_chars characters after trimming; returns the trimmed text.
  std::string Text(std::string_view field, std::string_view value, std::string_view label, long max_chars,
                   bool required = true) {
    std::string v(Trim(value));
    long len = Utf8Length(v);
    // Control characters (NUL above all, which PostgreSQL cannot store in text) have no place in what people
    // write; tabs and line breaks do.
    bool control = std::any_of(v.begin(), v.end(), [](char c) {
      auto u = static_cast<unsigned char>(c);
      return (u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7f;
    });
    if (len < 0 || control)
      Add(std::string(field), "invalid_text", std::string(label) + "含有无效字符");
    else if (required && len == 0)
      Add(std::string(field), "required", "请填写" + std::string(label));
    else if (len > max_chars)
      Add(std::string(field), "too_long", std::string(label) + "不能超过" + std::to_string(max_chars) + "个字");
    return v;
  }
  bool ok() const { return errors_.empty(); }
  Status Done() const {
    if (errors_.empty()) return Ok();
    return Error::Validation(errors_);
  }

 private:
  void Absorb(Error e) {
    if (e.fields.empty())
      errors_.push_back({"", e.code, e.message});
    else
      for (auto& f : e.fields) errors_.push_back(std::move(f));
  }
  std::vector<FieldError> errors_;
};

}  // namespace zhiyuan::core
