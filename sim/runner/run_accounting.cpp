#include "sim/runner/run_accounting.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sim/core/units.h"

namespace edgetwin {
namespace {

// Nearest-rank percentile of an unsorted sample.
double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    const std::size_t rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
    return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

Bound classify(const OpTiming& t) {
    if (t.overhead_s >= t.compute_s && t.overhead_s >= t.memory_s) return Bound::Latency;
    return t.compute_s >= t.memory_s ? Bound::Compute : Bound::Memory;
}

}  // namespace

RunAccounting::RunAccounting(const DesignPoint& point, const IPlatform& platform, const MappedWorkload& mapped)
    : point_(point), platform_(platform), mapped_(mapped) {
    temperature_C_ = platform.ambient_C();
    result_.platform = platform.name();
    result_.runtime = point.runtime_ref;
    result_.model = point.model.name;
    result_.quant = point.quant.name;
    result_.n_prompt = point.workload.n_prompt;
    result_.n_gen = point.workload.n_gen;
    result_.batch = point.workload.batch;
    result_.ctx = point.workload.effective_ctx();
    result_.threads = 0;
    for (int u = 0; u < platform.compute_unit_count(); ++u) {
        const UnitKind kind = platform.compute_unit_kind(u);
        if (kind == UnitKind::CpuThread && result_.threads++ == 0) result_.cpu_clock_hz = platform.compute_unit_clock_hz(u);
        if (kind == UnitKind::Gpu && result_.gpu_clock_hz == 0) result_.gpu_clock_hz = platform.compute_unit_clock_hz(u);
    }
    result_.clock_hz = platform.compute_unit_clock_hz(0);
    result_.kv_type = quant_info(point.quant.kv_type).name;
    const PlatformSettings& set = point.platform.settings;
    result_.power_mode = set.power_mode ? *set.power_mode
                         : point.platform.preset.is_object() ? point.platform.preset.value("default_power_mode", std::string())
                                                             : std::string();
    result_.gpu_layers = set.gpu_layers.value_or(-1);
    result_.summary.peak_temperature_C = temperature_C_;
    unit_energy_J_.assign(static_cast<std::size_t>(platform.compute_unit_count()), 0.0);
    const auto& mems = platform.memories();
    for (std::size_t l = 0; l < mems.size(); ++l) {
        MemoryUse m;
        m.level = mems[l].name;
        m.capacity_B = mems[l].capacity_B;
        m.used_B = mapped.footprint_B[l];
        if (mapped.placement.weights == static_cast<int>(l)) m.weights_B = mapped.weights_B;
        if (mapped.placement.kv == static_cast<int>(l)) m.kv_B = mapped.kv_B;
        if (mapped.placement.activations == static_cast<int>(l)) m.activations_B = mapped.activations_B;
        result_.memory.push_back(m);
        result_.memory_levels.push_back(m.level);
    }
    check_alerts();
}

// Exact solution of C dT/dt = P - (T - T_amb)/R over dt at constant power.
void RunAccounting::advance(double dt_s, double power_W) {
    const double r = platform_.thermal_resistance_K_per_W(), c = platform_.heat_capacity_J_per_K();
    const double steady = platform_.ambient_C() + power_W * r;
    temperature_C_ = steady + (temperature_C_ - steady) * std::exp(-dt_s / (r * c));
    t_s_ += dt_s;
    energy_J_ += power_W * dt_s;
    result_.summary.peak_temperature_C = std::max(result_.summary.peak_temperature_C, temperature_C_);
}

void RunAccounting::add_graph(const OpGraph& graph, const std::vector<OpPlan>& plans,
                              const std::vector<OpTiming>& timings, double clock_scale,
                              const std::vector<double>* unit_scale) {
    clock_scale_ = clock_scale;
    auto& records = graph.phase == Phase::Prefill ? prefill_ops_ : decode_ops_;
    if (records.empty()) records.resize(graph.ops.size());
    const auto& mems = platform_.memories();
    for (std::size_t i = 0; i < graph.ops.size(); ++i) {
        const Op& op = graph.ops[i];
        const OpTiming& t = timings[i];
        // Units with work spin at the op's barrier (as ggml threads do), so they draw active power
        // for the whole op.
        double energy = platform_.static_power_W() * t.duration_s;
        for (const auto& item : plans[i].items) {
            const double unit_J = platform_.unit_active_power_W(item.unit) *
                                  (unit_scale ? (*unit_scale)[static_cast<std::size_t>(item.unit)] : clock_scale) *
                                  t.duration_s;
            energy += unit_J;
            if (const auto u = static_cast<std::size_t>(item.unit); u < unit_energy_J_.size()) unit_energy_J_[u] += unit_J;
        }
        OpRecord& rec = records[i];
        if (rec.calls == 0) {
            rec.name = op.name;
            rec.phase = graph.phase;
            rec.kind = op.kind;
            rec.layer = op.layer;
            rec.read_B.assign(mems.size(), 0.0);
            rec.write_B.assign(mems.size(), 0.0);
        }
        for (const auto& item : plans[i].items) {
            for (std::size_t l = 0; l < mems.size(); ++l) {
                rec.read_B[l] += item.read_B[l];
                rec.write_B[l] += item.write_B[l];
                result_.memory[l].read_B += item.read_B[l];
                result_.memory[l].write_B += item.write_B[l];
                const double bytes_J = item.read_B[l] * mems[l].read_energy_J_per_B + item.write_B[l] * mems[l].write_energy_J_per_B;
                energy += bytes_J;
                dram_energy_J_ += bytes_J;
            }
        }
        rec.calls += 1;
        rec.time_s += t.duration_s;
        rec.compute_s += t.compute_s;
        rec.memory_s += t.memory_s;
        rec.overhead_s += t.overhead_s;
        rec.queue_s += t.queue_s;
        rec.macs += op.macs;
        rec.flops += op.flops;
        rec.energy_J += energy;
        const Bound b = classify(t);
        (graph.phase == Phase::Prefill ? prefill_bound_time_ : decode_bound_time_)[static_cast<int>(b)] += t.duration_s;
        class_time_[static_cast<int>(op_class_of(op.kind))] += t.duration_s;
        const double power = t.duration_s > 0 ? energy / t.duration_s : platform_.static_power_W();
        advance(t.duration_s, power);
        // advance() integrated power*dt == energy; keep the exact byte energy for zero-length ops.
        if (t.duration_s <= 0) energy_J_ += energy;
    }
    check_alerts();
}

void RunAccounting::end_token(Phase phase, int index) {
    const double overhead = platform_.token_overhead_s();
    // During host-side work one unit stays busy (sampling runs on the main thread).
    advance(overhead, platform_.static_power_W() + platform_.unit_active_power_W(0) * clock_scale_);
    if (!unit_energy_J_.empty()) unit_energy_J_[0] += platform_.unit_active_power_W(0) * clock_scale_ * overhead;
    const double latency = t_s_ - token_start_s_;
    TimelineSample s;
    s.t_s = t_s_;
    s.phase = phase;
    s.token = index;
    s.latency_s = latency;
    s.power_W = latency > 0 ? (energy_J_ - token_start_energy_J_) / latency : 0.0;
    s.temperature_C = temperature_C_;
    s.clock_hz = platform_.compute_unit_clock_hz(0) * clock_scale_;
    result_.timeline.push_back(s);
    if (phase == Phase::Prefill) {
        prefill_s_ += latency;
    } else {
        decode_s_ += latency;
        decode_latencies_.push_back(latency);
    }
    if (s.power_W > point_.alerts.power_W && !power_alerted_) {
        power_alerted_ = true;
        result_.alerts.push_back({t_s_, "power", "average power " + format_quantity(s.power_W, Dimension::Power) +
                                                     " over a token exceeds " +
                                                     format_quantity(point_.alerts.power_W, Dimension::Power)});
    }
    check_alerts();
    token_start_s_ = t_s_;
    token_start_energy_J_ = energy_J_;
}

void RunAccounting::check_alerts() {
    if (temperature_C_ > point_.alerts.temperature_C && !temperature_alerted_) {
        temperature_alerted_ = true;
        char buf[128];
        std::snprintf(buf, sizeof buf, "temperature %.1f C exceeds %.1f C", temperature_C_, point_.alerts.temperature_C);
        result_.alerts.push_back({t_s_, "temperature", buf});
    }
    if (t_s_ == 0) {
        for (const auto& m : result_.memory) {
            if (m.capacity_B > 0 && m.used_B / m.capacity_B > point_.alerts.memory_share) {
                char buf[160];
                std::snprintf(buf, sizeof buf, "%s is %.0f%% full (threshold %.0f%%)", m.level.c_str(),
                              100.0 * m.used_B / m.capacity_B, 100.0 * point_.alerts.memory_share);
                result_.alerts.push_back({0.0, "memory", buf});
            }
        }
    }
}

RunResult RunAccounting::finish() {
    Summary& s = result_.summary;
    const WorkloadSettings& wl = point_.workload;
    s.prefill_s = prefill_s_;
    s.ttft_s = prefill_s_;
    s.prefill_tok_s = prefill_s_ > 0 ? wl.n_prompt * wl.batch / prefill_s_ : 0.0;
    s.decode_s = decode_s_;
    s.decode_tok_s = decode_s_ > 0 ? wl.n_gen * wl.batch / decode_s_ : 0.0;
    s.latency_p50_s = percentile(decode_latencies_, 50);
    s.latency_p95_s = percentile(decode_latencies_, 95);
    s.latency_p99_s = percentile(decode_latencies_, 99);
    s.total_s = t_s_;
    s.energy_J = energy_J_;
    const int tokens = (wl.n_prompt + wl.n_gen) * wl.batch;
    s.energy_per_token_J = tokens > 0 ? energy_J_ / tokens : 0.0;
    s.avg_power_W = t_s_ > 0 ? energy_J_ / t_s_ : 0.0;
    for (const auto& m : result_.memory) s.peak_memory_B += m.used_B;
    for (int u = 0; u < platform_.compute_unit_count(); ++u) {
        const UnitKind kind = platform_.compute_unit_kind(u);
        result_.units.push_back({platform_.compute_unit_name(u),
                                 kind == UnitKind::CpuThread ? "cpu_thread" : kind == UnitKind::Gpu ? "gpu" : "accelerator",
                                 platform_.compute_unit_clock_hz(u), unit_energy_J_.at(static_cast<std::size_t>(u))});
    }
    // Rails: {"name", "units": [unit indices], "dram": bytes energy on it, "input": the module input rail}.
    const Json config = platform_.resolved_config();
    if (config.contains("power_rails")) {
        for (const auto& rail : config["power_rails"]) {
            RailPower p;
            p.name = rail.at("name").get<std::string>();
            if (rail.value("input", false)) {
                p.energy_J = energy_J_;
            } else {
                for (int u : rail.at("units")) p.energy_J += unit_energy_J_.at(static_cast<std::size_t>(u));
                if (rail.value("dram", false)) p.energy_J += dram_energy_J_;
            }
            p.avg_power_W = t_s_ > 0 ? p.energy_J / t_s_ : 0.0;
            result_.rails.push_back(p);
        }
    }
    double total_class = 0;
    for (double v : class_time_) total_class += v;
    for (int c = 0; c < kOpClassCount; ++c) s.op_class_share[c] = total_class > 0 ? class_time_[c] / total_class : 0.0;
    const auto& bounds = wl.n_gen > 0 ? decode_bound_time_ : prefill_bound_time_;
    s.bottleneck = static_cast<Bound>(std::max_element(bounds.begin(), bounds.end()) - bounds.begin());
    for (auto* recs : {&prefill_ops_, &decode_ops_}) {
        for (auto& rec : *recs) {
            rec.bound = rec.overhead_s >= std::max(rec.compute_s, rec.memory_s) ? Bound::Latency
                        : rec.compute_s >= rec.memory_s                          ? Bound::Compute
                                                                                 : Bound::Memory;
            result_.ops.push_back(std::move(rec));
        }
    }
    return std::move(result_);
}

}  // namespace edgetwin
