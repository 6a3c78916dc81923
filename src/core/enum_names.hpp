#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace zhiyuan::core {

// Wire names of an enum as one table, so parsing and printing cannot drift apart.
template <typename E, std::size_t N>
using EnumNames = std::array<std::pair<E, std::string_view>, N>;

template <typename E, std::size_t N>
std::optional<E> ParseEnum(const EnumNames<E, N>& table, std::string_view text) {
  for (const auto& [value, name] : table)
    if (name == text) return value;
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view EnumName(const EnumNames<E, N>& table, E value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return table.front().second;
}

}  // namespace zhiyuan::core
