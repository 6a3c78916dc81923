#include "core/text.hpp"

namespace zhiyuan::core {

long Utf8Length(std::string_view s) {
  long count = 0;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return -1;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return -1;
    i += n;
    ++count;
  }
  return count;
}

std::string Utf8Prefix(std::string_view s, long max_chars) {
  std::size_t i = 0;
  for (long n = 0; i < s.size() && n < max_chars; ++n) {
    auto c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
  }
  return std::string(s.substr(0, std::min(i, s.size())));
}

std::string_view Trim(std::string_view s) {
  const char* ws = " \t\r\n\f\v";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

std::string MaskIdNumber(std::string_view id) {
  if (id.size() <= 10) return std::string(id.size(), '*');
  return std::string(id.substr(0, 6)) + std::string(id.size() - 10, '*') + std::string(id.substr(id.size() - 4));
}

std::string MaskPhone(std::string_view phone) {
  if (phone.size() < 7) return std::string(phone.size(), '*');
  return std::string(phone.substr(0, 3)) + std::string(phone.size() - 7, '*') +
         std::string(phone.substr(phone.size() - 4));
}

}  // namespace zhiyuan::core

namespace zhiyuan::core {
std::string FormatHours(std::int64_t minutes) {
  bool negative = minutes < 0;
  std::int64_t tenths = ((negative ? -minutes : minutes) + 3) / 6;  // rounded to the nearest tenth of an hour
  std::string out = (negative ? "-" : "") + std::to_string(tenths / 10);
  if (tenths % 10) out += "." + std::to_string(tenths % 10);
  return out;
}
}  // namespace zhiyuan::core
