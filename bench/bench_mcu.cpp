// Wall time per design point for each engine on an MCU workload: stories15M on the ESP32-S3 preset.
// stories15M fits an ESP32-S3 only as llama2.c int8 (runq, group 32 since dim 288 is not a multiple of
// 64) with the weights in a 32 MB flash and the fp32 KV cache (3.4 MB at ctx 256) in an 8 MB PSRAM, the
// capacities of ESP32-S3 N32R8 modules; the preset's 4 MB flash and 2 MB PSRAM are raised through
// hardware overrides (buses stay the preset's quad 80 MHz), everything else is the esp32s3-r2 preset.
// Usage: bench_mcu [repetitions]   (CI runs 1 repetition as a smoke test; nothing is asserted)
#include <systemc>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <tuple>

#include "bench/bench_point_timing.h"
#include "sim/runner/simulate.h"
#include "sim/scenario/scenario.h"

int sc_main(int, char**) { return 0; }

using namespace edgetwin;

namespace {

DesignPoint point(int n_prompt, int n_gen, const char* fidelity) {
    ScenarioInputs in = default_scenario_inputs();
    in.model.value = "stories15M";
    in.quant.value = "llama2c-Q8-GS32";
    in.kv_type.value = "f32";  // llama2.c keeps its KV cache in fp32
    in.platform.value = "esp32s3-r2";
    in.runtime.value = "llama2.c-runq";
    in.hardware_set["memories[1].capacity"] = "8MiB";
    in.hardware_set["memories[2].capacity"] = "32MiB";
    return edgetwin::bench::resolve_workload(in, n_prompt, n_gen, fidelity);
}

}  // namespace

int main(int argc, char** argv) {
    const int reps = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    edgetwin::bench::time_points(point, {{1, 255, "bos+tg255"}, {32, 128, "pp32+tg128"}}, reps);
    return 0;
}
