#!/usr/bin/env bash
# Runs every test suite and ends with one line "N passed, N failed" summing them all; exits non-zero
# when anything failed. Starts (and stops) its own throwaway PostgreSQL.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ASAN=${ASAN:-build-asan}
logs=$(mktemp -d /tmp/zhiyuan-test-logs.XXXXXX)
total_pass=0
total_fail=0

pg_dir=/tmp/zhiyuan-pg-$$
pg_port=$(( 20000 + ($$ % 20000) ))
cleanup() { bash scripts/pg-throwaway.sh stop "$pg_dir" >/dev/null 2>&1; }
trap cleanup EXIT
if ! ZHIYUAN_TEST_PG_URL=$(bash scripts/pg-throwaway.sh start "$pg_dir" "$pg_port"); then
  echo "could not start PostgreSQL (see $pg_dir)"; exit 1
fi
export ZHIYUAN_TEST_PG_URL

record() {  # name passed failed
  printf '%-34s %5d passed, %d failed\n' "$1" "$2" "$3"
  total_pass=$((total_pass + $2))
  total_fail=$((total_fail + $3))
}

# ctest prints "N% tests passed, F tests failed out of T".
run_ctest() {  # name dir label
  local log="$logs/$1.log"
  (cd "$2" && ctest --output-on-failure -j 2 -L "$3") >"$log" 2>&1
  local rc=$?
  local line total failed
  line=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$log" | tail -1)
  if [ -z "$line" ]; then
    echo "--- $1: no ctest summary (exit $rc)"; tail -30 "$log"; record "$1" 0 1; return
  fi
  total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")
  failed=$(sed -E 's/.* ([0-9]+) tests? failed.*/\1/' <<<"$line")
  [ "$failed" -gt 0 ] && grep -E "^\s+[0-9]+ - |Failed|Failure" "$log" | head -40
  record "$1" $((total - failed)) "$failed"
}

# node --test prints "# pass N" and "# fail N".
run_node() {  # name args...
  local name=$1; shift
  local log="$logs/$name.log"
  node --test --test-concurrency=1 "$@" >"$log" 2>&1
  local rc=$?
  local pass fail
  pass=$(grep -E "^# pass [0-9]+" "$log" | tail -1 | awk '{print $3}')
  fail=$(grep -E "^# fail [0-9]+" "$log" | tail -1 | awk '{print $3}')
  if [ -z "$pass" ]; then echo "--- $name: no summary (exit $rc)"; tail -40 "$log"; record "$name" 0 1; return; fi
  if [ "${fail:-0}" -gt 0 ] || [ $rc -ne 0 ]; then
    grep -E "^not ok|# Subtest|error:|Error|expected|actual" "$log" | head -60
    [ "${fail:-0}" -eq 0 ] && fail=1
  fi
  record "$name" "$pass" "${fail:-0}"
}

run_vitest() {
  local log="$logs/web-unit.log"
  (cd web && NO_COLOR=1 FORCE_COLOR=0 npx vitest run --reporter=verbose) >"$log" 2>&1
  local rc=$?
  sed -i 's/\x1b\[[0-9;]*m//g' "$log"  # colour codes would split the summary line
  local pass fail
  pass=$(grep -E "Tests +[0-9]+ passed" "$log" | sed -E 's/.*Tests +([0-9]+) passed.*/\1/' | tail -1)
  fail=$(grep -E "Tests +.*[0-9]+ failed" "$log" | sed -E 's/.* ([0-9]+) failed.*/\1/' | tail -1)
  if [ -z "$pass$fail" ]; then echo "--- web-unit: no summary (exit $rc)"; tail -30 "$log"; record web-unit 0 1; return; fi
  [ -n "$fail" ] && grep -E "FAIL|AssertionError|Expected|Received" "$log" | head -40
  record web-unit "${pass:-0}" "${fail:-0}"
}

run_openapi_lint() {
  local log="$logs/openapi.log"
  if node scripts/lint-openapi.mjs docs/openapi.yaml >"$log" 2>&1; then record openapi-lint 1 0; else cat "$log"; record openapi-lint 0 1; fi
}

# The libFuzzer targets (fuzz/), briefly: each from the committed corpus for FUZZ_SECONDS (make fuzz: longer).
run_fuzz() {
  local log="$logs/fuzz.log"
  bash scripts/run-fuzz.sh "${FUZZ_SECONDS:-15}" >"$log" 2>&1
  local line
  line=$(grep -E "^fuzz: [0-9]+ passed, [0-9]+ failed" "$log" | tail -1)
  if [ -z "$line" ]; then echo "--- fuzz: no summary"; tail -30 "$log"; record "fuzz (libFuzzer)" 0 1; return; fi
  local pass fail
  pass=$(sed -E 's/fuzz: ([0-9]+) passed.*/\1/' <<<"$line")
  fail=$(sed -E 's/.*passed, ([0-9]+) failed.*/\1/' <<<"$line")
  [ "$fail" -gt 0 ] && cat "$log"
  record "fuzz (libFuzzer)" "$pass" "$fail"
}

run_ctest "unit"                     "$BUILD" unit
run_ctest "unit (ASan+UBSan)"        "$ASAN"  unit
run_ctest "integration (SQLite+PG)"  "$BUILD" integration
ZHIYUAN_TEST_BACKEND=sqlite     run_node "api (SQLite)"     tests/api/
ZHIYUAN_TEST_BACKEND=postgresql run_node "api (PostgreSQL)" tests/api/
# The multi-node deployment (make cluster-test), where nginx and PostgreSQL's binaries are installed.
if [ -x /usr/sbin/nginx ] && [ -x /usr/lib/postgresql/15/bin/pg_basebackup ]; then
  BUILD=$BUILD run_node "cluster (nginx, 2 apps, replica)" tests/cluster/
else
  echo "--- cluster: skipped (nginx or PostgreSQL 15 missing: scripts/install-deps.sh installs them)"
fi
run_vitest
ZY_E2E_REQUIRE_SERVER=1 run_node "e2e (Chromium)" web/e2e/
run_openapi_lint
run_fuzz

echo "logs: $logs"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
