#include "sim/runner/simulate.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "models/lowering.h"
#include "sim/core/user_error.h"
#include "sim/runner/run_accounting.h"

namespace edgetwin {

std::unique_ptr<IPlatform> build_platform(const DesignPoint& point) {
    const std::string family = point.platform.preset.value("family", "");
    const IPlatformFamily* f = PlatformRegistry::instance().find(family);
    if (!f) {
        std::string names;
        for (const auto* fam : PlatformRegistry::instance().families()) names += (names.empty() ? "" : ", ") + fam->name();
        throw UserError(point.platform.file, "family", "unknown platform family '" + family + "' (allowed: " + names + ")");
    }
    return f->build(point.platform);
}

RunResult simulate(const DesignPoint& point, const IPlatform& platform, IEngine& engine) {
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
    auto run_graph = [&](const OpGraph& graph) {
        std::vector<OpPlan> plans;
        plans.reserve(graph.ops.size());
        for (const auto& op : graph.ops) {
            plans.push_back(platform.plan(op, mapped.placement));
            if (clock_scale != 1.0)
                for (auto& item : plans.back().items) item.compute_s /= clock_scale;
        }
        const std::vector<OpTiming> timings = engine.execute(plans);
        acc.add_graph(graph, plans, timings, clock_scale);
        clock_scale = platform.governor_clock_scale(acc.temperature_C(), clock_scale);
        if (!(clock_scale > 0.0 && clock_scale <= 1.0))
            throw std::logic_error(platform.name() + ": governor returned a clock scale outside (0, 1]");
    };

    if (wl.n_prompt > 0) {
        LoweringRequest req{Phase::Prefill, wl.n_prompt, 0, wl.batch, false};
        run_graph(lower(point.model, point.quant, req));
        acc.end_token(Phase::Prefill, 0);
    }
    for (int step = 0; step < wl.n_gen; ++step) {
        LoweringRequest req{Phase::Decode, 1, wl.n_prompt + step, wl.batch, false};
        run_graph(lower(point.model, point.quant, req));
        acc.end_token(Phase::Decode, step);
    }

    RunResult r = acc.finish();
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
