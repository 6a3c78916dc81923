#include "documents/qr_code.hpp"

#include <qrencode.h>

#include <memory>
#include <string>

namespace zhiyuan::documents {

std::optional<QrMatrix> EncodeQr(std::string_view text) {
  std::string input(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                       &QRcode_free);
  if (!code) return std::nullopt;
  QrMatrix m;
  m.width = code->width;
  m.dark.resize(std::size_t(m.width) * std::size_t(m.width));
  for (std::size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = code->data[i] & 1;
  return m;
}

}  // namespace zhiyuan::documents
