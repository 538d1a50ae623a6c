#include "sim/engine/run_result_json.h"

namespace edgetwin {

Json run_result_to_json(const RunResult& r) {
    const Summary& s = r.summary;
    Json j;
    j["id"] = {r.config_hash, r.platform, r.runtime, r.model, r.quant, r.fidelity};
    j["settings"] = {r.n_prompt, r.n_gen, r.batch, r.ctx, r.threads, r.clock_hz, r.cpu_clock_hz, r.gpu_clock_hz, r.gpu_layers};
    j["run_settings"] = {r.kv_type, r.power_mode};
    j["summary"] = {s.ttft_s, s.prefill_s, s.prefill_tok_s, s.decode_s, s.decode_tok_s, s.latency_p50_s,
                    s.latency_p95_s, s.latency_p99_s, s.total_s, s.energy_J, s.energy_per_token_J, s.avg_power_W,
                    s.peak_temperature_C, s.peak_memory_B, static_cast<int>(s.bottleneck), s.sim_wall_s};
    j["shares"] = s.op_class_share;
    j["levels"] = r.memory_levels;
    Json ops = Json::array();
    for (const auto& o : r.ops)
        ops.push_back({o.name, static_cast<int>(o.phase), static_cast<int>(o.kind), o.layer, o.calls, o.time_s,
                       o.compute_s, o.memory_s, o.overhead_s, o.queue_s, o.macs, o.flops, o.read_B, o.write_B,
                       o.energy_J, static_cast<int>(o.bound)});
    j["ops"] = ops;
    Json tl = Json::array();
    for (const auto& t : r.timeline)
        tl.push_back({t.t_s, static_cast<int>(t.phase), t.token, t.latency_s, t.power_W, t.temperature_C, t.clock_hz});
    j["timeline"] = tl;
    Json mem = Json::array();
    for (const auto& m : r.memory)
        mem.push_back({m.level, m.capacity_B, m.used_B, m.weights_B, m.kv_B, m.activations_B, m.read_B, m.write_B});
    j["memory"] = mem;
    Json alerts = Json::array();
    for (const auto& a : r.alerts) alerts.push_back({a.t_s, a.kind, a.message});
    j["alerts"] = alerts;
    Json rails = Json::array();
    for (const auto& p : r.rails) rails.push_back({p.name, p.energy_J, p.avg_power_W});
    j["rails"] = rails;
    Json units = Json::array();
    for (const auto& u : r.units) units.push_back({u.name, u.kind, u.clock_hz, u.energy_J});
    j["units"] = units;
    j["config"] = r.config;
    return j;
}

RunResult run_result_from_json(const Json& j) {
    RunResult r;
    const Json& id = j.at("id");
    r.config_hash = id[0];
    r.platform = id[1];
    r.runtime = id[2];
    r.model = id[3];
    r.quant = id[4];
    r.fidelity = id[5];
    const Json& st = j.at("settings");
    r.n_prompt = st[0];
    r.n_gen = st[1];
    r.batch = st[2];
    r.ctx = st[3];
    r.threads = st[4];
    r.clock_hz = st[5];
    r.cpu_clock_hz = st[6];
    r.gpu_clock_hz = st[7];
    r.gpu_layers = st[8];
    r.kv_type = j.at("run_settings")[0];
    r.power_mode = j.at("run_settings")[1];
    const Json& s = j.at("summary");
    Summary& m = r.summary;
    m.ttft_s = s[0];
    m.prefill_s = s[1];
    m.prefill_tok_s = s[2];
    m.decode_s = s[3];
    m.decode_tok_s = s[4];
    m.latency_p50_s = s[5];
    m.latency_p95_s = s[6];
    m.latency_p99_s = s[7];
    m.total_s = s[8];
    m.energy_J = s[9];
    m.energy_per_token_J = s[10];
    m.avg_power_W = s[11];
    m.peak_temperature_C = s[12];
    m.peak_memory_B = s[13];
    m.bottleneck = static_cast<Bound>(s[14].get<int>());
    m.sim_wall_s = s[15];
    m.op_class_share = j.at("shares").get<std::array<double, kOpClassCount>>();
    r.memory_levels = j.at("levels").get<std::vector<std::string>>();
    for (const auto& o : j.at("ops")) {
        OpRecord rec;
        rec.name = o[0];
        rec.phase = static_cast<Phase>(o[1].get<int>());
        rec.kind = static_cast<OpKind>(o[2].get<int>());
        rec.layer = o[3];
        rec.calls = o[4];
        rec.time_s = o[5];
        rec.compute_s = o[6];
        rec.memory_s = o[7];
        rec.overhead_s = o[8];
        rec.queue_s = o[9];
        rec.macs = o[10];
        rec.flops = o[11];
        rec.read_B = o[12].get<std::vector<double>>();
        rec.write_B = o[13].get<std::vector<double>>();
        rec.energy_J = o[14];
        rec.bound = static_cast<Bound>(o[15].get<int>());
        r.ops.push_back(std::move(rec));
    }
    for (const auto& t : j.at("timeline"))
        r.timeline.push_back({t[0], static_cast<Phase>(t[1].get<int>()), t[2], t[3], t[4], t[5], t[6]});
    for (const auto& x : j.at("memory")) r.memory.push_back({x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]});
    for (const auto& a : j.at("alerts")) r.alerts.push_back({a[0], a[1], a[2]});
    if (j.contains("rails"))
        for (const auto& p : j.at("rails")) r.rails.push_back({p[0], p[1], p[2]});
    if (j.contains("units"))
        for (const auto& u : j.at("units")) r.units.push_back({u[0], u[1], u[2], u[3]});
    r.config = j.at("config");
    return r;
}

}  // namespace edgetwin
