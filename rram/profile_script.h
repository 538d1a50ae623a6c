#pragma once
// A profiling script: JSON naming the preset, the seeded non-idealities and a list of operations
// on user matrices (text/.npy files relative to the script, or seeded random ones), run through
// rram::CrossbarProfiler. Everything is validated and every matrix loaded before anything runs.
//
//   {"schema_version": 1, "preset": "neurram", "seed": 1, "weight_bits": 8, "input_bits": 8,
//    "non_idealities": {"prog_sigma": 0.01, "read_sigma": 0.005, "ir_drop": "none", ...},
//    "ops": [{"op": "write_matrix", "label": "A", "matrix": {"random": {"rows": 16, "cols": 16, "condition": 10}}},
//            {"op": "read_matrix"},
//            {"op": "mvm", "x": {"random": {"vectors": 8, "seed": 2}}},
//            {"op": "hp_inv", "b": {"file": "b.csv"}, "max_iter": 20, "tolerance": 1e-6}]}
#include <string>
#include <vector>

#include "rram/profiler.h"
#include "sim/core/json_io.h"

namespace edgetwin::rram {

struct ScriptOp {
    std::string op, label, key;  // key: "ops[3]" for errors
    Eigen::MatrixXd operand;     // matrix (write), vectors as columns (mvm), one column (hp_inv)
    HpInvRequest hp;
    // Random operands whose size follows the matrix written before: generated when the op runs.
    bool random_vectors = false;
    int random_count = 0;
    std::uint64_t random_seed = 1;
};

struct ProfileScript {
    std::string file;
    std::string preset;  // crossbar preset name or path ("" if the script names none)
    ProfilerSettings settings;
    std::vector<ScriptOp> ops;
    Json resolved;  // settings with defaults filled, for the result file
};

// Throws UserError naming the file and key path.
ProfileScript load_profile_script(const std::string& path);

// Runs the ops on a profiler over `arch`; operand/shape mismatches are UserErrors naming ops[i].
std::vector<ProfileRecord> run_profile_script(const ProfileScript& s, const CrossbarArch& arch);

}  // namespace edgetwin::rram
