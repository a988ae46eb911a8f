#!/usr/bin/env bash
# Builds InnoCities Monitor (release), loads the demo data into the default SQLite database
# (./data/innocities.db) and serves it at http://127.0.0.1:3000. Idempotent: run it again
# any time; it installs only what is missing and never duplicates demo data.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
INSTALL_CHROMIUM=0 bash scripts/install-tools.sh
export PATH="$PWD/end2end/node_modules/.bin:$PATH"

cargo leptos build --release --precompress

cat <<'MSG'

InnoCities Monitor – demo
  Open:      http://127.0.0.1:3000
  Sign in:   http://127.0.0.1:3000/login, password for every demo account: InnoCities-demo-2026
             admin@innocities.example      admin
             national@innocities.example   national coordinator
             ministry@innocities.example   ministry viewer
             tampere@innocities.example    city coordinator, Tampere
             tampere2@innocities.example   city coordinator, Tampere (a second one)
             turku@innocities.example      city coordinator, Turku
             east@innocities.example       city coordinator, Kuopio and Joensuu
  Stop:      Ctrl-C

MSG
exec "${CARGO_TARGET_DIR:-target}/release/server" serve --seed-demo "$@"
