// llama.cpp CUDA kernel mechanisms of the Jetson family, by hand: MMVQ decode (packed unpack + DP4A,
// emulated below cc 6.1), MMQ prompt GEMMs bound by instruction issue, CUDA graphs only from cc 8.0, and
// the scheduler's offload of large batches over CPU-resident weights.
#include <catch2/catch.hpp>

#include "hwmodels/jetson/jetson_platform.h"
#include "hwmodels/jetson/mmq_costs.h"
#include "hwmodels/jetson/mmvq_costs.h"
#include "tests/unit/hwmodels/jetson/jetson_support.h"

using namespace edgetwin;

TEST_CASE("MMVQ q4_K decode on the Jetson Nano: DP4A emulated in 12 ops, unpack on the CUDA cores", "[jetson][llamacpp]") {
    test::JetsonRun run{"jetson-nano-4gb", "llama.cpp-cuda", "tinyllama-1.1b", "Q4_K_M", 0, 4};
    auto platform = build_platform(test::jetson_point(run));
    const WorkItem w = platform->plan(test::gemv_op(2048, 2048, GgmlType::Q4_K), Placement{0, 0, 0, 22}).items[0];
    // Tegra X1: 1 SM x 128 cores at 921.6 MHz, no DP4A (cc 5.3). Per weight: 0.5 DP4A (dot + sum of u)
    // x 12 ops + 1.25 unpack/scale ops; llama.cpp-cuda gemv_efficiency 0.5.
    const double cores_per_s = 128 * 921.6e6;
    CHECK(w.compute_s == Approx(2048.0 * 2048 * (0.5 * 12 + 1.25) / cores_per_s / 0.5));
    // No CUDA graphs below cc 8.0: every kernel pays kernel_overhead (8 us), not the graph replay cost.
    CHECK(w.overhead_s == Approx(8e-6));
}

TEST_CASE("MMVQ q6_K decode on AGX Orin: hardware DP4A at 64 per SM and clock, CUDA graphs", "[jetson][llamacpp]") {
    test::JetsonRun run{"jetson-agx-orin-64gb", "llama.cpp-cuda", "llama-2-7b", "Q4_K_M", 0, 4};
    auto platform = build_platform(test::jetson_point(run));
    const WorkItem w = platform->plan(test::gemv_op(4096, 4096, GgmlType::Q6_K), Placement{0, 0, 0, 32}).items[0];
    // MAXN: 16 SMs at 1300.5 MHz; per weight 0.25 DP4A / (64 x SM clock) + 2.75 integer ops on the 64 INT32
    // lanes of an sm_87 SM (programming guide throughput table, cc 8.x) / (64 x SM clock).
    const double sm_clk = 16 * 1300.5e6;
    CHECK(w.compute_s == Approx(4096.0 * 4096 * (0.25 / (64 * sm_clk) + 2.75 / (64 * sm_clk)) / 0.5));
    CHECK(w.overhead_s == Approx(3e-6));  // cc 8.7: decode replays a CUDA graph (graph_kernel_overhead)
}

TEST_CASE("MMQ q4_K prompt GEMM on AGX Orin: a third of the int8 tensor peak, issue-bound", "[jetson][llamacpp]") {
    CHECK(jetson::mmq_issue_fraction(GgmlType::Q4_K) == Approx(8.0 / 24.3));
    CHECK(jetson::mmq_issue_fraction(GgmlType::Q8_0) == Approx(8.0 / 18.0));
    test::JetsonRun run{"jetson-agx-orin-64gb", "llama.cpp-cuda", "llama-2-7b", "Q4_K_M", 512, 0};
    auto platform = build_platform(test::jetson_point(run));
    Op op = test::gemv_op(4096, 4096, GgmlType::Q4_K);
    op.m = 512;
    op.macs = 512.0 * 4096 * 4096;
    const WorkItem w = platform->plan(op, Placement{0, 0, 0, 32}).items[0];
    // 2048 dense int8 MAC per SM and clock x 16 SMs x 1300.5 MHz, gemm_efficiency 0.5 scaled by
    // 512 / (512 + gemm_half_rows 32), times the issue share; MMQ's unpacking is inside that share.
    const double rate = 2048 * 16 * 1300.5e6 * 0.5 * 512 / (512 + 32) * (8.0 / 24.3);
    CHECK(w.compute_s == Approx(op.macs / rate));
}

TEST_CASE("op offload: with -ngl 0 a 512-token matmul still runs on the GPU, a decode one on the CPU", "[jetson][llamacpp]") {
    test::JetsonRun run{"jetson-nano-4gb", "llama.cpp-cuda", "tinyllama-1.1b", "Q4_K_M", 512, 4, std::nullopt, 0};
    auto platform = build_platform(test::jetson_point(run));
    Op prompt = test::gemv_op(2048, 2048, GgmlType::Q4_K);
    prompt.m = prompt.tokens = 512;
    prompt.macs = 512.0 * 2048 * 2048;
    const WorkItem g = platform->plan(prompt, Placement{0, 0, 0, 0}).items[0];
    CHECK(platform->compute_unit_name(g.unit).rfind("gpu", 0) == 0);
    // The weights (and activations) are copied through DRAM first: read once more and written once.
    CHECK(g.read_B[0] > static_cast<double>(prompt.weight_bytes) * 2 - 1);
    const OpPlan d = platform->plan(test::gemv_op(2048, 2048, GgmlType::Q4_K), Placement{0, 0, 0, 0});
    CHECK(platform->compute_unit_name(d.items[0].unit).rfind("gpu", 0) != 0);
    // The weight-free ops between offloaded matmuls follow them onto the GPU; the copy into a CPU layer's
    // KV cache (a CPU buffer) stays on the CPU.
    Op norm;
    norm.name = "blk.0.ffn_norm";
    norm.kind = OpKind::RmsNorm;
    norm.layer = 0;
    norm.tokens = 512;
    Op store = norm;
    store.name = "blk.0.kv_store";
    store.kind = OpKind::KvStore;
    const auto unit_of = [&](const Op& op) {
        return platform->compute_unit_name(platform->plan(op, Placement{0, 0, 0, 0}).items[0].unit);
    };
    CHECK(unit_of(norm).rfind("gpu", 0) == 0);
    CHECK(unit_of(store).rfind("gpu", 0) != 0);
}

TEST_CASE("MMVQ q5_0 per-weight work, counted from vec_dot_q5_0_q8_1_impl", "[jetson][llamacpp]") {
    // Per 8 weights: low nibbles 1 op, high nibbles 2, four qh bits moved into each half at 3 ops apiece
    // (24), 2 DP4A; one qh shift per word; per 16 weights 3 float ops for the scales.
    const auto c = jetson::mmvq_cost(GgmlType::Q5_0);
    REQUIRE(c);
    CHECK(c->dp4a_per_weight == Approx(2.0 / 8));
    CHECK(c->alu_per_weight == Approx((1 + 2 + 24 + 1) / 8.0 + 3.0 / 16));
    CHECK_FALSE(jetson::mmvq_cost(GgmlType::Q5_1));  // not counted: the generic dequantise-and-dot path
}
