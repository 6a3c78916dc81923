#include "documents/pdf_document.hpp"

#include <hpdf.h>

#include <stdexcept>
#include <vector>

namespace zhiyuan::documents {

struct PdfDocument::ErrorState {
  HPDF_STATUS error = HPDF_OK;
  HPDF_STATUS detail = 0;
};

namespace {

HPDF_Doc Doc(void* p) { return static_cast<HPDF_Doc>(p); }
HPDF_Page Page(void* p) { return static_cast<HPDF_Page>(p); }
HPDF_Font Font(void* p) { return static_cast<HPDF_Font>(p); }

// Length in bytes of the UTF-8 sequence that starts with `lead`.
std::size_t Utf8SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

}  // namespace

PdfDocument::PdfDocument(const std::string& font_path, std::string_view title, core::TimePoint created)
    : error_(std::make_unique<ErrorState>()) {
  pdf_ = HPDF_New(
      [](HPDF_STATUS e, HPDF_STATUS d, void* user) {
        auto* s = static_cast<ErrorState*>(user);
        if (s->error == HPDF_OK) {
          s->error = e;
          s->detail = d;
        }
      },
      error_.get());
  if (!pdf_) throw std::runtime_error("libharu: cannot create a document");
  HPDF_SetCompressionMode(Doc(pdf_), HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(Doc(pdf_));
  HPDF_SetCurrentEncoder(Doc(pdf_), "UTF-8");
  const char* name = HPDF_LoadTTFontFromFile2(Doc(pdf_), font_path.c_str(), 0, HPDF_TRUE);
  Check("loading the font");
  font_ = HPDF_GetFont(Doc(pdf_), name, "UTF-8");
  Check("selecting the font");
  std::string ascii_title(title);
  HPDF_SetInfoAttr(Doc(pdf_), HPDF_INFO_TITLE, ascii_title.c_str());
  HPDF_SetInfoAttr(Doc(pdf_), HPDF_INFO_CREATOR, "Zhiyuan");
  auto seconds = core::ToUnix(created) + 8 * 3600;  // Beijing time, as printed on the page
  auto day = std::chrono::floor<std::chrono::days>(std::chrono::sys_seconds(std::chrono::seconds(seconds)));
  std::chrono::year_month_day ymd(day);
  auto rest = seconds - std::chrono::sys_seconds(day).time_since_epoch().count();
  HPDF_Date date{int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day())), int(rest / 3600),
                 int(rest / 60 % 60), int(rest % 60), '+', 8, 0};
  HPDF_SetInfoDateAttr(Doc(pdf_), HPDF_INFO_CREATION_DATE, date);
  Check("writing the document information");
}

PdfDocument::~PdfDocument() {
  if (pdf_) HPDF_Free(Doc(pdf_));
}

void PdfDocument::Check(const char* step) const {
  if (error_->error != HPDF_OK) {
    char code[32];
    std::snprintf(code, sizeof code, "0x%04X/%u", unsigned(error_->error), unsigned(error_->detail));
    throw std::runtime_error(std::string("libharu failed ") + step + ": " + code);
  }
}

void PdfDocument::NewPage(bool landscape) {
  page_ = HPDF_AddPage(Doc(pdf_));
  HPDF_Page_SetSize(Page(page_), HPDF_PAGE_SIZE_A4, landscape ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
  Check("adding a page");
}

void PdfDocument::Text(float x, float y, float size, std::string_view utf8) {
  std::string text(utf8);
  HPDF_Page_BeginText(Page(page_));
  HPDF_Page_SetFontAndSize(Page(page_), Font(font_), size);
  HPDF_Page_TextOut(Page(page_), x, y, text.c_str());
  HPDF_Page_EndText(Page(page_));
  Check("writing text");
}

void PdfDocument::TextCentered(float center_x, float y, float size, std::string_view utf8) {
  Text(center_x - TextWidth(size, utf8) / 2, y, size, utf8);
}

float PdfDocument::TextWidth(float size, std::string_view utf8) const {
  std::string text(utf8);
  HPDF_Page_SetFontAndSize(Page(page_), Font(font_), size);
  return HPDF_Page_TextWidth(Page(page_), text.c_str());
}

std::size_t PdfDocument::FitPrefix(float size, std::string_view utf8, float width) const {
  std::size_t end = 0;
  while (end < utf8.size()) {
    auto next = std::min(utf8.size(), end + Utf8SequenceLength(static_cast<unsigned char>(utf8[end])));
    if (TextWidth(size, utf8.substr(0, next)) > width) break;
    end = next;
  }
  return end;
}

void PdfDocument::Line(float x1, float y1, float x2, float y2, float width) {
  HPDF_Page_SetLineWidth(Page(page_), width);
  HPDF_Page_MoveTo(Page(page_), x1, y1);
  HPDF_Page_LineTo(Page(page_), x2, y2);
  HPDF_Page_Stroke(Page(page_));
  Check("drawing a line");
}

void PdfDocument::Qr(const QrMatrix& code, float x, float y, float size) {
  float module = size / float(code.width);
  HPDF_Page_SetRGBFill(Page(page_), 0, 0, 0);
  for (int row = 0; row < code.width; ++row)
    for (int col = 0; col < code.width; ++col)
      if (code.Dark(col, row))
        HPDF_Page_Rectangle(Page(page_), x + float(col) * module, y + size - float(row + 1) * module, module, module);
  HPDF_Page_Fill(Page(page_));
  Check("drawing the QR code");
}

std::string PdfDocument::Bytes() {
  HPDF_SaveToStream(Doc(pdf_));
  Check("saving");
  std::string out(HPDF_GetStreamSize(Doc(pdf_)), '\0');
  HPDF_UINT32 size = HPDF_UINT32(out.size());
  HPDF_ReadFromStream(Doc(pdf_), reinterpret_cast<HPDF_BYTE*>(out.data()), &size);
  out.resize(size);
  return out;
}

}  // namespace zhiyuan::documents
