#!/usr/bin/env bash
# Bad input must give exactly one line on stderr, exit code 2, nothing on stdout and no result file.
set -u
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cd "$work"
printf '{"schema_version": 1,,}\n' > malformed.json
printf '{"schema_version": 1e999}\n' > huge.json
sweep_with() {  # a one-axis sweep scenario with the given sweep body
  printf '{"schema_version":1,"workload":{"model":"stories15M","quant":"Q8_0","n_prompt":4,"n_gen":2},"hardware":{"platform":"rpi5-8gb"},"sweep":%s}\n' "$1"
}
sweep_with '{"axes":{"hardware.freqq":["1GHz"]}}' > sweep_typo.json
sweep_with '{"axes":{"hardware.freq":{"min":"1GHz","max":"2GHz"}}}' > sweep_range_grid.json
sweep_with '{"axes":{"hardware.freq":["1GHz"]},"constraints":["runtime.threads ~ 2"]}' > sweep_badop.json
echo junk > junk.h5
# An RP2040 preset with a PSRAM level added: the part has no PSRAM interface (max_psram 0).
sed 's|    { "name": "flash"|    { "name": "psram", "kind": "spi", "capacity": "8MiB", "bus_clock": "66.5MHz", "lanes": 4 },\n    { "name": "flash"|' \
  "$src/data/platforms/rp2040.json" > rp2040-psram.json
base=(run --platform rpi5-8gb --model stories15M --quant Q8_0 --n-prompt 8 --n-gen 2 -o out.h5)
failures=0
expect_user_error() {  # description, expected substring, args...
  local what="$1" want="$2"; shift 2
  "$bin" "$@" >stdout.txt 2>stderr.txt; local rc=$?
  local lines; lines=$(wc -l < stderr.txt)
  if [ "$rc" -ne 2 ] || [ "$lines" -ne 1 ] || [ -s stdout.txt ] || ! grep -qF -- "$want" stderr.txt \
     || ls out.h5* report.html* >/dev/null 2>&1; then
    echo "FAIL: $what (rc=$rc, stderr lines=$lines)"; cat stderr.txt; failures=$((failures + 1))
  else
    echo "ok: $what -> $(cat stderr.txt)"
  fi
  rm -f out.h5* report.html*
}
expect_user_error "unknown model" "--model: unknown model 'nope' (known: " "${base[@]}" --model nope
expect_user_error "malformed JSON" "malformed.json: malformed JSON at line 1 column 22" run malformed.json
expect_user_error "bad unit" "--freq: '240 MHzz': unknown frequency unit 'MHzz' (allowed: Hz, kHz, MHz, GHz)" "${base[@]}" --freq "240 MHzz"
expect_user_error "negative token count" "--n-gen: -3 is out of range (allowed 0..1048576)" "${base[@]}" --n-gen=-3
expect_user_error "unwritable output" "cannot create result file" "${base[@]}" -o /nonexistent-dir/out.h5
expect_user_error "frequency out of range" "--freq: 3 GHz is outside the supported core clock range" "${base[@]}" --freq 3GHz
expect_user_error "unknown platform" "--platform: unknown platform 'orin-nope'" "${base[@]}" --platform orin-nope
expect_user_error "model does not fit" "need" run --platform rpi5-8gb --model llama-2-7b --quant F32 --n-gen 1 --n-prompt 1 -o out.h5
expect_user_error "number beyond double range" "huge.json: unreadable JSON" run huge.json
expect_user_error "sweep axis typo" "sweep: point 0 is malformed: hardware.freqq: unknown key" sweep sweep_typo.json -o out.h5
expect_user_error "sweep range in a grid" "sweep.axes.hardware.freq: ranges need mode random or lhs" sweep sweep_range_grid.json -o out.h5
expect_user_error "sweep constraint operator" "no comparison operator in 'runtime.threads ~ 2' (allowed: < <= > >= == !=)" sweep sweep_badop.json -o out.h5
expect_user_error "sweep bad shard" "--shard: '3/2': need 0 <= i < N" sweep sweep_badop.json --shard 3/2 -o out.h5
expect_user_error "analyze a non-HDF5 file" "junk.h5: cannot read result file: not an HDF5 file" analyze junk.h5
expect_user_error "analyze bad objective" "--pareto: 'decode_tok_s:up' is not column:max or column:min" analyze junk.h5 --pareto decode_tok_s:up,energy_J:min
expect_user_error "merge missing shard" "nope.h5: cannot read result file" merge out.h5 nope.h5
expect_user_error "missing scenario file" "cannot open file for reading" run "$work/none.json"
expect_user_error "unknown fidelity" "--fidelity: unknown fidelity 'rtl' (allowed: analytic, tlm)" "${base[@]}" --fidelity rtl
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
expect_user_error "held-out id not in the observations" "--train-ids: no observation has id 'J99'" \
  calibrate --trace "$src/data/traces/jetson-measurements.csv" --train-ids J2,J99
printf 'id,platform,runtime,model,quant,n_prompt,n_gen,power_mode,metric,value\nr1,jetson-agx-orin-64gb,llama.cpp-cuda,tinyllama-1.1b,Q4_0,0,16,7W,decode_tok_s,9\n' > modes.csv
expect_user_error "observation row naming a power mode the board lacks" "modes.csv:2: power_mode: unknown power mode '7W'" \
  calibrate --trace modes.csv --train-ids r1
echo "$((25 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
