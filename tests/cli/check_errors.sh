#!/usr/bin/env bash
# The bad-input catalogue: careless or hostile input to every subcommand must give exactly one line on
# stderr, exit code 2 and nothing on stdout, and must leave every file in the working directory as it
# was (nothing created, changed, replaced or removed: compared by type, size, mtime and checksum).
# Runs as root (as on a Jetson or in a container) and as an unprivileged user; cases that need root
# (device nodes) are skipped otherwise.
set -u
bin="$(readlink -f "$1")"; src="$(readlink -f "$2")"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir -p logs
failures=0; passed=0; skipped=0

# --- fixtures (made before any case, so every case is checked against the same tree) ---
base=(run --platform rpi5-8gb --model stories15M --quant Q8_0 --n-prompt 8 --n-gen 2)
small() {  # a small scenario; $1: extra top-level JSON members
  printf '{"schema_version":1,"workload":{"model":"stories15M","quant":"Q8_0","n_prompt":4,"n_gen":2},"hardware":{"platform":"rpi5-8gb"}%s}\n' "$1"
}
sweep_with() { small ",\"sweep\":$1"; }
small '' > s.json
sweep_with '{"axes":{"hardware.freq":["1.5GHz","2.4GHz"]}}' > sw.json
sweep_with '{"axes":{"hardware.freq":["1.5GHz","1.8GHz"]}}' > sw-other.json
sweep_with '{"axes":{"hardware.freqq":["1GHz"]}}' > sweep_typo.json
sweep_with '{"axes":{"hardware.freq":{"min":"1GHz","max":"2GHz"}}}' > sweep_range_grid.json
sweep_with '{"axes":{"hardware.freq":["1GHz"]},"constraints":["runtime.threads ~ 2"]}' > sweep_badop.json
sweep_with '{"axes":{"hardware.freq":["2GHz","3GHz"]}}' > sweep_bad_value.json
sweep_with '{"axes":{"workload.quant":["Q8_0","Q5_9"]}}' > sweep_bad_quant.json
sweep_with '{"mode":"zip","axes":{"hardware.freq":["1.5GHz","2GHz"],"runtime.threads":[1]}}' > sweep_zip.json
sweep_with '{"mode":"random","axes":{"hardware.freq":{"min":"1.5GHz","max":"2GHz"}}}' > sweep_nosamples.json
sweep_with '{"mode":"spiral","axes":{"hardware.freq":["1.5GHz"]}}' > sweep_mode.json
/usr/bin/python3 - <<'PY'
import json
big = [f"{1000 + i}MHz" for i in range(1000)]
s = json.load(open("s.json"))
s["sweep"] = {"axes": {"hardware.freq": big, "runtime.threads": list(range(1000)), "hardware.set.memories[0].efficiency": [0.5] * 1000}}
json.dump(s, open("sweep_huge_grid.json", "w"))
open("deep.json", "w").write("[" * 100000 + "]" * 100000)
s = json.load(open("s.json")); s["workload"]["model"] = "x" * 5_000_000
json.dump(s, open("long_value.json", "w"))
s = json.load(open("s.json")); s["hardware"]["set"] = {"memories[99999999999999999999].bandwidth": "1GB/s"}
json.dump(s, open("huge_index.json", "w"))
s = json.load(open("s.json")); s["hardware"]["set"] = {"memories[7].bandwidth": "1GB/s"}
json.dump(s, open("missing_index.json", "w"))
s = json.load(open("s.json")); s["workload"]["n_gen"] = "two"
json.dump(s, open("wrong_type.json", "w"))
s = json.load(open("s.json")); s["workload"]["modell"] = "stories15M"
json.dump(s, open("unknown_key.json", "w"))
s = json.load(open("s.json")); s["sweep"] = {"axes": {"hardware.freq": ["1.5GHz"]}}
json.dump(s, open("run_a_sweep.json", "w"))
open("big.json", "w").write(" " * (17 << 20) + "{}")
PY
# Found by the libFuzzer targets (tests/fuzz): values of the wrong JSON type deep in a file.
echo '{"kind": 1}' > kind_number.json
echo '{"kind":"edgetwin-calibration","schema_version":1e10}' > version_huge.json
sweep_with '{"mode":"lhs","samples":1,"axes":{"workload.n_gen":{"min":1,"max":2,"log":"yes"}}}' > sweep_log_text.json
sweep_with '{"axes":{"workload.model.x":[1]}}' > sweep_through_value.json
small ',"outputs":{"h5":5},"sweep":{"axes":{"hardware.freq":["2GHz"]}}' > sweep_output_number.json
/usr/bin/python3 -c "
import json; s = json.load(open('s.json')); s['hardware']['set'] = {'family': 5}; json.dump(s, open('set_family.json', 'w'))"
printf '{"schema_version": 1,,}\n' > malformed.json
printf '{"schema_version": 1e999}\n' > huge.json
printf '{"schema_version":1,"workload":{"model":"stories15M","model":"tinyllama-1.1b"}}\n' > dupkey.json
echo junk > junk.h5
echo "my notes" > notes.txt
echo "<html>mine</html>" > mine.html
printf '#!/bin/bash\necho mine\n' > mine.sh
mkdir adir m.gguf
mkfifo fifo.h5
ln -s target.h5 link.h5
ln -s /dev/zero zero.gguf
printf 'GGUF\x03\x00\x00\x00' > truncated.gguf
printf '\x00\x01' > truncated.bin
sed 's|    { "name": "flash"|    { "name": "psram", "kind": "spi", "capacity": "8MiB", "bus_clock": "66.5MHz", "lanes": 4 },\n    { "name": "flash"|' \
  "$src/data/platforms/rp2040.json" > rp2040-psram.json
