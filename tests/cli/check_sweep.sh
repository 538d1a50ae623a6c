#!/usr/bin/env bash
# Sweep contracts: -j 1 == -j 2 (tlm workers), SIGKILL + rerun resumes without recomputing and ends
# equal to an uninterrupted run, two shards merged == one process, merge refuses a foreign file.
set -u
bin="$1"; src="$2"
cmp="$src/tests/cli/compare_points.py"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0; passed=0
check() { if "$@"; then passed=$((passed + 1)); else echo "FAIL: $*"; failures=$((failures + 1)); fi; }

# A tlm sweep small enough for CI: 2 quants x 3 clocks x 2 thread counts = 12 points.
cat > tlm.json <<'JSON'
{ "schema_version": 1, "name": "tlm-sweep",
  "workload": { "model": "stories15M", "quant": "Q8_0", "n_prompt": 16, "n_gen": 8 },
  "hardware": { "platform": "rpi5-8gb" }, "run": { "fidelity": "tlm" },
  "sweep": { "mode": "grid", "axes": { "workload.quant": ["Q8_0", "Q4_0"],
             "hardware.freq": ["1.5GHz", "1.8GHz", "2.4GHz"], "runtime.threads": [2, 4] } } }
JSON
check "$bin" sweep tlm.json -j 1 -o j1.h5
check "$bin" sweep tlm.json -j 2 -o j2.h5
check "$cmp" j1.h5 j2.h5

# The same sweep over 2 MPI ranks (merged by rank 0) equals the single process.
# (In sanitizer builds, leak checking is off for this run only: OpenMPI leaves its own and its
# dlopen'ed MCA components' allocations unfreed at MPI_Finalize.)
if command -v mpirun >/dev/null 2>&1; then
  check env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 \
        mpirun -np 2 "$bin" sweep tlm.json -o mpi.h5
  check "$cmp" j1.h5 mpi.h5
fi

# Analytic sweep, killed mid-way with SIGKILL, then rerun.
cat > big.json <<'JSON'
{ "schema_version": 1, "name": "kill-sweep",
  "workload": { "model": "tinyllama-1.1b", "quant": "Q8_0", "n_prompt": 32, "n_gen": 64 },
  "hardware": { "platform": "rpi5-8gb" },
  "sweep": { "mode": "lhs", "samples": 400, "seed": 7,
             "axes": { "hardware.freq": {"min": "1.5GHz", "max": "2.4GHz"}, "runtime.threads": [1, 2, 3, 4],
                       "hardware.set.memories[0].efficiency": {"min": 0.3, "max": 0.9} } } }
JSON
"$bin" sweep big.json -j 1 -o full.h5 > /dev/null 2>&1
"$bin" sweep big.json -j 1 -o killed.h5 > /dev/null 2>&1 &
pid=$!
# Kill once some rows are on disk (the file grows with each flushed append), whatever the load.
for _ in $(seq 1 600); do
  [ "$(stat -c %s killed.h5 2>/dev/null || echo 0)" -gt 150000 ] && break
  sleep 0.1
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
before=$(/usr/bin/python3 -c "import h5py; print(len(h5py.File('killed.h5','r')['points']))")
out=$("$bin" sweep big.json -j 2 -o killed.h5 2>/dev/null)
echo "killed after $before rows; rerun: $out"
check [ "$before" -gt 0 ]
check grep -q " $before already done" <<< "$out"
check "$cmp" full.h5 killed.h5

# Shards merged == single process.
check "$bin" sweep big.json --shard 0/2 -o s0.h5
check "$bin" sweep big.json --shard 1/2 -o s1.h5
check "$bin" merge merged.h5 s0.h5 s1.h5
check "$cmp" full.h5 merged.h5
"$bin" merge bad.h5 s0.h5 j1.h5 2> err.txt; rc=$?
check [ "$rc" -eq 2 ]
check grep -q "different sweep" err.txt
check [ ! -e bad.h5 ]
# The Slurm job-array script: valid bash, one array task per shard, each writing its own shard file.
check "$bin" sweep big.json --emit-sbatch job.sh --shard 0/8
check bash -n job.sh
check grep -q -- "--array=0-7" job.sh
check grep -q -- "--shard \${SLURM_ARRAY_TASK_ID}/8" job.sh
echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
