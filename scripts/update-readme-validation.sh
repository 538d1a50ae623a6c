#!/bin/sh
# Regenerates the validation table between the validation-table comments in README.md from
# build/bench/validate --json (run from the repository root after building).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
table=$(mktemp)
trap 'rm -f "$table"' EXIT
EDGETWIN_DATA_DIR="$root/data" SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 "$root/build/bench/validate" --json |
  python3 "$root/scripts/validation-table.py" > "$table"
python3 - "$root/README.md" "$table" <<'PY'
import sys
readme, table = sys.argv[1], open(sys.argv[2]).read()
t = open(readme).read()
start = "<!-- validation table: scripts/update-readme-validation.sh -->"
a = t.index(start) + len(start)
b = t.index("<!-- end of validation table -->")
open(readme, "w").write(t[:a] + "\n" + table + t[b:])
PY
