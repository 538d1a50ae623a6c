#!/usr/bin/env bash
# Sweep throughput: points per second for the analytic engine (N_ANALYTIC points, OpenMP threads)
# and the tlm engine (N_TLM points, forked workers) with -j 1 and -j 2, and the speed-up.
# Usage: bench/bench_sweep.sh BUILD_DIR [N_ANALYTIC=1000] [N_TLM=200]
set -euo pipefail
bin="$1/edgetwin"; na="${2:-1000}"; nt="${3:-200}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
scenario() {  # fidelity samples
  cat <<JSON
{ "schema_version": 1, "name": "bench-$1",
  "workload": { "model": "stories15M", "quant": "Q8_0", "n_prompt": 32, "n_gen": 32 },
  "hardware": { "platform": "rpi5-8gb" }, "run": { "fidelity": "$1" },
  "sweep": { "mode": "random", "samples": $2, "seed": 11,
             "axes": { "hardware.freq": {"min": "1.5GHz", "max": "2.4GHz"}, "runtime.threads": [1, 2, 3, 4] } } }
JSON
}
printf "%-9s %7s %4s %10s %10s\n" engine points jobs wall_s points/s
for engine in analytic tlm; do
  n=$([ "$engine" = analytic ] && echo "$na" || echo "$nt")
  scenario "$engine" "$n" > "$work/$engine.json"
  declare -A rate
  for j in 1 2; do
    t0=$(date +%s.%N)
    "$bin" sweep "$work/$engine.json" -j "$j" --fresh -o "$work/$engine-$j.h5" > /dev/null 2>&1
    t1=$(date +%s.%N)
    wall=$(awk "BEGIN{print $t1 - $t0}")
    rate[$j]=$(awk "BEGIN{print $n / $wall}")
    printf "%-9s %7d %4d %10.2f %10.1f\n" "$engine" "$n" "$j" "$wall" "${rate[$j]}"
  done
  printf "%-9s speed-up 1 -> 2 workers: %.2fx\n" "$engine" "$(awk "BEGIN{print ${rate[2]} / ${rate[1]}}")"
done
