// Jetson family: hand-calculated GEMV timing, -ngl placement, power-mode caps, errors, throttling.
#include <catch2/catch.hpp>

#include <algorithm>

#include "hwmodels/jetson/jetson_platform.h"
#include "models/lowering.h"
#include "sim/core/user_error.h"
#include "sim/engine/i_engine.h"
#include "tests/unit/hwmodels/jetson/jetson_support.h"

using namespace edgetwin;

namespace {

const jetson::JetsonPlatform& as_jetson(const IPlatform& p) { return dynamic_cast<const jetson::JetsonPlatform&>(p); }

}  // namespace

TEST_CASE("decode GEMV on Orin Nano 15W: bytes / achieved LPDDR5 bandwidth, compute by hand", "[jetson]") {
    test::JetsonRun run{"jetson-orin-nano-8gb", "mlc-llm-q4f16_1", "llama-3.1-8b", "q4f16_1", 16, 4};
    const DesignPoint p = test::jetson_point(run);
    auto platform = build_platform(p);
    const Op op = test::gemv_op(4096, 4096, GgmlType::MLC_Q4F16_1);
    const OpPlan plan = platform->plan(op, Placement{0, 0, 0, 32});
    REQUIRE(plan.items.size() == 1);
    const WorkItem& w = plan.items[0];
    CHECK(platform->compute_unit_name(w.unit).rfind("gpu", 0) == 0);
    // q4f16_1: 18 bytes per 32 weights -> 4096*4096/32*18 bytes.
    const double bytes = 4096.0 * 4096 / 32 * 18;
    CHECK(w.read_B[0] == Approx(bytes));
    // 15W mode: GPU 625 MHz, 8 SMs x 128 cores, FP16 at the FP32 rate on GA10B; MLC q4f16_1
    // gemv_efficiency 0.376 (fitted, see the runtime file); dequantisation 97 ops per 32-weight block on the
    // same cores.
    const double cores_per_s = 8 * 128 * 625e6;
    const double macs_s = 4096.0 * 4096 / (cores_per_s * 0.376);
    const double dequant_s = 4096.0 * 4096 / 32 * 97 / (cores_per_s * 0.376);
    CHECK(w.compute_s == Approx(macs_s + dequant_s));
    CHECK(w.overhead_s == Approx(2e-6));  // MLC replays decode from a CUDA graph: graph_kernel_overhead
    // LPDDR5 128-bit at EMC 2133 MHz: 2 x 16 B x 2133e6 = 68.26 GB/s, 80 % achieved.
    const auto& mem = platform->memories()[0];
    CHECK(mem.peak_bandwidth_Bps == Approx(2 * 16 * 2133e6));
    const ItemTime t = closed_form_item_time(w, platform->memories());
    const double mem_s = bytes / (2 * 16 * 2133e6 * 0.8);
    // At 625 MHz the TVM dequant-GEMV is ALU-bound (281 us compute vs 173 us DRAM); the item overlaps the
    // two in 64 tiles: overhead + latency + max + min / tiles.
    CHECK(mem_s == Approx(172.8e-6).epsilon(0.01));
    CHECK(w.compute_s == Approx(280.9e-6).epsilon(0.01));
    CHECK(t.total_s == Approx(w.overhead_s + mem.latency_s + std::max(mem_s, w.compute_s) +
                              std::min(mem_s, w.compute_s) / w.tiles));
}

TEST_CASE("decode GEMV with MLC q4f16_ft weights: FasterTransformer's int4 conversion cost, by hand", "[jetson]") {
    test::JetsonRun run{"jetson-orin-nano-8gb", "mlc-llm-q4f16_ft", "llama-3.1-8b", "q4f16_ft", 16, 4};
    auto platform = build_platform(test::jetson_point(run));
    const WorkItem w = platform->plan(test::gemv_op(4096, 4096, GgmlType::MLC_Q4F16_FT), Placement{0, 0, 0, 32}).items[0];
    // Per-channel int4: half a byte per weight plus one f16 scale per output row.
    CHECK(w.read_B[0] == Approx(4096.0 * 4096 / 2 + 4096 * 2));
    // FasterTransformer's converter turns 8 nibbles into 4 half2 with 1 shift + 4 lop3 + 4 sub/fma.f16x2,
    // and the channel scale costs one hmul2 per 2 weights: 13 ALU ops per 8 weights, on the same FP16 lanes
    // as the MACs (15W: 8 SMs x 128 cores at 625 MHz, profile gemv_efficiency 0.6).
    const double lanes = 8 * 128 * 625e6 * 0.6;
    CHECK(w.compute_s == Approx(4096.0 * 4096 / lanes + 4096.0 * 4096 * 13 / 8 / lanes));
}

