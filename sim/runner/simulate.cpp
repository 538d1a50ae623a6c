#include "sim/runner/simulate.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "models/lowering.h"
#include "sim/core/user_error.h"
#include "sim/runner/run_accounting.h"

namespace edgetwin {

std::unique_ptr<IPlatform> build_platform(const DesignPoint& point) {
    const std::string family = optional_string(point.platform.preset, "family", "", point.platform.file, "");
    const IPlatformFamily* f = PlatformRegistry::instance().find(family);
    if (!f) {
        std::string names;
        for (const auto* fam : PlatformRegistry::instance().families()) names += (names.empty() ? "" : ", ") + fam->name();
        throw UserError(point.platform.file, "family", "unknown platform family '" + family + "' (allowed: " + names + ")");
    }
    return f->build(point.platform);
}

RunResult simulate(const DesignPoint& point, const IPlatform& platform, IEngine& engine, const ClockSchedule* schedule) {
    const auto wall0 = std::chrono::steady_clock::now();
    const WorkloadSettings& wl = point.workload;
    const int ctx = wl.effective_ctx();
    if (wl.n_prompt + wl.n_gen > ctx)
        throw UserError(point.origin, "workload.ctx",
                        "context " + std::to_string(ctx) + " is shorter than n_prompt + n_gen = " +
                            std::to_string(wl.n_prompt + wl.n_gen));

    WorkloadSize size;
    size.weights_B = static_cast<double>(weight_footprint_bytes(point.model, point.quant));
    size.kv_B = static_cast<double>(kv_cache_bytes(point.model, point.quant, ctx, wl.batch));
    size.activations_B =
        static_cast<double>(activation_bytes(point.model, std::max(1, wl.n_prompt), ctx, wl.batch));
    size.quant_name = point.quant.name;
    size.n_layers = point.model.n_layer;
    const MappedWorkload mapped = platform.map(size);

    RunAccounting acc(point, platform, mapped);
    engine.configure(platform);

    double clock_scale = 1.0;  // set by the platform's thermal governor between graphs
    // Runs a graph; `plans` may hold the plans of an earlier step, of which only the ops listed in
    // `changed` (or all, when empty) are re-planned.
    auto run_graph = [&](const OpGraph& graph, std::vector<OpPlan>& plans, const std::vector<std::size_t>& changed) {
        if (plans.size() != graph.ops.size()) {
            plans.clear();
            for (const auto& op : graph.ops) plans.push_back(platform.plan(op, mapped.placement));
        } else {
            for (std::size_t i : changed) plans[i] = platform.plan(graph.ops[i], mapped.placement);
        }
        std::vector<OpPlan> scaled;
        const std::vector<OpPlan>* run = &plans;
        if (schedule) {
            // Recorded clocks: compute stretches with each unit's clock; a slower memory clock is
            // presented to the engine as proportionally more bytes (same time as less bandwidth),
            // while the accounting keeps the true bytes.
            const ClockScales s = schedule->at(acc.time_s());
            if (s.unit.size() != static_cast<std::size_t>(platform.compute_unit_count()) ||
                s.memory.size() != platform.memories().size())
                throw std::logic_error("clock schedule does not match the platform's units and memory levels");
            scaled = plans;
            for (auto& p : scaled)
                for (auto& item : p.items) {
                    item.compute_s /= s.unit[static_cast<std::size_t>(item.unit)];
                    for (std::size_t l = 0; l < s.memory.size(); ++l) {
                        item.read_B[l] /= s.memory[l];
                        item.write_B[l] /= s.memory[l];
                    }
                }
            const std::vector<OpTiming> timings = engine.execute(scaled);
            acc.add_graph(graph, plans, timings, s.unit.empty() ? 1.0 : s.unit[0], &s.unit);
            return;
        }
        if (clock_scale != 1.0) {
            scaled = plans;
            for (auto& p : scaled)
                for (auto& item : p.items) item.compute_s /= clock_scale;
            run = &scaled;
        }
        const std::vector<OpTiming> timings = engine.execute(*run);
        acc.add_graph(graph, *run, timings, clock_scale);
        clock_scale = platform.governor_clock_scale(acc.temperature_C(), clock_scale);
        if (!(clock_scale > 0.0 && clock_scale <= 1.0))
            throw std::logic_error(platform.name() + ": governor returned a clock scale outside (0, 1]");
    };

    std::vector<Alert> placement_alerts;  // what the platform says about op placement, per phase
    auto note_placement = [&](const OpGraph& graph) {
        for (auto& n : platform.placement_notes(graph, mapped.placement))
            placement_alerts.push_back({acc.time_s(), "placement", std::move(n)});
    };
    if (wl.n_prompt > 0) {
        std::vector<OpPlan> plans;
        // Runtimes from before llama.cpp's unused-logits skip (PR #6122, 2024) run the output layer on every
        // prompt token; their profile says so with "prefill_all_logits".
        const bool all_logits = point.platform.runtime.is_object() && point.platform.runtime.value("prefill_all_logits", false);
        const OpGraph prefill =
            lower(point.model, point.quant, {Phase::Prefill, wl.n_prompt, 0, wl.batch, all_logits});
        note_placement(prefill);
        run_graph(prefill, plans, {});
        acc.end_token(Phase::Prefill, 0);
    }
    // Decode steps differ only in their attention ops: lower and plan once, then advance.
    OpGraph decode;
    std::vector<OpPlan> decode_plans;
    std::vector<std::size_t> attention;
    for (int step = 0; step < wl.n_gen; ++step) {
        const int position = wl.n_prompt + step;
        if (step == 0) {
            decode = lower(point.model, point.quant, {Phase::Decode, 1, position, wl.batch, false});
            note_placement(decode);
            for (std::size_t i = 0; i < decode.ops.size(); ++i)
                if (op_class_of(decode.ops[i].kind) == OpClass::Attention && decode.ops[i].kind != OpKind::KvStore)
                    attention.push_back(i);
        } else {
            advance_decode_graph(decode, point.model, point.quant, position);
        }
        run_graph(decode, decode_plans, attention);
        acc.end_token(Phase::Decode, step);
    }

    RunResult r = acc.finish();
    r.alerts.insert(r.alerts.begin(), placement_alerts.begin(), placement_alerts.end());
    r.config_hash = point.config_hash();
    r.config = point.resolved();
    r.fidelity = engine.name();
    r.summary.sim_wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    return r;
}

RunResult simulate(const DesignPoint& point) {
    auto platform = build_platform(point);
    auto engine = make_engine(point.fidelity);
    return simulate(point, *platform, *engine);
}

}  // namespace edgetwin
