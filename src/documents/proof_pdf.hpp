#pragma once

#include <string>

#include "domain/proofs/proofs.hpp"

namespace zhiyuan::documents {

// 志愿服务记录证明 as an A4 PDF: the facts, a table of hours by activity (continued on further pages when
// long), the issuing organisations with their person in charge and handler, and a QR code to the public
// verification page.
class ProofPdf final : public domain::proofs::ProofRenderer {
 public:
  explicit ProofPdf(std::string font_path) : font_path_(std::move(font_path)) {}
  std::string Render(const domain::proofs::Facts& facts, const std::string& verify_url) const override;

 private:
  std::string font_path_;
};

}  // namespace zhiyuan::documents
