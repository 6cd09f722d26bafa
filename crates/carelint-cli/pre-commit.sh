#!/usr/bin/env bash
# Entry point of the pre-commit hook (.pre-commit-hooks.yaml). pre-commit runs it from its
# clone of this repository with the user's repository as the working folder; the first run
# builds carelint in that clone (cargo is needed, as for any Rust hook), later runs reuse it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="$here/target/release/carelint"
if [ ! -x "$bin" ] || [ "$here/Cargo.lock" -nt "$bin" ]; then
  cargo build --release --quiet --locked --manifest-path "$here/Cargo.toml" -p carelint-cli >&2
fi
exec "$bin" check "$@"
