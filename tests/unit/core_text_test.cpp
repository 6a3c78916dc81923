#include <gtest/gtest.h>

#include "core/text.hpp"
#include "core/validation.hpp"

using namespace zhiyuan::core;  // NOLINT

TEST(Masking, IdNumberShowsFirstSixAndLastFour) {
  EXPECT_EQ(MaskIdNumber("44140219900101123X"), "441402********123X");
}

TEST(Masking, PhoneShowsThreeAndFour) { EXPECT_EQ(MaskPhone("13812345678"), "138****5678"); }

TEST(Masking, ShortValuesAreFullyHidden) {
  EXPECT_EQ(MaskIdNumber("H1234"), "*****");
  EXPECT_EQ(MaskPhone("12345"), "*****");
}

TEST(Text, CountsCodePointsNotBytes) {
  EXPECT_EQ(Utf8Length("梅州志愿"), 4);
  EXPECT_EQ(Utf8Length("abc"), 3);
  EXPECT_EQ(Utf8Length("\xff\xfe"), -1);
}

TEST(Validator, CollectsEveryFieldError) {
  Validator v;
  v.Text("name", "  ", "姓名", 10);
  v.Text("title", "一二三四五六七八九十十一", "标题", 10);
  auto status = v.Done();
  ASSERT_FALSE(status.ok());
  ASSERT_EQ(status.error().fields.size(), 2u);
  EXPECT_EQ(status.error().fields[0].code, "required");
  EXPECT_EQ(status.error().fields[1].code, "too_long");
}

namespace zhiyuan {
namespace {

TEST(Validator, RefusesControlCharactersButKeepsLineBreaks) {
  core::Validator v;
  EXPECT_EQ(v.Text("body", "第一段\n\t第二段\r\n", "正文", 100), "第一段\n\t第二段");
  EXPECT_TRUE(v.ok());
  v.Text("label", std::string("x\0y", 3), "名称", 100);
  v.Text("title", "a\x1b[31mred", "标题", 100);
  EXPECT_FALSE(v.ok());
  auto e = v.Done();
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().fields.size(), 2u);
  EXPECT_EQ(e.error().fields[0].code, "invalid_text");
}

}  // namespace
}  // namespace zhiyuan
