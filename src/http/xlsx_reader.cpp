// Reads the first worksheet of an .xlsx upload: a ZIP archive (zlib's raw inflate) of XML parts (expat).
// Only what a roster needs — cell text, shared strings, inline strings, numbers as written — and defensive
// about what a hostile file may try: sizes are checked before and while inflating (zip bombs), offsets are
// bounds-checked, ZIP64 and encrypted entries are refused, and expat neither fetches external entities nor
// lets entity expansion amplify (its billion-laughs protection).
#include <expat.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <optional>

#include "core/text.hpp"
#include "http/table_import.hpp"

namespace zhiyuan::http {
namespace {

constexpr std::size_t kMaxPartBytes = 64u << 20;  // one inflated XML part
constexpr std::size_t kMaxColumns = 256;

core::Error Unreadable(std::string message = "无法读取该 Excel 文件（请另存为 .xlsx 或 CSV UTF-8 后重试）") {
  return core::Error::BadRequest(std::move(message));
}

std::uint32_t Le(std::string_view b, std::size_t at, int bytes) {
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return v;
}

struct Entry {
  std::uint16_t method = 0;
  std::uint32_t compressed = 0;
  std::uint32_t size = 0;
  std::uint32_t local_offset = 0;
  std::uint32_t crc = 0;
};

// The central directory: entry name → where and how it is stored.
core::Result<std::map<std::string, Entry>> Directory(std::string_view zip) {
  if (zip.size() < 22) return Unreadable();
  std::size_t floor = zip.size() > 22 + 65535 ? zip.size() - 22 - 65535 : 0;
  std::optional<std::size_t> eocd;
  for (std::size_t at = zip.size() - 22 + 1; at-- > floor;)
    if (Le(zip, at, 4) == 0x06054b50) {
      eocd = at;
      break;
    }
  if (!eocd) return Unreadable();
  std::size_t count = Le(zip, *eocd + 10, 2);
  std::size_t at = Le(zip, *eocd + 16, 4);
  if (count == 0xffff || at == 0xffffffff) return Unreadable("不支持 ZIP64 格式的 Excel 文件");
  std::map<std::string, Entry> out;
  for (std::size_t i = 0; i < count; ++i) {
    if (at + 46 > zip.size() || Le(zip, at, 4) != 0x02014b50) return Unreadable();
    if (Le(zip, at + 8, 2) & 1) return Unreadable("该 Excel 文件已加密，请取消密码后再上传");
    Entry e{static_cast<std::uint16_t>(Le(zip, at + 10, 2)), Le(zip, at + 20, 4), Le(zip, at + 24, 4),
            Le(zip, at + 42, 4), Le(zip, at + 16, 4)};
    std::size_t name_len = Le(zip, at + 28, 2), extra = Le(zip, at + 30, 2), comment = Le(zip, at + 32, 2);
    if (at + 46 + name_len > zip.size()) return Unreadable();
    out.emplace(std::string(zip.substr(at + 46, name_len)), e);
    at += 46 + name_len + extra + comment;
  }
  return out;
}

core::Result<std::string> Extract(std::string_view zip, const Entry& e) {
  std::size_t at = e.local_offset;
  if (at + 30 > zip.size() || Le(zip, at, 4) != 0x04034b50) return Unreadable();
  std::size_t data = at + 30 + Le(zip, at + 26, 2) + Le(zip, at + 28, 2);
  if (data > zip.size() || e.compressed > zip.size() - data) return Unreadable();
  if (e.size > kMaxPartBytes) return Unreadable("Excel 文件内容过大");
  auto packed = zip.substr(data, e.compressed);
  // A damaged file fails its CRC-32 rather than yielding half a roster.
  auto checked = [&](std::string content) -> core::Result<std::string> {
    auto crc = crc32(0L, reinterpret_cast<const Bytef*>(content.data()), static_cast<uInt>(content.size()));
    if (crc != e.crc) return Unreadable("Excel 文件已损坏（校验失败）");
    return content;
  };
  if (e.method == 0) return checked(std::string(packed));
  if (e.method != 8) return Unreadable();
  z_stream zs{};
  if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) return Unreadable();
  std::string out(std::max<std::size_t>(e.size, 1024), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  zs.avail_in = static_cast<uInt>(packed.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    if (zs.total_out == out.size()) {
      if (out.size() >= kMaxPartBytes) break;  // more than declared and more than we accept
      out.resize(std::min(out.size() * 2, kMaxPartBytes));
    }
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + zs.total_out);
    zs.avail_out = static_cast<uInt>(out.size() - zs.total_out);
    rc = inflate(&zs, Z_NO_FLUSH);
  }
  out.resize(zs.total_out);
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return Unreadable();
  return checked(std::move(out));
}

// "x:row" → "row": files written with a namespace prefix read the same as those without.
std::string_view Local(const char* name) {
  std::string_view n(name);
  auto colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

// A SAX pass over one XML part with three callbacks.
struct XmlWalk {
  std::function<void(std::string_view, const char**)> open;
  std::function<void(std::string_view)> close;
  std::function<void(std::string_view)> text;

  bool Run(const std::string& xml) {
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (!p) return false;
    XML_SetUserData(p, this);
    XML_SetElementHandler(
        p,
        [](void* self, const char* name, const char** attrs) {
          auto* w = static_cast<XmlWalk*>(self);
          if (w->open) w->open(Local(name), attrs);
        },
        [](void* self, const char* name) {
          auto* w = static_cast<XmlWalk*>(self);
          if (w->close) w->close(Local(name));
        });
    XML_SetCharacterDataHandler(p, [](void* self, const char* s, int len) {
      auto* w = static_cast<XmlWalk*>(self);
      if (w->text) w->text(std::string_view(s, static_cast<std::size_t>(len)));
    });
    bool ok = XML_Parse(p, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_OK;
    XML_ParserFree(p);
    return ok;
  }
};

std::string_view Attr(const char** attrs, std::string_view local) {
  for (int i = 0; attrs[i]; i += 2)
    if (Local(attrs[i]) == local) return attrs[i + 1];
  return {};
}

// The first worksheet in the workbook's order, through its relationship; sheet1.xml when those are missing.
std::string FirstSheetPath(std::string_view zip, const std::map<std::string, Entry>& dir) {
  std::string fallback = "xl/worksheets/sheet1.xml";
  auto wb = dir.find("xl/workbook.xml");
  auto rels = dir.find("xl/_rels/workbook.xml.rels");
  if (wb == dir.end() || rels == dir.end()) return fallback;
  auto wb_xml = Extract(zip, wb->second);
  auto rels_xml = Extract(zip, rels->second);
  if (!wb_xml.ok() || !rels_xml.ok()) return fallback;
  std::string rid;
  XmlWalk first{[&](std::string_view name, const char** attrs) {
                  if (name == "sheet" && rid.empty()) rid = Attr(attrs, "id");
                },
                {}, {}};
  first.Run(*wb_xml);
  std::string target;
  XmlWalk rel{[&](std::string_view name, const char** attrs) {
                if (name == "Relationship" && Attr(attrs, "Id") == rid) target = Attr(attrs, "Target");
              },
              {}, {}};
  rel.Run(*rels_xml);
  if (rid.empty() || target.empty()) return fallback;
  return target.front() == '/' ? target.substr(1) : "xl/" + target;
}

// <si> items: the text of their <t> runs, without phonetic guides (<rPh>).
core::Result<std::vector<std::string>> SharedStrings(std::string_view zip, const std::map<std::string, Entry>& dir) {
  std::vector<std::string> out;
  auto it = dir.find("xl/sharedStrings.xml");
  if (it == dir.end()) return out;
  ZY_ASSIGN_OR_RETURN(auto xml, Extract(zip, it->second));
  bool in_t = false;
  int phonetic = 0;
  XmlWalk walk{[&](std::string_view name, const char**) {
                 if (name == "si") out.emplace_back();
                 if (name == "rPh") ++phonetic;
                 if (name == "t") in_t = true;
               },
               [&](std::string_view name) {
                 if (name == "rPh") --phonetic;
                 if (name == "t") in_t = false;
               },
               [&](std::string_view s) {
                 if (in_t && phonetic == 0 && !out.empty()) out.back() += s;
               }};
  if (!walk.Run(xml)) return Unreadable();
  return out;
}

// "BC12" → 54 (zero-based column), or nullopt.
std::optional<std::size_t> ColumnOf(std::string_view ref) {
  std::size_t col = 0, letters = 0;
  for (char c : ref) {
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + static_cast<std::size_t>(c - 'A' + 1);
    if (++letters > 3) return std::nullopt;
  }
  if (letters == 0) return std::nullopt;
  return col - 1;
}

}  // namespace

core::Result<CsvTable> ParseXlsx(std::string_view bytes, std::size_t max_rows) {
  ZY_ASSIGN_OR_RETURN(auto dir, Directory(bytes));
  auto sheet_entry = dir.find(FirstSheetPath(bytes, dir));
  if (sheet_entry == dir.end()) return Unreadable("该 Excel 文件中没有工作表");
  ZY_ASSIGN_OR_RETURN(auto shared, SharedStrings(bytes, dir));
  ZY_ASSIGN_OR_RETURN(auto xml, Extract(bytes, sheet_entry->second));

  std::vector<std::vector<std::string>> rows;
  std::vector<int> row_numbers;
  std::vector<std::string> row;
  int row_number = 0;
  std::size_t next_col = 0, col = 0;
  std::string type, value;
  bool capture = false, too_many = false, bad = false;
  XmlWalk walk{[&](std::string_view name, const char** attrs) {
                 if (name == "row") {
                   auto r = Attr(attrs, "r");
                   row_number = r.empty() ? row_number + 1 : std::atoi(std::string(r).c_str());
                   row.clear();
                   next_col = 0;
                 } else if (name == "c") {
                   auto ref = Attr(attrs, "r");
                   auto c = ref.empty() ? std::optional<std::size_t>(next_col) : ColumnOf(ref);
                   if (!c || *c >= kMaxColumns) bad = true;
                   col = c.value_or(0);
                   next_col = col + 1;
                   type = Attr(attrs, "t");
                   value.clear();
                 } else if (name == "v" || name == "t") {
                   capture = true;
                 }
               },
               [&](std::string_view name) {
                 if (name == "v" || name == "t") capture = false;
                 if (name == "c" && !bad) {
                   std::string cell = value;
                   if (type == "s") {
                     auto i = static_cast<std::size_t>(std::strtoull(value.c_str(), nullptr, 10));
                     if (i >= shared.size()) bad = true;
                     else cell = shared[i];
                   }
                   if (row.size() <= col) row.resize(col + 1);
                   row[col] = std::string(core::Trim(cell));
                 }
                 if (name == "row") {
                   while (!row.empty() && row.back().empty()) row.pop_back();
                   if (row.empty()) return;
                   if (rows.size() > max_rows) too_many = true;
                   else {
                     rows.push_back(std::move(row));
                     row_numbers.push_back(row_number);
                   }
                   row.clear();
                 }
               },
               [&](std::string_view s) {
                 if (capture) value += s;
               }};
  if (!walk.Run(xml) || bad) return Unreadable();
  if (too_many) return core::Error::BadRequest("表格行数超过上限（" + std::to_string(max_rows) + " 行）");
  if (rows.empty()) return core::Error::BadRequest("表格是空的：第一行应为表头");

  CsvTable table;
  table.header = std::move(rows.front());
  for (std::size_t i = 1; i < rows.size(); ++i) {
    rows[i].resize(std::max(rows[i].size(), table.header.size()));
    table.rows.push_back(std::move(rows[i]));
    table.row_lines.push_back(row_numbers[i]);
  }
  return table;
}

core::Result<core::Sheet> ReadSheet(std::string_view bytes, std::size_t max_rows, const std::string& unreadable_code) {
  auto table = ParseTable(bytes, max_rows);
  if (!table.ok()) return core::Error{core::ErrorCode::kValidation, unreadable_code, table.error().message, {}};
  return core::Sheet{std::move(table->header), std::move(table->rows), std::move(table->row_lines)};
}

core::Result<CsvTable> ParseTable(std::string_view bytes, std::size_t max_rows) {
  // By content, not by the name or the declared type: a ZIP is a workbook, anything else must be CSV text.
  if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return ParseXlsx(bytes, max_rows);
  return ParseCsv(bytes, max_rows);
}

}  // namespace zhiyuan::http
