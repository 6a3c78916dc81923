// The only translation unit that sees RESTinio: everything else speaks http::Request/Response.
#include "http/server.hpp"

#include <restinio/all.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include "crypto/crypto.hpp"

namespace zhiyuan::http {
namespace {

using Traits = restinio::default_traits_t;  // thread-safe: handlers run on a pool of io threads

std::string NextRequestId() {
  static const std::string prefix = crypto::RandomToken(6).substr(0, 6);
  static std::atomic<std::uint64_t> counter{0};
  return prefix + "-" + std::to_string(++counter);
}

Request ToRequest(const restinio::request_handle_t& req) {
  Request r;
  const auto& h = req->header();
  r.method = h.method().c_str();
  r.path = PercentDecode(h.path(), false);
  r.query = ParseQuery(h.query());
  r.target = std::string(h.path());
  if (!h.query().empty()) r.target += "?" + std::string(h.query());
  h.for_each_field([&](const restinio::http_header_field_t& f) {
    std::string name = f.name();
    for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace_back(std::move(name), f.value());
  });
  r.body = req->body();
  r.remote_ip = req->remote_endpoint().address().to_string();
  r.request_id = NextRequestId();
  return r;
}

}  // namespace

void Serve(const ServerOptions& options, Api& api, const std::function<void()>& on_ready) {
  restinio::asio_ns::io_context io;
  auto handler = [&api](restinio::request_handle_t req) {
    auto started = std::chrono::steady_clock::now();
    Request request = ToRequest(req);
    Response response = api.Handle(request);
    auto builder = req->create_response(restinio::http_status_line_t{
        restinio::http_status_code_t{static_cast<std::uint16_t>(response.status)}, ""});
    if (!response.content_type.empty()) builder.append_header("Content-Type", response.content_type);
    for (auto& [name, value] : response.headers) builder.append_header(std::move(name), std::move(value));
    builder.set_body(std::move(response.body));
    builder.done();
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    // The access log carries the path without its query string: queries may hold search text.
    spdlog::info("[{}] {} {} {} {:.1f}ms", request.request_id, request.method, request.path, response.status, ms);
    return restinio::request_accepted();
  };

  // Bodies up to 8× the API limit reach Api::Handle, which answers 413 with a problem document; only
  // larger ones are cut off by the transport.
  restinio::http_server_t<Traits> server{
      restinio::external_io_context(io),
      restinio::server_settings_t<Traits>{}
          .address(options.address)
          .port(options.port)
          .request_handler(std::move(handler))
          .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}.max_body_size(options.max_body_bytes * 2))
          .read_next_http_message_timelimit(std::chrono::seconds(60))
          .write_http_response_timelimit(std::chrono::seconds(30))
          .handle_request_timeout(std::chrono::seconds(30))
          .max_pipelined_requests(4)};

  restinio::asio_ns::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const restinio::asio_ns::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("signal {} received: finishing requests in flight and stopping", signal);
    server.close_async([&io] { io.stop(); }, [&io](std::exception_ptr) { io.stop(); });
  });

  server.open_sync();
  if (on_ready) on_ready();
  std::vector<std::thread> pool;
  for (int i = 1; i < std::max(1, options.threads); ++i) pool.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : pool) t.join();
}

}  // namespace zhiyuan::http
