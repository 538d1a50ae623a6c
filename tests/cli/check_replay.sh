#!/usr/bin/env bash
# edgetwin replay (tegrastats clock timeline) and the held-out Jetson calibration, as a user runs them.
# Bad traces must give one line on stderr, exit 2 and no result file.
set -u
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The example: three clock segments (305 / 625 / 408 MHz GPU), tokens/s per segment, timeline in HDF5.
if "$bin" replay "$src/scenarios/replay-orin-nano-tegrastats.json" --trace "$src/data/traces/orin-nano-8gb-jp6.tegrastats" \
     -o replay.h5 > replay.txt 2> replay.err; then
  grep -q "decode per-token latency" replay.txt || fail "replay prints no latency summary"
  [ "$(grep -cE '^ +[0-9]+-[0-9]+ ' replay.txt)" -eq 3 ] || fail "replay should print 3 trace segments"
  [ -s replay.h5 ] || fail "replay wrote no HDF5 file"
  echo "ok: replay example"; grep -E "^ +[0-9]+-[0-9]+ " replay.txt
else
  fail "replay example exited non-zero"; cat replay.err
fi
"$bin" replay "$src/scenarios/replay-orin-nano-tegrastats.json" --trace "$src/data/traces/orin-nano-8gb-jp6.tegrastats" \
  --json -o replay2.h5 > replay.json || fail "replay --json"
grep -q '"segments"' replay.json || fail "replay --json has no segments"

expect_user_error() {  # description, expected substring, args...
  local what="$1" want="$2"; shift 2
  "$bin" "$@" >stdout.txt 2>stderr.txt; local rc=$?
  local lines; lines=$(wc -l < stderr.txt)
  if [ "$rc" -ne 2 ] || [ "$lines" -ne 1 ] || [ -s stdout.txt ] || ! grep -qF -- "$want" stderr.txt || ls out.h5* >/dev/null 2>&1; then
    echo "FAIL: $what (rc=$rc, stderr lines=$lines)"; cat stderr.txt; failures=$((failures + 1))
  else
    echo "ok: $what -> $(cat stderr.txt)"
  fi
  rm -f out.h5*
}
# AGX Orin line of formats.md §4.2 (jetson_exporter issue #14) replayed on a Jetson Nano preset.
echo "04-11-2025 10:36:27 RAM 4321/62801MB (lfb 1759x4MB) SWAP 19/31400MB (cached 0MB) CPU [0%@729,0%@729,0%@729,0%@729,0%@729,0%@729,0%@729,0%@729,0%@729,0%@729,0%@729,0%@729] EMC_FREQ 0%@2133 GR3D_FREQ 0%@[0,0] VIC_FREQ 729 APE 174 CPU@44.562C tj@44.343C VDD_GPU_SOC 2340mW/2340mW" > agx.log
nano=(replay --platform jetson-nano-4gb --model tinyllama-1.1b --quant Q4_K_M --n-prompt 16 --n-gen 8 -o out.h5)
expect_user_error "AGX trace on a Nano preset" "agx.log: line 1: RAM total 62801 MB does not match jetson-nano-4gb" "${nano[@]}" --trace agx.log
# Orin Nano line without sudo: no EMC clock.
sed -n 2p "$src/data/traces/orin-nano-8gb-jp6.tegrastats" | sed 's/EMC_FREQ 62%@2133 //' > no_emc.log
orin=(replay "$src/scenarios/replay-orin-nano-tegrastats.json" -o out.h5)
expect_user_error "trace without EMC clock" "no_emc.log: line 1: EMC_FREQ has no clock" "${orin[@]}" --trace no_emc.log
: > empty.log
expect_user_error "empty trace" "empty.log" "${orin[@]}" --trace empty.log
expect_user_error "bad interval" "--interval" "${orin[@]}" --trace "$src/data/traces/orin-nano-8gb-jp6.tegrastats" --interval 5parsecs

# Held-out Jetson calibration: completes and prints each held-out row and the MAPE before/after.
if "$bin" calibrate --trace "$src/data/traces/jetson-measurements.csv" \
     --train-ids J2,J3,J7,J22,J25,J26,J88,J91,J92 > holdout.txt 2> holdout.err; then
  [ "$(grep -cE '^ +J[0-9]+ +held ' holdout.txt)" -eq 9 ] || fail "held-out table should list 9 held-out rows"
  grep -E "held-out MAPE before [0-9.]+%, after [0-9.]+%" holdout.txt || fail "no held-out MAPE line"
else
  fail "held-out calibration exited non-zero"; cat holdout.err
fi
exit $((failures > 0))
