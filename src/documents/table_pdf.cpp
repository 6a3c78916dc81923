#include "documents/table_pdf.hpp"

#include <algorithm>
#include <numeric>

#include "documents/pdf_document.hpp"

namespace zhiyuan::documents {
namespace {

constexpr float kMargin = 36;
constexpr float kBodySize = 8;      // shrunk (down to kMinBodySize) when the columns would not fit
constexpr float kMinBodySize = 5.5f;
constexpr float kHeaderSize = 7.5f;
constexpr float kRowHeight = 14;
constexpr float kHeaderLineHeight = 10;
constexpr int kMaxHeaderLines = 3;

// Splits text into lines that fit `width` (whole characters), at most `max_lines`.
std::vector<std::string> Wrap(const PdfDocument& pdf, float size, std::string_view text, float width, int max_lines) {
  std::vector<std::string> lines;
  while (!text.empty() && int(lines.size()) < max_lines) {
    auto n = std::max<std::size_t>(pdf.FitPrefix(size, text, width), 1);
    n = std::min(n, text.size());
    lines.emplace_back(text.substr(0, n));
    text.remove_prefix(n);
  }
  return lines;
}

}  // namespace

std::string RenderTablePdf(const std::string& font_path, const TableReport& report) {
  PdfDocument pdf(font_path, report.title, report.created);
  const float page_w = PdfDocument::kPageHeight, page_h = PdfDocument::kPageWidth;  // landscape
  const float table_w = page_w - 2 * kMargin;
  pdf.NewPage(true);

  // Column widths: each column's widest body cell (headers wrap onto up to three lines). When they do not fit
  // the page, the body text shrinks first, so that figures are printed whole rather than cut.
  std::size_t columns = report.header.size();
  auto widths_at = [&](float size) {
    std::vector<float> want(columns, 20);
    for (const auto& row : report.rows)
      for (std::size_t c = 0; c < columns && c < row.size(); ++c)
        want[c] = std::max(want[c], pdf.TextWidth(size, row[c]) + 5);
    for (std::size_t c = 0; c < columns; ++c)
      want[c] = std::max(want[c], std::min(pdf.TextWidth(kHeaderSize, report.header[c]) / kMaxHeaderLines + 12, 60.f));
    return want;
  };
  float body_size = kBodySize;
  auto width = widths_at(body_size);
  float total = std::accumulate(width.begin(), width.end(), 0.f);
  if (total > table_w) {
    body_size = std::max(kMinBodySize, kBodySize * table_w / total);
    width = widths_at(body_size);
    total = std::accumulate(width.begin(), width.end(), 0.f);
  }
  for (auto& w : width) w *= table_w / std::max(total, 1.f);  // fill the page (or, at the smallest size, cut)

  std::vector<std::vector<std::string>> header_lines;
  int header_rows = 1;
  for (std::size_t c = 0; c < columns; ++c) {
    header_lines.push_back(Wrap(pdf, kHeaderSize, report.header[c], width[c] - 4, kMaxHeaderLines));
    header_rows = std::max(header_rows, int(header_lines.back().size()));
  }
  const float header_h = header_rows * kHeaderLineHeight + 6;

  int page = 1;
  float y = page_h - kMargin;
  auto footer = [&] { pdf.TextCentered(page_w / 2, kMargin / 2, 8, "第 " + std::to_string(page) + " 页"); };
  auto draw_header = [&] {
    pdf.Line(kMargin, y, kMargin + table_w, y);
    float x = kMargin;
    for (std::size_t c = 0; c < columns; ++c) {
      for (std::size_t l = 0; l < header_lines[c].size(); ++l)
        pdf.Text(x + 2, y - kHeaderLineHeight * float(l + 1), kHeaderSize, header_lines[c][l]);
      x += width[c];
    }
    y -= header_h;
    pdf.Line(kMargin, y, kMargin + table_w, y, 0.9f);
  };

  pdf.TextCentered(page_w / 2, y - 14, 16, report.title);
  y -= 32;
  for (const auto& line : report.subtitle) {
    pdf.TextCentered(page_w / 2, y, 9, line);
    y -= 13;
  }
  y -= 6;
  draw_header();
  for (const auto& row : report.rows) {
    if (y - kRowHeight < kMargin) {
      footer();
      pdf.NewPage(true);
      ++page;
      y = page_h - kMargin;
      draw_header();
    }
    float x = kMargin;
    for (std::size_t c = 0; c < columns; ++c) {
      std::string_view cell = c < row.size() ? std::string_view(row[c]) : std::string_view();
      cell = cell.substr(0, pdf.FitPrefix(body_size, cell, width[c] - 3));
      pdf.Text(x + 2, y - kRowHeight + 4, body_size, cell);
      x += width[c];
    }
    y -= kRowHeight;
    pdf.Line(kMargin, y, kMargin + table_w, y, 0.3f);
  }
  y -= 10;
  for (const auto& note : report.notes) {
    for (const auto& line : Wrap(pdf, 8, note, table_w, 4)) {
      if (y - 11 < kMargin) {
        footer();
        pdf.NewPage(true);
        ++page;
        y = page_h - kMargin;
      }
      pdf.Text(kMargin, y - 9, 8, line);
      y -= 11;
    }
  }
  footer();
  return pdf.Bytes();
}

}  // namespace zhiyuan::documents
