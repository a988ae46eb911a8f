#!/usr/bin/env bash
# Runs every check and test of InnoCities Monitor: formatting, clippy on the server and the
# browser feature sets, unit and database tests on SQLite and PostgreSQL, black-box HTTP
# tests, and the browser tests in Chromium (with axe-core). Installs what is missing first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
NEED_POSTGRES=1 bash scripts/install-tools.sh
export PATH="$PWD/end2end/node_modules/.bin:$PATH"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# In CI an unreachable PostgreSQL is a failure, never a skip.
export TEST_POSTGRES_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
if ! pg_isready -d "$TEST_POSTGRES_URL" -q; then
  echo "PostgreSQL does not answer at $TEST_POSTGRES_URL" >&2
  exit 1
fi

step "format"
cargo fmt --all -- --check

step "clippy (server: ssr)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "clippy (browser: hydrate, wasm32)"
cargo clippy -p app --lib --no-default-features --features hydrate --target wasm32-unknown-unknown --locked -- -D warnings

step "unit, database (SQLite + PostgreSQL) and HTTP tests"
cargo nextest run --workspace --locked --no-fail-fast

step "browser tests (release build, Chromium, axe-core)"
# A throw-away SQLite database with the demo data, never the user's ./data.
mkdir -p target/e2e && rm -f target/e2e/innocities.db*
DATABASE_URL="sqlite://target/e2e/innocities.db?mode=rwc" INNOCITIES_SEED_DEMO=true \
  cargo leptos end-to-end --release --precompress