cp "$src/data/traces/orin-nano-8gb-jp6.tegrastats" t.log
printf 'id,platform,runtime,model,quant,n_prompt,n_gen,metric,value\nr1,rpi5-8gb,,tinyllama-1.1b,Q4_0,0,128,decode_tok_s,9\nr2,rpi5-8gb,,tinyllama-1.1b,Q4_0,512,0,prefill_tok_s,50\n' > t.csv
printf 'id,platform,runtime,model,quant,n_prompt,n_gen,metric,value\nr1,rpi5-8gb,,tinyllama-1.1b,Q4_0,0,128,decode_tok_s,1e308\n' > absurd.csv
printf 'id,platform,runtime,model,quant,n_prompt,n_gen,metric,value\nr1,rpi5-8gb,,tinyllama-1.1b,Q4_0,0,128,decode_tok_s,1e-300\n' > tiny.csv
printf 'id,platform,runtime,model,quant,n_prompt,n_gen,power_mode,metric,value\nr1,jetson-agx-orin-64gb,llama.cpp-cuda,tinyllama-1.1b,Q4_0,0,16,7W,decode_tok_s,9\n' > modes.csv
printf '4,1\n1,4\n' > A.csv
printf '1,2\n2,4\n' > singular.csv
printf '1\n2\n' > b.csv
printf '{"schema_version":1,"preset":"pku-hpinv-40nm","ops":[{"op":"write_matrix","matrix":{"file":"A.csv"}},{"op":"hp_inv","b":{"file":"b.csv"},"lp_array":2}]}\n' > ops.json
printf '{"schema_version":1,"preset":"pku-hpinv-40nm","ops":[{"op":"write_matrix","matrix":{"file":"singular.csv"}},{"op":"hp_inv","b":{"file":"b.csv"},"lp_array":2}]}\n' > ops_singular.json
printf '{"schema_version":1,"preset":"pku-hpinv-40nm","ops":[{"op":"transpose"}]}\n' > ops_badop.json
# Result files of each kind, a calibration overlay, and a corrupt copy (all made by the tool itself).
"$bin" "${base[@]}" -o run.h5 > /dev/null
"$bin" sweep sw.json -o sweep.h5 > /dev/null 2>&1
"$bin" sweep sw.json --shard 0/2 -o shard0.h5 > /dev/null 2>&1
"$bin" calibrate --platform rpi5-8gb --trace t.csv --fit compute_efficiency -o cal.json > /dev/null
head -c 3000 run.h5 > corrupt.h5
/usr/bin/python3 -c "
import json; j = json.load(open('cal.json')); j['runtime_set'] = {'compute_efficiency': 'abc'}; json.dump(j, open('badcal.json', 'w'))
j = json.load(open('cal.json')); j['platform'] = 'jetson-orin-nano-8gb'; json.dump(j, open('othercal.json', 'w'))"
chmod a-w run.h5  # an output must never need write access to an input it refuses
root=0; [ "$(id -u)" -eq 0 ] && root=1
if [ "$root" -eq 1 ]; then mknod -m 666 nul c 1 3; mknod -m 666 full c 1 7; fi

