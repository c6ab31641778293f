#!/usr/bin/env bash
# The whole test suite: typecheck, unit tests, the package test (npm pack, install, start), the
# storage contract, integration and race suites on SQLite, and — when PostgreSQL is at hand — the same on
# PostgreSQL plus the multi-node tests (whose races.test.ts runs the race suite across two
# nodes). Ends with one closing line totalling every run: "tests: N passed, N failed".
#
# PostgreSQL: ALCOVE_TEST_POSTGRES_URL names a server to use (its database must exist; test files
# that need isolation create databases of their own on it). Without it, when PostgreSQL's server
# programs are installed, this script starts a cluster of its own on a free port in a private
# folder (scripts/start-test-postgres.sh) and removes it at the end, so that two checkouts can
# run the suite side by side. ALCOVE_TEST_SKIP_POSTGRES=1 skips the PostgreSQL runs,
# ALCOVE_TEST_SKIP_PACKAGE=1 the package test (it needs the npm registry), and
# ALCOVE_TEST_CONCURRENCY sets how many test files run at once (default 2).
set -uo pipefail
shopt -s nullglob globstar
cd "$(dirname "$0")/.."

# The Node that `npm install` put in node_modules (the `node` package), whoever started us.
export PATH="$PWD/node_modules/.bin:$PATH"
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 22 ? 0 : 1)'; then
  echo "the tests need Node.js 22 or newer (found $(node --version)); run npm install first" >&2
  exit 1
fi
echo "=== node $(node --version)"

pg_dir=""
cleanup() { if [ -n "$pg_dir" ]; then bash scripts/stop-test-postgres.sh "$pg_dir" --remove || true; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

pass=0; fail=0; status=0
run() { # run <label> <env...> -- <files...>
  local label=$1; shift
  local envs=(); while [ "$1" != "--" ]; do envs+=("$1"); shift; done; shift
  echo "=== $label"
  local out; out=$(mktemp)
  env "${envs[@]}" node --import tsx --test --test-reporter=tap --test-concurrency="${ALCOVE_TEST_CONCURRENCY:-2}" "$@" 2>&1 | tee "$out" | grep -vE '^\s+(duration_ms|\.\.\.|---|type:|location:)' 
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
if [ "${ALCOVE_TEST_SKIP_PACKAGE:-}" != 1 ]; then
  run "package" ALCOVE_TEST_DATABASE_URL= -- test/package/**/*.test.ts
fi
run "integration (SQLite)" ALCOVE_TEST_DATABASE_URL= -- test/storage/**/*.test.ts test/integration/**/*.test.ts test/race/**/*.test.ts

pg_url="${ALCOVE_TEST_POSTGRES_URL:-}"; pg_failed=""
if [ -z "$pg_url" ] && [ "${ALCOVE_TEST_SKIP_POSTGRES:-}" != 1 ]; then
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/alcove-test-pg.XXXXXX")
  pg_url=$(bash scripts/start-test-postgres.sh "$pg_dir"); pg_status=$?
  if [ "$pg_status" = 3 ]; then rm -rf "$pg_dir"; pg_dir=""  # no server programs: skipped, said below
  elif [ "$pg_status" != 0 ]; then echo "!!! could not start a PostgreSQL cluster for the tests"; status=1; fail=$((fail + 1)); pg_url=""; pg_failed=1
  else echo "=== PostgreSQL: $pg_url (cluster in $pg_dir, removed at the end)"
  fi
fi
if [ -n "$pg_url" ]; then
  run "integration (PostgreSQL)" ALCOVE_TEST_DATABASE_URL="$pg_url" -- test/storage/**/*.test.ts test/integration/**/*.test.ts test/race/**/*.test.ts
  if compgen -G "test/multi-node/*.test.ts" >/dev/null; then
    # One file at a time: each runs real nodes under load, and their timings (lockout windows,
    # drains) should not compete with another file's load for the CPU.
    ALCOVE_TEST_CONCURRENCY=1 run "multi-node (PostgreSQL)" ALCOVE_TEST_DATABASE_URL="$pg_url" -- test/multi-node/**/*.test.ts
  fi
elif [ -z "$pg_failed" ]; then
  echo "=== PostgreSQL not available: skipped the PostgreSQL runs (install postgresql or set ALCOVE_TEST_POSTGRES_URL)"
fi

echo
echo "tests: $pass passed, $fail failed"
exit $status