TEST_CASE("llama.cpp -ngl placement: current llama.cpp offloads the output layer first, legacy b1618 last", "[jetson]") {
    const ModelSpec tiny = [] {
        test::JetsonRun r{"jetson-nano-4gb", "llama.cpp-cuda", "tinyllama-1.1b", "Q4_K_M", 0, 1};
        return test::jetson_point(r).model;
    }();
    REQUIRE(tiny.n_layer == 22);
    const OpGraph g = lower(tiny, uniform_scheme(GgmlType::Q4_0), LoweringRequest{Phase::Decode, 1, 8, 1, false});
    auto find = [&](const std::string& name) -> const Op& {
        return *std::find_if(g.ops.begin(), g.ops.end(), [&](const Op& o) { return o.name == name; });
    };
    auto device = [&](const char* runtime, int ngl, const std::string& name) {
        test::JetsonRun r{"jetson-nano-4gb", runtime, "tinyllama-1.1b", "Q4_K_M", 0, 1, std::nullopt, ngl};
        auto platform = build_platform(test::jetson_point(r));
        return as_jetson(*platform).device_of(find(name), 22);
    };
    using jetson::Device;
    // Current rules: slots 0..22 (22 = output); i_gpu_start = 23 - ngl -> ngl 5: output + blocks 18..21.
    CHECK(device("llama.cpp-cuda", 5, "output") == Device::Gpu);
    CHECK(device("llama.cpp-cuda", 5, "blk.18.ffn_down") == Device::Gpu);
    CHECK(device("llama.cpp-cuda", 5, "blk.18.attn_scores") == Device::Gpu);  // KV follows its block
    CHECK(device("llama.cpp-cuda", 5, "blk.17.ffn_down") == Device::Cpu);
    CHECK(device("llama.cpp-cuda", 5, "token_embd") == Device::Cpu);          // input layer stays on the CPU
    CHECK(device("llama.cpp-cuda", 1, "output") == Device::Gpu);
    CHECK(device("llama.cpp-cuda", 1, "blk.21.attn_q") == Device::Cpu);
    CHECK(device("llama.cpp-cuda", 0, "output") == Device::Cpu);
    // Legacy (b1618): i_gpu_start = 22 - ngl -> ngl 5: blocks 17..21, output on the CPU, attention on the
    // CPU until the V (ngl > 23) and K (ngl > 24) caches are offloaded.
    CHECK(device("llama.cpp-cuda-b1618", 5, "blk.17.ffn_down") == Device::Gpu);
    CHECK(device("llama.cpp-cuda-b1618", 5, "blk.16.ffn_down") == Device::Cpu);
    CHECK(device("llama.cpp-cuda-b1618", 5, "output") == Device::Cpu);
    CHECK(device("llama.cpp-cuda-b1618", 5, "blk.20.attn_scores") == Device::Cpu);
    CHECK(device("llama.cpp-cuda-b1618", 23, "output") == Device::Gpu);
    CHECK(device("llama.cpp-cuda-b1618", 24, "blk.3.attn_values") == Device::Gpu);
    CHECK(device("llama.cpp-cuda-b1618", 24, "blk.3.attn_scores") == Device::Cpu);
    CHECK(device("llama.cpp-cuda-b1618", 25, "blk.3.attn_scores") == Device::Gpu);
    // The hand-over into the first offloaded block costs a sync; inside a block it does not.
    test::JetsonRun r{"jetson-nano-4gb", "llama.cpp-cuda-b1618", "tinyllama-1.1b", "Q4_K_M", 0, 1, std::nullopt, 5};
    auto platform = build_platform(test::jetson_point(r));
    const double sw = as_jetson(*platform).runtime().switch_overhead_s;
    const Placement pl{0, 0, 0, 22};
    CHECK(platform->plan(find("blk.17.attn_norm"), pl).items[0].overhead_s ==
          Approx(as_jetson(*platform).runtime().kernel_overhead_s + sw));
    CHECK(platform->plan(find("blk.17.ffn_up"), pl).items[0].overhead_s ==
          Approx(as_jetson(*platform).runtime().kernel_overhead_s));
    // A CPU op is split over the runtime's 4 threads.
    CHECK(platform->plan(find("blk.3.ffn_up"), pl).items.size() == 4);
}

