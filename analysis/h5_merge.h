#pragma once
// Joins result files of one sweep (Slurm shards, MPI ranks) into one: /points rows and their
// /runs groups, each configuration once. Refuses files from different sweeps (their embedded
// scenario differs) or of another schema version. Written to a temporary name and renamed.
#include <string>
#include <vector>

namespace edgetwin {

struct MergeReport {
    std::size_t files = 0, rows = 0, duplicates = 0;
};

MergeReport merge_results_h5(const std::string& output, const std::vector<std::string>& inputs);

}  // namespace edgetwin
