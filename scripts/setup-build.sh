#!/usr/bin/env bash
# Installs what `make` needs, idempotently: every step checks first and does nothing when
# the tool is already right, so running it again costs well under a second.
#   - the wasm32-unknown-unknown Rust target;
#   - wasm-bindgen-cli at EXACTLY the wasm-bindgen version in Cargo.lock (the one pin), into
#     .tools/bin of the repo (project-local, so it never fights another project's version);
#   - npm devDependencies (binaryen's wasm-opt among them: Debian's wasm-opt 108 produces
#     wasm that fails at load time, so npm's goes first on PATH in the Makefile).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

need() { command -v "$1" >/dev/null 2>&1 || { echo "setup: '$1' is missing: $2" >&2; exit 1; }; }
need cargo "install Rust with rustup"
need rustup "install Rust with rustup"
need node "install Node.js 20 or newer"
need npm "install Node.js 20 or newer"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The version is read from Cargo.lock, never written here: Cargo.toml's `=` pin decides it.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$want" ] || { echo "setup: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
have=$("$root/.tools/bin/wasm-bindgen" --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  # A matching CLI already on PATH (e.g. ~/.cargo/bin) is reused instead of compiled (~2 min).
  other=$(command -v wasm-bindgen || true)
  if [ -n "$other" ] && [ "$("$other" --version | awk '{print $2}')" = "$want" ] \
     && [ -x "$(dirname "$other")/wasm-bindgen-test-runner" ]; then
    echo "setup: linking wasm-bindgen $want from $(dirname "$other")"
    mkdir -p .tools/bin
    ln -sf "$other" .tools/bin/wasm-bindgen
    ln -sf "$(dirname "$other")/wasm-bindgen-test-runner" .tools/bin/wasm-bindgen-test-runner
  else
    echo "setup: installing wasm-bindgen-cli $want into .tools/ (about 2 minutes)"
    # Without --locked on purpose: the CLI's own lockfile names a version the registry lacks.
    CARGO_TARGET_DIR="$root/.tools/build" \
      cargo install --quiet wasm-bindgen-cli --version "$want" --root "$root/.tools" --force
    rm -rf "$root/.tools/build"
  fi
fi

# npm ci only when the lockfile changed since the last install (npm records its own copy).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm devDependencies"
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.package-lock.json
fi
[ -x node_modules/.bin/wasm-opt ] || { echo "setup: node_modules/.bin/wasm-opt missing" >&2; exit 1; }
