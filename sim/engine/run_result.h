#pragma once
// The one result model of a simulated design point; writers (HDF5, JSON, text) read it.
#include <array>
#include <string>
#include <vector>

#include "models/op_graph.h"
#include "sim/core/json_io.h"

namespace edgetwin {

enum class Bound { Compute, Memory, Latency };
const char* bound_name(Bound b);

// Per-op statistics, aggregated over every execution of the op in its phase (decode steps).
struct OpRecord {
    std::string name;
    Phase phase = Phase::Decode;
    OpKind kind = OpKind::MatMul;
    int layer = -1;
    int calls = 0;
    double time_s = 0, compute_s = 0, memory_s = 0, overhead_s = 0;  // summed over calls
    double queue_s = 0;  // time bursts waited behind other units' bursts (tlm contention; 0 in analytic)
    double macs = 0, flops = 0;
    std::vector<double> read_B, write_B;  // per memory level, summed over calls
    double energy_J = 0;
    Bound bound = Bound::Compute;  // largest of compute, memory, overhead time
};

// One sample per token: prefill completion and each decode step.
struct TimelineSample {
    double t_s = 0;          // simulated time at the end of the token
    Phase phase = Phase::Decode;
    int token = 0;           // decode step index (0 for the prefill sample)
    double latency_s = 0;    // time of this step
    double power_W = 0;      // average power over the step
    double temperature_C = 0;
    double clock_hz = 0;
};

struct MemoryUse {
    std::string level;
    double capacity_B = 0;
    double used_B = 0;  // peak footprint: weights + KV + activations placed here
    double weights_B = 0, kv_B = 0, activations_B = 0;
    double read_B = 0, write_B = 0;  // moved during the whole run
};

struct Alert {
    double t_s = 0;
    std::string kind;  // "temperature", "power", "memory"
    std::string message;
};

struct Summary {
    double ttft_s = 0;        // prompt processing until the first token is available
    double prefill_s = 0, prefill_tok_s = 0;
    double decode_s = 0, decode_tok_s = 0;
    double latency_p50_s = 0, latency_p95_s = 0, latency_p99_s = 0;  // per decode token
    double total_s = 0;
    double energy_J = 0, energy_per_token_J = 0, avg_power_W = 0;
    double peak_temperature_C = 0;
    double peak_memory_B = 0;
    Bound bottleneck = Bound::Memory;  // bound class holding most of the decode time
    std::array<double, kOpClassCount> op_class_share{};  // share of total op time per OpClass
    double sim_wall_s = 0;  // host seconds spent simulating
};

// Average power on one supply rail as the board's power monitor names it (e.g. Jetson VDD_IN,
// VDD_CPU_GPU_CV); empty for platforms that declare no rails.
struct RailPower {
    std::string name;
    double energy_J = 0, avg_power_W = 0;
};

// One compute unit of the platform: a runtime CPU thread, the GPU or another accelerator, its
// nominal clock and the energy it drew while busy over the run.
struct UnitUse {
    std::string name, kind;  // kind: cpu_thread, gpu, accelerator
    double clock_hz = 0, energy_J = 0;
};

struct RunResult {
    std::string config_hash;
    std::string platform, runtime, model, quant, fidelity;
    int n_prompt = 0, n_gen = 0, batch = 1, ctx = 0;
    int threads = 0;           // the runtime's CPU threads (accelerators are not threads)
    double clock_hz = 0;       // clock of compute unit 0 (the GPU on a GPU runtime)
    double cpu_clock_hz = 0;   // clock of the runtime's first CPU thread; 0: none
    double gpu_clock_hz = 0;   // GPU clock; 0: no GPU in use
    std::string kv_type;       // KV-cache type
    std::string power_mode;    // the board's power mode; empty where the platform has none
    int gpu_layers = -1;       // layers offloaded (-ngl); -1: the runtime's default (all)
    Summary summary;
    std::vector<std::string> memory_levels;
    std::vector<OpRecord> ops;
    std::vector<TimelineSample> timeline;
    std::vector<MemoryUse> memory;
    std::vector<UnitUse> units;
    std::vector<Alert> alerts;
    std::vector<RailPower> rails;
    Json config;  // fully resolved configuration
};

Json summary_to_json(const RunResult& r);

}  // namespace edgetwin
