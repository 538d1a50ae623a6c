// Jetson presets and power modes as NVIDIA's nvpmodel files define them, the pinned-memory mechanism of
// llama.cpp on boards without I/O coherency, and the two long-generation scenario files.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

#include "hwmodels/jetson/jetson_platform.h"
#include "sim/core/json_io.h"
#include "sim/core/units.h"
#include "sim/core/user_error.h"
#include "sim/engine/run_result_json.h"
#include "tests/unit/hwmodels/jetson/jetson_support.h"

using namespace edgetwin;

namespace {

std::unique_ptr<IPlatform> build(const std::string& preset, const std::string& mode,
                                 const std::string& runtime = "llama.cpp-cuda",
                                 std::optional<int> ngl = std::nullopt) {
    test::JetsonRun r{preset, runtime, "tinyllama-1.1b", "Q4_K_M", 0, 1, mode, ngl};
    return build_platform(test::jetson_point(r));
}

Json preset_json(const std::string& preset) {
    return load_json_file(std::string(EDGETWIN_SOURCE_DIR) + "/data/platforms/" + preset + ".json");
}

Op cpu_side_op() {
    Op op;
    op.name = "blk.3.kq_softmax";
    op.kind = OpKind::Softmax;
    op.layer = 3;
    op.flops = 1e6;
    op.transcendentals = 2.5e5;
    op.act_read_bytes = 32 << 20;
    op.act_write_bytes = 32 << 20;
    return op;
}

}  // namespace

TEST_CASE("every Jetson preset builds in every nvpmodel mode, LPDDR bandwidth = bus bytes x EMC x 2", "[jetson]") {
    const char* presets[] = {"jetson-nano-4gb",      "jetson-tx2-8gb",         "jetson-xavier-nx-8gb",
                             "jetson-agx-xavier-32gb", "jetson-orin-nano-4gb", "jetson-orin-nano-8gb",
                             "jetson-orin-nano-8gb-super", "jetson-orin-nx-8gb", "jetson-orin-nx-16gb",
                             "jetson-agx-orin-32gb", "jetson-agx-orin-64gb"};
    for (const char* name : presets) {
        const Json p = preset_json(name);
        const double bus_B = p["memory"]["bus_width_bits"].get<double>() / 8.0;
        for (auto it = p["power_modes"].begin(); it != p["power_modes"].end(); ++it) {
            INFO(name << " " << it.key());
            auto platform = build(name, it.key());
            const double emc = parse_quantity(it.value()["emc_clock"].get<std::string>(), Dimension::Frequency).value_si;
            CHECK(platform->memories()[0].peak_bandwidth_Bps == Approx(bus_B * emc * 2));
            CHECK(platform->compute_unit_clock_hz(0) ==
                  Approx(parse_quantity(it.value()["gpu_clock"].get<std::string>(), Dimension::Frequency).value_si));
            // GPU + one unit per online core of both clusters (llama.cpp-cuda uses every online core).
            CHECK(platform->compute_unit_count() ==
                  1 + it.value()["cpu_cores_online"].get<int>() + it.value().value("cpu2_cores_online", 0));
        }
    }
    // Datasheet bandwidths: Orin NX 102.4 GB/s, AGX Xavier 136.5 GB/s, TX2 59.7 GB/s, Orin Nano 4GB 34.1 GB/s.
    CHECK(build("jetson-orin-nx-16gb", "MAXN")->memories()[0].peak_bandwidth_Bps == Approx(102.4e9).epsilon(0.001));
    CHECK(build("jetson-agx-xavier-32gb", "MAXN")->memories()[0].peak_bandwidth_Bps == Approx(136.5e9).epsilon(0.001));
    CHECK(build("jetson-tx2-8gb", "MAXN")->memories()[0].peak_bandwidth_Bps == Approx(59.7e9).epsilon(0.001));
    CHECK(build("jetson-orin-nano-4gb", "10W")->memories()[0].peak_bandwidth_Bps == Approx(34.1e9).epsilon(0.001));
}

