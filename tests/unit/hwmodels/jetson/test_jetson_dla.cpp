// NVDLA as an optional TensorRT target: FC timing by hand, datasheet TOPS cross-checks, refusal on boards
// without a DLA, and the per-op report of what cannot use it.
#include <catch2/catch.hpp>

#include <algorithm>

#include "hwmodels/jetson/jetson_platform.h"
#include "models/lowering.h"
#include "sim/core/user_error.h"
#include "tests/unit/hwmodels/jetson/jetson_support.h"

using namespace edgetwin;

namespace {

const jetson::JetsonPlatform& as_jetson(const IPlatform& p) { return dynamic_cast<const jetson::JetsonPlatform&>(p); }

Op fc_op(std::int64_t m, std::int64_t k, std::int64_t n, GgmlType t) {
    Op op;
    op.name = "blk.0.attn_q";
    op.kind = OpKind::MatMul;
    op.layer = 0;
    op.m = m;
    op.k = k;
    op.n = n;
    op.macs = static_cast<double>(m) * k * n;
    op.weight_type = t;
    op.weight_elems = k * n;
    op.weight_bytes = tensor_bytes(t, k, n);
    op.act_read_bytes = m * k * 2;
    op.act_write_bytes = m * n * 2;
    return op;
}

bool any_contains(const std::vector<std::string>& lines, const std::string& a, const std::string& b = "") {
    return std::any_of(lines.begin(), lines.end(), [&](const std::string& s) {
        return s.find(a) != std::string::npos && (b.empty() || s.find(b) != std::string::npos);
    });
}

}  // namespace

TEST_CASE("DLA FP16 fully-connected layer on AGX Orin: MACs / (4096 MAC/clk x 1.6 GHz x efficiency)", "[jetson][dla]") {
    test::JetsonRun run{"jetson-agx-orin-64gb", "tensorrt-fp16-dla", "tinyllama-1.1b", "F16", 128, 1};
    auto platform = build_platform(test::jetson_point(run));
    const Op op = fc_op(128, 2048, 2048, GgmlType::F16);
    const OpPlan plan = platform->plan(op, Placement{0, 0, 0, 22});
    REQUIRE(plan.items.size() == 1);
    const WorkItem& w = plan.items[0];
    CHECK(platform->compute_unit_name(w.unit) == "dla0");
    CHECK(platform->compute_unit_clock_hz(w.unit) == Approx(1.6e9));
    // 128 x 2048 x 2048 = 536.9 M MACs at 4096 FP16 MACs/clk x 1.6 GHz x 0.7 (preset efficiency) = 117.1 us.
    CHECK(w.compute_s == Approx(128.0 * 2048 * 2048 / (4096 * 1.6e9 * 0.7)));
    CHECK(w.compute_s == Approx(117.1e-6).epsilon(0.001));
    CHECK(w.overhead_s == Approx(50e-6));  // runtime dla_overhead
    // FP16 weights 2048 x 2048 x 2 B plus the 128 x 2048 FP16 input rows; 128 x 2048 x 2 B written.
    CHECK(w.read_B[0] == Approx(2048.0 * 2048 * 2 + 128.0 * 2048 * 2));
    CHECK(w.write_B[0] == Approx(128.0 * 2048 * 2));
    // A 4-bit layer of the same shape cannot use the DLA and goes to the GPU.
    const OpPlan q4 = platform->plan(fc_op(128, 2048, 2048, GgmlType::Q4_K), Placement{0, 0, 0, 22});
    CHECK(platform->compute_unit_name(q4.items[0].unit).rfind("gpu", 0) == 0);
    // Wider than DLA's 8192 non-batch limit (TensorRT DLA restrictions): GPU.
    const OpPlan wide = platform->plan(fc_op(128, 2048, 32000, GgmlType::F16), Placement{0, 0, 0, 22});
    CHECK(platform->compute_unit_name(wide.items[0].unit).rfind("gpu", 0) == 0);
}

TEST_CASE("DLA presets reproduce the datasheet TOPS: Xavier 5.7 INT8 TOPS per core, AGX Orin 105 sparse in total",
          "[jetson][dla]") {
    auto dla_int8_ops = [](const std::string& preset) {
        test::JetsonRun run{preset, "tensorrt-fp16-dla", "tinyllama-1.1b", "F16", 8, 1};
        auto p = build_platform(test::jetson_point(run));
        const Json d = p->resolved_config()["dla"];
        return d["instances"].get<double>() * d["int8_macs_per_clock"].get<double>() * 2 * p->compute_unit_clock_hz(1);
    };
    CHECK(dla_int8_ops("jetson-agx-xavier-32gb") / 2 == Approx(5.7e12).epsilon(0.01));
    CHECK(2 * dla_int8_ops("jetson-agx-orin-64gb") == Approx(105e12).epsilon(0.01));  // x2: sparse figure
    CHECK(2 * dla_int8_ops("jetson-orin-nx-8gb") == Approx(20e12).epsilon(0.01));     // one DLA core
}

