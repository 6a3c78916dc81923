#!/usr/bin/env bash
# Lighthouse (npm lighthouse 12.2.3, Debian's Chromium; mobile form factor, simulated throttling, performance only)
# against a demo server on 127.0.0.1, plus the JavaScript each page's first load fetches
# (scripts/measure-first-load.mjs, phone and desktop viewports). Prints one line per run and the median run per page.
#
#   web/scripts/lighthouse.sh                        # / and /activities, 3 runs each, web/dist on a fresh demo server
#   web/scripts/lighthouse.sh --gzip                 # the same behind a local nginx with gzip on (nginx must exist)
#   web/scripts/lighthouse.sh --runs 5 / /activities /organizations
#   web/scripts/lighthouse.sh --url http://127.0.0.1:8080 /   # an already running server
#
# Options: --url BASE (no server started), --gzip, --runs N, --out DIR (JSON reports kept there; default a temporary
# directory), --web-root DIR (default web/dist), --no-first-load. Environment: ZHIYUAN_BIN (default build/zhiyuan),
# CHROME_PATH (default /usr/bin/chromium), ZY_LIGHTHOUSE_HOME (where Lighthouse is installed on first use; default
# ~/.cache/zhiyuan/lighthouse-12.2.3 — outside the repository, so `npm ci` in web/ stays lean).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
web=$(cd "$here/.." && pwd)
repo=$(cd "$web/.." && pwd)
LH_VERSION=12.2.3
lh_home=${ZY_LIGHTHOUSE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/zhiyuan/lighthouse-$LH_VERSION}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
bin=${ZHIYUAN_BIN:-$repo/build/zhiyuan}

base=""
gzip=0
runs=3
out=""
web_root="$web/dist"
first_load=1
paths=()
while [ $# -gt 0 ]; do
  case "$1" in
    --url) base=${2%/}; shift 2 ;;
    --gzip) gzip=1; shift ;;
    --runs) runs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --web-root) web_root=$2; shift 2 ;;
    --no-first-load) first_load=0; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    --*) echo "unknown option $1" >&2; exit 2 ;;
    *) paths+=("$1"); shift ;;
  esac
done
[ ${#paths[@]} -eq 0 ] && paths=(/ /activities)

if [ ! -x "$lh_home/node_modules/.bin/lighthouse" ]; then
  echo "installing lighthouse@$LH_VERSION into $lh_home" >&2
  mkdir -p "$lh_home"
  npm install --prefix "$lh_home" --no-audit --no-fund --loglevel=error "lighthouse@$LH_VERSION" >&2
fi
lighthouse="$lh_home/node_modules/.bin/lighthouse"

work=$(mktemp -d /tmp/zhiyuan-lighthouse.XXXXXX)
[ -n "$out" ] || out="$work/reports"
mkdir -p "$out"
server_pid=""
nginx_pid=""
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work/data" "$work/nginx"
}
trap cleanup EXIT

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

wait_for() {  # url seconds
  local deadline=$((SECONDS + $2))
  until curl -fs -o /dev/null "$1"; do
    [ $SECONDS -ge $deadline ] && { echo "no answer from $1" >&2; return 1; }
    sleep 0.3
  done
}

if [ -z "$base" ]; then
  [ -x "$bin" ] || { echo "no server binary at $bin (set ZHIYUAN_BIN)" >&2; exit 1; }
  [ -f "$web_root/index.html" ] || { echo "$web_root/index.html is missing: run npm run build in web/" >&2; exit 1; }
  mkdir -p "$work/data"
  port=$(free_port)
  (
    cd "$work/data"
    ZHIYUAN_DATABASE="sqlite:$work/data/zhiyuan.db" ZHIYUAN_LISTEN="127.0.0.1:$port" \
      ZHIYUAN_KEY_FILE="$work/data/secret.key" ZHIYUAN_WEB_ROOT="$web_root" ZHIYUAN_RATE_LIMITS=off \
      exec "$bin" serve --demo
  ) >"$work/server.log" 2>&1 &
  server_pid=$!
  base="http://127.0.0.1:$port"
  wait_for "$base/healthz" 120 || { tail -20 "$work/server.log" >&2; exit 1; }
fi

if [ $gzip -eq 1 ]; then
  command -v nginx >/dev/null || { echo "--gzip needs nginx" >&2; exit 1; }
  mkdir -p "$work/nginx/logs"
  nport=$(free_port)
  upstream=${base#http://}
  cat >"$work/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  gzip on;
  gzip_comp_level 6;
  gzip_proxied any;
  gzip_vary on;
  gzip_min_length 1024;
  gzip_types text/css text/javascript application/javascript application/json application/problem+json image/svg+xml;
  server {
    listen 127.0.0.1:$nport;
    location / {
      proxy_pass http://$upstream;
      proxy_http_version 1.1;
      proxy_set_header Host \$host;
      proxy_set_header Connection "";
    }
  }
}
EOF
  nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" >"$work/nginx/out.log" 2>&1 &
  nginx_pid=$!
  base="http://127.0.0.1:$nport"
  wait_for "$base/healthz" 20
fi

echo "base $base · lighthouse $LH_VERSION · $("$CHROME_PATH" --version 2>/dev/null | head -1) · $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
for path in "${paths[@]}"; do
  name=$(echo "$path" | sed 's#[^A-Za-z0-9]#_#g')
  for i in $(seq 1 "$runs"); do
    "$lighthouse" "$base$path" --quiet --chrome-flags="--headless=new --no-sandbox" \
      --only-categories=performance --output=json --output-path="$out/$name-$i.json"
  done
done

node - "$out" "${paths[@]}" <<'EOF'
const fs = require('node:fs')
const path = require('node:path')
const [dir, ...paths] = process.argv.slice(2)
const line = (r) => {
  const a = r.audits
  const v = (k) => a[k].displayValue.replace(/\u00a0/g, ' ')
  return `score ${Math.round(r.categories.performance.score * 100)}  FCP ${v('first-contentful-paint')}  LCP ${v('largest-contentful-paint')}  TBT ${v('total-blocking-time')}  CLS ${v('cumulative-layout-shift')}  SI ${v('speed-index')}`
}
for (const p of paths) {
  const name = p.replace(/[^A-Za-z0-9]/g, '_')
  const runs = fs.readdirSync(dir).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))
  runs.forEach((r, i) => console.log(`${p}  run ${i + 1}: ${line(r)}`))
  const sorted = [...runs].sort((x, y) => x.categories.performance.score - y.categories.performance.score)
  console.log(`${p}  median: ${line(sorted[Math.floor((sorted.length - 1) / 2)])}`)
}
console.log(`reports: ${dir}`)
EOF

if [ $first_load -eq 1 ]; then
  node "$here/measure-first-load.mjs" --mobile "$base" "${paths[@]}"
  node "$here/measure-first-load.mjs" "$base" "${paths[@]}" | grep -E '^http|JS total'
fi
