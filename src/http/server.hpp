#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "http/api.hpp"

namespace zhiyuan::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;
  int threads = 4;  // handlers block on the database, so more threads than cores
  std::size_t max_body_bytes = 5 << 20;  // keep equal to ApiOptions::max_upload_bytes
};

// Runs the API over HTTP until SIGINT or SIGTERM, then finishes the requests in flight and returns.
// `on_ready` runs once the port is bound (for "listening on…" messages). Throws when it cannot bind.
void Serve(const ServerOptions& options, Api& api, const std::function<void()>& on_ready = {});

}  // namespace zhiyuan::http