snapshot() {  # type, size, mtime and content of everything here but the logs
  find . -path ./logs -prune -o -mindepth 1 -printf '%p %y %s %T@ %l\n' | sort
  find . -path ./logs -prune -o -type f -print0 | sort -z | xargs -0 md5sum
}
snapshot > logs/before.txt

expect_user_error() {  # description, expected substring, [--env VAR=value ... --] args...
  local what="$1" want="$2"; shift 2
  local n=$((passed + failures + 1))
  local vars=()
  if [ "${1:-}" = "--env" ]; then
    shift
    while [ "$1" != "--" ]; do vars+=("$1"); shift; done
    shift
  fi
  ( env "${vars[@]}" "$bin" "$@" ) >logs/stdout.txt 2>logs/stderr.txt </dev/null; local rc=$?
  local lines; lines=$(wc -l < logs/stderr.txt)
  local len; len=$(wc -c < logs/stderr.txt)
  snapshot > logs/after.txt
  if [ "$rc" -ne 2 ] || [ "$lines" -ne 1 ] || [ -s logs/stdout.txt ] || ! grep -qF -- "$want" logs/stderr.txt \
     || [ "$len" -gt 2100 ] || ! cmp -s logs/before.txt logs/after.txt; then
    echo "FAIL $n: $what (rc=$rc, stderr lines=$lines, bytes=$len)"; head -c 600 logs/stderr.txt; echo
    diff logs/before.txt logs/after.txt | head -5
    failures=$((failures + 1))
    # Put the tree back as it was so one failure does not fail every later case.
    find . -path ./logs -prune -o -name '*.tmp.*' -print0 | xargs -0 rm -f
    snapshot > logs/before.txt
  else
    echo "ok $n: $what -> $(cat logs/stderr.txt)"; passed=$((passed + 1))
  fi
}
skip() { echo "skip: $1 ($2)"; skipped=$((skipped + 1)); }

# --- run: names, units, ranges, fit ---
expect_user_error "unknown model" "--model: unknown model 'nope' (known: " "${base[@]}" --model nope -o out.h5
expect_user_error "unknown platform" "--platform: unknown platform 'orin-nope'" "${base[@]}" --platform orin-nope -o out.h5
expect_user_error "unknown quant" "--quant: unknown quantization 'Q5_9'" "${base[@]}" --quant Q5_9 -o out.h5
expect_user_error "unknown runtime" "--runtime: unknown runtime" "${base[@]}" --runtime nope -o out.h5
expect_user_error "runtime of another family" "--runtime: runtime 'llama.cpp-cpu-arm' is for generic platforms, but jetson-orin-nano-8gb is a jetson platform" \
  "${base[@]}" --platform jetson-orin-nano-8gb --runtime llama.cpp-cpu-arm -o out.h5
expect_user_error "bad unit" "--freq: '240 MHzz': unknown frequency unit 'MHzz' (allowed: Hz, kHz, MHz, GHz)" "${base[@]}" --freq "240 MHzz" -o out.h5
expect_user_error "negative token count" "--n-gen: -3 is out of range (allowed 0..1048576)" "${base[@]}" --n-gen=-3 -o out.h5
expect_user_error "frequency out of range" "--freq: 3 GHz is outside the supported core clock range" "${base[@]}" --freq 3GHz -o out.h5
expect_user_error "unknown power mode" "--power-mode" "${base[@]}" --platform jetson-orin-nano-8gb --runtime llama.cpp-cuda --power-mode 99W -o out.h5
expect_user_error "unknown fidelity" "--fidelity: unknown fidelity 'rtl' (allowed: analytic, tlm)" "${base[@]}" --fidelity rtl -o out.h5
expect_user_error "unknown KV cache type" "--kv-type" "${base[@]}" --kv-type q9 -o out.h5
expect_user_error "model does not fit" "need" run --platform rpi5-8gb --model llama-2-7b --quant F32 --n-gen 1 --n-prompt 1 -o out.h5
expect_user_error "mcu clock out of range" "--freq: 300 MHz is outside the core clock range of esp32s3-r2 [80 MHz, 240 MHz]" \
  run --platform esp32s3-r2 --model stories260K --quant F32 --freq 300MHz --n-prompt 1 --n-gen 1 -o out.h5
