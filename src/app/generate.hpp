#pragma once

#include <cstdint>
#include <string>

#include "app/wiring.hpp"

namespace zhiyuan::app {

// `zhiyuan gen`: realistic data at scale, written straight into the database (COPY on PostgreSQL, reused
// prepared statements on SQLite, large transactions), deterministic from the seed.
struct GenerateOptions {
  std::string scale = "city";  // "city" ≈ Meizhou 2024; "small" for quick trials
  std::uint64_t seed = 2017;
  // Benchmark fixtures: an activity running now with this many volunteers signed up, and their bearer
  // tokens (one per line; the organiser's first) written to `sessions_file`.
  int bench_sessions = 0;
  std::string sessions_file;
};

struct ScaleSizes {
  std::int64_t volunteers, organizations, activities, ledger_entries;
};

ScaleSizes SizesFor(const std::string& scale);
// Returns a non-zero exit code on error (with a message on stderr).
int Generate(Wiring& w, const GenerateOptions& options);

}  // namespace zhiyuan::app