TEST_CASE("power modes cap clocks, cores and EMC, bad settings name the allowed values", "[jetson]") {
    auto build = [](const std::string& preset, const std::optional<std::string>& mode) {
        test::JetsonRun r{preset, "llama.cpp-cuda", "tinyllama-1.1b", "Q4_K_M", 0, 1, mode};
        return build_platform(test::jetson_point(r));
    };
    auto super_maxn = build("jetson-orin-nano-8gb-super", std::nullopt);
    CHECK(super_maxn->compute_unit_clock_hz(0) == Approx(1020e6));
    CHECK(super_maxn->memories()[0].peak_bandwidth_Bps == Approx(102.4e9).epsilon(0.001));
    CHECK(super_maxn->compute_unit_count() == 1 + 6);
    auto super_25 = build("jetson-orin-nano-8gb-super", std::string("25W"));
    // nvpmodel_p3767_0003_super.conf MODE 25W: GPU 918 MHz, CPU 1344 MHz.
    CHECK(super_25->compute_unit_clock_hz(0) == Approx(918e6));
    CHECK(super_25->compute_unit_clock_hz(1) == Approx(1344e6));
    CHECK(super_25->unit_active_power_W(0) < super_maxn->unit_active_power_W(0));
    auto agx15 = build("jetson-agx-orin-64gb", std::string("15W"));
    CHECK(agx15->compute_unit_count() == 1 + 4);  // 4 cores online
    CHECK(agx15->compute_unit_clock_hz(0) == Approx(408e6));  // nvpmodel_p3701_0000.conf MODE_15W
    CHECK(agx15->memories()[0].peak_bandwidth_Bps == Approx(2 * 32 * 2133e6));
    auto nano = build("jetson-nano-4gb", std::string("5W"));
    CHECK(nano->compute_unit_clock_hz(0) == Approx(640e6));
    // jetson_clocks pins the fan: lower thermal resistance, same clock caps.
    auto jc = build("jetson-orin-nano-8gb", std::string("15W+jetson_clocks"));
    auto plain = build("jetson-orin-nano-8gb", std::string("15W"));
    CHECK(jc->thermal_resistance_K_per_W() < plain->thermal_resistance_K_per_W());
    CHECK(jc->compute_unit_clock_hz(0) == Approx(plain->compute_unit_clock_hz(0)));
    CHECK_THROWS_AS(build("jetson-orin-nano-8gb", std::string("MAXN_SUPER")), UserError);
    try {
        build("jetson-nano-4gb", std::string("30W"));
        FAIL("expected UserError");
    } catch (const UserError& e) {
        CHECK(std::string(e.what()).find("MAXN") != std::string::npos);
    }
    test::JetsonRun too_many{"jetson-agx-orin-64gb", "llama.cpp-cpu", "tinyllama-1.1b", "Q4_K_M", 0, 1, std::string("15W")};
    DesignPoint p = test::jetson_point(too_many);
    p.platform.settings.threads = 8;
    CHECK_THROWS_AS(build_platform(p), UserError);
    p.platform.settings.threads.reset();
    p.platform.settings.freq_hz = 900e6;  // above the 15W GPU cap of 408 MHz
    CHECK_THROWS_AS(build_platform(p), UserError);
}

