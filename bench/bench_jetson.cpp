// Wall time per design point for each engine on the Jetson family: Llama-2-7B Q4_0 pp512+tg128 on
// Jetson AGX Orin 64GB (MAXN, llama.cpp CUDA, -ngl 99), plus a partial-offload point (-ngl 16) where the
// CPU threads and the GPU share the LPDDR5 and the tlm engine queues their bursts.
// Usage: bench_jetson [repetitions]   (CI runs 1 repetition as a smoke test; nothing is asserted)
#include <systemc>

#include <cstdlib>

#include "bench/bench_point_timing.h"
#include "sim/scenario/scenario.h"

int sc_main(int, char**) { return 0; }

using namespace edgetwin;

namespace {

DesignPoint point(int n_prompt, int n_gen, const char* fidelity, long long gpu_layers) {
    ScenarioInputs in = default_scenario_inputs();
    in.model.value = "llama-2-7b";
    in.quant.value = "Q4_0";
    in.platform.value = "jetson-agx-orin-64gb";
    in.runtime.value = "llama.cpp-cuda";
    in.gpu_layers = Sourced<long long>{gpu_layers, "bench", "--gpu-layers"};
    return edgetwin::bench::resolve_workload(in, n_prompt, n_gen, fidelity);
}

}  // namespace

int main(int argc, char** argv) {
    const int reps = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
    std::printf("Llama-2-7B Q4_0 on jetson-agx-orin-64gb MAXN, llama.cpp-cuda -ngl 99\n");
    edgetwin::bench::time_points([](int p, int g, const char* f) { return point(p, g, f, 99); },
                                 {{512, 128, "pp512+tg128"}}, reps);
    std::printf("same, -ngl 16 (16 of 32 blocks + output on the GPU, the rest on 12 A78AE threads)\n");
    edgetwin::bench::time_points([](int p, int g, const char* f) { return point(p, g, f, 16); },
                                 {{512, 128, "pp512+tg128"}}, reps);
    return 0;
}
