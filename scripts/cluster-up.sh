#!/usr/bin/env bash
# The multi-node deployment of docs/scaling.md on one machine, on loopback only: nginx balancing two
# `zhiyuan serve` instances, a PostgreSQL 15 primary and a streaming replica (pg_basebackup -R) that serves the
# instances' staleness-tolerant reads. Everything lives under DIR; nothing listens beyond 127.0.0.1.
#
#   scripts/cluster-up.sh up DIR [BASE_PORT]   starts it all; prints `KEY=value` lines (also in DIR/cluster.env)
#   scripts/cluster-up.sh status DIR           each part up or down, the replica's lag
#   scripts/cluster-up.sh down DIR             stops it all and removes DIR
#   scripts/cluster-up.sh start-app DIR N      starts app instance N (1 or 2) again, e.g. after a kill -9
#
# Ports: nginx BASE_PORT (default 18080), the instances BASE_PORT+1 and +2, the primary +3, the replica +4; keep
# them below the ephemeral range (32768 and up on Linux), where outgoing connections could take one first.
# The binary is $ZHIYUAN_BIN or $BUILD/zhiyuan (BUILD defaults to build); ZHIYUAN_* variables in the caller's
# environment (e.g. ZHIYUAN_RATE_LIMITS=off, ZHIYUAN_READ_MAX_LAG_MS) reach both instances.
# Runs as root (PostgreSQL then runs as the postgres user) or as an ordinary user.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:?up|status|down|start-app}
dir=${2:?cluster directory}
pgbin=/usr/lib/postgresql/15/bin
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