expect_user_error "psram on a part without it" "rp2040 supports 0 B of PSRAM but 8 MiB is declared" \
  run --platform rp2040-psram.json --model stories260K --quant F32 --n-prompt 1 --n-gen 1 -o out.h5
expect_user_error "mcu model too large for every memory" "weights (F32) need" \
  run --platform esp32s3-r2 --model stories42M --quant F32 --n-prompt 1 --n-gen 1 -o out.h5
expect_user_error "DLA placement on a board without a DLA" "dla: jetson-orin-nano-8gb has no DLA (allowed on: jetson-agx-orin-32gb" \
  run --platform jetson-orin-nano-8gb --runtime tensorrt-fp16-dla --model tinyllama-1.1b --quant F16 --n-prompt 8 --n-gen 1 -o out.h5
expect_user_error "weight type the runtime cannot load" "--quant: runtime 'llama2.c-runq' loads weights of type" \
  run --platform imxrt1176-coral-micro --runtime llama2.c-runq --model stories15M --quant Q4_0 --n-prompt 1 --n-gen 1 -o out.h5
expect_user_error "unknown flag" "--bogus" "${base[@]}" --bogus -o out.h5
# --- run: scenario files ---
expect_user_error "malformed JSON" "malformed.json: malformed JSON at line 1 column 22" run malformed.json -o out.h5
expect_user_error "number beyond double range" "huge.json: unreadable JSON" run huge.json -o out.h5
expect_user_error "missing scenario file" "none.json: cannot open file for reading: no such file" run none.json -o out.h5
expect_user_error "directory as scenario" "adir: is a directory, not a JSON file" run adir -o out.h5
expect_user_error "/dev/zero as scenario" "/dev/zero: is a character device, not a JSON file" run /dev/zero -o out.h5
expect_user_error "scenario over the size cap" "big.json: JSON file is 17.0 MiB, larger than the 16 MiB limit" run big.json -o out.h5
expect_user_error "100,000 nested brackets" "deep.json: JSON nested deeper than 64 levels" run deep.json -o out.h5
expect_user_error "duplicate key" "dupkey.json: workload.model: key given twice in the same object" run dupkey.json -o out.h5
expect_user_error "5 MB value quoted at most ~80 characters" "(5000000 characters)" run long_value.json -o out.h5
expect_user_error "override index beyond any list" "index [99999999999999999999] does not exist in the preset" run huge_index.json -o out.h5
expect_user_error "override index past the end" "index [7] does not exist in the preset" run missing_index.json -o out.h5
expect_user_error "value of the wrong type" "wrong_type.json: workload.n_gen" run wrong_type.json -o out.h5
expect_user_error "unknown scenario key" "unknown_key.json: workload.modell: unknown key" run unknown_key.json -o out.h5
expect_user_error "run of a sweep scenario" "this scenario describes a sweep" run run_a_sweep.json -o out.h5
# --- run: model files ---
expect_user_error "directory as GGUF" "m.gguf: is a directory, not a GGUF file" inspect m.gguf
expect_user_error "symlink to /dev/zero as --model" "--model: 'zero.gguf': is a character device, not a model file" \
  run --platform rpi5-8gb --model zero.gguf -o out.h5
