#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time_format.hpp"
#include "storage/database.hpp"

namespace zhiyuan::storage {

// Lists of short texts (skills, categories) are stored as JSON arrays in a TEXT column on both backends.
std::string TagsToJson(const std::vector<std::string>& tags);
std::vector<std::string> TagsFromJson(const std::string& text);
// Flags ("gps", "manual") as a comma-separated TEXT column.
std::string JoinFlags(const std::vector<std::string>& flags);
std::vector<std::string> SplitFlags(const std::string& text);
// An optional calendar day as a bound value: "YYYY-MM-DD", or NULL.
Value DateValue(const std::optional<core::Date>& day);
// Whether a driver error is a unique violation on a constraint or column whose name contains `name`.
bool IsUniqueViolation(const DbError& e, std::string_view name);

}  // namespace zhiyuan::storage
