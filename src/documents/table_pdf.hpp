#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"

namespace zhiyuan::documents {

// A report table for printing and filing (e.g. the assessment table 测评考核表): a title, lines under it,
// the table on landscape A4 pages (the header repeated on each, long cells cut to their column), notes at
// the end and page numbers. Deterministic: the same content and `created` give the same bytes.
struct TableReport {
  std::string title;
  std::vector<std::string> subtitle;  // e.g. the year, the snapshot and when it was frozen
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> notes;  // e.g. the formulas behind the figures
  core::TimePoint created;
};

std::string RenderTablePdf(const std::string& font_path, const TableReport& report);

}  // namespace zhiyuan::documents
