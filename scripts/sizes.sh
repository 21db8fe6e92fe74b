#!/usr/bin/env bash
# Prints what the build produced: wasm raw/gzip per build and context, tz data, store zips.
set -euo pipefail
cd "$(dirname "$0")/.."
size() { stat -c %s "$1"; }
gz() { gzip -9 -c "$1" | wc -c; }
# One wasm per context: background (the service worker), sidepanel and options (the pages).
for b in chrome test; do
  for part in background sidepanel options; do
    w=pkg/$b/${part}_bg.wasm
    [ -f "$w" ] && printf 'wasm %-6s %-10s %8d B raw %8d B gz   (js glue %d B)\n' "$b" "$part" \
      "$(size "$w")" "$(gz "$w")" "$(size pkg/$b/$part.js)"
  done
done
if [ -d .cache/tz ]; then
  printf 'tz data       %8d B in %d files (%d B as tar.gz)\n' \
    "$(find .cache/tz -type f -printf '%s\n' | awk '{s+=$1} END {print s}')" \
    "$(find .cache/tz -type f | wc -l)" "$(tar -C .cache -czf - tz | wc -c)"
fi
# What the Gmail content script adds to every Gmail page (the manifest's js + css, as shipped).
if [ -f dist/chrome/manifest.json ]; then
  files=$(node -e '
    const m = require("./dist/chrome/manifest.json");
    const c = (m.content_scripts || []).find((s) => s.matches.includes("https://mail.google.com/*"));
    if (c) console.log([...c.js, ...(c.css || [])].map((f) => "dist/chrome/" + f).join(" "));')
  if [ -n "$files" ]; then
    # shellcheck disable=SC2086
    printf 'gmail page    %8d B raw %8d B gz   (%d files, concatenated)\n' \
      "$(cat $files | wc -c)" "$(cat $files | gzip -9 | wc -c)" "$(echo $files | wc -w)"
  fi
fi
for z in dist/*.zip; do
  [ -f "$z" ] && printf '%-26s %8d B\n' "$z" "$(size "$z")"
done
# What the Roundcube content script adds to each Roundcube page (the files files.json lists,
# injected in that order): raw bytes, and gzip -9 of them together.
rc_files=$(node -e 'const f=require("./extension/content/roundcube/files.json"); console.log([...f.js,...f.css].map((p)=>"extension/"+p).join(" "))')
# shellcheck disable=SC2086
printf 'roundcube content script %6d B raw %6d B gz   (%d files)\n' \
  "$(cat $rc_files | wc -c)" "$(cat $rc_files | gzip -9 | wc -c)" "$(echo $rc_files | wc -w)"