TEST_CASE("DLA placement is refused on boards without one, naming the boards that have it", "[jetson][dla]") {
    for (const char* board : {"jetson-orin-nano-8gb", "jetson-orin-nano-4gb", "jetson-nano-4gb"}) {
        test::JetsonRun run{board, "tensorrt-fp16-dla", "tinyllama-1.1b", "F16", 8, 1};
        try {
            build_platform(test::jetson_point(run));
            FAIL("no error for " << board);
        } catch (const UserError& e) {
            const std::string msg = e.what();
            CHECK(msg.find("dla") != std::string::npos);
            CHECK(msg.find(std::string(board) + " has no DLA") != std::string::npos);
            const std::string allowed = msg.substr(msg.find("allowed on:"));
            CHECK(allowed.find("jetson-agx-orin-64gb") != std::string::npos);
            CHECK(allowed.find("jetson-xavier-nx-8gb") != std::string::npos);
            CHECK(allowed.find("jetson-orin-nano") == std::string::npos);
            CHECK(allowed.find("jetson-nano") == std::string::npos);
        }
    }
}

TEST_CASE("a decode step reports every op that cannot use the DLA and why, the run's alerts carry it", "[jetson][dla]") {
    // Q4_K_M: no layer of a decode step can use the DLA (4-bit weights, dynamic KV length, gathers).
    test::JetsonRun run{"jetson-agx-orin-64gb", "tensorrt-fp16-dla", "tinyllama-1.1b", "Q4_K_M", 4, 2};
    const DesignPoint p = test::jetson_point(run);
    auto platform = build_platform(p);
    const OpGraph decode = lower(p.model, p.quant, {Phase::Decode, 1, 4, 1, false});
    const auto notes = platform->placement_notes(decode, Placement{0, 0, 0, p.model.n_layer});
    CHECK(any_contains(notes, "decode: 0 of " + std::to_string(decode.ops.size()) + " ops on the DLA"));
    CHECK(any_contains(notes, "matmul", "DLA takes FP16 or per-tensor INT8 weights only"));
    CHECK(any_contains(notes, "22 op(s)", "attn_scores: activation x KV-cache matmul"));
    CHECK(any_contains(notes, "softmax", "dynamic dimension"));
    CHECK(any_contains(notes, "rope", "no gather on DLA"));
    for (const auto& op : decode.ops) CHECK_FALSE(as_jetson(*platform).on_dla(op, p.model.n_layer));

    const RunResult r = simulate(p);
    const auto placement_alerts = std::count_if(r.alerts.begin(), r.alerts.end(),
                                                [](const Alert& a) { return a.kind == "placement"; });
    CHECK(placement_alerts == static_cast<long>(2 * notes.size()));  // prefill + decode

    // F16 weights: the fixed-shape FCs (7 per block) move to the DLA, attention stays on the GPU; 4 DLA
    // segments per block exceed TensorRT's 16 loadables per core, which the report says.
    test::JetsonRun f16{"jetson-agx-orin-64gb", "tensorrt-fp16-dla", "tinyllama-1.1b", "F16", 4, 1};
    const DesignPoint pf = test::jetson_point(f16);
    auto pf_platform = build_platform(pf);
    const auto f16_notes = pf_platform->placement_notes(lower(pf.model, pf.quant, {Phase::Decode, 1, 4, 1, false}),
                                                        Placement{0, 0, 0, 22});
    CHECK(any_contains(f16_notes, "154 of", "in 88 DLA segment(s)"));
    CHECK(any_contains(f16_notes, "needs 88 DLA loadables"));
    CHECK(any_contains(f16_notes, "output", "exceeds DLA's 8192 limit"));
}

TEST_CASE("runtimes without DLA placement report nothing and keep the unit layout", "[jetson][dla]") {
    test::JetsonRun run{"jetson-agx-orin-64gb", "tensorrt-llm-fp16", "tinyllama-1.1b", "F16", 4, 1};
    const DesignPoint p = test::jetson_point(run);
    auto platform = build_platform(p);
    CHECK(platform->compute_unit_count() == 1 + 12);
    CHECK(platform->placement_notes(lower(p.model, p.quant, {Phase::Decode, 1, 4, 1, false}), Placement{0, 0, 0, 22})
              .empty());
}
