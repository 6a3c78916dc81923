#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "documents/qr_code.hpp"

namespace zhiyuan::documents {

// A PDF being written with libharu: A4 pages, one embedded TrueType font (Chinese needs one embedded, or
// viewers without CJK fonts show blanks), coordinates in points from the bottom left. Output is
// deterministic: the same calls give the same bytes. Throws std::runtime_error on a libharu failure (a
// missing font file is an installation fault, not a user error).
class PdfDocument {
 public:
  static constexpr float kPageWidth = 595.276f;
  static constexpr float kPageHeight = 841.89f;

  PdfDocument(const std::string& font_path, std::string_view title, core::TimePoint created);
  ~PdfDocument();
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;

  // A4 portrait (kPageWidth × kPageHeight), or landscape (the two swapped) for wide tables.
  void NewPage(bool landscape = false);
  void Text(float x, float y, float size, std::string_view utf8);
  void TextCentered(float center_x, float y, float size, std::string_view utf8);
  float TextWidth(float size, std::string_view utf8) const;
  // The longest prefix of `utf8` (whole characters) that fits in `width`.
  std::size_t FitPrefix(float size, std::string_view utf8, float width) const;
  void Line(float x1, float y1, float x2, float y2, float width = 0.6f);
  void Qr(const QrMatrix& code, float x, float y, float size);
  std::string Bytes();

 private:
  void Check(const char* step) const;

  struct ErrorState;
  std::unique_ptr<ErrorState> error_;
  // libharu handles, kept opaque so its header stays out of the callers.
  void* pdf_ = nullptr;
  void* font_ = nullptr;
  void* page_ = nullptr;
};

}  // namespace zhiyuan::documents
