// Trace replay: a tegrastats timeline drives the clocks of a Jetson run. Orin Nano Super (MAXN_SUPER:
// GPU 1020 MHz, EMC 3199 MHz, CPU 1728 MHz), MLC, TinyLlama decode: every op is one GPU work item
// (offload "all"), so a token's latency is the runtime's token overhead plus the sum of its ops' item
// times, which the test writes out by hand from the platform's cost split (compute C and bytes per op)
// with the recorded clocks applied: C x f_cfg/f_rec, M x emc_cfg/emc_rec.
// With q4f16_1 this decode is GPU-compute-bound (TVM dequant-GEMV at gemv_efficiency 0.376), so a halved
// GPU clock costs almost, but not quite, 2x (launch and token overheads do not scale). With q4f16_ft
// (FasterTransformer kernels) it is DRAM-bound, so the time beyond the fixed overheads grows with the
// EMC ratio.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "analysis/calibration/tegra_replay.h"
#include "models/lowering.h"
#include "sim/core/user_error.h"
#include "sim/runner/simulate.h"
#include "tests/unit/hwmodels/jetson/jetson_support.h"

using namespace edgetwin;
using namespace edgetwin::calib;

namespace {

// One JP6 Orin Nano line (formats.md §4.2, Rust parser test) with the clocks set per test.
std::string orin_nano_line(int gpu_MHz, int emc_MHz, int cpu_MHz = 1728) {
    const std::string c = "1%@" + std::to_string(cpu_MHz);
    return "11-30-2025 13:26:01 RAM 2461/7620MB (lfb 3x2MB) SWAP 1243/3810MB (cached 5MB) CPU [" + c + "," + c + "," +
           c + "," + c + "," + c + "," + c + "] EMC_FREQ 40%@" + std::to_string(emc_MHz) + " GR3D_FREQ 99%@[" +
           std::to_string(gpu_MHz) + "] NVDEC off NVJPG off NVJPG1 off VIC off OFA off APE 200 cpu@46.531C " +
           "soc2@47.312C soc0@46.593C gpu@48.218C tj@48.843C soc1@48.843C VDD_IN 5704mW/5704mW VDD_CPU_GPU_CV " +
           "831mW/831mW VDD_SOC 1624mW/1624mW\n";
}

test::JetsonRun decode_run(int n_gen, bool dram_bound = false) {
    if (dram_bound) return {"jetson-orin-nano-8gb-super", "mlc-llm-q4f16_ft", "tinyllama-1.1b", "q4f16_ft", 0, n_gen};
    return {"jetson-orin-nano-8gb-super", "mlc-llm-q4f16_1", "tinyllama-1.1b", "q4f16_1", 0, n_gen};
}

// Hand calculation of one decode token at `position`: per op, the documented item time
// overhead + L + n·max(c, m, (m+L+c)/D) + min(c, m) with c = C/n, m = M/n, summed, plus the
// runtime's token overhead. `gpu` and `mem` are recorded/configured clock ratios.
double hand_token_latency(const DesignPoint& p, const IPlatform& plat, int position, double gpu, double mem) {
    const OpGraph g = lower(p.model, p.quant, {Phase::Decode, 1, position, 1, false});
    const Placement placement{0, 0, 0, p.model.n_layer};
    const MemoryLevel& dram = plat.memories()[0];
    double t = plat.token_overhead_s();
    for (const Op& op : g.ops) {
        const OpPlan plan = plat.plan(op, placement);
        REQUIRE(plan.items.size() == 1);  // offload "all": one GPU item per op
        const WorkItem& w = plan.items[0];
        const double C = w.compute_s / gpu;
        const double bytes = w.read_B[0] + w.write_B[0];
        const double M = bytes > 0 ? bytes / (dram.effective_bandwidth_Bps() * mem) : 0.0;
        const double L = bytes > 0 ? dram.latency_s : 0.0;
        const double n = w.tiles, c = C / n, m = M / n;
        t += w.overhead_s + L + n * std::max({c, m, (m + L + c) / w.prefetch_depth}) + std::min(c, m);
    }
    return t;
}

struct Replayed {
    RunResult result;
    std::unique_ptr<TegraReplaySchedule> schedule;
};

// Two trace samples; the first covers tokens 0 .. n_gen/2 - 1 of the run without a trace.
Replayed replay_two_samples(const DesignPoint& p, const IPlatform& plat, const std::string& trace,
                            double first_half_s) {
    Replayed r;
    r.schedule = std::make_unique<TegraReplaySchedule>(parse_tegrastats(trace, "t.log"), "t.log", first_half_s, plat);
    auto engine = make_engine("analytic");
    r.result = simulate(p, plat, *engine, r.schedule.get());
    return r;
}

}  // namespace