expect_user_error "missing model file" "--model: 'none.gguf': model file does not exist" run --platform rpi5-8gb --model none.gguf -o out.h5
expect_user_error "truncated GGUF" "truncated.gguf: at byte 8" inspect truncated.gguf
expect_user_error "truncated llama2.c file" "truncated.bin" run --platform rpi5-8gb --model truncated.bin -o out.h5
expect_user_error "inspect of a missing file" "none.gguf" inspect none.gguf
# --- outputs: never replace what is not ours ---
expect_user_error "FIFO as output" "fifo.h5: refusing to write the result file: it is a FIFO, not a regular file" "${base[@]}" -o fifo.h5
expect_user_error "symlink as output" "link.h5: refusing to write the result file: it is a symbolic link" "${base[@]}" -o link.h5
expect_user_error "/dev/stdout as output" "/dev/stdout: refusing to write the result file: it is a symbolic link" "${base[@]}" -o /dev/stdout
expect_user_error "directory as output" "adir: refusing to write the result file: it is a directory" "${base[@]}" -o adir
if [ "$root" -eq 1 ]; then
  expect_user_error "character device as output (root)" "nul: refusing to write the result file: it is a character device" "${base[@]}" -o nul
  expect_user_error "full device as sweep output (root)" "full: refusing to write the result file: it is a character device" sweep sw.json -o full
  expect_user_error "device as report (root)" "nul: refusing to write the report: it is a character device" "${base[@]}" -o out.h5 --report nul
else
  # Unprivileged, /dev/null itself is safe to name: the directory /dev could not be written anyway.
  expect_user_error "/dev/null as output (unprivileged)" "/dev/null: refusing to write the result file: it is a character device" "${base[@]}" -o /dev/null
  skip "full device as sweep output" "needs root for mknod"; skip "device as report" "needs root for mknod"
fi
expect_user_error "unwritable output directory" "cannot create result file: directory '/nonexistent-dir' does not exist" "${base[@]}" -o /nonexistent-dir/out.h5
expect_user_error "output = the scenario" "s.json: refusing to write the result file: it is also an input of this command" run s.json -o s.json
expect_user_error "report = the result file" "r.h5: refusing to write the report: the same file is already this command's result file" "${base[@]}" -o r.h5 --report r.h5
expect_user_error "output = the calibration overlay" "cal.json: refusing to write the result file: it is also an input" "${base[@]}" --calibration cal.json -o cal.json
expect_user_error "run over a sweep file" "sweep.h5: refusing to replace a sweep result file with a run result file (use --force" "${base[@]}" -o sweep.h5
expect_user_error "run over a user's file" "notes.txt: refusing to replace a file edgetwin did not write with a run result file" "${base[@]}" -o notes.txt
expect_user_error "report over a user's HTML" "mine.html: refusing to replace a file edgetwin did not write with a HTML report" "${base[@]}" -o out.h5 --report mine.html
expect_user_error "empty output name (sweep)" "--output: empty file name" sweep sw.json -o ""
expect_user_error "empty output name (run)" "needs a file name" "${base[@]}" -o ""
# --- calibration overlay ---
expect_user_error "bad value in a calibration overlay names the overlay" "badcal.json: runtime_set.compute_efficiency: 'abc' is not a number" \
  "${base[@]}" --calibration badcal.json -o out.h5
expect_user_error "overlay of another platform" "othercal.json: platform: calibration was made for platform 'jetson-orin-nano-8gb'" \
  "${base[@]}" --calibration othercal.json -o out.h5
expect_user_error "overlay that is not one" "s.json: kind: not an edgetwin calibration overlay" "${base[@]}" --calibration s.json -o out.h5
expect_user_error "overlay whose kind is a number" "kind_number.json: kind: not an edgetwin calibration overlay" "${base[@]}" --calibration kind_number.json -o out.h5
expect_user_error "overlay version 1e10" "version_huge.json: schema_version: unsupported version (expected the integer 1)" "${base[@]}" --calibration version_huge.json -o out.h5
expect_user_error "override of a preset's family" "set_family.json: hardware.set.family: cannot be overridden" run set_family.json -o out.h5
# --- sweep ---
expect_user_error "sweep axis typo" "sweep: point 0 is malformed: hardware.freqq: unknown key" sweep sweep_typo.json -o out.h5
expect_user_error "sweep range in a grid" "sweep.axes.hardware.freq: ranges need mode random or lhs" sweep sweep_range_grid.json -o out.h5
expect_user_error "sweep constraint operator" "no comparison operator in 'runtime.threads ~ 2' (allowed: < <= > >= == !=)" sweep sweep_badop.json -o out.h5
expect_user_error "sweep bad shard" "--shard: '3/2': need 0 <= i < N" sweep sweep_badop.json --shard 3/2 -o out.h5
expect_user_error "sweep axis value outside the preset's clock range" "sweep_bad_value.json: sweep.axes.hardware.freq: value \"3GHz\": 3 GHz is outside" \
  sweep sweep_bad_value.json -o out.h5
