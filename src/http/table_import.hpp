#pragma once

#include <string_view>

#include "core/result.hpp"
#include "http/table_export.hpp"

namespace zhiyuan::http {

// Reads RFC 4180 CSV (UTF-8, with or without a byte-order mark; CRLF or LF; quoted cells may hold commas,
// quotes and line breaks) into a header and rows; blank lines are skipped. kInvalidArgument for text that
// is not UTF-8, an unterminated quote, or more than `max_rows` rows.
struct CsvTable : Table {
  std::vector<int> row_lines;  // the line of the file each row starts on (1-based), for error reports
};
core::Result<CsvTable> ParseCsv(std::string_view text, std::size_t max_rows = 100000);

}  // namespace zhiyuan::http
