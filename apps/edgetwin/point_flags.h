#pragma once
// The design-point flags shared by `run` and `replay` (--platform, --model, --quant, ... --fidelity):
// declared once, applied onto ScenarioInputs with the flag as each value's origin, so errors name it.
#include <CLI/CLI.hpp>
#include <string>

#include "sim/scenario/scenario.h"

namespace edgetwin::cli {

struct PointFlags {
    std::string platform, model, quant, runtime, kv_type, fidelity, freq, power_mode;
    long long n_prompt = 0, n_gen = 0, batch = 0, ctx = 0, threads = 0, gpu_layers = 0;
};

// `with_freq`: whether the command takes a clock setting (replay takes its clocks from the trace).
void add_point_flags(CLI::App* cmd, PointFlags& f, bool with_freq);
// Overrides `in` with every flag the user gave.
void apply_point_flags(CLI::App* cmd, const PointFlags& f, ScenarioInputs& in);

}  // namespace edgetwin::cli