expect_user_error "sweep axis value naming no quant" "sweep.axes.workload.quant: value \"Q5_9\"" sweep sweep_bad_quant.json -o out.h5
expect_user_error "grid of 10^9 points" "the grid has 1000000000 points, more than the 1000000 allowed" sweep sweep_huge_grid.json -o out.h5
expect_user_error "zip of unequal axes" "zip needs axes of equal length" sweep sweep_zip.json -o out.h5
expect_user_error "random sweep without samples" "sweep.samples" sweep sweep_nosamples.json -o out.h5
expect_user_error "unknown sweep mode" "sweep.mode" sweep sweep_mode.json -o out.h5
expect_user_error "sweep range with log: \"yes\"" "sweep.axes.workload.n_gen.log: expected true or false" sweep sweep_log_text.json -o out.h5
expect_user_error "sweep axis through a plain value" "'workload.model' holds \"stories15M\", not an object" sweep sweep_through_value.json -o out.h5
expect_user_error "sweep output name of the wrong type" "outputs.h5: expected a string, got 5" sweep sweep_output_number.json
expect_user_error "sweep of a scenario without a sweep" "no sweep section" sweep s.json -o out.h5
expect_user_error "sweep --fresh over its own scenario" "sw.json: refusing to write the result file: it is also an input" sweep sw.json --fresh -o sw.json
expect_user_error "resume into another sweep's file" "sweep.h5: holds a different sweep than sw-other.json" sweep sw-other.json -o sweep.h5
expect_user_error "sweep over a run file" "run.h5: refusing to replace a run result file with a sweep result file" sweep sw.json -o run.h5
expect_user_error "sweep -j 0" "-j: allowed 1..1024" sweep sw.json -j 0 -o out.h5
expect_user_error "SLURM_ARRAY_TASK_ID not a number" "SLURM_ARRAY_TASK_ID: 'abc' is not a non-negative whole number" \
  --env SLURM_ARRAY_TASK_ID=abc SLURM_ARRAY_TASK_COUNT=4 -- sweep sw.json -o out.h5
expect_user_error "SLURM task beyond the array" "SLURM_ARRAY_TASK_ID: 9 is outside the array [0, 3]" \
  --env SLURM_ARRAY_TASK_ID=9 SLURM_ARRAY_TASK_COUNT=4 -- sweep sw.json -o out.h5
expect_user_error "sbatch script over a user's script" "mine.sh: refusing to replace a file edgetwin did not write with a sbatch script" \
  sweep sw.json --emit-sbatch mine.sh
# --- merge / analyze ---
expect_user_error "merge missing shard" "nope.h5: cannot read result file" merge out.h5 nope.h5
expect_user_error "merge of a corrupt file" "corrupt.h5: cannot read result file" merge out.h5 shard0.h5 corrupt.h5
expect_user_error "merge of another sweep's file" "comes from a different sweep" merge out.h5 shard0.h5 run.h5
expect_user_error "merge output = an input" "shard0.h5: refusing to write the result file: it is also an input" merge shard0.h5 shard0.h5
expect_user_error "analyze a non-HDF5 file" "junk.h5: cannot read result file: not an HDF5 file" analyze junk.h5
expect_user_error "analyze bad objective" "--pareto: 'decode_tok_s:up' is not column:max or column:min" analyze sweep.h5 --pareto decode_tok_s:up,energy_J:min
expect_user_error "analyze filter with NaN" "'nan' is not a finite number" analyze sweep.h5 --filter "decode_tok_s>=nan"
expect_user_error "analyze filter without operator" "no comparison operator" analyze sweep.h5 --filter "decode_tok_s"
expect_user_error "analyze unknown column" "nope" analyze sweep.h5 --filter "nope>=1"
# --- calibrate ---
expect_user_error "held-out id not in the observations" "--train-ids: no observation has id 'J99'" \
  calibrate --trace "$src/data/traces/jetson-measurements.csv" --train-ids J2,J99
expect_user_error "observation row naming a power mode the board lacks" "modes.csv:2: power_mode: unknown power mode '7W'" \
  calibrate --trace modes.csv --train-ids r1
