#pragma once
// The "sweep" section of a scenario: axes over scenario keys, combined as a grid, zipped, or
// sampled (random or Latin hypercube, seeded), plus constraints that drop invalid combinations.
//
//   "sweep": {
//     "mode": "grid",                      // grid | zip | random | lhs
//     "axes": {
//       "hardware.freq": ["80MHz", "160MHz", "240MHz"],    // a list of values
//       "workload.quant": ["Q4_0", "Q8_0"],
//       "hardware.set.memories[0].efficiency": {"min": 0.4, "max": 0.8}   // a range (random/lhs)
//     },
//     "samples": 100, "seed": 1,           // random / lhs
//     "constraints": ["workload.n_prompt + workload.n_gen <= 2048"]   // see below
//   }
//
// Axis keys are scenario key paths; "hardware.set.<preset path>" and "runtime.set.<path>" set an
// override. A constraint is "<lhs> <op> <rhs>" with op one of < <= > >= == != and each side a key
// path (optionally "a + b"), a number, or a unit-bearing value; points failing one are dropped and
// counted per constraint.
#include <map>
#include <string>
#include <vector>

#include "sim/core/json_io.h"

namespace edgetwin {

// Points one sweep may expand to (every mode): each point is held as scenario JSON (~3 kB).
inline constexpr long long kMaxSweepPoints = 1000000;

struct ExpandedSweep {
    std::vector<Json> points;              // complete scenario JSON per point (no "sweep" section)
    std::map<std::string, int> dropped;    // constraint text -> points it dropped
    std::size_t generated = 0;             // points before constraints
    // For each axis (scenario key path), each distinct value (as JSON text) -> the first kept point
    // that has it: resolving these checks every axis value before the sweep runs.
    std::map<std::string, std::map<std::string, std::size_t>> first_point_with_value;
};

// Expands `scenario` (which has a "sweep" section) into points; errors name `file` and the key.
ExpandedSweep expand_sweep(const Json& scenario, const std::string& file);

// Sets a scenario key path ("workload.quant", "hardware.set.cpu.clock") in `scenario`.
void set_scenario_key(Json& scenario, const std::string& path, const Json& value, const std::string& file,
                      const std::string& key);

}  // namespace edgetwin
