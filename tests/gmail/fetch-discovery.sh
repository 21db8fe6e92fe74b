#!/bin/sh
# Fetches Google's own Gmail discovery document (shipped inside the PyPI package
# google-api-python-client) into tests/gmail/.cache/. Idempotent: skips when the pinned
# version is already there. The version is pinned so that a new upstream release cannot
# change the schema under the tests unannounced; bump it on purpose.
set -eu
version=${GOOGLE_API_PYTHON_CLIENT_VERSION:-2.202.0}
here=$(cd "$(dirname "$0")" && pwd)
out="$here/.cache/gmail.v1.json"
stamp="$here/.cache/gmail.v1.version"
if [ -s "$out" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$version" ]; then
  echo "gmail.v1.json present ($version): $out"
  exit 0
fi
mkdir -p "$here/.cache"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pip=$(command -v pip3 || command -v pip)
"$pip" download --quiet --no-deps --only-binary=:all: -d "$tmp" "google-api-python-client==$version"
whl=$(ls "$tmp"/google_api_python_client-*.whl | head -n 1)
python3 - "$whl" "$out.tmp" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    data = z.read("googleapiclient/discovery_cache/documents/gmail.v1.json")
open(sys.argv[2], "wb").write(data)
PY
mv "$out.tmp" "$out"
echo "$version" > "$stamp"
echo "wrote $out ($(wc -c < "$out") bytes, from $(basename "$whl"))"
