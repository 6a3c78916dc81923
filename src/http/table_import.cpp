#include "http/table_import.hpp"

#include "core/text.hpp"

namespace zhiyuan::http {

core::Result<CsvTable> ParseCsv(std::string_view text, std::size_t max_rows) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (core::Utf8Length(text) < 0) return core::Error::BadRequest("文件不是 UTF-8 编码的 CSV（请另存为“CSV UTF-8”）");
  std::vector<std::vector<std::string>> lines;
  std::vector<int> starts;
  int line = 1, row_start = 1;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, cell_started = false;
  auto end_row = [&] {
    row.push_back(std::move(cell));
    cell.clear();
    cell_started = false;
    bool blank = row.size() == 1 && row[0].empty();
    if (!blank) {
      lines.push_back(std::move(row));
      starts.push_back(row_start);
    }
    row.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    if (c == '"' && !cell_started) {
      quoted = true;
      cell_started = true;
    } else if (c == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      cell_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
      row_start = ++line;
      if (lines.size() > max_rows + 1)
        return core::Error::BadRequest("文件行数超过上限（" + std::to_string(max_rows) + "行）");
    } else {
      cell += c;
      cell_started = true;
    }
  }
  if (quoted) return core::Error::BadRequest("CSV 格式错误：引号未闭合");
  if (cell_started || !row.empty()) end_row();
  if (lines.size() > max_rows + 1)  // the last row may end without a line break
    return core::Error::BadRequest("文件行数超过上限（" + std::to_string(max_rows) + "行）");
  CsvTable t;
  if (lines.empty()) return t;
  t.header = std::move(lines.front());
  t.rows.assign(std::make_move_iterator(lines.begin() + 1), std::make_move_iterator(lines.end()));
  t.row_lines.assign(starts.begin() + 1, starts.end());
  return t;
}

}  // namespace zhiyuan::http
