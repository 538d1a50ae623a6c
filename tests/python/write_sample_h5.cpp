// Writes a sample result file from hand-built RunResults (no simulation) plus the JSON summary of
// its first point, so check_results.py can test the HDF5 layout and --expect-json against them.
// Usage: write_sample_h5 OUT.h5 OUT.json
#include <systemc>

#include <fstream>
#include <iostream>

#include "analysis/h5_store.h"
#include "sim/core/user_error.h"

// libsystemc.so needs an sc_main even though this program has its own main (build-notes §4.3).
int sc_main(int, char**) { return 0; }

namespace {

using namespace edgetwin;

RunResult sample_run(const std::string& hash, std::vector<std::string> levels, double scale) {
    RunResult r;
    r.config_hash = hash;
    r.platform = "sample-board";
    r.runtime = "llama.cpp-cpu";
    r.model = "tiny-llama";
    r.quant = "Q8_0";
    r.fidelity = "analytic";
    r.n_prompt = 16;
    r.n_gen = 3;
    r.batch = 1;
    r.ctx = 19;
    r.threads = 4;
    r.clock_hz = 1.5e9;
    Summary& s = r.summary;
    s.ttft_s = 0.0123456789 * scale;
    s.prefill_s = 0.0120000001 * scale;
    s.prefill_tok_s = 16 / s.prefill_s;
    s.decode_s = 0.3 * scale;
    s.decode_tok_s = 3 / s.decode_s;
    s.latency_p50_s = 0.1 * scale;
    s.latency_p95_s = 0.1000001 * scale;
    s.latency_p99_s = 0.10000012 * scale;
    s.total_s = s.prefill_s + s.decode_s;
    s.energy_J = 1.0 / 3.0;
    s.energy_per_token_J = s.energy_J / 3;
    s.avg_power_W = s.energy_J / s.total_s;
    s.peak_temperature_C = 47.25;
    s.peak_memory_B = 123456789.0;
    s.bottleneck = Bound::Memory;
    s.op_class_share = {0.6, 0.25, 0.05, 0.07, 0.03};
    s.sim_wall_s = 0.001;
    r.memory_levels = std::move(levels);
    const std::size_t n_levels = r.memory_levels.size();
    const OpKind kinds[] = {OpKind::Embedding, OpKind::RmsNorm, OpKind::MatMul, OpKind::AttnScores};
    for (int i = 0; i < 4; ++i) {
        OpRecord op;
        op.name = i == 0 ? "token_embd" : "blk.0.op" + std::to_string(i);
        op.phase = Phase::Decode;
        op.kind = kinds[i];
        op.layer = i == 0 ? -1 : 0;
        op.calls = 3;
        op.time_s = 0.001 * (i + 1);
        op.compute_s = 0.0004 * (i + 1);
        op.memory_s = 0.0009 * (i + 1);
        op.overhead_s = 1e-5;
        op.macs = 1e5 * i;
        op.flops = 1e3;
        op.energy_J = 1e-3;
        op.bound = Bound::Memory;
        for (std::size_t l = 0; l < n_levels; ++l) {
            op.read_B.push_back(1e6 / (l + 1));
            op.write_B.push_back(1e3 * l);
        }
        r.ops.push_back(op);
    }
    r.timeline.push_back({s.ttft_s, Phase::Prefill, 0, s.ttft_s, 5.0, 40.0, 1.5e9});
    for (int t = 0; t < 3; ++t)
        r.timeline.push_back({s.ttft_s + 0.1 * (t + 1), Phase::Decode, t, 0.1, 6.0, 45.0 + t, 1.5e9});
    for (std::size_t l = 0; l < n_levels; ++l)
        r.memory.push_back({r.memory_levels[l], 1e9 / (l + 1), 1e8, 9e7, 5e6, 5e6, 3e6, 1e4});
    r.alerts.push_back({0.2, "temperature", "die reached 47.25 \xC2\xB0" "C"});
    r.config = Json{{"model", r.model}, {"platform", r.platform}, {"levels", r.memory_levels}};
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: write_sample_h5 OUT.h5 OUT.json\n";
        return 2;
    }
    try {
        // Three points: two platforms with different memory hierarchies (so the ops tables differ
        // in their per-level columns) and one failed point.
        std::vector<RunResult> runs = {sample_run("00000000000000a1", {"dram", "l2"}, 1.0),
                                       sample_run("00000000000000b2", {"psram", "sram", "flash"}, 2.0),
                                       sample_run("00000000000000c3", {"dram"}, 1.0)};
        std::vector<std::string> errors = {"", "", "model does not fit: Q8_0 weights 17.1 MB exceed 8 MB PSRAM"};
        write_results_h5(argv[1], runs, Json{{"sample", true}}, errors);
        std::ofstream json(argv[2]);
        json << summary_to_json(runs[0]).dump(2) << "\n";
        if (!json) {
            std::cerr << argv[2] << ": cannot write\n";
            return 1;
        }
    } catch (const UserError& e) {
        std::cerr << e.what() << "\n";
        return 2;
    }
    return 0;
}
