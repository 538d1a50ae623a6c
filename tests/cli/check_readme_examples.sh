#!/usr/bin/env bash
# Every `build/edgetwin ...` and `build/bench/...` example of README.md, run as written (in order, so
# files one example writes feed the next) from an empty temporary directory. `build/` is the build
# tree under test. Three placeholders stand for a user's own files and are created first, at the path
# the example names, from real formats: path/to/model.gguf (a small GGUF llama), bench.md (llama-bench
# markdown) and measured.json (llama-bench JSON), both written by `edgetwin bench` for the example's
# platform and power mode.
set -u
src="$1"; build="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cd "$work"
ln -s "$build" build   # the examples' build/ prefix, not a copy of the tree
failures=0; ran=0
# ```sh blocks, continuation lines joined.
mapfile -t lines < <(awk '/^```sh/{f=1;next} /^```/{f=0} f' "$src/README.md" |
                     sed -e ':a' -e '/\\$/N; s/\\\n[[:space:]]*/ /; ta' | grep -E '^build/(edgetwin|bench/)')
[ "${#lines[@]}" -ge 20 ] || { echo "FAIL: only ${#lines[@]} examples found in README.md"; exit 1; }
flag() { sed -nE "s/.*$1 ([^ ]+).*/\1/p" <<< "$2"; }
for line in "${lines[@]}"; do
  platform="$(flag --platform "$line")"; mode="$(flag --power-mode "$line")"
  extra=(); [ -n "$mode" ] && extra=(--power-mode "$mode")
  if grep -q 'path/to/model.gguf' <<< "$line"; then /usr/bin/python3 "$src/tests/cli/write_tiny_gguf.py" path/to/model.gguf; fi
  if grep -q 'bench\.md' <<< "$line"; then
    build/edgetwin bench --platform "$platform" "${extra[@]}" -m tinyllama-1.1b:Q8_0 -p 128,512 -n 32,128 -o md > bench.md
  fi
  if grep -q 'measured\.json' <<< "$line"; then
    build/edgetwin bench --platform "$platform" "${extra[@]}" -m llama-3.2-1b -p 512 -n 128 -ngl 0,99 -o json > measured.json
  fi
  if bash -c "$line" > out.txt 2> err.txt; then
    ran=$((ran + 1)); echo "ok: ${line:0:110}"
  else
    failures=$((failures + 1)); echo "FAIL: $line"; tail -3 err.txt
  fi
done
echo "$ran of ${#lines[@]} README examples ran"
exit "$failures"
