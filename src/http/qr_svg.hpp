#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace zhiyuan::http {

// An SVG image of a QR code (libqrencode, error correction M) for `text`; nullopt when it does not fit.
std::optional<std::string> QrSvg(std::string_view text, int module_pixels = 8);

}  // namespace zhiyuan::http
