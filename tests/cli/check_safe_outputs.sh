#!/usr/bin/env bash
# What must keep working around the output rules and input limits (the bad-input side is
# check_errors.sh): legitimate inputs accepted (UTF-8 BOM, a pipe), `-o none`, `--force`, temp files
# of dead processes removed, Ctrl-C of a sweep explained and resumable, failed sweep points reported
# with exit 3 and retried on resume without duplicate rows.
set -u
bin="$(readlink -f "$1")"; src="$(readlink -f "$2")"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0; passed=0
check() { if "$@" > /dev/null; then passed=$((passed + 1)); else echo "FAIL: $*"; failures=$((failures + 1)); fi; }
rows() { /usr/bin/python3 -c "import h5py,sys; p=h5py.File(sys.argv[1],'r')['points'][:]; print(len(p), sum(r['status']==b'error' for r in p), len(set(r['config_hash'] for r in p)))" "$1"; }
base=(run --platform rpi5-8gb --model stories15M --quant Q8_0 --n-prompt 8 --n-gen 2)
bom=$'\xEF\xBB\xBF'

# UTF-8 byte-order marks (Excel, Notepad) in a CSV trace, a tegrastats log and an rram matrix.
printf '%sid,platform,runtime,model,quant,n_prompt,n_gen,metric,value\nr1,rpi5-8gb,,tinyllama-1.1b,Q4_0,0,128,decode_tok_s,9\n' "$bom" > bom.csv
check "$bin" calibrate --platform rpi5-8gb --trace bom.csv --fit compute_efficiency -o cal.json
"$bin" calibrate --platform rpi5-8gb --trace bom.csv --fit compute_efficiency -o cal2.json --json > cal.out
check /usr/bin/python3 -c "
import json; d = json.load(open('cal.out')); assert d['rows'][0]['measured'] == 9 and d['overlay']['kind'] == 'edgetwin-calibration', d"
# A calibrated run carries its band in --json: at least [value x (1 - b), value x (1 + b)] per rate (the
# validation corpus's 80 % band widens it, never narrows it).
"$bin" "${base[@]}" --calibration cal.json -o none --json > band.json
check /usr/bin/python3 -c "
import json; j = json.load(open('band.json')); b = j['band']['relative']
for k in ('decode_tok_s', 'prefill_tok_s'):
    lo, hi = j['band'][k]
    assert lo <= j[k] * (1 - b) * (1 + 1e-9) and hi >= j[k] * (1 + b) * (1 - 1e-9), k
lo, hi = j['band']['ttft_s']
assert lo <= j['ttft_s'] <= hi"
{ printf '%s' "$bom"; cat "$src/data/traces/orin-nano-8gb-jp6.tegrastats"; } > bom.tegrastats
check "$bin" replay --platform jetson-orin-nano-8gb --model tinyllama-1.1b --quant Q4_0 --n-prompt 8 --n-gen 4 --trace bom.tegrastats -o none
printf '%s4,1\n1,4\n' "$bom" > A.csv
printf '{"schema_version":1,"preset":"pku-hpinv-40nm","ops":[{"op":"write_matrix","matrix":{"file":"A.csv"}},{"op":"read_matrix"}]}\n' > ops.json
check "$bin" rram profile --ops ops.json -o prof.h5
printf '%s{"schema_version":1,"workload":{"model":"stories15M","quant":"Q8_0","n_prompt":4,"n_gen":2},"hardware":{"platform":"rpi5-8gb"}}\n' "$bom" > bom.json
check "$bin" run bom.json -o bom.h5

# A scenario through a pipe is read once: it simulates and stores the same text.
check "$bin" run <(cat bom.json) --json -o piped.h5
check /usr/bin/python3 -c "import h5py,json; assert json.loads(h5py.File('piped.h5','r').attrs['scenario'])['workload']['n_gen'] == 2"

# -o none: the summary only, no file.
out=$("$bin" "${base[@]}" -o none --json)
check grep -q '"decode_tok_s"' <<< "$out"
check [ ! -e none ]

# --force replaces a user's file; without it the file is kept (check_errors.sh).
echo "notes" > notes.txt
check "$bin" "${base[@]}" -o notes.txt --force
check /usr/bin/python3 -c "import h5py; h5py.File('notes.txt','r')['points']"

# A temp file left by a killed process (its pid no longer exists) is removed by the next run.
dead=$(sh -c 'echo $$')  # a pid that has exited
touch "r.h5.tmp.$dead"
check "$bin" "${base[@]}" -o r.h5
check [ ! -e "r.h5.tmp.$dead" ]

# Failed points: exit 3 with the count; a rerun retries them (no duplicate rows); --no-retry keeps them.
cat > fit.json <<'JSON'
{"schema_version":1,"workload":{"model":"llama-2-7b","quant":"Q4_0","n_prompt":4,"n_gen":2},"hardware":{"platform":"rpi5-8gb"},
 "sweep":{"axes":{"workload.quant":["Q4_0","F32"],"hardware.freq":["1.5GHz","2.4GHz"]}}}
JSON
"$bin" sweep fit.json -o fit.h5 > out.txt 2> err.txt; rc=$?
check [ "$rc" -eq 3 ]
check grep -q "2 of 4 points failed" err.txt
check [ "$(rows fit.h5)" = "4 2 4" ]
"$bin" sweep fit.json -o fit.h5 > out.txt 2> err.txt; rc=$?
check [ "$rc" -eq 3 ]
check grep -q "2 failed before, retried" out.txt
check [ "$(rows fit.h5)" = "4 2 4" ]
"$bin" sweep fit.json -o fit.h5 --json > out.json 2> err.txt; rc=$?
check [ "$rc" -eq 3 ]
check /usr/bin/python3 -c "import json; d = json.load(open('out.json')); assert (d['generated'], d['failed'], d['retried']) == (4, 2, 2), d"
"$bin" sweep fit.json -o fit.h5 --no-retry > out.txt 2> err.txt; rc=$?
check [ "$rc" -eq 3 ]
check grep -q "4 already done" out.txt

# Ctrl-C of a sweep: the handler says how to resume, the status is 128+SIGINT, the rerun finishes it.
cat > long.json <<'JSON'
{ "schema_version": 1, "workload": { "model": "stories15M", "quant": "Q8_0", "n_prompt": 16, "n_gen": 8 },
  "hardware": { "platform": "rpi5-8gb" }, "run": { "fidelity": "tlm" },
  "sweep": { "mode": "lhs", "samples": 300, "seed": 3,
             "axes": { "hardware.freq": {"min": "1.5GHz", "max": "2.4GHz"}, "runtime.threads": [1, 2, 3, 4] } } }
JSON
"$bin" sweep long.json -o long.h5 > /dev/null 2> int.err &
pid=$!
for _ in $(seq 1 300); do
  [ "$(stat -c %s long.h5 2>/dev/null || echo 0)" -gt 60000 ] && break
  sleep 0.05
done
kill -INT $pid; wait $pid; rc=$?
check [ "$rc" -eq 130 ]
check grep -q "sweep interrupted; the points finished so far are kept in long.h5: rerun the same command to resume" int.err
check [ -z "$(ls ./*.tmp.* 2>/dev/null)" ]
check "$bin" sweep long.json -o long.h5
check [ "$(rows long.h5)" = "300 0 300" ]

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
