#!/usr/bin/env bash
# The main job: set up (packages, build), simulate scenarios/quickstart.json, write results.h5 and
# report.html in the current directory, print the summary table.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
build="${EDGETWIN_BUILD_DIR:-$root/build}"
exec "$build/edgetwin" run "$root/scenarios/quickstart.json" "$@"
