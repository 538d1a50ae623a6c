// The rram platform family under both engines: weights stationary, reprogramming, refusal.
#include <catch2/catch.hpp>

#include "hwmodels/platform_registry.h"
#include "models/model_card.h"
#include "rram/layer_mapping.h"
#include "sim/core/json_io.h"
#include "sim/core/paths.h"
#include "sim/core/user_error.h"
#include "sim/runner/simulate.h"
#include "tests/unit/test_support.h"

using namespace edgetwin;

namespace {
DesignPoint rram_point(const std::string& preset, const std::string& fidelity, const std::string& model = "stories15M") {
    const Json runtime = load_json_file(data_dir() + "/runtimes/rram-host.json");
    DesignPoint p = test::make_point(load_platform_preset(preset, "test", "").json, runtime,
                                     load_model(model, "test", "model"), GgmlType::Q8_0, 8, 4, fidelity);
    return p;
}
}  // namespace

TEST_CASE("rram-isaac runs stories15M Q8_0 under analytic and tlm with no weight traffic", "[rram]") {
    const RunResult a = simulate(rram_point("rram-isaac", "analytic"));
    const RunResult t = simulate(rram_point("rram-isaac", "tlm"));
    CHECK(a.summary.decode_tok_s > 0);
    CHECK(t.summary.decode_s == Approx(a.summary.decode_s).epsilon(0.02));
    CHECK(t.summary.energy_J == Approx(a.summary.energy_J).epsilon(0.02));
    // Weights are stationary: only embedding rows and norm vectors come from host memory.
    double host_B = 0, matmul_s = 0;
    for (const auto& op : a.ops) {
        if (op.kind == OpKind::MatMul) {
            CHECK(op.read_B[1] == 0.0);
            matmul_s += op.time_s;
        }
        host_B += op.read_B[1];
    }
    CHECK(host_B < 1e6);
    // Decode matmul time from the cost model: per token and layer each linear op is one layer MVM.
    const rram::CrossbarArch arch = rram::load_crossbar_preset("isaac");
    const auto up = rram::map_linear(arch, 288, 768, 8);
    CHECK(up.arrays() == 3 * 24);  // 3 row tiles x ceil(768 / 32): 4 columns per 8-b weight (2-b cells, offset)
    CHECK(matmul_s > 0);
    // A decode call of blk.0.ffn_up takes one layer MVM at 8-b activations + the 100 ns dispatch.
    const double expected = rram::layer_mvm_cost(arch, up, 8).latency_s + 100e-9;
    bool found = false;
    for (const auto& op : a.ops)
        if (op.name == "blk.0.ffn_up" && op.phase == Phase::Decode) {
            found = true;
            CHECK(op.time_s / op.calls == Approx(expected).epsilon(0.01));
        }
    CHECK(found);
}

TEST_CASE("rram-neurram: model larger than the chip is reprogrammed each pass, cost shown in time", "[rram]") {
    const RunResult r = simulate(rram_point("rram-neurram", "analytic"));
    double matmul_s = 0, host_B = 0;
    for (const auto& op : r.ops)
        if (op.kind == OpKind::MatMul) {
            matmul_s += op.time_s;
            host_B += op.read_B[1];
        }
    // Every linear weight is streamed in again for each graph (reprogramming dominates time).
    CHECK(host_B > 15e6 * (1 + 4));
    const rram::CrossbarArch arch = rram::load_crossbar_preset("neurram");
    const double per_array = rram::program_cost(arch, 1, 8).time_s;
    CHECK(matmul_s > 5 * 100 * per_array);
}

TEST_CASE("rram: refusing a model larger than the chip names the sizes", "[rram]") {
    Json preset = load_platform_preset("rram-neurram", "test", "").json;
    preset["oversize"] = "refuse";
    const Json runtime = load_json_file(data_dir() + "/runtimes/rram-host.json");
    const DesignPoint p = test::make_point(preset, runtime, load_model("stories15M", "test", "model"), GgmlType::Q8_0, 8, 4,
                                           "analytic");
    try {
        simulate(p);
        FAIL("expected a UserError");
    } catch (const UserError& e) {
        const std::string m = e.what();
        INFO(m);
        CHECK(m.find("cells") != std::string::npos);
        CHECK(m.find("48 arrays") != std::string::npos);
        CHECK(m.find("256x256") != std::string::npos);
    }
}

TEST_CASE("rram runs report energy by rail: crossbar tiles, digital SIMD, memory + host link", "[rram]") {
    const RunResult r = simulate(rram_point("rram-isaac", "analytic"));
    REQUIRE(r.rails.size() == 4);
    CHECK(r.rails[0].name == "crossbar_tiles");
    CHECK(r.rails[1].name == "digital_simd");
    CHECK(r.rails[2].name == "memory_and_host_link");
    CHECK(r.rails[3].name == "chip_total");
    CHECK(r.rails[3].energy_J == Approx(r.summary.energy_J));
    for (const auto& rail : r.rails) CHECK(rail.energy_J > 0);
    // isaac declares no static power, so the three parts make up the total.
    const double parts = r.rails[0].energy_J + r.rails[1].energy_J + r.rails[2].energy_J;
    CHECK(parts == Approx(r.summary.energy_J).epsilon(1e-6));
}
