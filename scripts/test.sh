#!/usr/bin/env bash
# Every test, in order of cost; stops at the first failure and prints one timing line per
# stage. Run through `make test`, which builds and installs first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PWD/.tools/bin:$HOME/.cargo/bin:$PATH"

timings=()
stage() {
  local name=$1; shift
  echo "==> $name: $*"
  local t0=$SECONDS
  if ! "$@"; then
    echo "FAILED: $name ($((SECONDS - t0)) s)" >&2
    printf '%s\n' "${timings[@]}"
    exit 1
  fi
  timings+=("$(printf 'stage %-22s %4d s' "$name" $((SECONDS - t0)))")
  echo "${timings[-1]}"
}

# `make` builds one wasm per context from a part of the crate: each feature set must stand alone.
clippy_split() {
  local f
  for f in background sidepanel options background,test-hooks sidepanel,test-hooks options,test-hooks; do
    cargo clippy --target wasm32-unknown-unknown --lib --no-default-features --features "$f" -- -D warnings
  done
}

wasm_tests() {
  CHROMEDRIVER=/usr/bin/chromedriver \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --target wasm32-unknown-unknown --features test-hooks --test wasm
}

lint_firefox() {
  local out
  out=$(web-ext lint --source-dir dist/firefox --no-input --output json) || true
  node -e '
    const r = JSON.parse(process.argv[1]);
    for (const w of r.warnings) console.log(`warning ${w.code}: ${w.message} (${w.file ?? ""})`);
    for (const e of r.errors) console.log(`ERROR ${e.code}: ${e.message} (${e.file ?? ""})`);
    console.log(`web-ext lint: ${r.errors.length} errors, ${r.warnings.length} warnings`);
    process.exit(r.errors.length ? 1 : 0);
  ' "$out"
}

# The E2E files at the top of tests/e2e and in gmail/ (the Gmail API double, started by the
# suites themselves); tests/e2e/roundcube/ needs the testbed (its own stage).
e2e_suites() {
  node --test tests/e2e/*.test.mjs tests/e2e/gmail/*.test.mjs
}

other_node_suites() {
  mapfile -t files < <(find tests -path tests/e2e -prune -o -path '*/node_modules' -prune -o \
    -type f \( -name '*.test.mjs' -o -name '*.test.js' \) -print | sort)
  if [ ${#files[@]} -eq 0 ]; then
    echo "no other node suites"
    return 0
  fi
  node --test "${files[@]}"
}

# The Roundcube testbed (tests/testbed/): started for the roundcube stages, stopped at the end
# only when this run started it (a testbed that was already up stays up).
TESTBED=tests/testbed
started_testbed=0
stop_testbed() {
  if [ $started_testbed = 1 ]; then "$TESTBED/down.sh" || true; fi
}
trap stop_testbed EXIT
testbed_up() {
  "$TESTBED/up.sh" --check || started_testbed=1
  "$TESTBED/up.sh"
}
# The native live tests (tests/roundcube_testbed/) against the running testbed; "required"
# makes an unreachable testbed a failure, never a skip.
roundcube_live() {
  MAILSEQ_TESTBED=required cargo test --test roundcube_testbed
}
# The E2E journey in Chromium, from empty mailboxes; files one at a time (they share the testbed).
roundcube_e2e() {
  "$TESTBED/reset.sh"
  node --test --test-concurrency=1 tests/e2e/roundcube/*.test.mjs
}

stage fmt cargo fmt --check
stage clippy-native cargo clippy --all-targets -- -D warnings
stage clippy-wasm cargo clippy --target wasm32-unknown-unknown --lib --bins --test wasm --features test-hooks -- -D warnings
stage clippy-wasm-shipped cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings
stage clippy-wasm-split clippy_split
# The live Roundcube tests run in their own stage, with the testbed up.
stage native-tests env MAILSEQ_TESTBED=skip cargo test
stage wasm-tests wasm_tests
stage web-ext-lint lint_firefox
stage e2e e2e_suites
stage node-suites other_node_suites
stage testbed-up testbed_up
stage roundcube-live roundcube_live
stage roundcube-e2e roundcube_e2e
echo "== all stages passed"
printf '%s\n' "${timings[@]}"
