// MCU presets and runtimes: bus bandwidths derived from each part's interface (hand calculations from
// the cited clocks, widths and command framing), part limits on PSRAM clock and lanes, and the ggml-style
// Q4_0/Q8_0 block kernels.
#include <catch2/catch.hpp>

#include "hwmodels/platform_registry.h"
#include "sim/core/user_error.h"
#include "sim/runner/simulate.h"
#include "sim/scenario/scenario.h"

using namespace edgetwin;

namespace {

ScenarioInputs inputs(const std::string& platform, const std::string& model, const std::string& quant,
                      const std::string& runtime = "") {
    ScenarioInputs in = default_scenario_inputs();
    in.platform.value = platform;
    in.model.value = model;
    in.quant.value = quant;
    in.kv_type.value = "f32";
    in.n_prompt.value = 1;
    in.n_gen.value = 4;
    in.ctx.value = 8;
    if (!runtime.empty()) in.runtime.value = runtime;
    return in;
}

std::unique_ptr<IPlatform> platform_of(const ScenarioInputs& in) { return build_platform(resolve_design_point(in)); }

const MemoryLevel& level(const IPlatform& p, const std::string& name) {
    for (const auto& m : p.memories())
        if (m.name == name) return m;
    FAIL("no memory level " << name);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("mcu presets: octal DTR PSRAM of the ESP32-S3 N16R8 moves 2 bytes per clock", "[mcu]") {
    auto p = platform_of(inputs("esp32s3-n16r8", "stories260K", "F32"));
    const MemoryLevel& ps = level(*p, "psram");
    CHECK(ps.peak_bandwidth_Bps == Approx(160e6));  // 8 lines x 2 edges / 8 bits x 80 MHz
    // 32 B line = 16 data clocks + 15 command/address/latency/CS clocks at 80 MHz, plus the controller's
    // 200 ns per fill (memories[1].miss_latency, fitted): data time / fill time.
    CHECK(ps.efficiency == Approx((16.0 / 80e6) / (200e-9 + (16.0 + 15.0) / 80e6)));
}

TEST_CASE("mcu presets: ESP32-S3 PSRAM variants are settings within the part's limits", "[mcu]") {
    ScenarioInputs in = inputs("esp32s3-r2", "stories260K", "F32");
    in.hardware_set["memories[1].bus_clock"] = "40MHz";
    in.hardware_set["memories[1].capacity"] = "8MiB";
    auto p40 = platform_of(in);
    CHECK(level(*p40, "psram").peak_bandwidth_Bps == Approx(20e6));  // quad SDR at 40 MHz
    CHECK(level(*p40, "psram").capacity_B == Approx(8.0 * 1024 * 1024));

    ScenarioInputs fast = inputs("esp32s3-r2", "stories260K", "F32");
    fast.hardware_set["memories[1].bus_clock"] = "120MHz";
    try {
        platform_of(fast);
        FAIL("expected a UserError");
    } catch (const UserError& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("memories[1].bus_clock: 120 MHz is above the 80 MHz"));
    }
    ScenarioInputs dual = inputs("esp32s3-r2", "stories260K", "F32");
    dual.hardware_set["memories[1].lanes"] = 2;
    try {
        platform_of(dual);
        FAIL("expected a UserError");
    } catch (const UserError& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("2 data lines not supported by the psram interface (allowed: 4, 8)"));
    }
    ScenarioInputs big = inputs("esp32s3-r2", "stories260K", "F32");
    big.hardware_set["memories[1].capacity"] = "64MiB";
    CHECK_THROWS_WITH(platform_of(big), Catch::Contains("supports 32 MiB of PSRAM but 64 MiB is declared"));
}

