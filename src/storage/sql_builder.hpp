#pragma once

#include <string>
#include <string_view>

#include "storage/database.hpp"

namespace zhiyuan::storage {

// A statement from a shared SELECT and its WHERE/ORDER tail (statements are built once, as static strings).
inline std::string Sql(std::string_view select, std::string_view rest) {
  return std::string(select) + std::string(rest);
}

// Builds a WHERE clause from optional filters with numbered placeholders, so search queries stay
// parameterised whatever combination of filters is used.
class SqlBuilder {
 public:
  // Appends a parameter and returns its placeholder ("$3").
  std::string Bind(Value v) {
    params_.push_back(std::move(v));
    return "$" + std::to_string(params_.size());
  }
  // Adds "AND condition" (or "WHERE condition" for the first).
  void Where(std::string_view condition) {
    where_ += where_.empty() ? " WHERE " : " AND ";
    where_ += condition;
  }
  // Binds a substring search: the text's own %, _ and \ match literally (use with ESCAPE '\').
  std::string BindContains(std::string_view text) {
    std::string pattern = "%";
    for (char c : text) {
      if (c == '%' || c == '_' || c == '\\') pattern += '\\';
      pattern += c;
    }
    return Bind(pattern + "%");
  }
  const std::string& where() const { return where_; }
  Params& params() { return params_; }

 private:
  std::string where_;
  Params params_;
};

}  // namespace zhiyuan::storage
