// Two CPU clusters on one board (Jetson TX2: 4 Cortex-A57 + 2 Denver2). ggml gives every thread the same
// rows (b1618-era), so the slower core type sets the pace; ggml-cpu since 2024 hands matmul chunks to
// whichever thread is free, so each core type works in proportion to its speed.
#include <catch2/catch.hpp>

#include <string>

#include "hwmodels/jetson/jetson_platform.h"
#include "models/quant_type.h"
#include "sim/core/user_error.h"
#include "tests/unit/hwmodels/jetson/jetson_support.h"

using namespace edgetwin;

namespace {

std::unique_ptr<IPlatform> tx2(const std::string& mode, const std::string& runtime, std::optional<int> threads = {}) {
    test::JetsonRun r{"jetson-tx2-8gb", runtime, "tinyllama-1.1b", "Q4_K_M", 0, 1, mode, 0};
    DesignPoint p = test::jetson_point(r);
    if (threads) p.platform.settings.threads = *threads;
    return build_platform(p);
}


}  // namespace

TEST_CASE("TX2: threads fill the A57s, then the Denver2 pair, even rows wait for the slower A57", "[jetson]") {
    const Placement pl{0, 0, 0, 22};
    const Op gemv = test::gemv_op(2048, 5632, GgmlType::Q4_0);  // block 0, on the CPU at -ngl 0
    // MAXP_CORE_ARM: Denver2 off, 4 A57 at 2035.2 MHz -> each of 4 threads takes a quarter: T_A57 / 4.
    const auto arm = tx2("MAXP_CORE_ARM", "llama.cpp-cuda-b1618");
    const OpPlan a = arm->plan(gemv, pl);
    REQUIRE(a.items.size() == 4);
    const double t_a57 = 4 * a.items[0].compute_s;  // the whole GEMV on one A57
    // MAXN: the same A57s plus 2 Denver2 at the same clock. Denver2 has twice the A57's int8 MAC and
    // SIMD lanes (two 128-bit NEON units vs the A57's 64-bit pipes), so the GEMV takes T_A57 / 2 on it.
    const auto maxn = tx2("MAXN", "llama.cpp-cuda-b1618", 6);  // the profile's default is 4 threads
    REQUIRE(maxn->compute_unit_count() == 1 + 6);
    CHECK(maxn->compute_unit_name(1) == "cpu0.cortex_a57");
    CHECK(maxn->compute_unit_name(5) == "cpu4.denver2");
    CHECK(maxn->compute_unit_clock_hz(6) == Approx(2035.2e6));
    // Denver2 rail power at its clock cap is the preset's 1.2 W per busy core; an A57's is 0.8 W.
    CHECK(maxn->unit_active_power_W(6) == Approx(1.2));
    CHECK(maxn->unit_active_power_W(1) == Approx(0.8));
    const OpPlan s = maxn->plan(gemv, pl);
    REQUIRE(s.items.size() == 6);
    // b1618 splits rows evenly: 1/6 each; the A57 threads finish last at T_A57 / 6.
    for (int i = 0; i < 4; ++i) CHECK(s.items[static_cast<std::size_t>(i)].compute_s == Approx(t_a57 / 6));
    for (int i = 4; i < 6; ++i) CHECK(s.items[static_cast<std::size_t>(i)].compute_s == Approx(t_a57 / 12));
    CHECK(s.items[0].read_B[0] == Approx(gemv.weight_bytes / 6.0));
    // Chunked scheduling (llama.cpp-cpu, its own cpu_efficiency): rates 4 x 1/T + 2 x 2/T = 8/T -> every
    // thread busy T_A57 / 8; a Denver2 thread reads twice the bytes of an A57 thread.
    const double t_a57_cpu_build = 4 * tx2("MAXP_CORE_ARM", "llama.cpp-cpu")->plan(gemv, pl).items[0].compute_s;
    const auto chunks = tx2("MAXN", "llama.cpp-cpu");
    const OpPlan d = chunks->plan(gemv, pl);
    REQUIRE(d.items.size() == 6);
    for (const auto& w : d.items) CHECK(w.compute_s == Approx(t_a57_cpu_build / 8));
    CHECK(d.items[4].read_B[0] == Approx(2 * d.items[0].read_B[0]));
    CHECK(d.items[0].read_B[0] == Approx(gemv.weight_bytes / 8.0));
}

TEST_CASE("TX2 power modes take the Denver2 pair offline, threads beyond the online cores are refused", "[jetson]") {
    CHECK(tx2("MAXQ", "llama.cpp-cpu")->compute_unit_count() == 4);
    CHECK(tx2("MAXP_CORE_ALL", "llama.cpp-cpu")->compute_unit_count() == 6);
    CHECK(tx2("MAXP_CORE_ALL", "llama.cpp-cpu")->compute_unit_clock_hz(5) == Approx(1420.8e6));
    try {
        tx2("MAXQ", "llama.cpp-cpu", 6);
        FAIL("expected UserError");
    } catch (const UserError& e) {
        CHECK(std::string(e.what()).find("allowed 1..4") != std::string::npos);
    }
}

TEST_CASE("a mode that turns on a second cluster the board does not have, or gives it no clock, is refused",
          "[jetson]") {
    test::JetsonRun r{"jetson-tx2-8gb", "llama.cpp-cpu", "tinyllama-1.1b", "Q4_K_M", 0, 1, std::string("MAXN")};
    DesignPoint no_cluster = test::jetson_point(r);
    no_cluster.platform.preset.erase("cpu2");
    CHECK_THROWS_WITH(build_platform(no_cluster), Catch::Contains("power_modes.MAXN.cpu2_cores_online") &&
                                                      Catch::Contains("needs a cpu2 section"));
    DesignPoint no_clock = test::jetson_point(r);
    no_clock.platform.preset["power_modes"]["MAXN"].erase("cpu2_clock");
    CHECK_THROWS_WITH(build_platform(no_clock), Catch::Contains("power_modes.MAXN.cpu2_clock") &&
                                                    Catch::Contains("must be set"));
    DesignPoint too_many = test::jetson_point(r);
    too_many.platform.preset["power_modes"]["MAXN"]["cpu2_cores_online"] = 3;
    CHECK_THROWS_WITH(build_platform(too_many), Catch::Contains("is above cpu2.cores (allowed: 0..2)"));
    DesignPoint too_fast = test::jetson_point(r);
    too_fast.platform.preset["power_modes"]["MAXN"]["cpu2_clock"] = "3GHz";
    CHECK_THROWS_WITH(build_platform(too_fast), Catch::Contains("power_modes.MAXN.cpu2_clock") &&
                                                    Catch::Contains("is above cpu2.clock_max (2.0352 GHz)"));
}
