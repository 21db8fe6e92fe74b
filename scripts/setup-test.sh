#!/usr/bin/env bash
# Installs what `make test` needs beyond the build, idempotently: Debian's Chromium and
# ChromeDriver (Playwright and wasm-bindgen-test drive them; their own browser downloads
# cannot work here) and Xvfb for headful runs. npm devDependencies (playwright-core,
# web-ext) come with the build's `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-test: installing ${missing[*]}"
  [ "$(id -u)" = 0 ] || { echo "setup-test: need root to apt-get install ${missing[*]}" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  # Keep package scripts from starting services (there is no init system here).
  if [ ! -x /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
  fi
  apt-get update -qq
  apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}"
fi

# Data that node suites need, fetched from the package registries. Each script is idempotent
# (it skips when its pinned copy is there); a suite that needs one is listed here.
for fetch in tests/gmail/fetch-discovery.sh; do
  if [ -f "$fetch" ]; then sh "$fetch"; fi
done

for tool in playwright-core web-ext; do
  [ -e "node_modules/$tool/package.json" ] || { echo "setup-test: node_modules/$tool missing (run make)" >&2; exit 1; }
done
[ -x .tools/bin/wasm-bindgen-test-runner ] || { echo "setup-test: wasm-bindgen-test-runner missing (run make)" >&2; exit 1; }