TEST_CASE("nvpmodel TPC power gating leaves fewer SMs: GEMV compute time scales with the SMs online", "[jetson]") {
    // AGX Orin 64GB MODE_30W: TPC_PG_MASK 240 -> 8 of 16 SMs at 612 MHz; MODE_50W: all 16 SMs at 816 MHz.
    auto m30 = build("jetson-agx-orin-64gb", "30W");
    auto m50 = build("jetson-agx-orin-64gb", "50W");
    CHECK(m30->resolved_config()["effective"]["gpu_sms_online"] == 8);
    CHECK(m50->resolved_config()["effective"]["gpu_sms_online"] == 16);
    Op op;
    op.name = "blk.0.attn_q";
    op.kind = OpKind::MatMul;
    op.layer = 0;
    op.m = 1;
    op.k = op.n = 4096;
    op.macs = 4096.0 * 4096;
    op.weight_type = GgmlType::Q4_0;
    op.weight_elems = 4096 * 4096;
    op.weight_bytes = tensor_bytes(GgmlType::Q4_0, 4096, 4096);
    const Placement pl{0, 0, 0, 22};
    const double c30 = m30->plan(op, pl).items[0].compute_s;
    const double c50 = m50->plan(op, pl).items[0].compute_s;
    CHECK(c30 / c50 == Approx((16.0 * 816) / (8.0 * 612)));
    // A mode asking for more SMs than the module has is a user error naming the key.
    ScenarioInputs in = default_scenario_inputs();
    in.platform.value = "jetson-orin-nano-8gb";
    in.runtime.value = "llama.cpp-cuda";
    in.model.value = "tinyllama-1.1b";
    in.quant.value = "Q4_K_M";
    in.power_mode = Sourced<std::string>{"15W", "test", "--power-mode"};
    in.hardware_set = Json{{"power_modes.15W.gpu_sms_online", 12}};
    try {
        build_platform(resolve_design_point(in));
        FAIL("expected UserError");
    } catch (const UserError& e) {
        CHECK(std::string(e.what()).find("gpu_sms_online") != std::string::npos);
    }
}

