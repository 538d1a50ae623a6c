// Wall time per design point for each engine on a 7B-sized workload (Llama-2-7B Q4_0 on the
// Raspberry Pi 5 preset, 4 threads): decode-only (tg128) and prefill+decode (pp128+tg128).
// Usage: bench_engines [repetitions]   (CI runs 1 repetition as a smoke test; nothing is asserted)
#include <systemc>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "bench/bench_point_timing.h"
#include "sim/runner/simulate.h"
#include "sim/scenario/scenario.h"

int sc_main(int, char**) { return 0; }

using namespace edgetwin;

namespace {

DesignPoint point(int n_prompt, int n_gen, const char* fidelity) {
    ScenarioInputs in = default_scenario_inputs();
    in.model.value = "llama-2-7b";
    in.quant.value = "Q4_0";
    in.platform.value = "rpi5-8gb";
    in.n_prompt.value = n_prompt;
    in.n_gen.value = n_gen;
    in.fidelity.value = fidelity;
    return resolve_design_point(in);
}

}  // namespace

int main(int argc, char** argv) {
    const int reps = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    edgetwin::bench::time_points(point, {{0, 128, "tg128"}, {128, 128, "pp128+tg128"}}, reps);
    return 0;
}
