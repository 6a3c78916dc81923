#!/usr/bin/env bash
# `make security-scan`: scanners no one here wrote, against a server with the demo data on loopback, with
# authenticated sessions — sqlmap (SQL injection, every technique it has at level 2) on the endpoints that take
# free text and filters, as anonymous, volunteer, admin, auditor and security admin; wapiti (injection, XSS, command execution,
# file disclosure, CRLF, open redirects) over the portal and the API. Writes build/security-scan/ and a
# summary; exits non-zero when either scanner reports a finding.
#   bash scripts/security-scan.sh            (SCAN_WAPITI_SECONDS=600 by default)
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
out=${SCAN_OUT:-$BUILD/security-scan}
for tool in sqlmap wapiti; do
  command -v $tool >/dev/null || { echo "$tool is missing: apt-get install sqlmap wapiti"; exit 2; }
done
rm -rf "$out" && mkdir -p "$out"
dir=$(mktemp -d /tmp/zhiyuan-scan.XXXXXX)
port=$(( 30000 + ($$ % 20000) ))
base="http://127.0.0.1:$port"
# Scanners send thousands of requests from one address: the per-address limits would stop them early.
ZHIYUAN_DATABASE="sqlite:$dir/zhiyuan.db" ZHIYUAN_KEY_FILE="$dir/secret.key" ZHIYUAN_LISTEN="127.0.0.1:$port" \
  ZHIYUAN_RATE_LIMITS=off ZHIYUAN_LOG_LEVEL=warn "$BUILD/zhiyuan" serve --demo >"$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done

totp() {  # the demo administrators' authenticator code (README: demo accounts)
  python3 - "$1" <<'PY'
import base64, hashlib, hmac, struct, sys, time
key = base64.b32decode(sys.argv[1])
mac = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
o = mac[19] & 15
print("%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000))
PY
}
token() {  # phone [totp]
  local body="{\"phone\":\"$1\",\"password\":\"Zhiyuan@2026\"${2:+,\"totp\":\"$2\"}}"
  curl -sf -X POST "$base/api/v1/sessions" -H 'content-type: application/json' -d "$body" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
demo_secret=ZHIYUANDEMOMEIZHOUVOLUNTEERSTOTP
volunteer=$(token 13900000002)
org_admin=$(token 13900000001)
city_admin=$(token 13800000001 "$(totp $demo_secret)")
sleep 31  # a code works once: the auditor (same demo secret) waits for the next step
auditor=$(token 13800000002 "$(totp $demo_secret)")
sleep 31
security_admin=$(token 13800000003 "$(totp $demo_secret)")
for t in volunteer org_admin city_admin auditor security_admin; do
  [ -n "${!t}" ] || { echo "could not log in as $t"; tail -20 "$out/server.log"; exit 1; }
done

# ---- sqlmap: each (session, method, URL[, JSON body]); every parameter is tested, and * marks a place in a path
targets=(
  "anon|GET|$base/api/v1/activities?q=社区&category=社区服务&county_code=441402&status=published&organization_id=1"
  "anon|GET|$base/api/v1/organizations?q=志愿&county_code=441402"
  "anon|GET|$base/api/v1/stories?kind=volunteer"
  "anon|POST|$base/api/v1/sessions|{\"phone\":\"13900000002\",\"password\":\"Wrong#2026x\"}"
  "anon|POST|$base/api/v1/volunteers|{\"name\":\"张三\",\"id_type\":\"resident_id\",\"id_number\":\"441402199001010010\",\"phone\":\"13912345678\",\"password\":\"Zhiyuan#2026\",\"county_code\":\"441402\"}"
  "volunteer|GET|$base/api/v1/activities/1*"
  "volunteer|GET|$base/api/v1/me/hours?year=2026"
  "city_admin|GET|$base/api/v1/volunteers?q=李&county_code=441402"
  "city_admin|GET|$base/api/v1/targets?year=2026"
  "city_admin|GET|$base/api/v1/targets/counties/441424*?year=2026"
  "auditor|GET|$base/api/v1/audit-events?action=session.login&actor_id=1"
  "security_admin|GET|$base/api/v1/security/accounts?q=管理&role=county_admin&status=active"
  "security_admin|GET|$base/api/v1/security/events?kind=login_denied&from=2026-01-01T00:00:00Z"
)
findings=0
n=0
for entry in "${targets[@]}"; do
  IFS='|' read -r who method url body <<<"$entry"
  n=$((n + 1))
  # 4xx answers are what bad input gets here (401 for a wrong password, 422 for a bad value): not a reason to stop.
  args=(--batch --level=2 --risk=1 --flush-session --disable-coloring --output-dir="$out/sqlmap" -u "$url"
        --method="$method" --timeout=10 --retries=1 --threads=2 --ignore-code=401,403,404,409,422)
  [ "$who" != anon ] && args+=(--headers="Authorization: Bearer ${!who}")
  [ -n "${body:-}" ] && args+=(--data="$body" --headers="Content-Type: application/json")
  log="$out/sqlmap-$n.log"
  sqlmap "${args[@]}" >"$log" 2>&1
  if grep -qE "identified the following injection point|is vulnerable|appears to be injectable" "$log"; then
    echo "sqlmap FINDING ($who $method $url): see $log"; findings=$((findings + 1))
  else
    tested=$(grep -cE "testing '" "$log")
    printf 'sqlmap  %-10s %-4s %-80s %4d tests, no injection\n' "$who" "$method" "${url#$base}" "$tested"
  fi
done

# ---- wapiti: the portal and the API, authenticated as the city admin (the widest view)
starts=()
for p in / /api/v1/activities?q=x /api/v1/organizations?q=x /api/v1/stories?kind=volunteer /api/v1/regions \
         /api/v1/targets?year=2026 /api/v1/volunteers?q=x /api/v1/notices /api/v1/portal/figures; do
  starts+=(-s "$base$p")
done
# (Its ssrf and xxe modules need wapiti's public callback server, which a loopback-only scan cannot reach.)
wapiti -u "$base/" "${starts[@]}" --scope folder -m "sql,blindsql,exec,file,xss,permanentxss,crlf,redirect" \
  -H "Authorization: Bearer $city_admin" --max-scan-time "${SCAN_WAPITI_SECONDS:-600}" --flush-session \
  -f json -o "$out/wapiti.json" >"$out/wapiti.log" 2>&1
wapiti_findings=$(python3 - "$out/wapiti.json" <<'PY'
import json, sys
try:
    report = json.load(open(sys.argv[1]))
except Exception as e:
    print(-1); sys.exit()
# Vulnerabilities, and anomalies (a 500 or a timeout provoked by an attack) count alike.
print(sum(len(v) for part in ("vulnerabilities", "anomalies") for v in report.get(part, {}).values()))
PY
)
if [ "$wapiti_findings" = "-1" ]; then
  echo "wapiti produced no report: see $out/wapiti.log"; findings=$((findings + 1))
elif [ "$wapiti_findings" -gt 0 ]; then
  echo "wapiti: $wapiti_findings finding(s), see $out/wapiti.json"; findings=$((findings + wapiti_findings))
else
  echo "wapiti  $(grep -oE 'found [0-9]+ URLs and forms' "$out/wapiti.log"), no finding and no anomaly" \
       "(modules: sql, blindsql, exec, file, xss, permanentxss, crlf, redirect)"
fi
echo "security scan: $findings finding(s); reports in $out"
[ "$findings" -eq 0 ]
