#!/usr/bin/env bash
# edgetwin bench as a llama-bench user runs it: the acceptance table, every output format, the JSON
# calibrating back (round trip: the overlay reproduces every row), --against, and one-line refusals.
set -u
bin="$1"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
orin=(bench --platform jetson-orin-nano-8gb -m llama-3.2-1b -p 512 -n 128 -ngl 0,99)

"$bin" "${orin[@]}" -o md > table.md 2> err.txt || fail "bench -o md exited non-zero: $(cat err.txt)"
# 2 -ngl values x (pp512, tg128) = 4 rows under llama-bench's header, one build footer.
[ "$(grep -cE '^\| llama 1B Q4_0 ' table.md)" -eq 4 ] || fail "md table should have 4 test rows"
grep -qE '^\| model +\| +size \| +params \| backend \| ngl \| threads \| +test \| +t/s ' table.md || fail "md header is not llama-bench's"
grep -qE '\| +99 \| +6 \| +tg128 \| ' table.md || fail "md has no -ngl 99 tg128 row on 6 threads"
grep -q '^build: ' table.md || fail "md has no build footer"
cat table.md

for f in csv json jsonl sql; do
  "$bin" "${orin[@]}" -o "$f" > "out.$f" 2> err.txt || fail "bench -o $f: $(cat err.txt)"
done
[ "$(wc -l < out.csv)" -eq 5 ] || fail "csv: header + 4 rows expected"
head -1 out.csv | grep -q '^build_commit,build_number,cpu_info,gpu_info,backends,model_filename,model_type,' || fail "csv header"
[ "$(wc -l < out.jsonl)" -eq 4 ] || fail "jsonl: 4 lines expected"
[ "$(grep -c '^INSERT INTO test ' out.sql)" -eq 4 ] || fail "sql: 4 INSERTs expected"
/usr/bin/python3 - <<'PY' || fail "json rows"
import json
rows = json.load(open("out.json"))
assert len(rows) == 4, len(rows)
for r in rows:
    # llama-bench semantics: avg_ns is the time of the whole test, avg_ts its tokens per second.
    assert abs(r["avg_ts"] * r["avg_ns"] / 1e9 - (r["n_prompt"] + r["n_gen"])) < 1e-3 * (r["n_prompt"] + r["n_gen"]), r
    assert len(r["samples_ns"]) == 5 and r["backends"] == "CUDA" and r["n_gpu_layers"] in (0, 99)
PY

# Round trip: calibrate reads the JSON; its rows are predicted exactly as bench printed them.
"$bin" calibrate --platform jetson-orin-nano-8gb --trace out.json --no-loo -o cal.json > cal.txt 2>&1 || fail "calibrate on bench JSON: $(tail -1 cal.txt)"
"$bin" "${orin[@]}" --against out.json > against.txt 2>&1 || fail "--against: $(tail -1 against.txt)"
grep -q 'MAPE 0.0 %' against.txt || fail "--against its own prediction should be 0.0 % off"
cat against.txt

expect_user_error() {  # description, expected substring, args...
  local what="$1" want="$2"; shift 2
  "$bin" "$@" >stdout.txt 2>stderr.txt; local rc=$?
  local lines; lines=$(wc -l < stderr.txt)
  if [ "$rc" -ne 2 ] || [ "$lines" -ne 1 ] || [ -s stdout.txt ] || ! grep -qF -- "$want" stderr.txt; then
    echo "FAIL: $what (rc=$rc, stderr lines=$lines)"; cat stderr.txt; failures=$((failures + 1))
  else
    echo "ok: $what -> $(cat stderr.txt)"
  fi
}
expect_user_error "unknown output format" "-o: 'xml' (allowed: md, csv, json, jsonl, sql)" "${orin[@]}" -o xml
expect_user_error "bad -ngl list" "-ngl: '0,x' is not an integer list" bench --platform jetson-orin-nano-8gb -m llama-3.2-1b -ngl 0,x
expect_user_error "endless range" "-t: range '4-1'" bench --platform jetson-orin-nano-8gb -m llama-3.2-1b -t 4-1
expect_user_error "K and V types differ" "one KV type is simulated" bench --platform jetson-orin-nano-8gb -m llama-3.2-1b -ctk q8_0
expect_user_error "no flash-attention profile" "-fa: runtime 'llama.cpp-cpu-arm' has no flash-attention profile" bench --platform rpi5-8gb -m llama-3.2-1b -fa 1
expect_user_error "unknown model" "-m" bench --platform rpi5-8gb -m no-such-model
expect_user_error "pre-filled cache" "-d: a pre-filled KV cache" bench --platform rpi5-8gb -m llama-3.2-1b -d 512
expect_user_error "too many threads" "-t" bench --platform rpi5-8gb -m llama-3.2-1b -t 64

[ "$failures" -eq 0 ] && echo "all bench checks passed"
exit "$failures"
