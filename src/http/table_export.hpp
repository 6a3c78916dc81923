#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace zhiyuan::http {

// A simple table for downloads: a header and rows of text cells.
struct Table {
  std::string title;  // the sheet name (XLSX) — at most 31 characters
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

// RFC 4180 CSV in UTF-8 with a byte-order mark (so spreadsheet programs read Chinese correctly). Cells that a
// spreadsheet would run as a formula (=, +, -, @) are prefixed with an apostrophe (CSV injection).
std::string ToCsv(const Table& table);
// An .xlsx workbook (libxlsxwriter) with a bold, frozen header row; numeric-looking cells stay text so
// volunteer numbers keep their digits.
// `created` (Unix seconds) is the workbook's creation time, its only varying bytes: pass it to make the file
// reproducible (the same table and time give the same bytes); without it, now.
std::string ToXlsx(const Table& table, std::optional<std::int64_t> created = std::nullopt);
// The table as a CSV or XLSX download (`format` "csv" | "xlsx") named `basename.format`.
Response Download(const Table& table, const std::string& format, const std::string& basename,
                  std::optional<std::int64_t> created = std::nullopt);

}  // namespace zhiyuan::http
