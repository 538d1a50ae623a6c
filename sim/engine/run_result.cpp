#include "sim/engine/run_result.h"

namespace edgetwin {

const char* bound_name(Bound b) {
    switch (b) {
        case Bound::Compute: return "compute";
        case Bound::Memory: return "memory";
        case Bound::Latency: return "latency";
    }
    return "?";
}

Json summary_to_json(const RunResult& r) {
    const Summary& s = r.summary;
    Json j;
    j["config_hash"] = r.config_hash;
    j["platform"] = r.platform;
    j["runtime"] = r.runtime;
    j["model"] = r.model;
    j["quant"] = r.quant;
    j["fidelity"] = r.fidelity;
    j["n_prompt"] = r.n_prompt;
    j["n_gen"] = r.n_gen;
    j["batch"] = r.batch;
    j["ctx"] = r.ctx;
    j["threads"] = r.threads;
    j["clock_hz"] = r.clock_hz;
    j["cpu_clock_hz"] = r.cpu_clock_hz;
    j["gpu_clock_hz"] = r.gpu_clock_hz;
    j["kv_type"] = r.kv_type;
    j["power_mode"] = r.power_mode;
    j["gpu_layers"] = r.gpu_layers;
    j["ttft_s"] = s.ttft_s;
    j["prefill_tok_s"] = s.prefill_tok_s;
    j["decode_tok_s"] = s.decode_tok_s;
    j["latency_p50_s"] = s.latency_p50_s;
    j["latency_p95_s"] = s.latency_p95_s;
    j["latency_p99_s"] = s.latency_p99_s;
    j["total_s"] = s.total_s;
    j["energy_J"] = s.energy_J;
    j["energy_per_token_J"] = s.energy_per_token_J;
    j["avg_power_W"] = s.avg_power_W;
    j["peak_temperature_C"] = s.peak_temperature_C;
    j["peak_memory_B"] = s.peak_memory_B;
    j["bottleneck"] = bound_name(s.bottleneck);
    Json share;
    for (int c = 0; c < kOpClassCount; ++c) share[op_class_name(static_cast<OpClass>(c))] = s.op_class_share[c];
    j["op_class_share"] = share;
    if (!r.rails.empty()) {
        Json rails;
        for (const auto& p : r.rails) rails[p.name] = p.avg_power_W;
        j["rail_power_W"] = rails;
    }
    Json mem = Json::array();
    for (const auto& m : r.memory)
        mem.push_back({{"level", m.level}, {"capacity_B", m.capacity_B}, {"used_B", m.used_B},
                       {"weights_B", m.weights_B}, {"kv_B", m.kv_B}, {"activations_B", m.activations_B}});
    j["memory"] = mem;
    Json alerts = Json::array();
    for (const auto& a : r.alerts) alerts.push_back({{"t_s", a.t_s}, {"kind", a.kind}, {"message", a.message}});
    j["alerts"] = alerts;
    j["sim_wall_s"] = s.sim_wall_s;
    return j;
}

}  // namespace edgetwin
