#!/usr/bin/env bash
# Starts (or stops) a throw-away PostgreSQL 15 server for the tests, in a temporary directory, on 127.0.0.1.
#   scripts/postgres-test-server.sh start DIR PORT   -> prints postgres://galleryrp@127.0.0.1:PORT/postgres
#   scripts/postgres-test-server.sh resume DIR PORT  (after stop)
#   scripts/postgres-test-server.sh stop DIR
set -euo pipefail
action="$1"; dir="$2"
bin="$(dirname "$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb | tail -1)")"
as_postgres() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$action" in
start)
    port="$3"
    mkdir -p "$dir"
    if [[ $(id -u) == 0 ]]; then chown postgres "$dir"; chmod a+x "$(dirname "$dir")"; fi
    as_postgres "$bin/initdb" -D "$dir/data" -A trust -U galleryrp -E UTF8 >"$dir/initdb.log" 2>&1
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
    echo "postgres://galleryrp@127.0.0.1:$port/postgres"
    ;;
resume)
    # Starts a server stopped earlier with "stop", on its old data directory.
    port="$3"
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
    ;;
stop)
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    ;;
esac
