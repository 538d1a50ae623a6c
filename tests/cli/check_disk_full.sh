#!/usr/bin/env bash
# A write the file system refuses (here: the file size limit, `ulimit -f`, which needs no root; a
# full disk takes the same path with ENOSPC) gives one line on stderr and exit 2, never a crash; a
# sweep file keeps the points written before and a rerun completes it; a single run leaves no file.
set -u
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0; passed=0
check() { if "$@"; then passed=$((passed + 1)); else echo "FAIL: $*"; failures=$((failures + 1)); fi; }
have_h5py() { /usr/bin/python3 -c "import h5py" 2>/dev/null; }

# 21 analytic points, one axis.
values=$(for k in $(seq 0 20); do printf '"%dMHz",' $((1500 + 45 * k)); done)
cat > s.json <<JSON
{ "schema_version": 1, "name": "disk-full",
  "workload": { "model": "stories15M", "quant": "Q8_0", "n_prompt": 16, "n_gen": 8 },
  "hardware": { "platform": "rpi5-8gb" }, "run": { "fidelity": "analytic" },
  "sweep": { "axes": { "hardware.freq": [${values%,}] } } }
JSON
check "$bin" sweep s.json -o full.h5
# Half the complete file, in ulimit's KiB: the sweep fails part way.
limit=$(( $(stat -c %s full.h5) / 2048 ))

for jobs in 1 2; do
  out="limited-j$jobs.h5"
  ( ulimit -f "$limit"; exec "$bin" sweep s.json -j "$jobs" -o "$out" ) > stdout.txt 2> stderr.txt; rc=$?
  echo "-j $jobs under ulimit -f $limit: rc=$rc: $(cat stderr.txt)"
  check [ "$rc" -eq 2 ]  # not >= 128: no SIGXFSZ, no crash
  check [ "$(wc -l < stderr.txt)" -eq 1 ]
  check grep -q "^edgetwin: $out: file size limit reached (File too large) after [0-9]* of 21 points; the file keeps \(that point\|those [0-9]* points\): raise the file size limit (ulimit -f) and rerun the same command to resume$" stderr.txt
  kept=$(sed -n 's/.* after \([0-9]*\) of 21 points.*/\1/p' stderr.txt)
  check [ "${kept:-0}" -gt 0 ]
  check [ "${kept:-21}" -lt 21 ]
  # Space "freed": the same command resumes from the points kept and completes the file.
  "$bin" sweep s.json -j "$jobs" -o "$out" > stdout.txt 2> stderr.txt; rc=$?
  check [ "$rc" -eq 0 ]
  check grep -q "21 in this shard, $kept already done, $((21 - kept)) simulated, 0 failed" stdout.txt
  "$bin" sweep s.json -o "$out" > stdout.txt 2>&1
  check grep -q "21 already done, 0 simulated" stdout.txt
  if have_h5py; then check /usr/bin/python3 "$src/tests/cli/compare_points.py" full.h5 "$out"; fi
done

# A single run under a tiny limit: one line, exit 2, neither the result nor its temp file left.
( ulimit -f 4; exec "$bin" run --platform rpi5-8gb --model stories15M --quant Q8_0 --n-prompt 16 --n-gen 8 -o run.h5 ) \
  > stdout.txt 2> stderr.txt; rc=$?
echo "run under ulimit -f 4: rc=$rc: $(cat stderr.txt)"
check [ "$rc" -eq 2 ]
check [ "$(wc -l < stderr.txt)" -eq 1 ]
check grep -qx "edgetwin: run.h5: cannot write result file: file size limit reached (File too large)" stderr.txt
check [ -z "$(ls run.h5* 2>/dev/null)" ]

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
