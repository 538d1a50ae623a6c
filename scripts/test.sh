#!/usr/bin/env bash
# The full test suite: set up (packages, build), then every test through ctest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
build="${EDGETWIN_BUILD_DIR:-$root/build}"
cd "$build"
exec ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" "$@"
