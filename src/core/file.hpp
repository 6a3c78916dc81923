#pragma once

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace zhiyuan::core {

// A whole file's bytes; nullopt when it cannot be opened. For files known to be small enough to hold (web
// assets, audit archives): nothing here bounds the size.
inline std::optional<std::string> ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace zhiyuan::core