TEST_CASE("mcu presets: RP2040 flash XIP, STM32F746 flash wait states and FMC SDRAM, nRF52840 flash", "[mcu]") {
    auto rp = platform_of(inputs("rp2040", "stories260K", "F32"));
    const MemoryLevel& xip = level(*rp, "flash");
    CHECK(xip.peak_bandwidth_Bps == Approx(0.5 * 66.5e6));  // quad SDR: half a byte per clock
    CHECK(xip.efficiency == Approx(16.0 / (16.0 + 14.0)));  // 8 B XIP cache line = 16 clocks + 14
    CHECK(rp->compute_unit_count() == 1);                    // llama2.c run.c uses one core

    auto f7 = platform_of(inputs("stm32f746-disco", "stories260K", "F32"));
    // 37 ns access at 216 MHz: ceil(7.99) = 8 cycles -> 7 wait states (RM0385 table at 216 MHz).
    CHECK(level(*f7, "flash").peak_bandwidth_Bps == Approx(32.0 * 216e6 / 8));
    CHECK(level(*f7, "sdram").peak_bandwidth_Bps == Approx(2.0 * 108e6));
    CHECK(level(*f7, "sdram").efficiency == Approx((32 / 216e6) / (95e-9 + 32 / 216e6)));

    auto nrf = platform_of(inputs("nrf52840", "stories260K", "F32"));
    CHECK(level(*nrf, "flash").peak_bandwidth_Bps == Approx(4.0 * 64e6 / 3));  // 45 ns at 64 MHz: 2 wait states
    CHECK(nrf->compute_unit_clock_hz(0) == Approx(64e6));
}

TEST_CASE("mcu presets: the nRF52840 runs only at 64 MHz", "[mcu]") {
    ScenarioInputs in = inputs("nrf52840", "stories260K", "F32");
    in.freq = Sourced<std::string>{"32MHz", "command line", "--freq"};
    CHECK_THROWS_WITH(platform_of(in), Catch::Contains("outside the core clock range of nrf52840 [64 MHz, 64 MHz]"));
}

TEST_CASE("mcu runtimes: ggml Q4_0 dot product = int8 MACs + 97 unpack ops per block of 32", "[mcu]") {
    auto p = platform_of(inputs("imxrt1176-coral-micro", "stories15M", "Q4_0", "ggml-mcu"));
    Op op;
    op.kind = OpKind::MatMul;
    op.m = 1, op.k = 288, op.n = 768;
    op.macs = 288.0 * 768;
    op.weight_type = GgmlType::Q4_0;
    op.weight_elems = 288 * 768;
    op.weight_bytes = 288 * 768 / 32 * 18;
    Placement pl;
    pl.weights = 1;
    const OpPlan plan = p->plan(op, pl);
    REQUIRE(plan.items.size() == 1);
    // Cortex-M7: 2.25 cycles per int8 MAC, 1 cycle per dequant op, 8 cycles per row.
    const double cycles = 288.0 * 768 * 2.25 + 288.0 * 768 / 32 * 97 * 1.0 + 768 * 8;
    const double lines = 288.0 * 768 / 32 * 18 / 32;  // SDRAM lines; 24 of each 32 B overlap the compute
    CHECK(plan.items[0].compute_s == Approx(cycles / 800e6 - lines * 24 / 396e6));
    CHECK(plan.items[0].read_B[1] == Approx(288.0 * 768 / 32 * 18));

    // Q8_0 on the same core: 33 ops per block, and a whole model runs.
    const RunResult q8 = simulate(resolve_design_point(inputs("imxrt1176-coral-micro", "stories15M", "Q8_0", "ggml-mcu")));
    const RunResult q4 = simulate(resolve_design_point(inputs("imxrt1176-coral-micro", "stories15M", "Q4_0", "ggml-mcu")));
    CHECK(q8.summary.decode_tok_s > 0);
    CHECK(q4.summary.decode_tok_s > 0);
    // The ggml runtime loads block types only.
    CHECK_THROWS_WITH(simulate(resolve_design_point(inputs("imxrt1176-coral-micro", "stories15M", "F32", "ggml-mcu"))),
                      Catch::Contains("runtime 'ggml-mcu' loads weights of type q4_0, q8_0 only"));
}