TEST_CASE("replay: GPU clock halved for the second half slows decode as the cost split says", "[calibration][replay]") {
    const int n = 8;
    const DesignPoint p = test::jetson_point(decode_run(n));
    const auto plat = build_platform(p);
    const RunResult base = simulate(p);
    // Boundary half a token before token n/2 starts, so tokens 0..n/2-1 run on sample 1.
    double boundary = 0;
    for (int k = 0; k < n / 2; ++k) boundary += base.timeline[static_cast<std::size_t>(k)].latency_s;
    boundary -= 0.5 * base.timeline[0].latency_s;
    const auto r = replay_two_samples(p, *plat, orin_nano_line(1020, 3199) + orin_nano_line(510, 3199), boundary);
    REQUIRE(r.result.timeline.size() == static_cast<std::size_t>(n));
    for (int k = 0; k < n; ++k) {
        const auto& s = r.result.timeline[static_cast<std::size_t>(k)];
        const double gpu = k < n / 2 ? 1.0 : 0.5;
        INFO("token " << k);
        CHECK(s.latency_s == Approx(hand_token_latency(p, *plat, k, gpu, 1.0)).epsilon(1e-9));
        CHECK(s.clock_hz == Approx(1020e6 * gpu));  // unit 0 is the GPU: the timeline shows the recorded clock
        if (k < n / 2) CHECK(s.latency_s == Approx(base.timeline[static_cast<std::size_t>(k)].latency_s).epsilon(1e-12));
    }
    // Compute-bound decode: halving the GPU clock costs between 1.5x and 2x (fixed overheads do not scale).
    const double slow = r.result.timeline[n - 1].latency_s / r.result.timeline[0].latency_s;
    CHECK(slow > 1.5);
    CHECK(slow < 2.0);
    const ReplaySummary sum = summarize_replay(*r.schedule, r.result);
    REQUIRE(sum.segments.size() == 2);
    CHECK(sum.segments[0].tokens == n / 2);
    CHECK(sum.segments[1].tokens == n / 2);
    CHECK(sum.segments[1].gpu_MHz == 510);
    CHECK(sum.segments[0].tok_s > sum.segments[1].tok_s);
    CHECK(sum.segments[0].max_temperature_C == Approx(48.218));
}

TEST_CASE("replay: recorded EMC clock scales the memory-bound decode proportionally", "[calibration][replay]") {
    const int n = 4;
    const DesignPoint p = test::jetson_point(decode_run(n, true));
    const auto plat = build_platform(p);
    const auto r = replay_two_samples(p, *plat, orin_nano_line(1020, 1600), 100.0);  // one sample for all tokens
    const double ratio = 3199.0 / 1600.0;
    for (int k = 0; k < n; ++k)
        CHECK(r.result.timeline[static_cast<std::size_t>(k)].latency_s ==
              Approx(hand_token_latency(p, *plat, k, 1.0, 1600.0 / 3199.0)).epsilon(1e-9));
    // Proportional: the time beyond the fixed overheads (token + launch + DRAM latency) grows by the
    // clock ratio within a few percent (the compute tail of each op does not scale).
    const RunResult base = simulate(p);
    const DesignPoint& dp = p;
    const double fixed = hand_token_latency(dp, *plat, 0, 1e12, 1e12);  // compute and transfers -> 0
    const double grown = (r.result.timeline[0].latency_s - fixed) / (base.timeline[0].latency_s - fixed);
    CHECK(grown == Approx(ratio).epsilon(0.05));
}

