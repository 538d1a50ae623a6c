// Wall time per design point for each engine on a 7B-sized workload (Llama-2-7B Q4_0 on the
// Raspberry Pi 5 preset, 4 threads): decode-only (tg128) and prefill+decode (pp128+tg128).
// Usage: bench_engines [repetitions]   (CI runs 1 repetition as a smoke test; nothing is asserted)
#include <systemc>

#include <chrono>
#include <cstdio>
#include <cstdlib>

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
    std::printf("%-10s %-16s %10s %14s %14s %12s\n", "engine", "workload", "ops", "wall/point", "ops/s", "decode tok/s");
    for (const char* fidelity : {"analytic", "tlm"}) {
        auto engine = make_engine(fidelity);
        for (auto [np, ng, label] : {std::tuple{0, 128, "tg128"}, std::tuple{128, 128, "pp128+tg128"}}) {
            const DesignPoint p = point(np, ng, fidelity);
            auto platform = build_platform(p);
            simulate(p, *platform, *engine);  // warm-up (elaboration for tlm)
            const auto t0 = std::chrono::steady_clock::now();
            RunResult r;
            for (int i = 0; i < reps; ++i) r = simulate(p, *platform, *engine);
            const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / reps;
            long ops = 0;
            for (const auto& op : r.ops) ops += op.calls;
            std::printf("%-10s %-16s %10ld %12.2f ms %14.0f %12.2f\n", fidelity, label, ops, wall * 1e3, ops / wall,
                        r.summary.decode_tok_s);
        }
    }
    return 0;
}
