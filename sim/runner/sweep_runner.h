#pragma once
// Runs an expanded sweep: resolves every point, skips points whose configuration hash is already in
// the result file (resume), executes the rest in parallel — OpenMP threads for the analytic engine,
// forked worker processes for tlm (SystemC allows one kernel per process and no threads) — and
// appends each finished point to the HDF5 file as it arrives, flushed, so a killed sweep resumes.
#include <functional>
#include <map>
#include <string>

#include "analysis/h5_store.h"
#include "sim/core/json_io.h"

namespace edgetwin {

struct SweepOptions {
    int jobs = 1;
    std::string output;  // HDF5 result file
    int shard_index = 0, shard_count = 1;  // this process runs points with index % count == index
    bool fresh = false;                    // replace an existing output instead of resuming it
    bool retry_failed = true;              // on resume, simulate the points that failed before again
    bool progress_tty = false;             // redraw one progress line; else print periodic lines
    StoreLevel store = StoreLevel::Full;   // what each point keeps beside its /points row
};

struct SweepReport {
    std::size_t generated = 0, dropped = 0, in_shard = 0, skipped = 0, ran = 0, failed = 0;
    std::size_t retried = 0;      // failed rows of an earlier run dropped to be simulated again
    std::size_t failed_kept = 0;  // failed rows of an earlier run kept as they are (no retry)
    std::map<std::string, int> dropped_by;  // constraint -> count
    double wall_s = 0;
};

// Throws UserError for a bad sweep description (including an axis value no point can use), an
// unusable output file, or an existing output that holds another sweep; a point that fails to
// resolve or simulate becomes an error row and the sweep goes on.
SweepReport run_sweep(const Json& scenario, const std::string& file, const SweepOptions& options);

}  // namespace edgetwin
