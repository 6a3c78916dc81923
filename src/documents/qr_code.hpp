#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace zhiyuan::documents {

// A QR symbol (libqrencode, error correction M) as a square of dark/light modules, without the quiet zone.
struct QrMatrix {
  int width = 0;
  std::vector<bool> dark;  // row-major, width × width
  bool Dark(int x, int y) const { return dark[std::size_t(y) * std::size_t(width) + std::size_t(x)]; }
};

// nullopt when the text does not fit in a QR symbol.
std::optional<QrMatrix> EncodeQr(std::string_view text);

}  // namespace zhiyuan::documents
