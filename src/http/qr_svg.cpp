#include "http/qr_svg.hpp"

#include "documents/qr_code.hpp"

namespace zhiyuan::http {

std::optional<std::string> QrSvg(std::string_view text, int px) {
  auto code = documents::EncodeQr(text);
  if (!code) return std::nullopt;
  constexpr int kQuiet = 4;  // the quiet zone scanners need around the symbol
  int width = code->width;
  int size = (width + 2 * kQuiet) * px;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(size) + "\" height=\"" +
                    std::to_string(size) + "\" viewBox=\"0 0 " + std::to_string(width + 2 * kQuiet) + " " +
                    std::to_string(width + 2 * kQuiet) + "\" shape-rendering=\"crispEdges\">" +
                    "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
  for (int y = 0; y < width; ++y)
    for (int x = 0; x < width; ++x)
      if (code->Dark(x, y)) svg += "M" + std::to_string(x + kQuiet) + " " + std::to_string(y + kQuiet) + "h1v1h-1z";
  svg += "\"/></svg>";
  return svg;
}

}  // namespace zhiyuan::http
