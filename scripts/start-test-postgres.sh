#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests and prints its URL
# (postgres://postgres@127.0.0.1:PORT/alcove_test, trust authentication, loopback only).
#
#   bash scripts/start-test-postgres.sh [DIR]
#
# Everything of the cluster lives in DIR, a private folder: its data, its socket, its log, and
# the port it took. Without DIR a new one is made with mktemp (under $TMPDIR) and named on
# stderr. The first start takes a free port and remembers it in DIR/port, so that starting the
# same DIR again, after `bash scripts/stop-test-postgres.sh DIR`, serves the same URL.
# Stop it with `bash scripts/stop-test-postgres.sh DIR --remove` (stops it and deletes DIR).
#
# Settings: ALCOVE_TEST_PG_BIN, the folder of PostgreSQL's server programs (default: the newest
# /usr/lib/postgresql/*/bin, Debian's layout); TMPDIR. Exits 3 when there are no server programs.
# As root, the cluster runs as the postgres user.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${ALCOVE_TEST_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [ -z "$BIN" ] || [ ! -x "$BIN/pg_ctl" ]; then
  echo "start-test-postgres: no PostgreSQL server programs (install Debian's postgresql, or set ALCOVE_TEST_PG_BIN)" >&2
  exit 3
fi
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

DIR="${1:-}"
if [ -z "$DIR" ]; then
  DIR=$(mktemp -d "${TMPDIR:-/tmp}/alcove-test-pg.XXXXXX")
  echo "start-test-postgres: cluster in $DIR (stop it with: bash scripts/stop-test-postgres.sh $DIR --remove)" >&2
fi
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
chmod 700 "$DIR"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"

if [ ! -f "$DIR/data/PG_VERSION" ]; then
  as_pg "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
fi

free_port() { node -e "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
start() { # start <port>
  as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -o "-p $1 -k $DIR -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200" start >/dev/null
}

if [ -f "$DIR/port" ]; then
  PORT=$(cat "$DIR/port")
  as_pg "$BIN/pg_isready" -q -h "$DIR" -p "$PORT" || start "$PORT"
else
  # Another process may take the free port before PostgreSQL binds it: then try another.
  for attempt in 1 2 3 4 5; do
    PORT=$(free_port)
    if start "$PORT"; then break; fi
    [ "$attempt" = 5 ] && { echo "start-test-postgres: could not start; see $DIR/server.log" >&2; exit 1; }
  done
  echo "$PORT" > "$DIR/port"
fi

as_pg "$BIN/psql" -h "$DIR" -p "$PORT" -U postgres -tAc "select 1 from pg_database where datname='alcove_test'" | grep -q 1 \
  || as_pg "$BIN/createdb" -h "$DIR" -p "$PORT" -U postgres alcove_test
echo "postgres://postgres@127.0.0.1:$PORT/alcove_test"
