#!/usr/bin/env bash
# cmake --install into a fresh prefix, then use the installed tool as a user would, from another
# directory with no EDGETWIN_DATA_DIR: it must find its installed data, complete in bash, and import in Python.
set -u
build="$1"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" > "$work/install.log" 2>&1 || { fail "cmake --install"; tail -5 "$work/install.log"; exit 1; }
cd "$work"
unset EDGETWIN_DATA_DIR
bin="$prefix/bin/edgetwin"
[ -x "$bin" ] || fail "no $bin"
data="$("$bin" version --json | /usr/bin/python3 -c 'import json,sys,os; print(os.path.realpath(json.load(sys.stdin)["data_dir"]))')"
[ "$data" = "$(realpath "$prefix/share/edgetwin/data")" ] || fail "installed binary reads data from '$data', not the prefix"
"$bin" list platforms | grep -q '^rpi5-8gb' || fail "installed list platforms has no rpi5-8gb"
"$bin" run "$prefix/share/edgetwin/scenarios/quickstart.json" -o out.h5 > run.txt 2>&1 || fail "installed run of the quickstart scenario: $(tail -1 run.txt)"
[ -s out.h5 ] || fail "installed run wrote no out.h5"

comp="$prefix/share/bash-completion/completions/edgetwin"
bash -n "$comp" || fail "completion script is not valid bash"
# Complete "edgetwin bench --n-g" and "edgetwin ru" as bash would.
got="$(PATH="$prefix/bin:$PATH" bash -c 'source "$1"; COMP_WORDS=(edgetwin bench --n-g); COMP_CWORD=2; _edgetwin; echo "${COMPREPLY[*]}"' _ "$comp")"
[ "$got" = "--n-gpu-layers --n-gen" ] || [ "$got" = "--n-gen --n-gpu-layers" ] || fail "bench --n-g completes to '$got'"
got="$(bash -c 'source "$1"; COMP_WORDS=(edgetwin ru); COMP_CWORD=1; _edgetwin; echo "${COMPREPLY[*]}"' _ "$comp")"
[ "$got" = "run" ] || fail "'edgetwin ru' completes to '$got'"

pydir="$(ls -d "$prefix"/lib/python3*/dist-packages 2>/dev/null | head -1)"
if [ -n "$pydir" ]; then
  PYTHONPATH="$pydir" /usr/bin/python3 -s -c "
import edgetwin, os
assert edgetwin.__file__.startswith('$prefix'), edgetwin.__file__
r = edgetwin.run(platform='rpi5-8gb', model='tinyllama-1.1b', quant='Q4_0', n_prompt=16, n_gen=4)
assert r['decode_tok_s'] > 0, r" || fail "installed Python package"
fi
[ "$failures" -eq 0 ] && echo "install checks passed ($prefix)"
exit "$failures"