TEST_CASE("replay: traces that do not fit the platform are user errors", "[calibration][replay]") {
    const DesignPoint p = test::jetson_point(decode_run(2));
    const auto plat = build_platform(p);
    auto make = [&](const std::string& text) { TegraReplaySchedule s(parse_tegrastats(text, "t.log"), "t.log", 0, *plat); };
    // AGX Orin line (formats.md §4.2, jetson_exporter issue #14): 62801 MB RAM, 12 cores, GPU idle.
    const std::string agx =
        "04-11-2025 10:36:27 RAM 4321/62801MB (lfb 1759x4MB) SWAP 19/31400MB (cached 0MB) CPU "
        "[0%@729,0%@729,0%@729,0%@729,0%@729,0%@729,0%@729,0%@729,0%@729,0%@729,0%@729,0%@729] EMC_FREQ 0%@2133 "
        "GR3D_FREQ 0%@[0,0] VIC_FREQ 729 APE 174 CPU@44.562C Tboard@32C VDD_GPU_SOC 2340mW/2340mW";
    CHECK_THROWS_WITH(make(agx), Catch::Contains("t.log: line 1") && Catch::Contains("another board"));
    // Orin Nano without sudo: no EMC clock.
    std::string no_emc = orin_nano_line(1020, 3199);
    no_emc.replace(no_emc.find("EMC_FREQ 40%@3199 "), 18, "");
    CHECK_THROWS_WITH(make(no_emc), Catch::Contains("EMC_FREQ has no clock"));
    std::string no_gpu = orin_nano_line(1020, 3199);
    no_gpu.replace(no_gpu.find("99%@[1020]"), 10, "99%");
    CHECK_THROWS_WITH(make(no_gpu), Catch::Contains("GR3D_FREQ has no clock"));
    CHECK_THROWS_WITH(make(orin_nano_line(1300, 3199)), Catch::Contains("above jetson-orin-nano-8gb-super's maximum"));
    CHECK_THROWS_AS(parse_tegrastats("", "t.log"), UserError);
    // Not a Jetson.
    test::JetsonRun rpi = decode_run(2);
    rpi.platform = "rpi5-8gb";
    rpi.runtime = "llama.cpp-cpu-arm";
    rpi.quant = "Q4_0";
    const DesignPoint pr = test::jetson_point(rpi);
    const auto rp = build_platform(pr);
    CHECK_THROWS_WITH(TegraReplaySchedule(parse_tegrastats(orin_nano_line(1020, 3199), "t.log"), "t.log", 0, *rp),
                      Catch::Contains("needs a Jetson platform"));
}

TEST_CASE("replay: interval from JP5+ time stamps, else 1 s", "[calibration][replay]") {
    const DesignPoint p = test::jetson_point(decode_run(2));
    const auto plat = build_platform(p);
    std::string two = orin_nano_line(1020, 3199) + orin_nano_line(510, 3199);
    two.replace(two.rfind("13:26:01"), 8, "13:26:03");
    CHECK(TegraReplaySchedule(parse_tegrastats(two, "t.log"), "t.log", 0, *plat).interval_s() == Approx(2.0));
    std::string unstamped = two;
    unstamped.erase(0, 20);
    CHECK(TegraReplaySchedule(parse_tegrastats(unstamped, "t.log"), "t.log", 0, *plat).interval_s() == Approx(1.0));
}

TEST_CASE("replay: a TX2 trace lists six CPUs, the A57 quad and the Denver2 pair", "[calibration][replay]") {
    // FindHao/tx-utils issue #3 TX2 line (formats.md §4.2) with its idle clocks replaced by loaded ones
    // (EMC/GR3D need "@MHz", which that sudo-less capture lacks).
    const std::string line =
        "RAM 2020/7852MB (lfb 1164x4MB) CPU [99%@2035,99%@2035,99%@2035,99%@2035,99%@2035,99%@2035] "
        "EMC_FREQ 30%@1866 GR3D_FREQ 99%@1300 PLL@42.5C MCPU@42.5C PMIC@100C Tboard@40C GPU@41C BCPU@42.5C "
        "thermal@41.9C Tdiode@41.25C VDD_SYS_GPU 153/158 VDD_SYS_SOC 536/547 VDD_4V0_WIFI 633/527 VDD_IN 3140/3208 "
        "VDD_SYS_CPU 536/590 VDD_SYS_DDR 557/601\n";
    test::JetsonRun r{"jetson-tx2-8gb", "llama.cpp-cpu", "tinyllama-1.1b", "Q4_K_M", 0, 2, std::string("MAXN")};
    const DesignPoint p = test::jetson_point(r);
    const auto plat = build_platform(p);
    REQUIRE(plat->compute_unit_count() == 6);  // CPU-only runtime: one unit per online core of both clusters
    const TegraReplaySchedule s(parse_tegrastats(line, "t.log"), "t.log", 1.0, *plat);
    CHECK(s.configured_cpu_MHz() == Approx(2035.2));
    // Four cores listed is the Nano (or a TX2 with the Denver pair hidden): refused as another board.
    std::string four = line;
    four.replace(four.find("99%@2035,99%@2035]"), 18, "off,off]");
    four.replace(four.find("[99%@2035,99%@2035,"), 20, "[");
    CHECK_THROWS_WITH(TegraReplaySchedule(parse_tegrastats(four, "t.log"), "t.log", 1.0, *plat),
                      Catch::Contains("another board"));
}
