#pragma once

#include <string_view>

#include "core/result.hpp"
#include "core/sheet.hpp"
#include "http/table_export.hpp"

namespace zhiyuan::http {

// Reads RFC 4180 CSV (UTF-8, with or without a byte-order mark; CRLF or LF; quoted cells may hold commas,
// quotes and line breaks) into a header and rows; blank lines are skipped. kInvalidArgument for text that
// is not UTF-8, an unterminated quote, or more than `max_rows` rows.
struct CsvTable : Table {
  std::vector<int> row_lines;  // the line of the file each row starts on (1-based), for error reports
};
core::Result<CsvTable> ParseCsv(std::string_view text, std::size_t max_rows = 100000);
// The first worksheet of an .xlsx workbook in the same shape: the first non-empty row is the header and
// row_lines are the sheet's row numbers (what the user sees in Excel). Cells are their text as stored (shared
// or inline strings, numbers as written). kInvalidArgument for anything that is not a readable workbook.
core::Result<CsvTable> ParseXlsx(std::string_view bytes, std::size_t max_rows = 100000);
// An uploaded table, CSV or XLSX, told apart by content (a ZIP signature), never by name or declared type.
core::Result<CsvTable> ParseTable(std::string_view bytes, std::size_t max_rows = 100000);
// The same as a sheet for a row-by-row import; a file that cannot be read at all is a 422 with `unreadable_code`.
core::Result<core::Sheet> ReadSheet(std::string_view bytes, std::size_t max_rows, const std::string& unreadable_code);

}  // namespace zhiyuan::http
