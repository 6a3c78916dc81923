#include "documents/proof_pdf.hpp"

#include <cctype>
#include <map>

#include "core/text.hpp"
#include "documents/pdf_document.hpp"

namespace zhiyuan::documents {
namespace {

constexpr float kLeft = 56;
constexpr float kRight = PdfDocument::kPageWidth - 56;
constexpr float kBottom = 70;

std::string ChineseDate(core::Date d) {
  return std::to_string(int(d.year())) + "年" + std::to_string(unsigned(d.month())) + "月" +
         std::to_string(unsigned(d.day())) + "日";
}

std::string PeriodText(const domain::proofs::Facts& f) {
  auto issued = core::ChinaDate(f.issued_at);
  if (!f.from && !f.to) return "截至" + ChineseDate(issued) + "的全部服务期间";
  if (!f.from) return ChineseDate(*f.to) + "及以前";
  return ChineseDate(*f.from) + "至" + ChineseDate(f.to ? *f.to : issued);
}

// Writes `text` from (x, y) in lines no wider than `width`; returns the y below the last line.
float Paragraph(PdfDocument& pdf, float x, float y, float width, float size, std::string_view text) {
  while (!text.empty()) {
    auto n = pdf.FitPrefix(size, text, width);
    if (n == 0) n = 1;
    // Do not split a number or a Latin word ("2026", "ZY2026…") across lines when it can move down whole.
    auto word = [&](std::size_t i) { return std::isalnum(static_cast<unsigned char>(text[i])) != 0; };
    if (n < text.size() && word(n) && word(n - 1)) {
      auto start = n;
      while (start > 0 && word(start - 1)) --start;
      if (start > 0) n = start;
    }
    pdf.Text(x, y, size, text.substr(0, n));
    text.remove_prefix(n);
    y -= size * 1.6f;
  }
  return y;
}

// The cell text cut to fit, with an ellipsis when cut.
std::string Cell(const PdfDocument& pdf, float size, const std::string& text, float width) {
  if (pdf.TextWidth(size, text) <= width) return text;
  auto n = pdf.FitPrefix(size, text, width - pdf.TextWidth(size, "…"));
  return text.substr(0, n) + "…";
}

}  // namespace

std::string ProofPdf::Render(const domain::proofs::Facts& f, const std::string& verify_url) const {
  PdfDocument pdf(font_path_, "Zhiyuan proof " + f.number, f.issued_at);
  pdf.NewPage();
  float y = PdfDocument::kPageHeight - 70;
  pdf.TextCentered(PdfDocument::kPageWidth / 2, y, 22, "志愿服务记录证明");
  y -= 26;
  pdf.Text(kRight - pdf.TextWidth(10, "证明编号：" + f.number), y, 10, "证明编号：" + f.number);
  y -= 30;

  std::string body = "兹证明 " + f.volunteer_name + "（证件号码 " + f.id_number_masked + "，志愿者编号 " +
                     f.volunteer_number + "）于" + PeriodText(f) + "参加志愿服务，经记录组织确认的志愿服务时长共计 " +
                     core::FormatHours(f.total_minutes) + " 小时，明细如下：";
  y = Paragraph(pdf, kLeft, y, kRight - kLeft, 12, body) - 6;

  std::map<std::int64_t, std::string> org_names;
  for (const auto& i : f.issuers) org_names[i.organization.value] = i.name;
  const float columns[] = {kLeft, kLeft + 30, kLeft + 190, kLeft + 300, kLeft + 410, kRight};
  auto header = [&](float at) {
    const char* titles[] = {"序号", "活动名称", "服务日期", "记录组织", "时长（小时）"};
    for (int c = 0; c < 5; ++c) pdf.Text(columns[c] + 2, at, 10, titles[c]);
    pdf.Line(kLeft, at - 6, kRight, at - 6);
    return at - 22;
  };
  y = header(y);
  int index = 0;
  for (const auto& line : f.lines) {
    if (y < kBottom + 20) {
      pdf.NewPage();
      y = header(PdfDocument::kPageHeight - 70);
    }
    auto days = core::FormatDate(line.first_day);
    if (line.last_day != line.first_day) days += "至" + core::FormatDate(line.last_day).substr(5);
    pdf.Text(columns[0] + 2, y, 9, std::to_string(++index));
    pdf.Text(columns[1] + 2, y, 9, Cell(pdf, 9, line.title, columns[2] - columns[1] - 6));
    pdf.Text(columns[2] + 2, y, 9, Cell(pdf, 9, days, columns[3] - columns[2] - 6));
    pdf.Text(columns[3] + 2, y, 9, Cell(pdf, 9, org_names[line.organization.value], columns[4] - columns[3] - 6));
    pdf.Text(columns[4] + 2, y, 9, core::FormatHours(line.minutes));
    y -= 18;
  }
  pdf.Line(kLeft, y + 10, kRight, y + 10);
  y -= 12;

  const float kFooterHeight = 110 + 40 * float(f.issuers.size());
  if (y - kFooterHeight < kBottom) {
    pdf.NewPage();
    y = PdfDocument::kPageHeight - 70;
  }
  // The QR code sits beside the issuers and the verification note, at the top of the footer.
  if (auto code = EncodeQr(verify_url)) pdf.Qr(*code, kRight - 96, y - 92, 96);
  for (const auto& i : f.issuers) {
    y = Paragraph(pdf, kLeft, y, kRight - kLeft - 120, 11,
                  "出具组织：" + i.name + "（记录时长 " + core::FormatHours(i.minutes) + " 小时）");
    y = Paragraph(pdf, kLeft + 24, y, kRight - kLeft - 144, 11, "负责人：" + i.person_in_charge + "    经办人：" + i.handler);
  }
  y = Paragraph(pdf, kLeft, y - 4, kRight - kLeft - 120, 11, "出具日期：" + ChineseDate(core::ChinaDate(f.issued_at)));
  y = Paragraph(pdf, kLeft, y - 4, kRight - kLeft - 120, 8.5f,
                "本证明依据记录组织确认的志愿服务记录出具（谁记录谁证明），免费。扫描右侧二维码或访问以下地址核验：");
  Paragraph(pdf, kLeft, y, kRight - kLeft - 120, 8.5f, verify_url);
  return pdf.Bytes();
}

}  // namespace zhiyuan::documents
