-- Shared by the wrk scripts of scripts/run-bench.sh (loaded with dofile): after the run, one machine-readable
-- line with the request count, the run's length, the answers that were not 2xx/3xx (status >= 400), socket
-- errors, and latency percentiles in milliseconds (wrk --latency prints no p95).
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d non2xx=%d socket_errors=%d p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
