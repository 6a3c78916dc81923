#!/usr/bin/env bash
# Installs what Zhiyuan needs on Debian 12, only what is missing (idempotent).
# Usage: scripts/install-deps.sh [--web]   (--web also installs the npm packages of web/)
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake pkg-config git
  librestinio-dev libasio-dev libfmt-dev libhttp-parser-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql-15 postgresql-client-15
  nlohmann-json3-dev libspdlog-dev libcli11-dev libsodium-dev libssl-dev
  libqrencode-dev libpng-dev libhpdf-dev libxlsxwriter-dev zlib1g-dev libexpat1-dev
  libgtest-dev libgmock-dev libbenchmark-dev fonts-wqy-zenhei clang-14 libclang-rt-14-dev
  chromium poppler-utils zbar-tools wrk curl
  nginx
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from Debian (nodejs + npm) or be preinstalled with npm bundled; only add it when absent.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages (run as root to install): ${missing[*]}" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # nginx (the cluster test's load balancer, the benchmark's HTTP ceiling) is started by the scripts that use it
  # as a throwaway; its package would start the default site on port 80, which a temporary policy-rc.d prevents.
  policy_added=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_added=1
  fi
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ -n "$policy_added" ]; then rm -f /usr/sbin/policy-rc.d; fi
fi

if [ "${1:-}" = "--web" ] && [ -f web/package-lock.json ]; then
  stamp=web/node_modules/.zhiyuan-lock-stamp
  if [ ! -f "$stamp" ] || ! cmp -s web/package-lock.json "$stamp"; then
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
    cp web/package-lock.json "$stamp"
  fi
fi