TEST_CASE("llama.cpp CPU ops on pinned buffers stall on uncached memory only where the SoC is not I/O coherent",
          "[jetson]") {
    const Op op = cpu_side_op();
    const Placement pl{0, 0, 0, 22};
    // Jetson Nano (Tegra X1, no I/O coherency): b1618 keeps activations in cudaMallocHost memory, uncached for
    // the CPU; each load from it is one DRAM round trip (preset: 160 ns).
    auto cuda = build("jetson-nano-4gb", "MAXN", "llama.cpp-cuda-b1618", 5);  // block 3 stays on the CPU
    auto cpu = build("jetson-nano-4gb", "MAXN", "llama.cpp-cpu");
    const auto& rt = dynamic_cast<const jetson::JetsonPlatform&>(*cuda).runtime();
    REQUIRE(rt.threads == 4);
    REQUIRE(dynamic_cast<const jetson::JetsonPlatform&>(*cuda).device_of(op, 22) == jetson::Device::Cpu);
    const auto pc = cuda->plan(op, pl);
    const auto pp = cpu->plan(op, pl);
    REQUIRE(pc.items.size() == 4);
    REQUIRE(pp.items.size() == 4);
    // Softmax over 8 Mi scores (per-head rows, spread over the 4 threads): a NEON copy into the work buffer
    // and a NEON read-back to normalise, 2 x 8 Mi / 4 loads x 160 ns / 4 threads = 167.8 ms each.
    const double stall_s = 2.0 * (8 << 20) / 4 * 160e-9 / 4;
    CHECK(stall_s == Approx(167.77e-3).epsilon(0.001));
    // NEON cost by hand (Cortex-A57 at 1479 MHz, 4 threads): flops / (4 FMA lanes x cpu_efficiency 0.37, the
    // same ggml-cpu kernels in both builds) + 4 cycles per expf.
    auto neon_s = [](double eff) { return (1e6 / (4 * eff) + 2.5e5 * 4) / 1479e6 / 4; };
    CHECK(pp.items[0].compute_s == Approx(neon_s(0.37)));
    for (const auto& w : pc.items) CHECK(w.compute_s == Approx(neon_s(0.37) + stall_s));

    // A decode mul_mat over q4_K weights: thread 0 converts the 5632 activations with quantize_row_q8_K's two
    // scalar passes (11264 loads x 160 ns = 1.802 ms) while the other threads wait at the barrier.
    Op down = test::gemv_op(5632, 2048, GgmlType::Q4_K);
    down.name = "blk.3.ffn_down";
    down.layer = 3;
    down.act_read_bytes = 5632 * 4;
    const auto dc = cuda->plan(down, pl);
    const auto dp = cpu->plan(down, pl);
    for (std::size_t i = 0; i < dc.items.size(); ++i)
        CHECK(dc.items[i].compute_s - dp.items[i].compute_s == Approx(2 * 5632 * 160e-9));
    // rms_norm of one row (2048): scalar sum of squares, memcpy and NEON scale, 1.5 loads per element, all on
    // the one thread that gets the row.
    Op norm;
    norm.name = "blk.3.ffn_norm";
    norm.kind = OpKind::RmsNorm;
    norm.layer = 3;
    norm.flops = 4.0 * 2048;
    norm.act_read_bytes = norm.act_write_bytes = 2048 * 4;
    const auto nc = cuda->plan(norm, pl);
    const auto np = cpu->plan(norm, pl);
    CHECK(nc.items[0].compute_s - np.items[0].compute_s == Approx(1.5 * 2048 * 160e-9));
    CHECK(nc.items[1].compute_s == Approx(np.items[1].compute_s));

    // Orin (I/O coherent): pinned memory stays cached, no stall.
    auto orin_cuda = build("jetson-orin-nano-8gb", "15W", "llama.cpp-cuda", 5);
    auto orin_cpu = build("jetson-orin-nano-8gb", "15W", "llama.cpp-cpu");
    // A78AE at 1510.4 MHz, 6 threads: 8 FMA lanes, 2 cycles per expf; cpu_efficiency 0.3 (CUDA build), 0.37.
    auto a78_s = [](double eff) { return (1e6 / (8 * eff) + 2.5e5 * 2) / 1510.4e6 / 6; };
    CHECK(orin_cuda->plan(op, pl).items[0].compute_s == Approx(a78_s(0.3)));
    CHECK(orin_cpu->plan(op, pl).items[0].compute_s == Approx(a78_s(0.37)));
}

TEST_CASE("the Orin Nano 15W long-generation scenario throttles, its jetson_clocks twin does not", "[jetson][slow]") {
    auto run_file = [](const char* file) {
        ScenarioInputs in = read_scenario_file(std::string(EDGETWIN_SOURCE_DIR) + "/scenarios/" + file);
        return simulate(resolve_design_point(in));
    };
    const RunResult weak = run_file("orin-nano-15w-long-generation.json");
    const RunResult cool = run_file("orin-nano-15w-long-generation-jetson-clocks.json");
    auto clock_range = [](const RunResult& r) {
        double lo = 1e30, hi = 0;
        for (const auto& s : r.timeline) lo = std::min(lo, s.clock_hz), hi = std::max(hi, s.clock_hz);
        return std::make_pair(lo, hi);
    };
    // About half an hour of generation in both (the scenario's premise).
    CHECK(weak.summary.total_s > 20 * 60);
    CHECK(cool.summary.total_s > 20 * 60);
    // Weak passive heatsink: the 95 C trip is crossed, the GPU clock steps down from 625 MHz, and the last
    // tokens come slower than the first ones.
    CHECK(weak.summary.peak_temperature_C >= 95.0);
    CHECK(clock_range(weak).first < 0.9 * 625e6);
    const auto& tl = weak.timeline;
    REQUIRE(tl.size() > 200);
    CHECK(tl.back().latency_s > 1.05 * tl[tl.size() / 100].latency_s);
    CHECK(std::any_of(weak.alerts.begin(), weak.alerts.end(), [](const Alert& a) { return a.kind == "temperature"; }));
    // Fan pinned + good heatsink: flat 625 MHz, stays below the trip.
    CHECK(cool.summary.peak_temperature_C < 95.0);
    CHECK(clock_range(cool).first == Approx(625e6));
    CHECK(cool.summary.decode_tok_s > weak.summary.decode_tok_s);
}

