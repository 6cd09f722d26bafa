#!/usr/bin/env bash
# The HTML report as a person sees it: builds carelint, writes the report of
# fixtures/report, opens it in headless Chromium (Debian's package) through playwright-core,
# and checks it (.ci/report-browser-test.mjs). Installs what it needs on a clean machine.
#
#   bash .ci/report-browser-test.sh                 # check
#   SCREENSHOT=docs/report-screenshot.png bash .ci/report-browser-test.sh   # and keep a screenshot
set -euo pipefail
cd "$(dirname "$0")/.."
work="target/report-browser-test"
mkdir -p "$work"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} from Debian's packages..." >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ! -d "$work/node_modules/playwright-core" ]; then
  (cd "$work" && npm install --no-save --no-audit --no-fund --silent playwright-core@1.65.1 >/dev/null)
fi

cargo build -q -p carelint-cli
SOURCE_DATE_EPOCH=1714550400 target/debug/carelint report fixtures/report --no-config \
  --html "$work/report.html" >/dev/null
cp .ci/report-browser-test.mjs "$work/check.mjs"
node "$work/check.mjs" "$work/report.html" "${SCREENSHOT:-$work/report.png}"
