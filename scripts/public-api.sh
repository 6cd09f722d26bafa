#!/usr/bin/env bash
# Counts (and with --list, names) the public items of the `carelint` library crate, the
# way rustdoc sees them: `cargo doc` writes `all.html`, one section per kind (Structs,
# Enums, Traits, Functions, Constants, …) listing every public item once, at its
# canonical path. Methods, fields and variants belong to their item and are not counted.
#
#   scripts/public-api.sh          # counts by kind, and the total
#   scripts/public-api.sh --list   # the same, with every item's path
#
# Stable toolchain only (no rustdoc JSON, no extra tool). Builds the docs in the
# workspace's target/ (about a minute on a cold 2-core machine).
set -euo pipefail
cd "$(dirname "$0")/.."
list="${1:-}"
nice -n 10 cargo doc --no-deps -p carelint --quiet
target="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
python3 - "$target/doc/carelint/all.html" "$list" <<'PY'
import html, re, sys

page = open(sys.argv[1], encoding="utf-8").read()
total = 0
for kind, items in re.findall(
    r'<h3 id="[a-z-]+">([^<]+)</h3><ul class="all-items">(.*?)</ul>', page, re.S
):
    names = [html.unescape(n) for n in re.findall(r'<li><a href="[^"]*">([^<]+)</a></li>', items)]
    total += len(names)
    print(f"{kind}: {len(names)}")
    if sys.argv[2] == "--list":
        for n in names:
            print(f"    carelint::{n}")
print(f"Total: {total}")
PY