TEST_CASE("Orin rails: VDD_SOC carries the DRAM access energy, VDD_IN everything, lossless through JSON", "[jetson]") {
    test::JetsonRun run{"jetson-orin-nano-8gb", "mlc-llm-q4f16_1", "tinyllama-1.1b", "q4f16_1", 16, 8};
    const RunResult r = simulate(test::jetson_point(run));
    REQUIRE(r.rails.size() == 3);
    CHECK(r.rails[0].name == "VDD_IN");
    CHECK(r.rails[1].name == "VDD_CPU_GPU_CV");
    CHECK(r.rails[2].name == "VDD_SOC");
    // DRAM energy by hand: every byte read or written at the preset's 35 pJ/B.
    double bytes = 0;
    for (const auto& m : r.memory) bytes += m.read_B + m.write_B;
    CHECK(r.rails[2].energy_J == Approx(bytes * 35e-12));
    CHECK(r.rails[2].avg_power_W == Approx(r.rails[2].energy_J / r.summary.total_s));
    CHECK(r.rails[0].avg_power_W == Approx(r.summary.avg_power_W));
    CHECK(r.rails[1].avg_power_W + r.rails[2].avg_power_W < r.rails[0].avg_power_W);  // static is on VDD_IN only
    const RunResult back = run_result_from_json(run_result_to_json(r));
    REQUIRE(back.rails.size() == r.rails.size());
    for (std::size_t i = 0; i < r.rails.size(); ++i) {
        CHECK(back.rails[i].name == r.rails[i].name);
        CHECK(back.rails[i].energy_J == r.rails[i].energy_J);
        CHECK(back.rails[i].avg_power_W == r.rails[i].avg_power_W);
    }
    CHECK(summary_to_json(r)["rail_power_W"]["VDD_SOC"].get<double>() == r.rails[2].avg_power_W);
}

TEST_CASE("threads counts the runtime's CPU threads, and the CPU and GPU clocks are reported apart", "[jetson]") {
    // Orin Nano 8GB, nvpmodel 15W (its default): 6 A78AE cores at 1510.4 MHz online, GPU at 625 MHz (preset
    // power_modes). llama.cpp-cuda uses every online core; the GPU is a unit but not a thread.
    const RunResult r = simulate(test::jetson_point({"jetson-orin-nano-8gb", "llama.cpp-cuda", "llama-3.2-1b", "Q4_0", 16, 4}));
    CHECK(r.threads == 6);
    CHECK(r.cpu_clock_hz == Approx(1510.4e6));
    CHECK(r.gpu_clock_hz == Approx(625e6));
    // Per unit, as /runs/<run>/units stores them: the GPU first, then one row per thread.
    REQUIRE(r.units.size() == 7);
    CHECK(r.units[0].kind == "gpu");
    CHECK(r.units[0].clock_hz == Approx(625e6));
    CHECK(r.units[6].kind == "cpu_thread");
    CHECK(r.units[6].clock_hz == Approx(1510.4e6));
    // A CPU-only runtime on the same board: no GPU in use.
    const RunResult c = simulate(test::jetson_point({"jetson-orin-nano-8gb", "llama.cpp-cpu", "llama-3.2-1b", "Q4_0", 16, 4}));
    CHECK(c.threads == 6);
    CHECK(c.gpu_clock_hz == 0);
}
