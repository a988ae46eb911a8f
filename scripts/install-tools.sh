#!/usr/bin/env bash
# Installs what building and testing InnoCities Monitor needs, and only what is missing.
# Idempotent: a second run does nothing but check. See ../shared/TOOLCHAIN.md for why each
# workaround exists (no network but the package registries; rustc 1.95).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
want_chromium="${INSTALL_CHROMIUM:-1}"

log() { printf '\033[1m[install-tools]\033[0m %s\n' "$*"; }

# 1. The wasm target for the hydrate build.
if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Installs a crate from its registry source with one dependency pinned back, because its own
# lock file needs something this toolchain or the reachable index cannot give.
install_patched() {
  local crate="$1" version="$2" pin_pkg="$3" pin_ver="$4" bin="$5"
  if command -v "$bin" >/dev/null 2>&1 && "$bin" --version 2>/dev/null | grep -q "$version"; then
    return 0
  fi
  log "installing $crate $version (pinning $pin_pkg $pin_ver)"
  local work
  work="$(mktemp -d)"
  # The crate's source straight from the registry's static host (the one cargo itself uses).
  curl -sSfL -o "$work/src.crate" "https://static.crates.io/crates/$crate/$crate-$version.crate"
  tar xzf "$work/src.crate" -C "$work"
  mv "$work/$crate-$version" "$work/src-copy"
  (
    cd "$work/src-copy"
    cargo update --quiet -p "$pin_pkg" --precise "$pin_ver"
    cargo install --quiet --path . --locked ${6:+--features "$6"}
  )
  rm -rf "$work"
}

install_patched cargo-leptos 0.3.11 cargo-util-schemas 0.14.1 cargo-leptos no_downloads
install_patched wasm-bindgen-cli 0.2.130 webpki-roots 1.0.10 wasm-bindgen

# 3. npm packages: wasm-opt (binaryen), playwright-core and axe-core for the browser tests,
# world-atlas for the map's outline (scripts/finland-outline.mjs).
if [ ! -x "$here/end2end/node_modules/.bin/wasm-opt" ] \
  || [ ! -d "$here/end2end/node_modules/playwright-core" ] \
  || [ ! -d "$here/end2end/node_modules/world-atlas" ]; then
  log "installing npm packages in end2end/"
  (cd "$here/end2end" && npm ci --no-audit --no-fund --loglevel=error)
fi

# 4. Chromium for the end-to-end tests (Debian's; never a downloaded browser).
if [ "$want_chromium" = "1" ] && ! command -v chromium >/dev/null 2>&1; then
  log "installing chromium from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# 5. Python tools from PyPI in a venv of their own: schemathesis for the API's contract test
# (server/tests/api/contract.rs) and requests for the API client script (scripts/api_client.py).
venv="${INNOCITIES_VENV:-/var/tmp/innocities-venv}"
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "4.32.5" \
  || ! "$venv/bin/python" -c "import requests" 2>/dev/null; then
  log "installing schemathesis and requests into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==4.32.5" "requests>=2.32,<3"
fi

# 6. PostgreSQL must be answering for the tests (it is preinstalled on this machine kind).
if [ "${NEED_POSTGRES:-0}" = "1" ]; then
  if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    log "starting PostgreSQL"
    if command -v pg_ctlcluster >/dev/null 2>&1; then
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    else
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
    fi
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
fi
log "tools ready"
