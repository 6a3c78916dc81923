// Reading uploaded tables: XLSX written by a real spreadsheet library reads back cell for cell, and broken or
// hostile files are refused with a message instead of crashing or allocating without bound.
#include <gtest/gtest.h>

#include "http/table_export.hpp"
#include "http/table_import.hpp"

namespace zhiyuan {
namespace {

http::Table Roster() {
  http::Table t;
  t.title = "花名册";
  t.header = {"姓名", "身份证号码", "政治面貌", "手机号码", "部门"};
  t.rows = {{"张三", "44140219900101123X", "共青团员", "13800138000", "办公室"},
            {"李四", "441402199202021234", "中共党员", "", ""},
            {"", "", "", "", ""},  // a blank row is skipped, as in CSV
            {"王五, \"小王\"", "441424200001011235", "中共预备党员", "13900139000", "财务科"}};
  return t;
}

TEST(XlsxReader, ReadsBackWhatLibxlsxwriterWrote) {
  auto file = http::ToXlsx(Roster());
  auto t = http::ParseTable(file);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->header, Roster().header);
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(t->rows[0][1], "44140219900101123X");
  EXPECT_EQ(t->rows[0][3], "13800138000");  // numeric-looking text stays text, every digit kept
  EXPECT_EQ(t->rows[1][3], "");             // empty cells keep their column
  EXPECT_EQ(t->rows[1].size(), 5u);
  EXPECT_EQ(t->rows[2][0], "王五, \"小王\"");
  // Row numbers as Excel shows them: the header is row 1, the blank row 4 is skipped.
  EXPECT_EQ(t->row_lines, (std::vector<int>{2, 3, 5}));
}

TEST(XlsxReader, TellsCsvFromXlsxByContent) {
  auto csv = http::ParseTable("姓名,身份证号码\n张三,44140219900101123X\n");
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(csv->rows[0][0], "张三");
}

TEST(XlsxReader, RefusesBrokenFilesWithAMessage) {
  auto file = http::ToXlsx(Roster());
  for (std::size_t cut : {std::size_t(10), file.size() / 2, file.size() - 30}) {
    auto t = http::ParseXlsx(std::string_view(file).substr(0, cut));
    ASSERT_FALSE(t.ok()) << cut;
    EXPECT_FALSE(t.error().message.empty());
  }
  std::string flipped = file;
  for (std::size_t i = 200; i < flipped.size(); i += 97) flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
  EXPECT_FALSE(http::ParseXlsx(flipped).ok());
  EXPECT_FALSE(http::ParseXlsx("PK\x03\x04 not really a zip").ok());
}

TEST(XlsxReader, LimitsRows) {
  http::Table t = Roster();
  for (int i = 0; i < 20; ++i) t.rows.push_back({"某", "1", "2", "3", "4"});
  auto read = http::ParseXlsx(http::ToXlsx(t), 10);
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.error().message.find("10"), std::string::npos);
}

}  // namespace
}  // namespace zhiyuan
