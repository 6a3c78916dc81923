#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zhiyuan::app {

// Settings from a `key = value` file, overridden by ZHIYUAN_* environment variables.
struct Config {
  std::string database = "sqlite:data/zhiyuan.db";  // ZHIYUAN_DATABASE
  // A PostgreSQL streaming replica of `database` for staleness-tolerant reads (dashboards, the public activity
  // search), used while it is at most read_max_lag_ms behind; empty: every read on the primary (docs/scaling.md).
  std::string read_database_url;                    // ZHIYUAN_READ_DATABASE_URL (serve --read-database-url)
  int read_max_lag_ms = 5000;                       // ZHIYUAN_READ_MAX_LAG_MS
  std::string listen = "127.0.0.1:8080";            // ZHIYUAN_LISTEN
  std::string key_file = "data/secret.key";         // ZHIYUAN_KEY_FILE (created 0600 when absent)
  std::string web_root = "web/dist";                // ZHIYUAN_WEB_ROOT
  std::string log_level = "info";                   // ZHIYUAN_LOG_LEVEL
  // The address the public reaches the portal at: printed in QR codes and proofs' verification links.
  std::string public_url;                           // ZHIYUAN_PUBLIC_URL (default: http:// + listen)
  std::string pdf_font = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";  // ZHIYUAN_PDF_FONT (embedded in PDFs)
  int threads = 8;                                  // ZHIYUAN_THREADS
  int pool_size = 8;                                // ZHIYUAN_POOL_SIZE
  int sqlite_cache_mb = 16;                         // ZHIYUAN_SQLITE_CACHE_MB (per connection)
  bool cookie_secure = false;                       // ZHIYUAN_COOKIE_SECURE
  int idle_timeout_minutes = 30;                    // ZHIYUAN_IDLE_TIMEOUT_MINUTES
  int max_failed_logins = 5;                        // ZHIYUAN_MAX_FAILED_LOGINS
  int lock_minutes = 30;                            // ZHIYUAN_LOCK_MINUTES
  int min_password_length = 8;                      // ZHIYUAN_MIN_PASSWORD_LENGTH
  int min_password_classes = 3;                     // ZHIYUAN_MIN_PASSWORD_CLASSES (of lower, upper, digit, symbol)
  int password_max_age_days = 90;                   // ZHIYUAN_PASSWORD_MAX_AGE_DAYS (then a reminder)
  // Per-address limits on log-in, registration and SMS-sending requests (429 with Retry-After). Only load tests
  // and benchmarks turn them off; the server warns at start when they are.
  bool rate_limits = true;                          // ZHIYUAN_RATE_LIMITS (on | off)
  // The reverse proxies in front (comma-separated addresses): their X-Forwarded-For names the client.
  std::vector<std::string> trusted_proxies;         // ZHIYUAN_TRUSTED_PROXIES

  // Reads `path` if it exists (a missing default file is fine; a missing named file is an error), then the
  // environment. Throws std::runtime_error with the offending line on a malformed file.
  static Config Load(const std::string& path, bool path_given);
  std::string ListenHost() const;
  std::uint16_t ListenPort() const;
  std::string PublicUrl() const;
};

}  // namespace zhiyuan::app
