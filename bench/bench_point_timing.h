#pragma once
// Shared by the engine benchmarks: wall time per design point for both engines over a few
// workloads, printed as one table row each. Nothing is asserted.
#include <chrono>
#include <cstdio>
#include <functional>
#include <tuple>
#include <vector>

#include "sim/runner/simulate.h"
#include "sim/scenario/scenario.h"

namespace edgetwin::bench {

struct Workload {
    int n_prompt, n_gen;
    const char* label;
};

// The benchmark's workload on a scenario: prompt + generated tokens, a KV cache just large enough.
inline DesignPoint resolve_workload(ScenarioInputs in, int n_prompt, int n_gen, const char* fidelity) {
    in.n_prompt.value = n_prompt;
    in.n_gen.value = n_gen;
    in.ctx.value = n_prompt + n_gen;
    in.fidelity.value = fidelity;
    return resolve_design_point(in);
}

// `make_point(n_prompt, n_gen, fidelity)` builds the point; each is simulated once to warm up
// (tlm elaboration), then `reps` times.
inline void time_points(const std::function<DesignPoint(int, int, const char*)>& make_point,
                        const std::vector<Workload>& workloads, int reps) {
    std::printf("%-10s %-16s %10s %14s %14s %12s %10s\n", "engine", "workload", "ops", "wall/point", "ops/s",
                "decode tok/s", "mJ/token");
    for (const char* fidelity : {"analytic", "tlm"}) {
        auto engine = make_engine(fidelity);
        for (const auto& w : workloads) {
            const DesignPoint p = make_point(w.n_prompt, w.n_gen, fidelity);
            auto platform = build_platform(p);
            simulate(p, *platform, *engine);
            const auto t0 = std::chrono::steady_clock::now();
            RunResult r;
            for (int i = 0; i < reps; ++i) r = simulate(p, *platform, *engine);
            const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / reps;
            long ops = 0;
            for (const auto& op : r.ops) ops += op.calls;
            std::printf("%-10s %-16s %10ld %12.2f ms %14.0f %12.3f %10.2f\n", fidelity, w.label, ops, wall * 1e3,
                        ops / wall, r.summary.decode_tok_s, r.summary.energy_per_token_J * 1e3);
        }
    }
}

}  // namespace edgetwin::bench
