#include "http/table_export.hpp"

#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "crypto/crypto.hpp"

namespace zhiyuan::http {

namespace {

std::string CsvCell(const std::string& v) {
  std::string cell = v;
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@')) cell = "'" + cell;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void CsvRow(std::string& out, const std::vector<std::string>& row) {
  for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + CsvCell(row[i]);
  out += "\r\n";
}

}  // namespace

std::string ToCsv(const Table& t) {
  std::string out = "\xEF\xBB\xBF";
  CsvRow(out, t.header);
  for (const auto& r : t.rows) CsvRow(out, r);
  return out;
}

std::string ToXlsx(const Table& t, std::optional<std::int64_t> created) {
  // libxlsxwriter 1.1.4 writes only to files: a private temporary file, read back and removed.
  auto path = std::filesystem::temp_directory_path() / ("zhiyuan-export-" + crypto::RandomToken(12) + ".xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) throw std::runtime_error("cannot create workbook");
  if (created) {
    lxw_doc_properties properties{};
    properties.created = static_cast<time_t>(*created);
    workbook_set_properties(wb, &properties);
  }
  lxw_worksheet* ws = workbook_add_worksheet(wb, t.title.empty() ? nullptr : t.title.c_str());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    worksheet_write_string(ws, 0, lxw_col_t(c), t.header[c].c_str(), bold);
    worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), 16, nullptr);
  }
  worksheet_freeze_panes(ws, 1, 0);
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    for (std::size_t c = 0; c < t.rows[r].size(); ++c)
      worksheet_write_string(ws, lxw_row_t(r + 1), lxw_col_t(c), t.rows[r][c].c_str(), nullptr);
  lxw_error err = workbook_close(wb);
  std::string bytes;
  if (err == LXW_NO_ERROR) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
  if (err != LXW_NO_ERROR) throw std::runtime_error(std::string("xlsx export failed: ") + lxw_strerror(err));
  return bytes;
}

Response Download(const Table& table, const std::string& format, const std::string& basename,
                  std::optional<std::int64_t> created) {
  bool xlsx = format == "xlsx";
  return Response::File(
      xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8",
      xlsx ? ToXlsx(table, created) : ToCsv(table), "attachment; filename=\"" + basename + "." + format + "\"");
}

}  // namespace zhiyuan::http
