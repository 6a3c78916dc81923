#include "storage/row_codecs.hpp"

#include <nlohmann/json.hpp>

namespace zhiyuan::storage {

std::string TagsToJson(const std::vector<std::string>& tags) { return nlohmann::json(tags).dump(); }

std::vector<std::string> TagsFromJson(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& t : j)
    if (t.is_string()) out.push_back(t.get<std::string>());
  return out;
}

std::string JoinFlags(const std::vector<std::string>& flags) {
  std::string out;
  for (const auto& f : flags) out += (out.empty() ? "" : ",") + f;
  return out;
}

std::vector<std::string> SplitFlags(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

bool IsUniqueViolation(const DbError& e, std::string_view name) {
  return e.kind() == DbError::Kind::kUniqueViolation && e.constraint().find(name) != std::string::npos;
}

Value DateValue(const std::optional<core::Date>& day) { return day ? Value(core::FormatDate(*day)) : Value(); }

}  // namespace zhiyuan::storage
