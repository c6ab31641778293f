#!/usr/bin/env bash
# The whole test suite: typecheck, unit tests, the integration and race suites on SQLite, and —
# when a PostgreSQL is at hand — the same on PostgreSQL plus the multi-node tests (whose
# races.test.ts runs the race suite across two nodes).
# Ends with one closing line totalling every run: "tests: N passed, N failed".
set -uo pipefail
shopt -s nullglob globstar
cd "$(dirname "$0")/.."

pass=0; fail=0; status=0
run() { # run <label> <env...> -- <files...>
  local label=$1; shift
  local envs=(); while [ "$1" != "--" ]; do envs+=("$1"); shift; done; shift
  echo "=== $label"
  local out; out=$(mktemp)
  env "${envs[@]}" node --import tsx --test --test-concurrency="${ALCOVE_TEST_CONCURRENCY:-2}" "$@" 2>&1 | tee "$out" | grep -vE '^\s+(duration_ms|\.\.\.|---|type:|location:)' 
  local rc=${PIPESTATUS[0]}
  local p f; p=$(grep -E '^# pass ' "$out" | tail -n1 | awk '{print $3}'); f=$(grep -E '^# fail ' "$out" | tail -n1 | awk '{print $3}')
  pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
  [ "$rc" -ne 0 ] && status=1
  [ -z "$p" ] && { echo "!!! $label produced no summary"; status=1; }
  rm -f "$out"
}

echo "=== typecheck"
if ! npx tsc -p tsconfig.json --noEmit; then status=1; fail=$((fail + 1)); fi

run "unit" ALCOVE_TEST_DATABASE_URL= -- test/unit/**/*.test.ts
run "integration (SQLite)" ALCOVE_TEST_DATABASE_URL= -- test/integration/**/*.test.ts test/race/**/*.test.ts

pg_url="${ALCOVE_TEST_POSTGRES_URL:-}"
if [ -z "$pg_url" ] && [ "${ALCOVE_TEST_SKIP_POSTGRES:-}" != 1 ] && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  pg_url=$(bash scripts/start-test-postgres.sh) || pg_url=""
fi
if [ -n "$pg_url" ]; then
  run "integration (PostgreSQL)" ALCOVE_TEST_DATABASE_URL="$pg_url" -- test/integration/**/*.test.ts test/race/**/*.test.ts
  if compgen -G "test/multi-node/*.test.ts" >/dev/null; then
    # One file at a time: each runs real nodes under load, and their timings (lockout windows,
    # drains) should not compete with another file's load for the CPU.
    ALCOVE_TEST_CONCURRENCY=1 run "multi-node (PostgreSQL)" ALCOVE_TEST_DATABASE_URL="$pg_url" -- test/multi-node/**/*.test.ts
  fi
else
  echo "=== PostgreSQL not available: skipped the PostgreSQL runs (install postgresql or set ALCOVE_TEST_POSTGRES_URL)"
fi

echo
echo "tests: $pass passed, $fail failed"
exit $status