load_env() {
  [ -f "$dir/cluster.env" ] || { echo "no cluster in $dir" >&2; exit 1; }
  # shellcheck disable=SC1091
  . "$dir/cluster.env"
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_app() {  # N
  local n=$1 port
  port=$((BASE_PORT + n))
  if alive "$dir/app$n/pid"; then echo "app $n already runs" >&2; return 0; fi
  mkdir -p "$dir/app$n"
  (
    cd "$dir/app$n"
    export ZHIYUAN_DATABASE=$PRIMARY_URL ZHIYUAN_READ_DATABASE_URL=$REPLICA_URL
    export ZHIYUAN_LISTEN=127.0.0.1:$port ZHIYUAN_KEY_FILE=$dir/secret.key
    export ZHIYUAN_PUBLIC_URL=$NGINX_URL ZHIYUAN_TRUSTED_PROXIES=127.0.0.1
    export ZHIYUAN_WEB_ROOT=${ZHIYUAN_WEB_ROOT:-$repo/web/dist} ZHIYUAN_POOL_SIZE=${ZHIYUAN_POOL_SIZE:-8}
    unset ZHIYUAN_CONFIG  # no configuration file: the settings above and the caller's ZHIYUAN_* variables
    exec setsid "$ZHIYUAN_BIN" serve >>"$dir/app$n/log" 2>&1 </dev/null
  ) &
  echo $! >"$dir/app$n/pid"
  for _ in $(seq 200); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    alive "$dir/app$n/pid" || { echo "app $n exited:" >&2; tail -20 "$dir/app$n/log" >&2; return 1; }
    sleep 0.05
  done
  echo "app $n did not answer /healthz in 10 s" >&2
  return 1
}

pg_start() {  # name port extra-options
  as_postgres "$pgbin/pg_ctl" -D "$dir/pg/$1" -l "$dir/pg/$1.log" -w -t 30 start \
    -o "-c listen_addresses=127.0.0.1 -p $2 -k $dir/pg/sock $3" >/dev/null
}

up() {
  local base=${1:-18080}
  [ -x "$nginx_bin" ] || { echo "nginx is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
  [ -x "$pgbin/pg_basebackup" ] || { echo "PostgreSQL 15 is missing (scripts/install-deps.sh)" >&2; exit 1; }
  local build=${BUILD:-build}
  [[ $build = /* ]] || build=$repo/$build
  local bin=${ZHIYUAN_BIN:-$build/zhiyuan}
  [ -x "$bin" ] || { echo "missing $bin: build first" >&2; exit 1; }
  [ -e "$dir/cluster.env" ] && { echo "$dir already holds a cluster (down it first)" >&2; exit 1; }
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  chmod 755 "$dir"  # the postgres user (and nginx's workers) must reach their folders in it
  touch "$dir/.zhiyuan-cluster"
  local p_port=$((base + 3)) r_port=$((base + 4))
  cat >"$dir/cluster.env" <<EOF
BASE_PORT=$base
NGINX_URL=http://127.0.0.1:$base
APP1_URL=http://127.0.0.1:$((base + 1))
APP2_URL=http://127.0.0.1:$((base + 2))
PRIMARY_URL=postgresql://postgres@127.0.0.1:$p_port/zhiyuan
REPLICA_URL=postgresql://postgres@127.0.0.1:$r_port/zhiyuan
ZHIYUAN_BIN=$bin
EOF
  load_env

  # PostgreSQL: the primary with the replication settings of deploy/postgresql/primary.conf; fsync off because
  # the data is thrown away (what the cluster test kills is an app instance, not the database).
  if [ "$(id -u)" -eq 0 ]; then
    install -d -o postgres -g postgres -m 700 "$dir/pg" "$dir/pg/primary" "$dir/pg/sock"
  else
    install -d -m 700 "$dir/pg" "$dir/pg/primary" "$dir/pg/sock"
  fi
  as_postgres "$pgbin/initdb" -D "$dir/pg/primary" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    >"$dir/pg/initdb.log" 2>&1
  pg_start primary "$p_port" "-c wal_level=replica -c max_wal_senders=5 -c max_replication_slots=5 \
-c wal_keep_size=256MB -c synchronous_commit=on -c fsync=off -c max_connections=100 -c shared_buffers=64MB"
  as_postgres "$pgbin/psql" -X -q -h 127.0.0.1 -p "$p_port" -U postgres -c "CREATE DATABASE zhiyuan" postgres
  # The replica: a base backup that writes standby.signal and primary_conninfo (-R), streaming through a slot.
  as_postgres "$pgbin/pg_basebackup" -h 127.0.0.1 -p "$p_port" -U postgres -D "$dir/pg/replica" -X stream -R -c fast \
    -C -S replica1 >"$dir/pg/basebackup.log" 2>&1
  pg_start replica "$r_port" "-c hot_standby=on -c hot_standby_feedback=on -c max_standby_streaming_delay=5s \
-c wal_receiver_status_interval=1s -c fsync=off -c max_connections=100 -c shared_buffers=64MB"
  for _ in $(seq 100); do
    [ "$(as_postgres "$pgbin/psql" -X -At -h 127.0.0.1 -p "$p_port" -U postgres -c \
      "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'" postgres)" = 1 ] && break
    sleep 0.1
  done

  # The schema and the shared key file, once, before the instances start.
  (cd "$dir" && unset ZHIYUAN_CONFIG && ZHIYUAN_DATABASE=$PRIMARY_URL ZHIYUAN_KEY_FILE=$dir/secret.key \
    "$ZHIYUAN_BIN" migrate >"$dir/migrate.log" 2>&1) || { cat "$dir/migrate.log" >&2; exit 1; }

  start_app 1
  start_app 2

  # nginx: deploy/nginx's upstream and proxy settings on loopback, run by whoever runs this script.
  mkdir -p "$dir/nginx"
  cat >"$dir/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log $dir/nginx/access.log;
  client_body_temp_path $dir/nginx/body;
  proxy_temp_path $dir/nginx/proxy;
  fastcgi_temp_path $dir/nginx/fastcgi;
  uwsgi_temp_path $dir/nginx/uwsgi;
  scgi_temp_path $dir/nginx/scgi;
  upstream zhiyuan {
    server 127.0.0.1:$((base + 1)) max_fails=1 fail_timeout=2s;
    server 127.0.0.1:$((base + 2)) max_fails=1 fail_timeout=2s;
    least_conn;
    keepalive 32;
  }
  map \$request_method \$zhiyuan_write_once { PUT 1; DELETE 1; default 0; }
  server {
    listen 127.0.0.1:$base;
    client_max_body_size 21m;
    gzip on;
    gzip_proxied any;
    gzip_vary on;
    gzip_types application/json application/problem+json application/javascript text/css image/svg+xml;
    # For the cluster test: which instance answered (or failed) each request. Not for production.
    add_header X-Upstream \$upstream_addr always;
    location / {
      error_page 418 = @write_once;
      if (\$zhiyuan_write_once) { return 418; }
      include $repo/deploy/nginx/zhiyuan-proxy.conf;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 2;
      proxy_next_upstream_timeout 10s;
    }
    location @write_once {
      include $repo/deploy/nginx/zhiyuan-proxy.conf;
      proxy_next_upstream off;
    }
  }
}
EOF
  "$nginx_bin" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log"
  for _ in $(seq 100); do curl -sf "$NGINX_URL/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
  curl -sf "$NGINX_URL/healthz" >/dev/null || { echo "nginx does not answer" >&2; cat "$dir/nginx/error.log" >&2; exit 1; }
  cat "$dir/cluster.env"
}

status() {
  load_env
  local rc=0
  if alive "$dir/nginx/nginx.pid"; then echo "nginx     up    $NGINX_URL"; else echo "nginx     down"; rc=1; fi
  for n in 1 2; do
    local url
    url=$([ "$n" = 1 ] && echo "$APP1_URL" || echo "$APP2_URL")
    if alive "$dir/app$n/pid" && curl -sf "$url/healthz" >/dev/null; then echo "app $n     up    $url";
    else echo "app $n     down  $url"; rc=1; fi
  done
  for role in primary replica; do
    if as_postgres "$pgbin/pg_ctl" -D "$dir/pg/$role" status >/dev/null 2>&1; then echo "$role   up"; else echo "$role   down"; rc=1; fi
  done
  psql -X -At "$PRIMARY_URL" -c "SELECT 'replication ' || application_name || ' ' || state || ', replay lag ' || \
COALESCE(replay_lag::text, '0') || ', ' || pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) || ' bytes behind' \
FROM pg_stat_replication" 2>/dev/null || true
  return $rc
}

down() {
  set +e  # stop whatever is still running, whatever else failed
  [ -d "$dir" ] || return 0
  [ -f "$dir/.zhiyuan-cluster" ] || { echo "$dir is not a cluster directory; not touching it" >&2; exit 1; }
  alive "$dir/nginx/nginx.pid" && kill "$(cat "$dir/nginx/nginx.pid")" 2>/dev/null
  for n in 1 2; do alive "$dir/app$n/pid" && kill "$(cat "$dir/app$n/pid")" 2>/dev/null; done
  for n in 1 2; do
    for _ in $(seq 50); do alive "$dir/app$n/pid" || break; sleep 0.1; done
    alive "$dir/app$n/pid" && kill -9 "$(cat "$dir/app$n/pid")" 2>/dev/null
  done
  for role in replica primary; do
    [ -d "$dir/pg/$role" ] && as_postgres "$pgbin/pg_ctl" -D "$dir/pg/$role" -m fast -w stop >/dev/null 2>&1
  done
  for _ in $(seq 50); do alive "$dir/nginx/nginx.pid" || break; sleep 0.1; done
  rm -rf "$dir"
  return 0
}

[ -d "$dir" ] && dir=$(cd "$dir" && pwd)
case "$cmd" in
  up) up "${3:-}" ;;
  status) status ;;
  down) down ;;
  start-app)
    load_env
    start_app "${3:?instance number (1 or 2)}"
    ;;
  *) echo "usage: $0 up DIR [BASE_PORT] | status DIR | down DIR | start-app DIR N" >&2; exit 2 ;;
esac