TEST_CASE("a model that does not fit the shared LPDDR fails with the sizes", "[jetson]") {
    test::JetsonRun r{"jetson-nano-4gb", "llama.cpp-cuda", "llama-3-8b", "Q8_0", 16, 4};
    try {
        simulate(test::jetson_point(r));
        FAIL("expected UserError");
    } catch (const UserError& e) {
        const std::string msg = e.what();
        CHECK(msg.find("does not fit") != std::string::npos);
        CHECK(msg.find("GiB") != std::string::npos);
    }
}

TEST_CASE("long generation on weak cooling throttles, jetson_clocks with good cooling does not", "[jetson]") {
    auto run = [](const std::string& mode, const std::string& resistance) {
        ScenarioInputs in = default_scenario_inputs();
        in.platform.value = "jetson-orin-nano-8gb";
        in.runtime.value = "mlc-llm-q4f16_1";
        in.model.value = "llama-3.2-3b";
        in.quant.value = "q4f16_1";
        in.n_prompt.value = 16;
        in.n_gen.value = 600;
        in.ctx.value = 1024;
        in.power_mode = Sourced<std::string>{mode, "test", "--power-mode"};
        // Small heat capacity so the RC settles within the run (tau = R*C of a few seconds).
        in.hardware_set = Json{{"thermal.resistance", resistance}, {"thermal.resistance_fan_max", resistance},
                               {"thermal.capacitance", "2J/K"}};
        return simulate(resolve_design_point(in));
    };
    const RunResult weak = run("15W", "12K/W");
    const RunResult good = run("15W+jetson_clocks", "2K/W");
    auto min_clock = [](const RunResult& r) {
        double m = 1e30;
        for (const auto& s : r.timeline) m = std::min(m, s.clock_hz);
        return m;
    };
    CHECK(min_clock(weak) < 0.9 * 625e6);
    CHECK(weak.summary.peak_temperature_C > 95.0);
    CHECK(min_clock(good) == Approx(625e6));
    CHECK(good.summary.peak_temperature_C < 95.0);
    // A lower GPU clock lengthens the compute share of each token, so decode slows down.
    CHECK(weak.summary.decode_tok_s < good.summary.decode_tok_s);
}

// Each tile's transfer (~0.3-3 us) is comparable to the 0.5 us LPDDR latency, so this also checks that
// both engines model the GPU's deep prefetch (WorkItem::prefetch_depth) the same way.
TEST_CASE("analytic and tlm agree within 2% on a contention-free Jetson GPU-only decode point",
          "[jetson][engine]") {
    // MLC runs every op on the GPU, one op at a time: nothing shares the LPDDR, so tlm has nothing to queue.
    test::JetsonRun run{"jetson-orin-nano-8gb", "mlc-llm-q4f16_1", "tinyllama-1.1b", "q4f16_1", 0, 8};
    const RunResult a = simulate(test::jetson_point(run));
    run.fidelity = "tlm";
    const RunResult t = simulate(test::jetson_point(run));
    REQUIRE(a.fidelity == "analytic");
    REQUIRE(t.fidelity == "tlm");
    REQUIRE(a.summary.decode_tok_s > 0);
    CHECK(t.summary.decode_s == Approx(a.summary.decode_s).epsilon(0.02));
    CHECK(t.summary.decode_tok_s == Approx(a.summary.decode_tok_s).epsilon(0.02));
    CHECK(t.summary.energy_J == Approx(a.summary.energy_J).epsilon(0.02));
}

TEST_CASE("map() refuses a workload without its block count (the -ngl rules need it)", "[jetson]") {
    const DesignPoint p = test::jetson_point({"jetson-nano-4gb", "llama.cpp-cuda-b1618", "tinyllama-1.1b", "Q4_K_M", 0, 4});
    auto platform = build_platform(p);
    WorkloadSize size;
    size.weights_B = 1e6;
    size.quant_name = "Q4_K_M";
    CHECK_THROWS_AS(platform->map(size), std::logic_error);
    size.n_layers = 22;
    CHECK(platform->map(size).placement.n_layers == 22);
}