expect_user_error "calibrate output = the trace" "t.csv: refusing to write the calibration overlay: it is also an input" \
  calibrate --platform rpi5-8gb --trace t.csv --fit compute_efficiency -o t.csv
expect_user_error "calibrate over a user's JSON" "s.json: refusing to replace a file edgetwin did not write with a calibration overlay" \
  calibrate --platform rpi5-8gb --trace t.csv --fit compute_efficiency -o s.json
expect_user_error "measured value 1e308 tok/s" "absurd.csv:2: value: decode_tok_s = 1e+308 tok/s is outside the plausible range" \
  calibrate --platform rpi5-8gb --trace absurd.csv --fit compute_efficiency -o out.json
expect_user_error "measured value 1e-300 tok/s" "tiny.csv:2: value: decode_tok_s = 1e-300 tok/s is outside" \
  calibrate --platform rpi5-8gb --trace tiny.csv --fit compute_efficiency -o out.json
expect_user_error "negative prior width" "--prior-sigma" calibrate --platform rpi5-8gb --trace t.csv --prior-sigma -1 -o out.json
expect_user_error "tegrastats of a Jetson to calibrate a Raspberry Pi" "t.log: a tegrastats log comes from a Jetson board, but --platform rpi5-8gb" \
  calibrate --platform rpi5-8gb --trace t.log --model tinyllama-1.1b --quant Q4_0 --n-prompt 0 --n-gen 128 -o out.json
expect_user_error "calibrate trace /dev/zero" "/dev/zero: is a character device, not a trace file" calibrate --platform rpi5-8gb --trace /dev/zero -o out.json
expect_user_error "calibrate unknown parameter" "--fit" calibrate --platform rpi5-8gb --trace t.csv --fit nope -o out.json
expect_user_error "calibrate unknown format" "--format" calibrate --platform rpi5-8gb --trace t.csv --format nope -o out.json
expect_user_error "calibrate without --platform" "--platform: is required" calibrate --trace t.csv -o out.json
# --- replay ---
rep=(replay --platform jetson-orin-nano-8gb --model tinyllama-1.1b --quant Q4_0 --n-prompt 8 --n-gen 4)
expect_user_error "replay output = the trace" "t.log: refusing to write the result file: it is also an input" "${rep[@]}" --trace t.log -o t.log
expect_user_error "replay trace /dev/zero" "/dev/zero: is a character device, not a trace file" "${rep[@]}" --trace /dev/zero -o out.h5
expect_user_error "replay interval of 1e300 s" "--interval: 1e300s is outside (0 s, 1 h]" "${rep[@]}" --trace t.log --interval 1e300s -o out.h5
expect_user_error "replay without a trace" "--trace" "${rep[@]}" -o out.h5
# --- rram ---
expect_user_error "rram profile output = its script" "ops.json: refusing to write the result file: it is also an input" rram profile --ops ops.json -o ops.json
expect_user_error "hp_inv of a singular matrix" "the written matrix is singular (rank 1 of 2)" rram profile --ops ops_singular.json -o out.h5
expect_user_error "rram profile unknown op" "'transpose' (allowed: write_matrix, read_matrix, mvm, hp_inv)" rram profile --ops ops_badop.json -o out.h5
expect_user_error "rram profile over a run file" "run.h5: refusing to replace a run result file with a rram profile file" rram profile --ops ops.json -o run.h5
expect_user_error "rram logits negative seed" "--seed" rram logits --seed -1 -o out.h5
expect_user_error "rram logits empty values" "--values" rram logits --values "" -o out.h5
expect_user_error "rram logits unknown knob" "--knob" rram logits --knob nope -o out.h5
expect_user_error "rram logits tokens 0" "--tokens: 0" rram logits --tokens 0 -o out.h5
# --- the CLI itself ---
expect_user_error "unknown subcommand" "unknown subcommand 'frobnicate' (allowed: run, list" frobnicate
expect_user_error "no subcommand" "A subcommand is required"
expect_user_error "unknown option before the subcommand" "unknown option '-V' before the subcommand (allowed: --help, --help-all, --version)" -V
expect_user_error "list of an unknown thing" "list" list nope

echo "$passed passed, $failures failed, $skipped skipped (bad-input catalogue: $((passed + failures)) cases run)"
[ "$failures" -eq 0 ]
