#!/usr/bin/env bash
# `make demo`: the Roundcube testbed, then Chromium on it (scripts/demo.mjs).
# - With a display ($DISPLAY set): the shipped build, on the screen; the person at the screen
#   switches Roundcube on in the options page (a real permission prompt). Ends when the
#   browser is closed.
# - Without one: the test build walks the journey under Xvfb, from empty mailboxes, and saves
#   screenshots to docs/demo/ (no one could answer a permission prompt).
# The testbed is stopped afterwards only if this run started it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

scripts/setup-test.sh # Chromium, Xvfb, the testbed's packages
TESTBED=tests/testbed
started=0
"$TESTBED/up.sh" --check || started=1
trap '[ $started = 0 ] || "$TESTBED/down.sh"' EXIT
"$TESTBED/up.sh"

if [ -n "${DISPLAY:-}" ]; then
  node scripts/demo.mjs --interactive
else
  echo "demo: no display: the test build walks the journey under Xvfb; screenshots go to docs/demo/"
  "$TESTBED/reset.sh"
  xvfb-run -a -s '-screen 0 1440x900x24' node scripts/demo.mjs --screenshots docs/demo
fi
