#!/usr/bin/env python3
"""zip.py <dir> <out.zip>: a store zip with manifest.json at its root. Entries are sorted and
dated 1980-01-01 so the same inputs always give the same bytes."""
import os
import sys
import zipfile

src, out = sys.argv[1], sys.argv[2]
paths = []
for root, _dirs, files in os.walk(src):
    for f in files:
        if f.startswith("."):
            continue
        paths.append(os.path.relpath(os.path.join(root, f), src))
tmp = out + ".tmp"
with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for rel in sorted(paths):
        info = zipfile.ZipInfo(rel.replace(os.sep, "/"), date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with open(os.path.join(src, rel), "rb") as fh:
            z.writestr(info, fh.read(), compresslevel=9)
os.replace(tmp, out)
print(f"wrote {out} ({os.path.getsize(out)} bytes, {len(paths)} files)")
