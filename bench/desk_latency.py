#!/usr/bin/env python3
"""Sequential latency of the target desk (测评考核) and its neighbours, one request at a time, as a dashboard user
sees it: p50/p95/p99 over N requests per path after a warm-up. Loopback only.

usage: desk_latency.py BASE_URL TOKEN [N] [PATH ...]
"""
import http.client
import statistics
import sys
import time
import urllib.parse

DEFAULT_PATHS = [
    "/api/v1/targets?year=2026",
    "/api/v1/targets/trend?from=2020&to=2026",
    "/api/v1/targets/counties/441424?year=2026",
]


def percentile(sorted_ms, p):
    k = (len(sorted_ms) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(sorted_ms) - 1)
    return sorted_ms[lo] + (sorted_ms[hi] - sorted_ms[lo]) * (k - lo)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    base, token = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    paths = sys.argv[4:] or DEFAULT_PATHS
    url = urllib.parse.urlsplit(base)
    if url.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("loopback only")
    conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=60)
    headers = {"Authorization": "Bearer " + token}
    print(f"{'path':<48} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for path in paths:
        samples = []
        for i in range(n + 5):
            started = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200:
                sys.exit(f"{path}: HTTP {response.status} {body[:200]!r}")
            if i >= 5:  # the first few warm the caches
                samples.append(elapsed)
        samples.sort()
        print(f"{path:<48} {n:>5} {statistics.median(samples):>8.1f} {percentile(samples, 0.95):>8.1f} "
              f"{percentile(samples, 0.99):>8.1f} {samples[-1]:>8.1f}")


if __name__ == "__main__":
    main()
