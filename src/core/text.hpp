#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace zhiyuan::core {

// Number of Unicode code points in UTF-8 text; -1 when the bytes are not valid UTF-8.
long Utf8Length(std::string_view text);
// The first `max_chars` code points of valid UTF-8 text (never splitting a character).
std::string Utf8Prefix(std::string_view text, long max_chars);
// Removes leading and trailing ASCII white space.
std::string_view Trim(std::string_view text);

// Masks for sensitive values shown to anyone (SPEC §4): first 6 and last 4 of an ID, 3+4 of a phone.
std::string MaskIdNumber(std::string_view id_number);
std::string MaskPhone(std::string_view phone);

}  // namespace zhiyuan::core

namespace zhiyuan::core {
// Minutes as hours with at most one decimal, the way certificates print them: 90 → "1.5", 6000 → "100".
std::string FormatHours(std::int64_t minutes);
}  // namespace zhiyuan::core
