#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ with clang and runs each for SECONDS (default 20) from the committed
# corpus (fuzz/corpus/<target>, never written to: new inputs go to a scratch copy). A crash, leak or sanitizer
# report fails the target; its input is kept under build-fuzz/artifacts/ — turn it into a regression seed in
# fuzz/corpus/<target>/ once fixed. Prints "fuzz: N passed, M failed" and exits non-zero if any failed.
#   bash scripts/run-fuzz.sh [SECONDS]      (make test: 15 s each; make fuzz: 300 s each)
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
build=${FUZZ_BUILD:-build-fuzz}
targets=(identity_documents json_reader table_import bank_signature qr_token)

mkdir -p "$build"
if ! cmake -S fuzz -B "$build" -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build/configure.log" 2>&1 ||
   ! cmake --build "$build" -j "${JOBS:-2}" >"$build/build.log" 2>&1; then
  tail -30 "$build/configure.log" "$build/build.log" 2>/dev/null
  echo "fuzz: 0 passed, ${#targets[@]} failed (build)"
  exit 1
fi

mkdir -p "$build/artifacts"
passed=0 failed=0
for t in "${targets[@]}"; do
  scratch=$(mktemp -d /tmp/zhiyuan-fuzz-$t.XXXXXX)
  log="$build/$t.log"
  if "$build/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$build/artifacts/$t-" "$scratch" "fuzz/corpus/$t" >"$log" 2>&1; then
    runs=$(grep -E "^stat::number_of_executed_units" "$log" | awk '{print $2}')
    printf '  %-20s %9s runs in %ss, no failure\n' "$t" "${runs:-?}" "$seconds"
    passed=$((passed + 1))
  else
    echo "  $t: FAILED — see $log and $build/artifacts/"
    grep -E "ERROR|SUMMARY|Test unit written" "$log" | head -5
    failed=$((failed + 1))
  fi
  rm -rf "$scratch"
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
