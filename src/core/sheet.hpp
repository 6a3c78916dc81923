#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/text.hpp"

namespace zhiyuan::core {

// An uploaded table (CSV or XLSX, read by the HTTP layer) as rows of text: what row-by-row imports take.
struct Sheet {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;  // the file line (CSV) or sheet row (XLSX) of each row, for error reports
};

// One fault of one row, reported by the line the user sees in their file.
struct RowError {
  int line = 0;
  std::string field;
  std::string code;
  std::string message;
};

// Adds a fault to an import's report. A file with thousands of bad rows is better fixed from the first thousand
// faults than from all of them: past the cap only the count of rejected rows grows.
inline constexpr std::size_t kMaxReportedRowErrors = 1000;
inline void Report(std::vector<RowError>& errors, RowError e) {
  if (errors.size() < kMaxReportedRowErrors) errors.push_back(std::move(e));
}

// Finds columns by their header, under any of the names users write ({"姓名", "name"}, {"身份证号码", "id_number"}…):
// the header's spaces and "*" (a required-column mark in many templates) do not count.
class SheetColumns {
 public:
  SheetColumns(const Sheet& sheet, std::initializer_list<std::pair<std::string_view, std::string_view>> aliases) {
    for (std::size_t i = 0; i < sheet.header.size(); ++i) {
      std::string h(Trim(sheet.header[i]));
      std::erase(h, '*');
      for (auto [name, field] : aliases)
        if (h == name) columns_.emplace(field, i);
    }
  }
  bool Has(std::string_view field) const { return columns_.contains(field); }
  // The trimmed cell of `field` in the row; empty when the column or the cell is missing.
  std::string Cell(const std::vector<std::string>& row, std::string_view field) const {
    auto c = columns_.find(field);
    if (c == columns_.end() || c->second >= row.size()) return {};
    return std::string(Trim(row[c->second]));
  }
  int LineOf(const Sheet& sheet, std::size_t row) const {
    return row < sheet.lines.size() ? sheet.lines[row] : int(row) + 2;
  }

 private:
  std::map<std::string_view, std::size_t, std::less<>> columns_;
};

}  // namespace zhiyuan::core
