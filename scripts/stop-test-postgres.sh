#!/usr/bin/env bash
# Stops a cluster that scripts/start-test-postgres.sh started in DIR (fast shutdown: sessions are
# terminated). With --remove, also deletes DIR.
#
#   bash scripts/stop-test-postgres.sh DIR [--remove]
#
# Reads ALCOVE_TEST_PG_BIN as start-test-postgres.sh does.
set -euo pipefail
DIR="${1:?usage: stop-test-postgres.sh DIR [--remove]}"
[ -d "$DIR" ] || exit 0
if [ ! -f "$DIR/data/PG_VERSION" ] && [ ! -f "$DIR/port" ]; then
  echo "stop-test-postgres: $DIR is not a test cluster's folder; left alone" >&2
  exit 1
fi
BIN="${ALCOVE_TEST_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ -f "$DIR/data/postmaster.pid" ]; then
  as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
fi
if [ "${2:-}" = "--remove" ]; then rm -rf "$DIR"; fi
