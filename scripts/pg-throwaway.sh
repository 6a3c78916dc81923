#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for tests, under /tmp, on loopback only (no service is assumed to run).
#   scripts/pg-throwaway.sh start DIR PORT   → prints the URL (postgresql://postgres@127.0.0.1:PORT/postgres)
#   scripts/pg-throwaway.sh stop DIR
# Runs as root (it starts the server as the postgres user) or as the postgres user itself.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?data directory}
bin=/usr/lib/postgresql/15/bin
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
  start)
    port=${3:?port}
    if [ "$(id -u)" -eq 0 ]; then
      install -d -o postgres -g postgres -m 700 "$dir" "$dir/data" "$dir/sock"
    else
      install -d -m 700 "$dir" "$dir/data" "$dir/sock"
    fi
    as_postgres "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    # fsync off: the data is thrown away; durability of PostgreSQL itself is not what these tests measure.
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c fsync=off -c synchronous_commit=off -c max_connections=300" >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -d "$dir/data" ] && as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
