// Roster and volunteer-import uploads (CSV or XLSX, told apart by content): any bytes — a truncated ZIP, a
// deflate bomb, malformed XML, broken UTF-8 — must be read or refused within the row limit, never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/table_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (auto table = zhiyuan::http::ParseTable(bytes, 200); table.ok()) {
    if (table->rows.size() > 200 || table->row_lines.size() != table->rows.size()) __builtin_trap();
  }
  (void)zhiyuan::http::ParseCsv(bytes, 200);
  (void)zhiyuan::http::ParseXlsx(bytes, 200);
  (void)zhiyuan::http::ReadSheet(bytes, 200, "sheet_unreadable");
  return 0;
}
